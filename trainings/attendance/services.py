"""Check-in queries and changes: the window of a half-day, recording a check-in exactly once,
the counters of the projection page and the session's roster. Views commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.registry.models import Participant, Registration, RegistrationSource, Sex
from trainings.schedule.models import HalfDay, Session, WindowOverride

OPENS_BEFORE_START = timedelta(minutes=30)


def window_bounds(half_day: HalfDay) -> tuple[datetime, datetime]:
    """The automatic check-in window: from 30 minutes before the start to the end."""
    return half_day.starts_at - OPENS_BEFORE_START, half_day.ends_at


def window_is_open(half_day: HalfDay, now: datetime | None = None) -> bool:
    if half_day.window_override == WindowOverride.OPEN:
        return True
    if half_day.window_override == WindowOverride.CLOSED:
        return False
    opens, closes = window_bounds(half_day)
    return opens <= (now or utcnow()) <= closes


def set_window(half_day: HalfDay, override: WindowOverride | None) -> None:
    half_day.window_override = override
    db.session.flush()


def current_half_day(session: Session, now: datetime | None = None) -> HalfDay | None:
    """The half-day whose window is open now (the first one, should two overlap)."""
    return next((h for h in session.half_days if window_is_open(h, now)), None)


def _insert(model):
    """INSERT … ON CONFLICT DO NOTHING for the database in use."""
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def record_check_in(half_day_id: int, participant_id: int, method: CheckInMethod,
                    recorded_by_id: int | None = None, signature: str | None = None,
                    ) -> tuple[CheckIn, bool]:
    """Check a person in once: (the check-in, True) when new, (the earlier one, False) when
    they were already checked in. Safe under concurrent scans: the database arbitrates."""
    new_id = db.session.execute(
        _insert(CheckIn).values(half_day_id=half_day_id, participant_id=participant_id,
                                method=method, recorded_by_id=recorded_by_id,
                                checked_in_at=utcnow(), signature=signature)
        .on_conflict_do_nothing(index_elements=["half_day_id", "participant_id"])
        .returning(CheckIn.id)
    ).scalar()
    existing = db.session.scalar(sa.select(CheckIn).where(
        CheckIn.half_day_id == half_day_id, CheckIn.participant_id == participant_id))
    return existing, new_id is not None


def ensure_registration(session_id: int, participant_id: int, source: RegistrationSource,
                        needs_review: bool = False) -> bool:
    """Register a person to a session unless they already are; True when newly registered."""
    new_id = db.session.execute(
        _insert(Registration).values(session_id=session_id, participant_id=participant_id,
                                     source=source, needs_review=needs_review,
                                     created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["session_id", "participant_id"])
        .returning(Registration.id)
    ).scalar()
    return new_id is not None


def undo_check_in(half_day_id: int, participant_id: int) -> bool:
    result = db.session.execute(sa.delete(CheckIn).where(
        CheckIn.half_day_id == half_day_id, CheckIn.participant_id == participant_id))
    return result.rowcount > 0


@dataclass
class Counters:
    """Present people of one half-day by sex, against the number registered."""

    women: int = 0
    men: int = 0
    unknown: int = 0
    registered: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.unknown

    def as_dict(self) -> dict:
        return {"women": self.women, "men": self.men, "unknown": self.unknown,
                "total": self.total, "registered": self.registered}


def counters(half_day: HalfDay) -> Counters:
    """Two queries, whatever the size of the session."""
    result = Counters()
    rows = db.session.execute(
        sa.select(Participant.sex, sa.func.count()).select_from(CheckIn)
        .join(Participant, Participant.id == CheckIn.participant_id)
        .where(CheckIn.half_day_id == half_day.id).group_by(Participant.sex))
    for sex, n in rows:
        if sex == Sex.FEMALE:
            result.women = n
        elif sex == Sex.MALE:
            result.men = n
        else:
            result.unknown = n
    result.registered = db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
        .where(Registration.session_id == half_day.session_id))
    return result


@dataclass
class Roster:
    """Who is registered to a session and who was present at each half-day."""

    half_days: list[HalfDay]
    registrations: list[Registration]
    check_ins: dict[tuple[int, int], CheckIn] = field(default_factory=dict)  # (participant, half-day)

    def totals(self, half_day: HalfDay) -> Counters:
        result = Counters(registered=len(self.registrations))
        for registration in self.registrations:
            if (registration.participant_id, half_day.id) in self.check_ins:
                sex = registration.participant.sex
                if sex == Sex.FEMALE:
                    result.women += 1
                elif sex == Sex.MALE:
                    result.men += 1
                else:
                    result.unknown += 1
        return result


def roster(session: Session) -> Roster:
    """Three queries: half-days, registrations with their people, check-ins."""
    half_days = list(db.session.scalars(
        sa.select(HalfDay).where(HalfDay.session_id == session.id)
        .order_by(HalfDay.date, HalfDay.starts_at)))
    registrations = list(db.session.scalars(
        sa.select(Registration).join(Registration.participant)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name)))
    check_ins = db.session.scalars(
        sa.select(CheckIn).join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .where(HalfDay.session_id == session.id))
    return Roster(half_days, registrations,
                  {(c.participant_id, c.half_day_id): c for c in check_ins})


def mark_reviewed(registration: Registration) -> None:
    registration.needs_review = False
    db.session.flush()
