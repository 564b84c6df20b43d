"""The read API's queries and serialisers: plain dicts of codes, ISO dates, local "HH:MM" times
and UTC instants ("…Z"). Each function sends a fixed number of queries, whatever the data."""
from __future__ import annotations

import time as time_module
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort, url_for
from sqlalchemy.orm import selectinload

from trainings import places
from trainings.access import check_region
from trainings.assessments import question_bank, taking
from trainings.assessments.models import Question, SessionTest
from trainings.attendance import services as attendance_services
from trainings.attendance.models import CheckIn
from trainings.catalogue.services import get_training
from trainings.downloads.log import log_download
from trainings.extensions import db
from trainings.phone import links
from trainings.registry.models import Organization, Participant, Registration
from trainings.schedule.models import HalfDay, Session, WindowOverride
from trainings.schedule.services import SessionFilters, filtered_sessions, local_times


def instant(value: datetime | None) -> str | None:
    """An aware datetime as ISO 8601 in UTC with a "Z", to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(
        timespec="seconds") + "Z"


def check_scope(region: str | None, province: str | None, scope: str | None) -> None:
    """403 when an account confined to the region `scope` filters on another region (or a
    province of one): refused, not silently emptied, as the exports do."""
    if region:
        check_region(region, scope)
    if province:
        check_region(places.region_of_province(province), scope)


# Sessions ----------------------------------------------------------------------------------

def half_day_json(half_day: HalfDay) -> dict:
    start, end = local_times(half_day)
    return {"id": half_day.id, "date": half_day.date.isoformat(),
            "period": half_day.period.value, "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M")}


def session_json(session: Session) -> dict:
    return {
        "id": session.id,
        "title": session.title,
        "training": session.training.title,
        "training_id": session.training.id,
        "theme": session.training.theme,
        "region": session.region,
        "province": session.province,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "status": session.status.value,
        "half_days": [half_day_json(half_day) for half_day in session.half_days],
    }


def sessions(filters: SessionFilters, scope: str | None) -> list[dict]:
    """The sessions of the list page's filters, in the account's scope (a region, or None)."""
    check_scope(filters.region, filters.province, scope)
    query = filtered_sessions(filters, scope).options(selectinload(Session.half_days))
    return [session_json(session) for session in db.session.scalars(query)]


def get_session(session_id: int, scope: str | None) -> Session:
    """The session with its half-days, or 404; 403 when it lies outside the account's scope
    (a region, or None for all)."""
    session = db.session.scalar(sa.select(Session).where(Session.id == session_id)
                                .options(selectinload(Session.half_days))) or abort(404)
    check_region(session.region, scope)
    return session


def participant_links(session: Session) -> dict:
    """The links participants open, for what is open now; null for what is closed."""
    flags = db.session.execute(
        sa.select(SessionTest.pre_open, SessionTest.post_open, SessionTest.satisfaction_open)
        .where(SessionTest.session_id == session.id)).first()
    pre_open, post_open, satisfaction_open = flags or (False, False, False)
    test_url = taking.test_url(session.id)  # one link: it serves whichever test is open
    return {
        "pre_test": test_url if pre_open else None,
        "post_test": test_url if post_open else None,
        "satisfaction": (links.public_base_url() + url_for(
            "tests.satisfaction", token=taking.test_token(session.id))
            if satisfaction_open else None),
    }


def session_detail(session: Session) -> dict:
    registered = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(Registration.session_id == session.id))
    return {**session_json(session), "registered": registered,
            "links": participant_links(session)}


# Attendance --------------------------------------------------------------------------------

def attendance(session: Session, user_id: int | None) -> dict:
    """Every check-in of the session, by half-day then name; logged as downloaded by user_id,
    since it names people."""
    rows = db.session.execute(
        sa.select(Participant.id, Participant.last_name, Participant.first_name,
                  Participant.sex, Organization.name, Organization.kind, HalfDay.id,
                  HalfDay.date, HalfDay.period, CheckIn.checked_in_at, CheckIn.method)
        .select_from(CheckIn)
        .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .join(Participant, Participant.id == CheckIn.participant_id)
        .outerjoin(Organization, Organization.id == Participant.organization_id)
        .where(HalfDay.session_id == session.id)
        .order_by(HalfDay.date, HalfDay.starts_at, Participant.last_name,
                  Participant.first_name, Participant.id)
    ).all()
    log_download(user_id, "attendance-api", "", session.id, {"rows": len(rows)})
    return {
        "session_id": session.id,
        "rows": [{
            "participant_id": participant_id, "last_name": last_name,
            "first_name": first_name, "sex": sex.value if sex else None,
            "organization": organization, "organization_kind": kind,
            "half_day_id": half_day_id, "date": day.isoformat(), "period": period.value,
            "checked_in_at": instant(checked_in_at), "method": method.value,
        } for (participant_id, last_name, first_name, sex, organization, kind, half_day_id,
               day, period, checked_in_at, method) in rows],
    }


# The question bank -------------------------------------------------------------------------

def question_json(question: Question) -> dict:
    return {"id": question.id, "type": question.kind.value, "text": question.text,
            "points": float(question.points),
            "choices": [{"id": choice.id, "text": choice.text, "correct": choice.is_correct}
                        for choice in question.choices]}


def questions(training_id: int) -> dict:
    training = get_training(training_id)
    return {"questions": [question_json(q) for q in question_bank.bank(training.id)]}


# The check-in link -------------------------------------------------------------------------

def get_half_day(half_day_id: int, scope: str | None) -> HalfDay:
    """The half-day, or 404; 403 when its session lies outside the account's scope."""
    half_day = db.get_or_404(HalfDay, half_day_id)
    check_region(half_day.session.region, scope)
    return half_day


def checkin_link(half_day: HalfDay, now: float | None = None) -> dict:
    """The link the projection shows now, and until when it lets people in: a rotating link
    is accepted during its rotation and the next one (tokens.check_fresh); a fixed one until
    the check-in window closes, with no end when staff opened the window by hand. While the
    window is closed there is no link, as the projector shows none: the state says why, and
    `opens_at` when it opens by itself (null when it will not)."""
    state = attendance_services.window(
        half_day, None if now is None else datetime.fromtimestamp(now, UTC))
    now = time_module.time() if now is None else now
    opens_at = state.opens_at if state.state is attendance_services.WindowState.NOT_YET else None
    if not state.is_open:
        return {"state": str(state.state), "url": None, "expires_at": None,
                "opens_at": instant(opens_at)}
    url = links.checkin_url(links.checkin_token(half_day, now=now))
    if half_day.session.qr_rotation:
        ends = (links.now_step(now) + 1) * links.rotation_seconds()
        expires_at = datetime.fromtimestamp(ends, UTC)
    elif half_day.window_override == WindowOverride.OPEN:
        expires_at = None
    else:
        expires_at = state.closes_at
    return {"state": str(state.state), "url": url, "expires_at": instant(expires_at),
            "opens_at": None}
