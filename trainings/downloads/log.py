"""Recording downloads: every export of personal data goes into the audit log (who, what,
when), as an entry DOWNLOAD whose details name the kind of file and its name."""
from __future__ import annotations

from trainings.audit.log import record
from trainings.audit.models import AuditEntry, AuditEvent


def log_download(user_id: int | None, kind: str, filename: str, session_id: int | None = None,
                 details: dict | None = None, person_id: int | None = None) -> AuditEntry:
    """Record that the account user_id downloaded this file. The filename must not name a
    participant (the log keeps ids only): a file about one person passes person_id."""
    return record(AuditEvent.DOWNLOAD, actor_id=user_id, session_id=session_id,
                  person_id=person_id,
                  details={**(details or {}), "kind": kind, "filename": filename})
