"""Queries and state changes of sessions and half-days; views commit."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import ClassVar

import sqlalchemy as sa
from flask import abort

from trainings.access import check_region
from trainings.catalogue.models import Training
from trainings.clock import local_to_utc, local_today, to_local
from trainings.extensions import db
from trainings.schedule import halfdays
from trainings.schedule.halfdays import DEFAULT_HOURS, default_half_days
from trainings.schedule.models import HalfDay, Period, Session, SessionAudience, SessionStatus
from trainings.schedule.selection import Selection


@dataclass
class SessionFilters(Selection):
    """The session list's selection: also by status and by the sessions' intended audience."""

    criteria: ClassVar[tuple[str, ...]] = ("region", "province", "theme", "training", "audience",
                                           "status", "from", "to")
    audience: str | None = None
    status: str | None = None


def scoped_sessions(scope: str | None) -> sa.Select:
    """Sessions an account of this scope may see: a region's, or every one for None."""
    query = sa.select(Session)
    if scope:
        query = query.where(Session.region == scope)
    return query


def filtered_sessions(filters: Selection, scope: str | None) -> sa.Select:
    """The sessions of a selection in the account's scope, by start date: the session list's,
    the API's, and those the exports and the reports cover."""
    query = scoped_sessions(scope)
    if filters.region:
        query = query.where(Session.region == filters.region)
    if filters.province:
        query = query.where(Session.province == filters.province)
    if filters.theme:
        query = query.join(Session.training).where(Training.theme == filters.theme)
    if filters.training_id:
        query = query.where(Session.training_id == filters.training_id)
    if isinstance(filters, SessionFilters):  # a report's `audience` is the people's
        if filters.audience:
            query = query.where(
                Session.audience_rows.any(SessionAudience.kind == filters.audience))
        if filters.status:
            query = query.where(Session.status == filters.status)
    # A session belongs to a period when it overlaps it.
    if filters.date_from:
        query = query.where(Session.end_date >= filters.date_from)
    if filters.date_to:
        query = query.where(Session.start_date <= filters.date_to)
    return query.order_by(Session.start_date, Session.id)


def get_session(session_id: int, scope: str | None) -> Session:
    """The session, or 404; 403 when it lies outside the account's scope (a region, or None
    for all)."""
    session = db.get_or_404(Session, session_id)
    check_region(session.region, scope)
    return session


def get_half_day(session: Session, half_day_id: int) -> HalfDay:
    half_day = db.session.get(HalfDay, half_day_id)
    if half_day is None or half_day.session_id != session.id:
        abort(404)
    return half_day


def sessions_between(first: date, last: date, scope: str | None) -> list[Session]:
    """Sessions in scope that overlap [first, last], cancelled ones included, by start date."""
    return list(db.session.scalars(
        scoped_sessions(scope).where(Session.start_date <= last, Session.end_date >= first)
        .order_by(Session.start_date, Session.id)
    ))


def home_sessions(scope: str | None,
                  today: date | None = None) -> tuple[list[Session], list[Session]]:
    """This week's sessions in scope, and the next ones (up to ten) after this week."""
    today = today or local_today()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    this_week = [s for s in sessions_between(monday, sunday, scope)
                 if s.status != SessionStatus.CANCELLED]
    upcoming = list(db.session.scalars(
        scoped_sessions(scope).where(Session.start_date > sunday,
                                     Session.status != SessionStatus.CANCELLED)
        .order_by(Session.start_date, Session.id).limit(10)
    ))
    return this_week, upcoming


def save_session(session: Session, data: dict) -> Session:
    """Create or update a session from validated form data; keeps half-days in step with dates."""
    old_span = (session.start_date, session.end_date) if session.id else None
    data = {"qr_rotation": True, "require_signature": False, "certificate_threshold": 80,
            "language": "fr", **data}
    for key in ("title", "region", "province", "venue", "start_date", "end_date", "trainers",
                "capacity", "status", "notes", "training_id", "qr_rotation", "require_signature",
                "certificate_threshold", "language"):
        setattr(session, key, data[key])
    session.audience = data["audience"]
    if session.id is None:
        db.session.add(session)
    if old_span != (session.start_date, session.end_date):
        _fit_half_days(session)
    db.session.flush()
    return session


def _fit_half_days(session: Session) -> None:
    """Drop half-days now outside the dates and add default ones for new days."""
    session.half_days = [h for h in session.half_days
                         if session.start_date <= h.date <= session.end_date]
    existing_days = {h.date for h in session.half_days}
    for day, period, start, end in default_half_days(session.start_date, session.end_date):
        if day not in existing_days:
            session.half_days.append(HalfDay(date=day, period=period,
                                             starts_at=local_to_utc(day, start),
                                             ends_at=local_to_utc(day, end)))


def add_half_day(session: Session, day: date, period: Period, start: time | None,
                 end: time | None) -> HalfDay:
    default_start, default_end = DEFAULT_HOURS[period]
    half_day = HalfDay(date=day, period=period,
                       starts_at=local_to_utc(day, start or default_start),
                       ends_at=local_to_utc(day, end or default_end))
    session.half_days.append(half_day)
    db.session.flush()
    return half_day


def update_half_day(half_day: HalfDay, day: date, start: time, end: time) -> None:
    """Its day and times, once new_half_day_problem() or move_problem() found nothing wrong."""
    half_day.date = day
    half_day.starts_at = local_to_utc(day, start)
    half_day.ends_at = local_to_utc(day, end)
    db.session.flush()


def new_half_day_problem(session: Session, day: date, period: Period) -> str | None:
    """Why the session may not have a new half-day there (halfdays.placement_problem), or None."""
    return halfdays.placement_problem(day, period, (session.start_date, session.end_date),
                                      {(h.date, h.period) for h in session.half_days})


def move_problem(half_day: HalfDay, day: date) -> str | None:
    """Why the half-day may not move to that day (halfdays.move_problem), or None."""
    session = half_day.session
    return halfdays.move_problem(
        day, (half_day.date, half_day.period), (session.start_date, session.end_date),
        {(h.date, h.period) for h in session.half_days if h.id != half_day.id},
        has_check_ins=day != half_day.date and has_check_ins(half_day.id))


# Attendance records the check-ins of half-days; the schedule may not import it, so attendance
# adds this test when its blueprint is imported.
_check_ins: list[Callable[[int], bool]] = []


def add_check_in_test(test: Callable[[int], bool]) -> None:
    """Set how to tell whether a half-day (by id) has check-ins (setting it again replaces it)."""
    _check_ins[:] = [test]


def has_check_ins(half_day_id: int) -> bool:
    return any(test(half_day_id) for test in _check_ins)


def remove_half_day(half_day: HalfDay) -> None:
    half_day.session.half_days.remove(half_day)
    db.session.flush()


def local_times(half_day: HalfDay) -> tuple[time, time]:
    return to_local(half_day.starts_at).time(), to_local(half_day.ends_at).time()


def delete_session(session: Session) -> None:
    db.session.delete(session)
    db.session.flush()


def sessions_per_training(training_ids: Sequence[int]) -> dict[int, int]:
    """How many sessions each of these trainings has (those with none are left out), in one
    query: the catalogue's count of sessions (trainings.catalogue.usage)."""
    rows = db.session.execute(
        sa.select(Session.training_id, sa.func.count(Session.id))
        .where(Session.training_id.in_(training_ids)).group_by(Session.training_id))
    return {training_id: n for training_id, n in rows}
