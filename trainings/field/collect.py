"""A session's records as plain data, the way a kit and a results package carry them: each
record by its uid, pointing to others by uid (half-day, person, question, choice) or by a
natural key (an organisation by name and region, a staff account by e-mail)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from trainings.assessments.models import (
    Attempt, AttemptReset, Choice, Question, SatisfactionItem, SatisfactionResponse, SessionTest,
)
from trainings.attendance.models import CheckIn, OutOfWindowLog
from trainings.auth.models import User
from trainings.extensions import db
from trainings.field import records
from trainings.registry.models import Participant, Registration
from trainings.schedule.models import HalfDay, Session

RECORD_KINDS = ("check_ins", "attempts", "satisfaction_responses")


def session_plan(session: Session) -> dict:
    data = records.dump(session, records.SESSION)
    data["audience"] = list(session.audience)
    data["training"] = records.dump(session.training, records.TRAINING)
    return data


def half_days(session: Session) -> list[dict]:
    rows = db.session.scalars(sa.select(HalfDay).where(HalfDay.session_id == session.id)
                              .order_by(HalfDay.starts_at)).all()
    return [records.dump(row, records.HALF_DAY) for row in rows]


def _person_ids(session: Session) -> sa.CompoundSelect:
    """Everyone the session's records name: registered, checked in, tested, answering, whose
    test was reset, or checked in outside the hours."""
    day_ids = sa.select(HalfDay.id).where(HalfDay.session_id == session.id)
    return sa.union(
        sa.select(Registration.participant_id).where(Registration.session_id == session.id),
        sa.select(CheckIn.participant_id).where(CheckIn.half_day_id.in_(day_ids)),
        sa.select(Attempt.participant_id).where(Attempt.session_id == session.id),
        sa.select(SatisfactionResponse.participant_id)
        .where(SatisfactionResponse.session_id == session.id),
        sa.select(AttemptReset.participant_id).where(AttemptReset.session_id == session.id),
        sa.select(OutOfWindowLog.participant_id).where(OutOfWindowLog.half_day_id.in_(day_ids),
                                                       OutOfWindowLog.participant_id.is_not(None)),
    )


def people(session: Session) -> tuple[list[dict], list[dict], list[dict]]:
    """The session's people, their organisations and the session's registrations."""
    persons = db.session.scalars(sa.select(Participant)
                                 .where(Participant.id.in_(_person_ids(session)))
                                 .order_by(Participant.id)).all()
    organizations = {}
    for person in persons:
        if person.organization is not None:
            organization = person.organization
            organizations[(organization.name, organization.region)] = records.dump(
                organization, records.ORGANIZATION)
    rows = db.session.execute(sa.select(Registration, Participant.uid)
                              .join(Participant, Participant.id == Registration.participant_id)
                              .where(Registration.session_id == session.id)
                              .order_by(Registration.id)).all()
    registrations = [{**records.dump(registration, records.REGISTRATION),
                      "participant": str(uid)} for registration, uid in rows]
    return list(organizations.values()), [_person(person) for person in persons], registrations


def _person(person: Participant) -> dict:
    data = records.dump(person, records.PARTICIPANT)
    organization = person.organization
    data["organization"] = ([organization.name, organization.region]
                            if organization is not None else None)
    return data


def questions(session: Session) -> tuple[dict | None, list[dict]]:
    """The session's test settings (None without a test) and its training's whole question
    bank, in every language: a picked question carries its place in the test, and answers
    given to a question since dropped from the test still find it."""
    test = db.session.get(SessionTest, session.id)
    positions = {link.question_id: link.position for link in test.questions} if test else {}
    bank = db.session.scalars(sa.select(Question).where(Question.training_id == session.training_id)
                              .options(selectinload(Question.choices))
                              .order_by(Question.position, Question.id)).all()
    listed = [{**records.dump(question, records.QUESTION),
               "session_position": positions.get(question.id),
               "choices": [records.dump(choice, records.CHOICE) for choice in question.choices]}
              for question in bank]
    return (records.dump(test, records.SESSION_TEST) if test else None), listed


def satisfaction_items() -> list[dict]:
    rows = db.session.scalars(sa.select(SatisfactionItem).order_by(SatisfactionItem.id)).all()
    return [records.dump(row, records.SATISFACTION_ITEM) for row in rows]


def _emails() -> dict[int, str]:
    return dict(db.session.execute(sa.select(User.id, User.email)).all())


def session_records(session: Session) -> dict:
    """What was recorded for the session: check-ins, out-of-window acts, attempts with their
    answers, resets, satisfaction answers."""
    emails = _emails()
    person_uids = dict(db.session.execute(
        sa.select(Participant.id, Participant.uid)
        .where(Participant.id.in_(_person_ids(session)))).all())
    half_day_uids = dict(db.session.execute(
        sa.select(HalfDay.id, HalfDay.uid).where(HalfDay.session_id == session.id)).all())
    context = (emails, _uids(person_uids), _uids(half_day_uids))
    return {
        "check_ins": _check_ins(session, context),
        "out_of_window": _out_of_window(session, context),
        "attempts": _attempts(session, context),
        "resets": _resets(session, context),
        "satisfaction_responses": _satisfaction(session, context),
    }


def _uids(mapping: dict) -> dict:
    return {key: str(value) for key, value in mapping.items()}


def _check_ins(session: Session, context) -> list[dict]:
    emails, persons, days = context
    rows = db.session.scalars(sa.select(CheckIn).join(HalfDay)
                              .where(HalfDay.session_id == session.id)
                              .order_by(CheckIn.id)).all()
    return [{**records.dump(row, records.CHECK_IN), "half_day": days[row.half_day_id],
             "participant": persons.get(row.participant_id),
             "recorded_by": emails.get(row.recorded_by_id)} for row in rows]


def _out_of_window(session: Session, context) -> list[dict]:
    emails, persons, days = context
    rows = db.session.scalars(sa.select(OutOfWindowLog).join(HalfDay)
                              .where(HalfDay.session_id == session.id)
                              .order_by(OutOfWindowLog.id)).all()
    return [{**records.dump(row, records.OUT_OF_WINDOW), "half_day": days[row.half_day_id],
             "participant": persons.get(row.participant_id),
             "user": emails.get(row.user_id)} for row in rows]


def _attempts(session: Session, context) -> list[dict]:
    emails, persons, _ = context
    rows = db.session.scalars(sa.select(Attempt).where(Attempt.session_id == session.id)
                              .options(selectinload(Attempt.answers))
                              .order_by(Attempt.id)).all()
    question_uids, choice_uids = _question_uids(session)
    return [{**records.dump(row, records.ATTEMPT),
             "participant": persons.get(row.participant_id),
             "recorded_by": emails.get(row.recorded_by_id),
             "answers": [{**records.dump(answer, records.ANSWER),
                          "question": question_uids.get(answer.question_id),
                          "chosen": [choice_uids.get(int(c)) for c in answer.chosen.split(",")
                                     if c.isdigit()]}
                         for answer in row.answers]} for row in rows]


def _question_uids(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """The uids of every question and choice of the session's training (a test may have
    been answered before a question left the session's selection)."""
    questions = dict(db.session.execute(
        sa.select(Question.id, Question.uid).where(Question.training_id == session.training_id)
    ).all())
    choices = dict(db.session.execute(
        sa.select(Choice.id, Choice.uid).join(Question)
        .where(Question.training_id == session.training_id)).all())
    return _uids(questions), _uids(choices)


def _resets(session: Session, context) -> list[dict]:
    emails, persons, _ = context
    rows = db.session.scalars(sa.select(AttemptReset).where(AttemptReset.session_id == session.id)
                              .order_by(AttemptReset.id)).all()
    return [{**records.dump(row, records.RESET), "participant": persons.get(row.participant_id),
             "user": emails.get(row.user_id)} for row in rows]


def _satisfaction(session: Session, context) -> list[dict]:
    _, persons, _ = context
    items = _uids(dict(db.session.execute(sa.select(SatisfactionItem.id,
                                                    SatisfactionItem.uid)).all()))
    rows = db.session.scalars(sa.select(SatisfactionResponse)
                              .where(SatisfactionResponse.session_id == session.id)
                              .options(selectinload(SatisfactionResponse.answers))
                              .order_by(SatisfactionResponse.id)).all()
    return [{**records.dump(row, records.SATISFACTION),
             "participant": persons.get(row.participant_id),
             "answers": [{**records.dump(answer, records.SATISFACTION_ANSWER),
                          "item": items[answer.item_id]} for answer in row.answers]}
            for row in rows]


def record_uids(recorded: dict) -> dict[str, list[str]]:
    """The uids of the records that can be undone on a laptop, by kind."""
    return {kind: sorted(item["uid"] for item in recorded[kind]) for kind in RECORD_KINDS}
