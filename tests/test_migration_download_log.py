"""The migration that moves the download log into the audit log (one log): every download
logged before keeps who, what, when and its details; a single certificate's file name, which
held the person's name, is kept by id. It runs on a database of its own, built through the
migrations up to the revision before it."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.conftest import make_app
from trainings.extensions import db

BEFORE, REVISION = "b377759f0da2", "a4506c2703b1"



DOWNLOADS = [  # id, user id, kind, session id, details, filename
    (1, 1, "attendance-xlsx", None, "{}", "emargement_atelier_2026-12-07.xlsx"),
    (2, None, "attendance-all-xlsx", None, '{"attendances": 3, "theme": "pac"}',
     "presences_2026-12-01_2026-12-31.xlsx"),
    (3, 1, "certificate-pdf", None, '{"participant_id": 42}',
     "attestation_fatima-amrani_atelier_2026-12-07.pdf"),
]


def _insert_downloads(connection) -> None:
    connection.execute(sa.text(
        "INSERT INTO users (id, email, password_hash, name, role, region, active, created_at) "
        "VALUES (1, 'expert@example.org', 'x', 'Experte', 'expert', NULL, TRUE, "
        "CURRENT_TIMESTAMP)"))
    for download_id, user_id, kind, session_id, details, filename in DOWNLOADS:
        connection.execute(sa.text(
            "INSERT INTO download_logs (id, user_id, kind, session_id, details, filename, "
            "created_at) VALUES (:id, :user, :kind, :session, :details, :filename, "
            "'2026-12-07 09:00:00')"),
            {"id": download_id, "user": user_id, "kind": kind, "session": session_id,
             "details": details, "filename": filename})


def test_downloads_move_into_the_audit_log(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _insert_downloads(connection)
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT event, actor_id, person_id, session_id, details, created_at "
                "FROM audit_log ORDER BY id")).all()
        tables = sa.inspect(db.engine).get_table_names()
        db.engine.dispose()

    assert "download_logs" not in tables
    assert [(r.event, r.actor_id, r.person_id) for r in rows] == [
        ("download", 1, None), ("download", None, None), ("download", 1, 42)]
    details = [json.loads(r.details) for r in rows]
    assert details[0] == {"kind": "attendance-xlsx",
                          "filename": "emargement_atelier_2026-12-07.xlsx"}
    assert details[1] == {"kind": "attendance-all-xlsx", "attendances": 3, "theme": "pac",
                          "filename": "presences_2026-12-01_2026-12-31.xlsx"}
    assert details[2] == {"kind": "certificate-pdf", "participant_id": 42,
                          "filename": "attestation_42.pdf"}
    assert "fatima" not in rows[2].details
    assert all(str(r.created_at).startswith("2026-12-07 09:00") for r in rows)


def test_going_down_gives_the_downloads_back(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _insert_downloads(connection)
        upgrade()
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            kinds = connection.execute(sa.text(
                "SELECT kind, user_id FROM download_logs ORDER BY id")).all()
        upgrade()
        db.engine.dispose()
    assert [tuple(k) for k in kinds] == [
        ("attendance-xlsx", 1), ("attendance-all-xlsx", None), ("certificate-pdf", 1)]
