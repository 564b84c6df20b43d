"""The field kit's migration: questions, choices and satisfaction items already stored get a uid
each (answers and satisfaction answers kept, whatever SQLite's table rebuild would cascade),
API tokens already made keep reading, and going down gives the tables back as they were."""
from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.conftest import make_app
from trainings.extensions import db

BEFORE, REVISION = "5be0ca94d2a1", "7a3f2c1e9b04"

ROWS = [
    "INSERT INTO users (id, email, name, password_hash, role, active, created_at) VALUES "
    "(1, 'experte@programme.ma', 'Experte', 'x', 'expert', true, CURRENT_TIMESTAMP)",
    "INSERT INTO api_tokens (id, user_id, digest, prefix, created_at) VALUES "
    "(1, 1, 'abc', 'abcdefgh', CURRENT_TIMESTAMP)",
    "INSERT INTO trainings (id, title, theme, objectives, duration_hours, description, "
    "created_at) VALUES (1, 'Genre et migration', 'gender-migration', '', 12, '', "
    "CURRENT_TIMESTAMP)",
    "INSERT INTO questions (id, training_id, kind, text, points, explanation, position, "
    "created_at) VALUES (1, 1, 'single', 'Le genre ?', 1, '', 0, CURRENT_TIMESTAMP), "
    "(2, 1, 'true-false', 'Vrai ?', 1, '', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO choices (id, question_id, text, is_correct, position) VALUES "
    "(1, 1, 'Social', true, 0), (2, 1, 'Biologique', false, 1), (3, 2, 'Vrai', true, 0)",
    "INSERT INTO satisfaction_items (id, kind, text, position, active) VALUES "
    "(1, 'scale', 'Utile ?', 0, true), (2, 'text', 'Commentaires', 1, true)",
]


def test_existing_rows_get_their_uids_and_tokens_keep_reading(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(sa.text(statement))
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            uids = {table: connection.execute(sa.text(f"SELECT uid FROM {table}")).scalars()
                    .all() for table in ("questions", "choices", "satisfaction_items")}
            scope = connection.execute(sa.text("SELECT scope FROM api_tokens")).scalar()
            choices = connection.execute(sa.text("SELECT count(*) FROM choices")).scalar()
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("api_tokens")}
            tables = set(sa.inspect(connection).get_table_names())
            left = connection.execute(sa.text("SELECT count(*) FROM choices")).scalar()
        upgrade()
        db.engine.dispose()
    assert [len(set(filter(None, values))) for values in uids.values()] == [2, 3, 2]
    assert (scope, choices, left) == ("read", 3, 3)
    assert "scope" not in columns and not tables & {"field_kits", "field_copies",
                                                      "field_uploads"}
