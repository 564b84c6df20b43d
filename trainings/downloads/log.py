"""Recording downloads: every export of personal data is logged (who, what, when)."""
from __future__ import annotations

import json

from trainings.downloads.models import DownloadLog
from trainings.extensions import db


def log_download(user_id: int | None, kind: str, filename: str, session_id: int | None = None,
                 details: dict | None = None) -> DownloadLog:
    """Record that the account user_id downloaded this file."""
    entry = DownloadLog(user_id=user_id, kind=kind, session_id=session_id,
                        filename=filename,
                        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True,
                                           default=str))
    db.session.add(entry)
    db.session.flush()
    return entry
