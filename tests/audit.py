"""Reading the audit log in tests: its entries, and the downloads among them as they were
logged (kind, account, session, file name, other details)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from trainings.audit.models import AuditEntry, AuditEvent
from trainings.extensions import db


@dataclass(frozen=True)
class LoggedDownload:
    user_id: int | None
    kind: str
    session_id: int | None
    person_id: int | None
    filename: str
    details: dict  # without kind and filename
    created_at: datetime


def entries(event: AuditEvent | None = None) -> list[AuditEntry]:
    """The entries of one event, or, without one, all but the logins (every test that signs in
    through the login form leaves one)."""
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    if event is not None:
        query = query.where(AuditEntry.event == str(event))
    else:
        query = query.where(AuditEntry.event != str(AuditEvent.LOGIN_SUCCEEDED))
    return list(db.session.scalars(query))


def downloads() -> list[LoggedDownload]:
    logged = []
    for entry in entries(AuditEvent.DOWNLOAD):
        details = json.loads(entry.details)
        kind, filename = details.pop("kind"), details.pop("filename")
        logged.append(LoggedDownload(entry.actor_id, kind, entry.session_id, entry.person_id,
                                     filename, details, entry.created_at))
    return logged


def download() -> LoggedDownload:
    """The one download logged (fails when there are none or several)."""
    (logged,) = downloads()
    return logged
