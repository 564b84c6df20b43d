"""A session's test: what its page shows, its settings (questions, pass mark, order) and
which questionnaire is open. Views commit."""
from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from trainings.assessments.attempts import answered_question_ids, session_test
from trainings.assessments.models import Question, SessionQuestion, SessionTest
from trainings.assessments.question_bank import bank, bank_size
from trainings.assessments.satisfaction import ensure_default_satisfaction_items
from trainings.assessments.translated import TRANSLATED, lacking
from trainings.extensions import db
from trainings.schedule.models import Session


class OpenState(enum.StrEnum):
    PRE = "pre"
    POST = "post"
    CLOSED = "closed"


@dataclass
class SessionTestPanel:
    """What the session page shows of its tests, without creating anything."""

    state: OpenState
    satisfaction_open: bool
    questions: int
    # The session's default language when it is not French, and the test's questions that lack
    # a text in it (question, choice or explanation): its participants would read French there.
    language: str | None = None
    untranslated: list[Question] = field(default_factory=list)


def tests_panel(session: Session) -> SessionTestPanel:
    test = db.session.get(SessionTest, session.id)
    language = session.language if session.language in TRANSLATED else None
    if test is None:
        panel = SessionTestPanel(OpenState.CLOSED, False, bank_size(session.training_id),
                                 language)
        if language:  # without settings, the test is the whole bank
            panel.untranslated = lacking(bank(session.training_id), language)
        return panel
    state = (OpenState.PRE if test.pre_open else OpenState.POST if test.post_open
             else OpenState.CLOSED)
    return SessionTestPanel(
        state, test.satisfaction_open, len(test.questions), language,
        lacking([sq.question for sq in test.questions], language) if language else [])


@dataclass
class SessionTestSettings:
    bank: list[Question]
    selected: set[int]
    answered: set[int]
    pass_mark: int
    shuffle: bool
    # The bank's questions lacking a text in the session's default language (not French).
    untranslated: set[int] = field(default_factory=set)


def tests_settings(session: Session) -> SessionTestSettings:
    """The bank, and how the session uses it (the defaults when it has no test yet)."""
    questions = bank(session.training_id)
    untranslated = {q.id for q in lacking(questions, session.language)}
    test = db.session.get(SessionTest, session.id)
    if test is None:
        return SessionTestSettings(questions, {q.id for q in questions}, set(), 70, False,
                                   untranslated)
    return SessionTestSettings(questions, {sq.question_id for sq in test.questions},
                               answered_question_ids(session.id), test.pass_mark,
                               test.shuffle, untranslated)


def save_test_settings(session: Session, question_ids: Iterable[int], pass_mark: int,
                       shuffle: bool) -> list[Question]:
    """Apply the settings, or change nothing and return the answered questions the change
    would remove."""
    test = session_test(session)
    keep = set(question_ids)
    answered = answered_question_ids(session.id)
    refused = [sq.question for sq in test.questions
               if sq.question_id in answered and sq.question_id not in keep]
    if refused:
        return refused
    current = {sq.question_id: sq for sq in test.questions}
    picked = [q for q in bank(session.training_id) if q.id in keep]
    test.questions = [current.get(q.id) or SessionQuestion(question_id=q.id) for q in picked]
    for position, session_question in enumerate(test.questions):
        session_question.position = position
    test.pass_mark = pass_mark
    test.shuffle = shuffle
    db.session.flush()
    return []


def open_test(session: Session, state: OpenState) -> SessionTest | None:
    """Open the pre-test or the post-test (which closes the pre-test), or close both. None
    when there is nothing to open: no question in the test nor in the bank."""
    test = session_test(session)
    if state != OpenState.CLOSED and not test.questions:
        # A test without questions was never chosen: it takes the bank, as a new one would.
        if not answered_question_ids(session.id):
            test.questions = [SessionQuestion(question_id=q.id, position=i)
                              for i, q in enumerate(bank(session.training_id))]
        if not test.questions:
            return None
    test.pre_open = state == OpenState.PRE
    test.post_open = state == OpenState.POST
    db.session.flush()
    return test


def open_satisfaction(session: Session, is_open: bool) -> SessionTest:
    if is_open:
        ensure_default_satisfaction_items()
    test = session_test(session)
    test.satisfaction_open = is_open
    db.session.flush()
    return test
