"""Recording check-ins: once per person and half-day, counters by sex, the check-in window."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests import factories
from trainings.attendance import services
from trainings.extensions import db
from trainings.models import CheckIn, CheckInMethod, Registration, RegistrationSource, Sex
from trainings.schedule.models import WindowOverride


def test_a_second_check_in_returns_the_first_and_records_nothing(app):
    session, person = factories.session(), factories.participant()
    half_day = session.half_days[0]
    first, created = services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    again, created_again = services.record_check_in(half_day.id, person.id, CheckInMethod.MANUAL)
    assert (created, created_again) == (True, False)
    assert again.id == first.id and again.method == CheckInMethod.QR
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


def test_walk_in_registration_is_flagged_once(app):
    session, person = factories.session(), factories.participant()
    assert services.ensure_registration(session.id, person.id, RegistrationSource.WALK_IN, True)
    assert not services.ensure_registration(session.id, person.id, RegistrationSource.WALK_IN, True)
    registration = db.session.scalar(sa.select(Registration))
    assert registration.needs_review and registration.source == RegistrationSource.WALK_IN


def test_counters_split_present_people_by_sex(app):
    session = factories.session()
    half_day = session.half_days[0]
    for sex in (Sex.FEMALE, Sex.FEMALE, Sex.MALE, None):
        person = factories.participant(sex=sex)
        factories.registration(session, person)
        services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    factories.registration(session, factories.participant())  # registered, absent
    counts = services.counters(half_day)
    assert counts.as_dict() == {"women": 2, "men": 1, "unknown": 1, "total": 4, "registered": 5}


def test_undo_removes_the_check_in(app):
    session, person = factories.session(), factories.participant()
    services.record_check_in(session.half_days[0].id, person.id, CheckInMethod.MANUAL)
    assert services.undo_check_in(session.half_days[0].id, person.id)
    assert not services.undo_check_in(session.half_days[0].id, person.id)


def test_window_opens_30_minutes_before_the_start_and_closes_at_the_end(app):
    half_day = factories.session().half_days[0]
    assert not services.window_is_open(half_day, half_day.starts_at - timedelta(minutes=31))
    assert services.window_is_open(half_day, half_day.starts_at - timedelta(minutes=30))
    assert services.window_is_open(half_day, half_day.ends_at)
    assert not services.window_is_open(half_day, half_day.ends_at + timedelta(seconds=1))


def test_trainer_can_open_or_close_the_window_by_hand(app):
    half_day = factories.session().half_days[0]
    late = half_day.ends_at + timedelta(hours=3)
    services.set_window(half_day, WindowOverride.OPEN)
    assert services.window_is_open(half_day, late)
    services.set_window(half_day, WindowOverride.CLOSED)
    assert not services.window_is_open(half_day, half_day.starts_at)
