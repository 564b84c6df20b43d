"""Results packages received by this server, kept in the database between the preview and the
import (any application server may answer the next request): sent whole from the import page,
or pushed through the API in pieces (trainings.field.push sends them). Each piece says where it
starts, so that a sender cut off mid-way asks how much arrived and goes on from there. The
package is named by its SHA-256 before it is sent, and checked against it once whole. The
caller commits."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from trainings.clock import utcnow
from trainings.extensions import db
from trainings.field.intake import Report
from trainings.field.models import FieldUpload

DIGEST = re.compile(r"[0-9a-f]{64}")
CONTENT_RANGE = re.compile(r"bytes (\d{1,12})-(\d{1,12})/(\d{1,12})")

REASONS = {
    "bad-range": (400, _l("En-tête « Content-Range: bytes DÉBUT-FIN/TOTAL » absent ou "
                          "incohérent avec le morceau envoyé.")),
    "unknown": (404, _l("Aucun envoi de ce paquet par ce compte.")),
    "offset": (409, _l("Ce morceau ne commence pas là où l'envoi en est : reprenez à "
                       "« received ».")),
    "incomplete": (409, _l("Le paquet n'est pas encore arrivé en entier : envoyez la suite "
                           "avant de demander un aperçu ou un import.")),
    "too-large": (413, _l("Ce paquet dépasse la taille permise sur ce serveur.")),
    "digest-mismatch": (422, _l("Le paquet reçu ne correspond pas à son empreinte SHA-256 : "
                                "l'envoi est effacé, recommencez-le.")),
}


class UploadError(Exception):
    """A piece refused; `status` is the HTTP answer, `received` how much the server holds."""

    def __init__(self, reason: str, received: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.received = received

    @property
    def status(self) -> int:
        return REASONS[self.reason][0]

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])


@dataclass(frozen=True)
class ContentRange:
    start: int
    end: int  # inclusive, as HTTP says
    total: int


def parse_range(header: str | None, length: int) -> ContentRange:
    """The piece's place in the package, consistent with its `length`; UploadError otherwise."""
    match = CONTENT_RANGE.fullmatch((header or "").strip())
    if match is None:
        raise UploadError("bad-range")
    start, end, total = (int(group) for group in match.groups())
    if length == 0 or end - start + 1 != length or end >= total:
        raise UploadError("bad-range")
    return ContentRange(start, end, total)


def store(user_id: int, content: bytes) -> FieldUpload:
    """Keep a whole package sent from the import page; the same file sent again by the same
    account is the same upload."""
    digest = hashlib.sha256(content).hexdigest()
    upload = find(user_id, digest)
    if upload is None:
        upload = FieldUpload(user_id=user_id, digest=digest, size=len(content), content=content)
        db.session.add(upload)
        db.session.flush()
    return upload


def get(upload_id: int, user_id: int) -> FieldUpload | None:
    """An account's own upload (another account's answers like an unknown one)."""
    return db.session.scalar(sa.select(FieldUpload).where(
        FieldUpload.id == upload_id, FieldUpload.user_id == user_id))


def find(user_id: int, digest: str) -> FieldUpload | None:
    if not DIGEST.fullmatch(digest):
        return None
    return db.session.scalar(sa.select(FieldUpload).where(
        FieldUpload.user_id == user_id, FieldUpload.digest == digest))


def state(upload: FieldUpload) -> dict:
    """What a sender needs to go on: how much arrived, of how much, and whether it was
    imported."""
    return {"received": len(upload.content), "size": upload.size,
            "complete": upload.complete, "applied": upload.applied_at is not None}


def receive(user_id: int, digest: str, piece: ContentRange, chunk: bytes, limit: int
            ) -> FieldUpload:
    """Append a piece to the account's upload of this package (made by the piece at 0)."""
    if piece.total > limit:
        raise UploadError("too-large")
    upload = find(user_id, digest)
    if upload is None and DIGEST.fullmatch(digest) and piece.start == 0:
        upload = _start(user_id, digest, piece.total)
    if upload is None:
        raise UploadError("unknown")
    if piece.total != upload.size:
        raise UploadError("bad-range")
    _append(upload, piece.start, chunk)
    if upload.complete and hashlib.sha256(upload.content).hexdigest() != digest:
        db.session.delete(upload)
        db.session.flush()
        raise UploadError("digest-mismatch")
    return upload


def _start(user_id: int, digest: str, size: int) -> FieldUpload:
    upload = FieldUpload(user_id=user_id, digest=digest, size=size, content=b"")
    try:
        with db.session.begin_nested():
            db.session.add(upload)
    except sa.exc.IntegrityError:  # another request of the same sender made it meanwhile
        return find(user_id, digest)
    return upload


def _append(upload: FieldUpload, start: int, chunk: bytes) -> None:
    """The database decides: the piece is written only if the upload still holds exactly
    `start` bytes, so two copies of one piece (a retry after a lost answer) never both land."""
    db.session.refresh(upload)
    if len(upload.content) != start:
        raise UploadError("offset", received=len(upload.content))
    written = db.session.execute(
        sa.update(FieldUpload)
        .where(FieldUpload.id == upload.id, sa.func.length(FieldUpload.content) == start)
        .values(content=upload.content + chunk)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(upload)
    if not written:
        raise UploadError("offset", received=len(upload.content))


def ready(user_id: int, digest: str) -> FieldUpload:
    """The account's whole upload of this package, to preview or apply."""
    upload = find(user_id, digest)
    if upload is None:
        raise UploadError("unknown")
    if not upload.complete:
        raise UploadError("incomplete", received=len(upload.content))
    return upload


def mark_applied(upload: FieldUpload, report: Report) -> None:
    upload.applied_at = utcnow()
    upload.outcome = json.dumps(report.counts())


def purge(older_than: timedelta) -> int:
    """Delete the packages received before `older_than` ago, imported or not: they hold
    personal data, and what they brought is in the database (and their counts in the audit
    log). Returns how many were deleted."""
    limit = utcnow() - older_than
    return db.session.execute(sa.delete(FieldUpload).where(FieldUpload.created_at < limit)
                              ).rowcount
