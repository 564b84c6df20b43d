"""Recording downloads: every export of personal data is logged (who, what, when)."""
from __future__ import annotations

import json

from flask_login import current_user

from trainings.downloads.models import DownloadLog
from trainings.extensions import db


def log_download(kind: str, filename: str, session_id: int | None = None,
                 details: dict | None = None) -> DownloadLog:
    entry = DownloadLog(user_id=current_user.id, kind=kind, session_id=session_id,
                        filename=filename,
                        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True,
                                           default=str))
    db.session.add(entry)
    db.session.flush()
    return entry
