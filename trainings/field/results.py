"""The way back: the laptop packs what its workshop recorded, signed with its kit's key; the
central server checks the package against the kit it made, previews what an import would do,
then does all of it in one transaction, or nothing. The preview is the import itself, rolled
back: what it announces is exactly what the import does."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from trainings.access import check_region
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.field import collect, package
from trainings.field.intake import Intake, Report
from trainings.field.messages import FieldError
from trainings.field.models import FieldCopy, FieldKit
from trainings.schedule.models import Session


@dataclass(frozen=True)
class ResultsFile:
    content: bytes
    filename: str


def make_results(session: Session, user_id: int | None) -> ResultsFile:
    """Everything recorded on this laptop for a session loaded from a kit."""
    copy = db.session.get(FieldCopy, session.id)
    if copy is None:
        raise FieldError("not-field-copy")
    organizations, persons, registrations = collect.people(session)
    recorded = collect.session_records(session)
    in_kit = json.loads(copy.kit_records or "{}")
    now = collect.record_uids(recorded)
    removed = {kind: sorted(set(in_kit.get(kind, [])) - set(now[kind]))
               for kind in collect.RECORD_KINDS}
    data = {"half_days": collect.half_days(session), "organizations": organizations,
            "participants": persons, "registrations": registrations, **recorded,
            "removed": removed}
    counts = {kind: len(recorded[kind]) for kind in recorded}
    manifest = {"format": package.RESULTS_FORMAT, "version": package.VERSION,
                "kit": str(copy.kit_uid), "session": str(session.uid),
                "made_at": utcnow().isoformat(), "counts": counts}
    content = package.build(manifest, data, package.results_signer(copy.results_key))
    # What left now may reach the central server: undone later here, it is undone there too.
    copy.kit_records = json.dumps({kind: sorted(set(in_kit.get(kind, [])) | set(now[kind]))
                                   for kind in collect.RECORD_KINDS})
    record(AuditEvent.FIELD_RESULTS_MADE, actor_id=user_id, session_id=session.id,
           details={"kit": str(copy.kit_uid), **counts, "bytes": len(content)})
    return ResultsFile(content, f"resultats-terrain-session-{copy.central_session_id}.zip")


@dataclass(frozen=True)
class Checked:
    """A results package this server accepts: its data and the session it is for."""

    package: package.Package
    kit: FieldKit
    session: Session


def check(blob: bytes, scope: str | None, session_id: int | None = None) -> Checked:
    """Accept a results package made from one of this server's kits, unchanged since, for
    `session_id` when one is given; FieldError otherwise. A coordinator's scope applies."""
    try:
        results = package.read(blob, package.RESULTS_FORMAT)
    except package.PackageError as error:
        raise FieldError.of(error) from None
    kit = _kit(results.manifest.get("kit"))
    if kit is None:
        raise FieldError("unknown-kit")
    if not package.results_signature_valid(results, kit.results_key):
        raise FieldError("results-altered")
    session = db.session.get(Session, kit.session_id)
    if str(session.uid) != results.manifest.get("session"):
        raise FieldError("results-altered")
    if session_id is not None and session.id != session_id:
        raise FieldError("other-session")
    made_at = results.manifest.get("made_at")
    if kit.results_made_at is not None and _instant(made_at) < kit.results_made_at:
        raise FieldError("older-results")
    check_region(session.region, scope)
    return Checked(results, kit, session)


def _kit(value) -> FieldKit | None:
    try:
        kit_uid = uuid.UUID(str(value))
    except ValueError:
        return None
    return db.session.scalar(sa.select(FieldKit).where(FieldKit.uid == kit_uid))


def _instant(value) -> datetime:
    try:
        instant = datetime.fromisoformat(str(value))
    except ValueError:
        raise FieldError("altered") from None
    if instant.tzinfo is None:
        raise FieldError("altered")
    return instant


def preview(checked: Checked) -> Report:
    """What importing would do, with nothing written."""
    with db.session.begin_nested() as savepoint:
        report = _bring_in(checked)
        savepoint.rollback()
    db.session.expire_all()
    return report


def apply(checked: Checked, user_id: int | None, via: str) -> Report:
    """Import, and write who, when and the counts in the audit log; the caller commits (one
    transaction for all of it). Should another writer take a record's place meanwhile (the
    database's unique constraints decide), FieldError("concurrent"): the caller rolls back."""
    try:
        with db.session.begin_nested():
            report = _bring_in(checked)
    except (IntegrityError, OperationalError):  # OperationalError: SQLite's "locked"
        raise FieldError("concurrent") from None
    checked.kit.results_made_at = max(filter(None, (
        checked.kit.results_made_at, _instant(checked.package.manifest.get("made_at")))))
    record(AuditEvent.FIELD_RESULTS_IMPORTED, actor_id=user_id, session_id=checked.session.id,
           details={"kit": str(checked.kit.uid), "via": via, **report.counts(),
                    "nothing_new": report.changes == 0})
    return report


def _bring_in(checked: Checked) -> Report:
    data = checked.package.data
    intake = Intake(checked.session, update=False)
    try:
        intake.half_days(data["half_days"])
        intake.organizations(data["organizations"])
        intake.people(data["participants"])
        intake.registrations(data["registrations"])
        intake.users_by_email()
        intake.removals(data["removed"])
        intake.records(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise FieldError("altered") from None
    return intake.report
