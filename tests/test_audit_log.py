"""The audit log is append-only: the session refuses to change or remove an entry, and so
does the database itself, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from trainings.audit.log import record
from trainings.audit.models import AppendOnlyError, AuditEntry, AuditEvent
from trainings.extensions import db


def test_an_entry_keeps_what_was_done_and_by_whom(app):
    entry = record(AuditEvent.DOWNLOAD, actor_id=7, session_id=3,
                   details={"kind": "attendance-xlsx", "rows": 12})
    db.session.commit()
    stored = db.session.get(AuditEntry, entry.id)
    assert (stored.event, stored.actor_id, stored.session_id) == ("download", 7, 3)
    assert json.loads(stored.details) == {"kind": "attendance-xlsx", "rows": 12}
    assert stored.created_at is not None


def test_the_session_refuses_to_change_an_entry(app):
    entry = record(AuditEvent.LOGIN_FAILED, details={"email": "a@example.org"})
    db.session.commit()
    entry.details = "{}"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_the_session_refuses_to_delete_an_entry(app):
    entry = record(AuditEvent.LOGOUT, actor_id=1)
    db.session.commit()
    db.session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET event = 'logout'",
                                       "DELETE FROM audit_log"])
def test_the_database_refuses_to_change_or_delete_an_entry(app, statement):
    record(AuditEvent.LOGIN_SUCCEEDED, actor_id=1)
    db.session.commit()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        db.session.execute(sa.text(statement))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 1
