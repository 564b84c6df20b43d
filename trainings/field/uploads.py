"""Results packages received by this server, kept in the database between the preview and the
import (any application server may answer the next request)."""
from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa

from trainings.clock import utcnow
from trainings.extensions import db
from trainings.field.intake import Report
from trainings.field.models import FieldUpload


def store(user_id: int, content: bytes) -> FieldUpload:
    """Keep a whole package sent by a user; the same file sent again is the same upload."""
    digest = hashlib.sha256(content).hexdigest()
    upload = db.session.scalar(sa.select(FieldUpload).where(
        FieldUpload.user_id == user_id, FieldUpload.digest == digest))
    if upload is None:
        upload = FieldUpload(user_id=user_id, digest=digest, size=len(content), content=content)
        db.session.add(upload)
        db.session.flush()
    return upload


def get(upload_id: int, user_id: int) -> FieldUpload | None:
    """A user's own upload (another user's answers like an unknown one)."""
    return db.session.scalar(sa.select(FieldUpload).where(
        FieldUpload.id == upload_id, FieldUpload.user_id == user_id))


def mark_applied(upload: FieldUpload, report: Report) -> None:
    upload.applied_at = utcnow()
    upload.outcome = json.dumps(report.counts(), sort_keys=True)
