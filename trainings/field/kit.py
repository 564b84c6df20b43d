"""The kit: made on the central server for one session, loaded on the laptop that runs its
workshop without internet. Loading it again, or a newer kit of the same session, updates the
laptop without doubling anything: every record is found again by its uid (an organisation by
name and region, a training by title, a person also by phone or e-mail)."""
from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from trainings.assessments.models import (
    Choice, Question, SatisfactionItem, SessionQuestion, SessionTest,
)
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.catalogue.models import Training
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.field import collect, keys, package, records
from trainings.field.intake import Intake
from trainings.field.messages import FieldError
from trainings.field.models import FieldCopy, FieldKit
from trainings.schedule.models import Session


@dataclass(frozen=True)
class KitFile:
    content: bytes
    filename: str
    kit: FieldKit


def make_kit(session: Session, user_id: int | None) -> KitFile:
    """The signed kit of a session, and its record here (whose key will check the results)."""
    kit = FieldKit(uid=uuid.uuid4(), session_id=session.id, made_by_id=user_id,
                   made_at=utcnow(), results_key=secrets.token_hex(32))
    db.session.add(kit)
    db.session.flush()
    organizations, persons, registrations = collect.people(session)
    test, bank = collect.questions(session)
    recorded = collect.session_records(session)
    data = {"session": collect.session_plan(session), "half_days": collect.half_days(session),
            "organizations": organizations, "participants": persons,
            "registrations": registrations, "test": test, "questions": bank,
            "satisfaction_items": collect.satisfaction_items(), **recorded}
    manifest = {"format": package.KIT_FORMAT, "version": package.VERSION,
                "kit": str(kit.uid), "session": str(session.uid), "session_id": session.id,
                "made_at": kit.made_at.isoformat(), "server": keys.server_name(),
                "server_key": keys.server_public_key(), "results_key": kit.results_key,
                "counts": {kind: len(recorded[kind]) for kind in recorded}
                | {"participants": len(persons)}}
    content = package.build(manifest, data, package.kit_signer(keys.signing_key()))
    record(AuditEvent.FIELD_KIT_MADE, actor_id=user_id, session_id=session.id,
           details={"kit": str(kit.uid), "participants": len(persons),
                    "check_ins": len(recorded["check_ins"]),
                    "attempts": len(recorded["attempts"]), "bytes": len(content)})
    return KitFile(content, f"kit-terrain-session-{session.id}.zip", kit)


@dataclass
class KitLoaded:
    session: Session
    again: bool  # this very kit was already loaded
    counts: dict[str, int] = field(default_factory=dict)


def read_kit(blob: bytes) -> package.Package:
    try:
        kit = package.read(blob, package.KIT_FORMAT)
    except package.PackageError as error:
        raise FieldError.of(error) from None
    if not package.kit_signature_valid(kit):
        raise FieldError("bad-signature")
    return kit


def load_kit(blob: bytes, new_server: bool = False) -> KitLoaded:
    """Load a kit on this laptop; FieldError when it is refused (then nothing is written)."""
    kit = read_kit(blob)
    manifest = kit.manifest
    _check_server(manifest["server_key"], new_server)
    try:
        with db.session.begin_nested():
            return _load(kit.data, manifest)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise FieldError("altered") from None
    except IntegrityError:
        raise FieldError("concurrent") from None


def _check_server(server_key: str, new_server: bool) -> None:
    known = set(db.session.scalars(sa.select(FieldCopy.server_key).distinct()))
    if known and server_key not in known and not new_server:
        raise FieldError("other-server")


def _load(data: dict, manifest: dict) -> KitLoaded:
    session = _session(data["session"])
    copy = db.session.get(FieldCopy, session.id) if session.id else None
    made_at = datetime.fromisoformat(manifest["made_at"])
    if copy is not None and made_at < copy.kit_made_at:
        raise FieldError("older-kit")
    again = copy is not None and str(copy.kit_uid) == manifest["kit"]
    intake = Intake(session)
    intake.half_days(data["half_days"])
    intake.organizations(data["organizations"])
    intake.people(data["participants"])
    intake.registrations(data["registrations"])
    _questions(session, data["test"], data["questions"])
    _satisfaction_items(data["satisfaction_items"])
    intake.users_by_email()
    counts = intake.records(data)
    recorded = {kind: sorted(item["uid"] for item in data[kind])
                for kind in collect.RECORD_KINDS}
    if copy is None:
        copy = FieldCopy(session_id=session.id)
        db.session.add(copy)
    copy.kit_uid = uuid.UUID(manifest["kit"])
    copy.kit_made_at = made_at
    copy.server_name = str(manifest.get("server", ""))[:200]
    copy.server_key = manifest["server_key"]
    copy.central_session_id = int(manifest["session_id"])
    copy.results_key = manifest["results_key"]
    copy.kit_records = json.dumps(recorded)
    copy.imported_at = utcnow()
    db.session.flush()
    record(AuditEvent.FIELD_KIT_LOADED, session_id=session.id,
           details={"kit": manifest["kit"], "again": again, **counts,
                    "participants": len(data["participants"])})
    return KitLoaded(session, again, counts)


def _session(data: dict) -> Session:
    training_data = records.values(Training, data["training"], records.TRAINING)
    training = db.session.scalar(sa.select(Training).where(
        Training.title == training_data["title"]))
    if training is None:
        training = Training(**training_data)
        db.session.add(training)
    else:
        for name, value in training_data.items():
            setattr(training, name, value)
    fields = records.values(Session, data, records.SESSION)
    session = db.session.scalar(sa.select(Session).where(Session.uid == fields["uid"]))
    if session is None:
        session = Session(training=training, **fields)
        db.session.add(session)
    else:
        session.training = training
        for name, value in fields.items():
            setattr(session, name, value)
    session.audience = list(data["audience"])
    db.session.flush()
    return session


def _questions(session: Session, test: dict | None, bank: list[dict]) -> None:
    existing = {row.uid: row for row in db.session.scalars(
        sa.select(Question).where(Question.uid.in_([uuid.UUID(q["uid"]) for q in bank])))}
    picked = []
    for item in bank:
        question = _upsert(existing, Question, item, records.QUESTION,
                           training_id=session.training_id)
        choices = {choice.uid: choice for choice in question.choices}
        question.choices = [_upsert(choices, Choice, choice, records.CHOICE)
                            for choice in item["choices"]]
        if item["session_position"] is not None:
            picked.append((item["session_position"], question))
    db.session.flush()
    current = db.session.get(SessionTest, session.id)
    if test is None:
        if current is not None:
            db.session.delete(current)
        return
    settings = records.values(SessionTest, test, records.SESSION_TEST)
    if current is None:
        current = SessionTest(session_id=session.id)
        db.session.add(current)
    for name, value in settings.items():
        setattr(current, name, value)
    current.questions = [SessionQuestion(question_id=question.id, position=position)
                         for position, question in sorted(picked, key=lambda p: p[0])]
    db.session.flush()


def _upsert(existing: dict, model, data: dict, fields: tuple[str, ...], **extra):
    values = records.values(model, data, fields)
    row = existing.get(values["uid"])
    if row is None:
        row = model(**values, **extra)
        db.session.add(row)
        return row
    for name, value in values.items():
        setattr(row, name, value)
    return row


def _satisfaction_items(items: list[dict]) -> None:
    existing = {row.uid: row for row in db.session.scalars(sa.select(SatisfactionItem))}
    for item in items:
        _upsert(existing, SatisfactionItem, item, records.SATISFACTION_ITEM)
    db.session.flush()


def field_copy(session_id: int) -> FieldCopy | None:
    return db.session.get(FieldCopy, session_id)

