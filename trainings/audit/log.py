"""Writing to the audit log: one call per act, from the service that does it."""
from __future__ import annotations

import json

from flask import has_request_context, request

from trainings.audit.models import AuditEntry, AuditEvent
from trainings.extensions import db


def record(event: AuditEvent, *, actor_id: int | None = None, account_id: int | None = None,
           person_id: int | None = None, session_id: int | None = None,
           details: dict | None = None) -> AuditEntry:
    """Add one entry; the caller's commit keeps it (so an act rolled back leaves none)."""
    entry = AuditEntry(event=str(event), actor_id=actor_id, account_id=account_id,
                       person_id=person_id, session_id=session_id,
                       details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True,
                                          default=str),
                       address=_address())
    db.session.add(entry)
    db.session.flush()
    return entry


def _address() -> str:
    """The client's address as the proxy chain leaves it (ProxyFix applied in the factory)."""
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:45]
