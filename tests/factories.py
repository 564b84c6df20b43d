"""Factories: build valid objects with a minimum of arguments; every one flushes, none commits."""
from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from werkzeug.security import generate_password_hash

from trainings.extensions import db
from trainings.models import (
    Organization, Participant, Registration, Role, Session, SessionStatus, Sex, Training, User,
)
from trainings.registry.normalize import normalize_phone
from trainings.schedule.services import save_session

PASSWORD = "mot-de-passe-de-test"
# A cheap hash for tests only: real accounts keep the slow default (scrypt).
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


def user(role: Role | str = Role.EXPERT, region: str | None = None, **kw) -> User:
    role = Role(role)
    if role == Role.COORDINATOR and region is None:
        region = "oriental"
    n = next(_seq)
    account = User(email=kw.pop("email", f"user{n}@example.org"), name=kw.pop("name", f"User {n}"),
                   password_hash=_PASSWORD_HASH, role=role, region=region, **kw)
    db.session.add(account)
    db.session.flush()
    return account


def training(**kw) -> Training:
    n = next(_seq)
    item = Training(title=kw.pop("title", f"Formation {n}"), theme=kw.pop("theme", "gender-migration"),
                    duration_hours=kw.pop("duration_hours", Decimal("12")), **kw)
    db.session.add(item)
    db.session.flush()
    return item


def session(region: str = "oriental", province: str | None = None, start: date | None = None,
            days: int = 1, **kw) -> Session:
    start = start or date(2026, 12, 7)
    data = {
        "title": kw.pop("title", f"Session {next(_seq)}"),
        "region": region,
        "province": province or {"oriental": "oujda-angad", "souss-massa": "tiznit",
                                 "rabat": "rabat"}[region],
        "venue": kw.pop("venue", "Salle de conférence"),
        "start_date": start,
        "end_date": start + timedelta(days=days - 1),
        "trainers": kw.pop("trainers", "Experte genre"),
        "capacity": kw.pop("capacity", 25),
        "status": kw.pop("status", SessionStatus.PLANNED),
        "notes": kw.pop("notes", ""),
        "training_id": kw.pop("training_id", None) or training().id,
        "audience": kw.pop("audience", ["osc", "commune"]),
    }
    return save_session(Session(), data)


def organization(region: str = "oriental", **kw) -> Organization:
    item = Organization(name=kw.pop("name", f"Association {next(_seq)}"), kind=kw.pop("kind", "osc"),
                        region=region, province=kw.pop("province", None), **kw)
    db.session.add(item)
    db.session.flush()
    return item


def _stored_phone(phone: str | None) -> str | None:
    return normalize_phone(phone) or phone


def participant(region: str = "oriental", **kw) -> Participant:
    n = next(_seq)
    person = Participant(first_name=kw.pop("first_name", f"Prénom{n}"),
                         last_name=kw.pop("last_name", f"Nom{n}"), sex=kw.pop("sex", Sex.FEMALE),
                         function=kw.pop("function", "Animatrice"),
                         # stored as the application stores it: +212…, however it was written
                         phone=_stored_phone(kw.pop("phone", f"+2126{n:08d}")),
                         email=kw.pop("email", f"participant{n}@example.org"), region=region, **kw)
    db.session.add(person)
    db.session.flush()
    return person


def registration(session_: Session, person: Participant, **kw) -> Registration:
    item = Registration(session_id=session_.id, participant_id=person.id, **kw)
    db.session.add(item)
    db.session.flush()
    return item
