"""Integrity lives in the database: these hold even if a view forgets a check."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tests import factories
from trainings.extensions import db
from trainings.models import HalfDay, Period, Role, Session, User


def test_a_half_day_exists_once_per_session(app):
    session = factories.session(days=1)
    db.session.add(HalfDay(session_id=session.id, date=session.start_date, period=Period.MORNING,
                           starts_at=datetime(2026, 12, 7, 8, tzinfo=timezone.utc),
                           ends_at=datetime(2026, 12, 7, 9, tzinfo=timezone.utc)))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_session_dates_and_capacity_are_checked(app):
    session = factories.session()
    db.session.commit()
    for column, value in (("end_date", date(2020, 1, 1)), ("capacity", -1)):
        with pytest.raises(IntegrityError):
            db.session.execute(sa.update(Session).where(Session.id == session.id)
                               .values({column: value}))
        db.session.rollback()


def test_a_participant_is_registered_once_per_session(app):
    session, person = factories.session(), factories.participant()
    factories.registration(session, person)
    with pytest.raises(IntegrityError):
        factories.registration(session, person)


def test_a_coordinator_needs_a_region_and_others_have_none(app):
    with pytest.raises(IntegrityError):
        db.session.add(User(email="c@example.org", password_hash="x", role=Role.COORDINATOR))
        db.session.flush()
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.add(User(email="e@example.org", password_hash="x", role=Role.EXPERT,
                            region="oriental"))
        db.session.flush()


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError):
        db.session.add(HalfDay(session_id=987654, date=date(2026, 12, 7), period=Period.MORNING,
                               starts_at=datetime(2026, 12, 7, 8, tzinfo=timezone.utc),
                               ends_at=datetime(2026, 12, 7, 9, tzinfo=timezone.utc)))
        db.session.flush()


def test_deleting_a_session_deletes_its_half_days_and_registrations(app):
    session, person = factories.session(days=2), factories.participant()
    factories.registration(session, person)
    db.session.commit()
    db.session.delete(session)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HalfDay)) == 0
