"""Every record a workshop creates carries a globally unique id made where it was created, so
that a field kit's records can be recognised when they come back (issue 15). Each way the
application creates such a record (ORM or INSERT … ON CONFLICT, one row or many) gives one."""
from __future__ import annotations

import uuid
from datetime import time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tests import factories
from trainings.assessments import attempts, results
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, AttemptReset, SatisfactionResponse,
)
from trainings.assessments.taking import record_satisfaction
from trainings.attendance import services as attendance
from trainings.attendance.models import CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog
from trainings.exports import services as exports
from trainings.extensions import db
from trainings.registry.models import Participant, Registration, RegistrationSource
from trainings.schedule.models import HalfDay, Session


def _ensure_registration(session, half_day):
    person = factories.participant()
    attendance.ensure_registration(session.id, person.id, RegistrationSource.WALK_IN)
    return db.session.scalar(sa.select(Registration).where(
        Registration.participant_id == person.id))


def _record_check_in(session, half_day):
    check_in, created = attendance.record_check_in(half_day.id, factories.participant().id,
                                                   CheckInMethod.MANUAL)
    assert created
    return check_in


def _self_check_in(session, half_day):
    person = factories.participant()
    factories.registration(session, person)
    context = attendance.self_check_in_context(half_day.id, person.id)
    check_in_id, created = attendance.self_check_in(context, person.id, None)
    assert created
    return db.session.get(CheckIn, check_in_id)


def _paper_check_in(session, half_day):
    person = factories.participant()
    factories.registration(session, person)
    exports._write_paper_check_ins(
        [exports._PlannedCheckIn(half_day, person.id, time(9, 30))], None)
    return attendance.check_in_of(half_day.id, person.id)


def _out_of_window(session, half_day):
    return attendance.log_out_of_window(half_day.id, OutOfWindowAct.MANUAL, "Réseau coupé", None)


def _attempt(session, half_day):
    attempt, _score = attempts.record_attempt(session, factories.participant().id,
                                              AttemptKind.PRE, {}, AttemptMethod.ONLINE)
    return attempt


def _reset(session, half_day):
    return results.reset_attempt(_attempt(session, half_day), "Erreur de saisie", None)


def _satisfaction(session, half_day):
    return record_satisfaction(session.id, factories.participant().id, [])


CREATIONS = {  # name: (model, how the application creates one)
    "session": (Session, lambda session, half_day: session),
    "half_day": (HalfDay, lambda session, half_day: half_day),
    "participant": (Participant, lambda session, half_day: factories.participant()),
    "registration": (Registration, lambda session, half_day: factories.registration(
        session, factories.participant())),
    "registration on the spot": (Registration, _ensure_registration),
    "staff check-in": (CheckIn, _record_check_in),
    "self check-in": (CheckIn, _self_check_in),
    "paper check-ins": (CheckIn, _paper_check_in),
    "out-of-window log": (OutOfWindowLog, _out_of_window),
    "attempt": (Attempt, _attempt),
    "attempt reset": (AttemptReset, _reset),
    "satisfaction": (SatisfactionResponse, _satisfaction),
}


@pytest.mark.parametrize("name", CREATIONS)
def test_a_record_gets_its_uid_when_created(app, name):
    model, create = CREATIONS[name]
    session = factories.session()
    half_day = session.half_days[0]
    record = create(session, half_day)
    db.session.commit()
    stored = db.session.scalar(sa.select(model.uid).where(model.id == record.id))
    assert isinstance(stored, uuid.UUID) and stored.version == 4
    # Made anew for each record, never shared by two rows of the table.
    uids = db.session.scalars(sa.select(model.uid)).all()
    assert None not in uids and len(set(uids)) == len(uids)


def test_every_table_a_kit_carries_has_a_uid():
    """A table added later to this list of records must get one too."""
    models = {model for model, _create in CREATIONS.values()}
    for model in models:
        column = model.__table__.c.uid
        assert not column.nullable and column.unique, model.__tablename__


@pytest.mark.parametrize("model", [Participant, Session, CheckIn])
def test_the_database_refuses_two_records_with_one_uid(app, model):
    session = factories.session()
    first, second = factories.participant(), factories.participant()
    records = {
        Participant: (first, second),
        Session: (session, factories.session()),
        CheckIn: (attendance.record_check_in(session.half_days[0].id, first.id,
                                             CheckInMethod.MANUAL)[0],
                  attendance.record_check_in(session.half_days[0].id, second.id,
                                             CheckInMethod.MANUAL)[0]),
    }[model]
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(model).where(model.id == records[1].id)
                           .values(uid=records[0].uid))
    db.session.rollback()


def test_the_database_refuses_a_record_without_uid(app):
    factories.participant()
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(Participant).values(uid=None))
    db.session.rollback()
