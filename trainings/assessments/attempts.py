"""What every test shares: a session's test and its questions, the answer keys, recording an
attempt exactly once (online or from paper), showing scores and points. Views commit."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal, ngettext
from sqlalchemy.exc import IntegrityError

from trainings import i18n
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, Question, SessionQuestion, SessionTest,
)
from trainings.assessments.question_bank import bank
from trainings.assessments.scoring import QuestionKey, Score, score_attempt
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.schedule.models import Session


class AlreadyTaken(Exception):
    """A second attempt of the same kind: refused, the first one stands."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt)
        self.attempt = attempt


def session_test(session: Session) -> SessionTest:
    """The session's test settings, created on first use with all of the training's questions."""
    test = db.session.get(SessionTest, session.id)
    if test is None:
        test = SessionTest(session_id=session.id)
        test.questions = [SessionQuestion(question_id=q.id, position=i)
                          for i, q in enumerate(bank(session.training_id))]
        db.session.add(test)
        db.session.flush()
    return test


def test_questions(test: SessionTest) -> list[Question]:
    return [sq.question for sq in test.questions]


def keys_of(questions: Sequence[Question]) -> list[QuestionKey]:
    return [QuestionKey(q.id, q.points, frozenset(c.id for c in q.choices if c.is_correct))
            for q in questions]


def find_attempt(session_id: int, participant_id: int, kind: AttemptKind) -> Attempt | None:
    return db.session.scalar(sa.select(Attempt).where(
        Attempt.session_id == session_id, Attempt.participant_id == participant_id,
        Attempt.kind == kind))


def record_attempt(session: Session, participant_id: int, kind: AttemptKind,
                   answers: Mapping[int, Sequence[int]], method: AttemptMethod,
                   recorded_by_id: int | None = None,
                   started_at: datetime | None = None) -> tuple[Attempt, Score]:
    """Score and store one attempt. Raises AlreadyTaken when one of that kind exists: the
    unique constraint decides, so two simultaneous submissions cannot both count."""
    questions = test_questions(session_test(session))
    score = score_attempt(keys_of(questions), answers)
    without_pre = kind == AttemptKind.POST and find_attempt(
        session.id, participant_id, AttemptKind.PRE) is None
    attempt = Attempt(session_id=session.id, participant_id=participant_id, kind=kind,
                      method=method, recorded_by_id=recorded_by_id, earned=score.earned,
                      possible=score.possible, percent=score.percent, without_pre=without_pre,
                      started_at=started_at, submitted_at=utcnow())
    attempt.answers = [Answer(question_id=r.question_id,
                              chosen=",".join(str(c) for c in sorted(r.chosen)),
                              correct=r.correct, earned=r.earned) for r in score.results]
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        raise AlreadyTaken(find_attempt(session.id, participant_id, kind)) from None
    return attempt, score


def answered_question_ids(session_id: int) -> set[int]:
    """Questions with answers at this session: they can no longer be changed or removed."""
    return set(db.session.scalars(
        sa.select(Answer.question_id).join(Attempt).where(Attempt.session_id == session_id)
        .distinct()))


def percent_text(value: float | None) -> str:
    """A score as shown: one decimal, in the page's language ("62,5 %", "62.5%"); a dash when
    there is none."""
    if value is None:
        return "—"
    return i18n.percent(value)


def points_text(value: Decimal) -> str:
    """"1 point", "1,5 point", "2 points": French takes the plural from 2."""
    return ngettext("%(points)s point", "%(points)s points", 2 if value >= 2 else 1,
                    points=format_decimal(value, "0.##"))
