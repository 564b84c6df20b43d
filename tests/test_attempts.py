"""Recording attempts: scored as docs/statistics.md says, once per person, session and kind."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.assessments import attempts
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind,
)
from trainings.extensions import db


def question(training_id, kind, correct, wrong, points=1):
    q = Question(training_id=training_id, kind=kind, text="?", points=Decimal(points))
    q.choices = [Choice(text=t, is_correct=True, position=i) for i, t in enumerate(correct)] + [
        Choice(text=t, is_correct=False, position=10 + i) for i, t in enumerate(wrong)]
    db.session.add(q)
    db.session.flush()
    return q


@pytest.fixture
def setup(app):
    session = factories.session()
    single = question(session.training_id, QuestionKind.SINGLE, ["oui"], ["non", "peut-être"])
    multi = question(session.training_id, QuestionKind.MULTIPLE, ["a", "b"], ["c"], points=2)
    return session, single, multi, factories.participant()


def correct_ids(q):
    return [c.id for c in q.choices if c.is_correct]


def test_session_test_takes_all_questions_of_the_bank_by_default(setup):
    session, single, multi, _ = setup
    test = attempts.session_test(session)
    assert [q.id for q in attempts.test_questions(test)] == [single.id, multi.id]
    assert test.pass_mark == 70


def test_attempt_is_scored_and_its_answers_kept(setup):
    session, single, multi, person = setup
    attempt, score = attempts.record_attempt(
        session, person.id, AttemptKind.PRE, {single.id: correct_ids(single)},
        AttemptMethod.ONLINE)
    assert (attempt.earned, attempt.possible) == (Decimal(1), Decimal(3))
    assert attempt.percent == pytest.approx(100 / 3)
    assert {a.question_id: a.correct for a in attempt.answers} == {single.id: True,
                                                                   multi.id: False}


def test_a_second_attempt_of_the_same_kind_is_refused_and_the_first_stands(setup):
    session, single, multi, person = setup
    first, _ = attempts.record_attempt(session, person.id, AttemptKind.PRE, {},
                                       AttemptMethod.ONLINE)
    db.session.commit()
    with pytest.raises(attempts.AlreadyTaken) as refused:
        attempts.record_attempt(session, person.id, AttemptKind.PRE,
                                {single.id: correct_ids(single)}, AttemptMethod.ONLINE)
    assert refused.value.attempt.id == first.id
    db.session.commit()
    assert db.session.scalar(sa.select(Attempt.percent)) == 0.0


def test_post_without_pre_is_recorded_as_such(setup):
    session, single, multi, person = setup
    post, _ = attempts.record_attempt(session, person.id, AttemptKind.POST, {},
                                      AttemptMethod.ONLINE)
    assert post.without_pre
    other = factories.participant()
    attempts.record_attempt(session, other.id, AttemptKind.PRE, {}, AttemptMethod.ONLINE)
    post2, _ = attempts.record_attempt(session, other.id, AttemptKind.POST, {},
                                       AttemptMethod.ONLINE)
    assert not post2.without_pre


def test_answered_questions_are_known(setup):
    session, single, multi, person = setup
    attempts.record_attempt(session, person.id, AttemptKind.PRE, {single.id: [1]},
                            AttemptMethod.ONLINE)
    assert attempts.answered_question_ids(session.id) == {single.id, multi.id}
