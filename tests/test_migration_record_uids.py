"""The migration that gives every record a kit carries its uid: rows already stored get a fresh
one each, then the column is required and unique. It runs on a database of its own, built
through the migrations up to the revision before it: a SQLite file, or a PostgreSQL database
created beside TEST_DATABASE_URL's and dropped after."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from tests.conftest import make_app
from trainings.extensions import db

BEFORE, REVISION = "025a7b153818", "5be0ca94d2a1"
TABLES = ["sessions", "half_days", "participants", "registrations", "check_ins",
          "out_of_window_logs", "attempts", "attempt_resets", "satisfaction_responses"]
PEOPLE = 1_100  # more than the migration's batch of 1,000 rows



ROWS = [
    "INSERT INTO trainings (id, title, theme, objectives, duration_hours, description, "
    "created_at) VALUES (1, 'Genre et migration', 'gender-migration', '', 12, '', "
    "CURRENT_TIMESTAMP)",
    "INSERT INTO sessions (id, training_id, title, region, province, venue, start_date, "
    "end_date, trainers, status, notes, created_at, qr_rotation, require_signature, "
    "certificate_threshold, language) VALUES (1, 1, '=HYPERLINK(\"x\")', 'oriental', "
    "'oujda-angad', 'Salle', '2026-12-07', '2026-12-08', '', 'planned', '', CURRENT_TIMESTAMP, "
    "false, false, 80, 'fr'), (2, 1, 'Atelier 2', 'oriental', 'oujda-angad', 'Salle', "
    "'2026-12-09', '2026-12-09', '', 'planned', '', CURRENT_TIMESTAMP, false, false, 80, 'ar')",
    "INSERT INTO half_days (id, session_id, date, period, starts_at, ends_at) VALUES "
    "(1, 1, '2026-12-07', 'morning', '2026-12-07 08:00:00', '2026-12-07 12:00:00'), "
    "(2, 1, '2026-12-07', 'afternoon', '2026-12-07 13:00:00', '2026-12-07 17:00:00')",
    "INSERT INTO registrations (id, session_id, participant_id, source, created_at, "
    "needs_review) VALUES (1, 1, 1, 'staff', CURRENT_TIMESTAMP, false), "
    "(2, 1, 2, 'walk-in', CURRENT_TIMESTAMP, true)",
    "INSERT INTO check_ins (id, half_day_id, participant_id, method, checked_in_at) VALUES "
    "(1, 1, 1, 'qr', CURRENT_TIMESTAMP), (2, 1, 2, 'manual', CURRENT_TIMESTAMP), "
    "(3, 2, 1, 'qr', CURRENT_TIMESTAMP)",
    "INSERT INTO out_of_window_logs (id, half_day_id, act, reason, created_at) VALUES "
    "(1, 1, 'opened', 'Réseau coupé', CURRENT_TIMESTAMP)",
    "INSERT INTO attempts (id, session_id, participant_id, kind, method, earned, possible, "
    "percent, without_pre, submitted_at) VALUES (1, 1, 1, 'pre', 'online', 1, 2, 50, false, "
    "CURRENT_TIMESTAMP), (2, 1, 1, 'post', 'paper', 2, 2, 100, false, CURRENT_TIMESTAMP)",
    "INSERT INTO attempt_resets (id, session_id, participant_id, kind, percent, reason, "
    "created_at) VALUES (1, 1, 2, 'pre', 0, 'Erreur', CURRENT_TIMESTAMP)",
    "INSERT INTO satisfaction_responses (id, session_id, participant_id, submitted_at) VALUES "
    "(1, 1, 1, CURRENT_TIMESTAMP), (2, 1, 2, CURRENT_TIMESTAMP)",
]
COUNTS = {"sessions": 2, "half_days": 2, "participants": PEOPLE, "registrations": 2,
          "check_ins": 3, "out_of_window_logs": 1, "attempts": 2, "attempt_resets": 1,
          "satisfaction_responses": 2}


def _fill_before(connection) -> None:
    connection.execute(sa.text(ROWS[0]))
    connection.execute(sa.text(ROWS[1]))
    connection.execute(sa.text(ROWS[2]))
    connection.execute(sa.text(
        "INSERT INTO participants (id, first_name, last_name, function, region, created_at, "
        "legal_basis) VALUES (:id, :first, 'Nom', '', 'oriental', CURRENT_TIMESTAMP, "
        "'unknown')"),
        [{"id": n, "first": f"Prénom {n}"} for n in range(1, PEOPLE + 1)])
    for statement in ROWS[3:]:
        connection.execute(sa.text(statement))


def test_existing_records_each_get_a_distinct_uid(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _fill_before(connection)
        upgrade(revision=REVISION)
        uid = sa.Uuid(as_uuid=True)
        with db.engine.connect() as connection:
            stored = {table: connection.execute(
                sa.select(sa.column("id"), sa.column("uid", uid)).select_from(sa.table(table))
            ).all() for table in TABLES}
            if connection.dialect.name == "sqlite":  # the migration turned them back on
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()

    assert {table: len(rows) for table, rows in stored.items()} == COUNTS  # nothing lost
    every_uid = [row.uid for rows in stored.values() for row in rows]
    assert all(isinstance(value, uuid.UUID) for value in every_uid)
    assert len(set(every_uid)) == len(every_uid)  # distinct across every table, too


def test_after_the_migration_the_uid_is_required_and_unique(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _fill_before(connection)
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            for statement in ("UPDATE participants SET uid = NULL WHERE id = 1",
                              "UPDATE participants SET uid = (SELECT uid FROM participants "
                              "WHERE id = 2) WHERE id = 1"):
                with pytest.raises(IntegrityError):
                    connection.execute(sa.text(statement))
                connection.rollback()
        db.engine.dispose()


def test_the_models_and_the_migrations_agree(empty_database_url):
    """What `flask db check` does: autogenerate finds nothing to change at the head."""
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            changes = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                db.metadata)
        db.engine.dispose()
    assert changes == []


def test_the_migration_goes_down_and_up_again(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _fill_before(connection)
        upgrade(revision=REVISION)
        downgrade(revision=BEFORE)
        inspector = sa.inspect(db.engine)
        assert all("uid" not in {c["name"] for c in inspector.get_columns(table)}
                   for table in TABLES)
        with db.engine.connect() as connection:  # nothing lost on the way down either
            assert {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                    for table in TABLES} == COUNTS
        upgrade()
        inspector = sa.inspect(db.engine)
        assert all("uid" in {c["name"] for c in inspector.get_columns(table)}
                   for table in TABLES)
        db.engine.dispose()
