"""Taking a test from a phone: the session's test link, which questionnaire is open, the
questions in each person's order, what the check-in confirmation offers, the satisfaction
questionnaire. Views commit."""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import format_decimal, lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Attempt, AttemptKind, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
    SessionTest,
)
from trainings.assessments import satisfaction
from trainings.assessments.attempts import find_attempt
from trainings.attendance.next_steps import Offer
from trainings.attendance.services import registration_for
from trainings.extensions import db
from trainings.phone import links
from trainings.schedule.models import Session

SATISFACTION_LABEL = _l("Évaluation")
TEXT_MAX = 2000


class AlreadyAnswered(Exception):
    """A second satisfaction questionnaire from the same person for the same session."""


# The session's test link: one per session, printed or projected, never rotating ---------------

def _link_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="test-link")


def test_token(session_id: int) -> str:
    return _link_serializer().dumps([session_id])


def read_test_token(token: str) -> int | None:
    """The session id of a test link, or None when it was not made by us."""
    try:
        (session_id,) = _link_serializer().loads(token)
        return int(session_id)
    except (BadSignature, ValueError, TypeError):
        return None


def test_url(session_id: int) -> str:
    """The absolute address shown in the room (PUBLIC_BASE_URL when set)."""
    return links.public_base_url() + url_for("tests.start", token=test_token(session_id))


# What is open ---------------------------------------------------------------------------------

def settings(session_id: int) -> SessionTest | None:
    """The session's test settings, if staff ever set them up (None: nothing is open)."""
    return db.session.get(SessionTest, session_id)


def open_kind(test: SessionTest | None) -> AttemptKind | None:
    if test is None:
        return None
    if test.pre_open:
        return AttemptKind.PRE
    if test.post_open:
        return AttemptKind.POST
    return None


def is_open(test: SessionTest | None, kind: AttemptKind) -> bool:
    return test is not None and open_kind(test) == kind


def projected_link(session: Session) -> dict | None:
    """The test link the projection shows with its label, when a test or the satisfaction
    questionnaire is open."""
    test = settings(session.id)
    kind = open_kind(test)
    if kind is not None:
        label = ATTEMPT_KIND_LABELS[kind]
    elif test is not None and test.satisfaction_open:
        label = SATISFACTION_LABEL
    else:
        return None
    return {"label": str(label), "url": test_url(session.id)}


def is_participant(session: Session, participant_id: int) -> bool:
    """Only people registered to the session (check-in registers walk-ins) take its tests."""
    return registration_for(session, participant_id) is not None


def offers(session: Session, participant_id: int) -> list[Offer]:
    """What the check-in confirmation offers: the open test not taken yet, the satisfaction
    questionnaire not answered yet."""
    test = settings(session.id)
    if test is None:
        return []
    result = []
    token = test_token(session.id)
    kind = open_kind(test)
    if kind is not None and find_attempt(session.id, participant_id, kind) is None:
        label = _l("Passer le pré-test") if kind == AttemptKind.PRE else _l("Passer le post-test")
        result.append(Offer(kind.value, str(label), url_for("tests.start", token=token)))
    if test.satisfaction_open and not has_answered_satisfaction(session.id, participant_id):
        result.append(Offer("satisfaction", str(_l("Donner mon avis sur la formation")),
                            url_for("tests.satisfaction", token=token)))
    return result


# The questions, in the order one person sees them ---------------------------------------------

@dataclass(frozen=True)
class ShownQuestion:
    number: int
    question: Question
    choices: tuple[Choice, ...]

    @property
    def multiple(self) -> bool:
        return self.question.kind == QuestionKind.MULTIPLE


def shown_questions(test: SessionTest, participant_id: int) -> list[ShownQuestion]:
    """The test's questions, shuffled per person when the test says so. The order is the
    same at every display for that person, and scoring never depends on it."""
    questions = [sq.question for sq in test.questions]
    choices = {q.id: list(q.choices) for q in questions}
    if test.shuffle:
        rng = random.Random(f"{test.session_id}:{participant_id}")
        rng.shuffle(questions)
        for question in questions:
            if question.kind != QuestionKind.TRUE_FALSE:  # "Vrai" stays before "Faux"
                rng.shuffle(choices[question.id])
    return [ShownQuestion(n, q, tuple(choices[q.id])) for n, q in enumerate(questions, start=1)]


def answers_from(shown: Sequence[ShownQuestion], form: Mapping) -> dict[int, list[int]]:
    """Question id -> chosen choice ids, from form fields q<question id>; anything that is
    not a choice of that question is ignored, and a single-answer question keeps one."""
    answers = {}
    for item in shown:
        valid = {c.id for c in item.choices}
        chosen = []
        for value in form.getlist(f"q{item.question.id}"):
            if value.isdigit() and int(value) in valid and int(value) not in chosen:
                chosen.append(int(value))
        if chosen:
            answers[item.question.id] = sorted(chosen) if item.multiple else chosen[:1]
    return answers


def unanswered(shown: Sequence[ShownQuestion], answers: Mapping[int, Sequence[int]]) -> list[int]:
    """The numbers, as shown, of the questions left without an answer."""
    return [item.number for item in shown if not answers.get(item.question.id)]


# After submitting -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Review:
    """One question of a finished post-test: what the person chose, what was right, why."""

    number: int
    question: Question
    chosen: frozenset[int]
    correct: bool


def review(attempt: Attempt, test: SessionTest | None) -> list[Review]:
    """The attempt's questions in the order the person saw them."""
    chosen = {a.question_id: a for a in attempt.answers}
    questions = {q.id: q for q in db.session.scalars(
        sa.select(Question).where(Question.id.in_(list(chosen))))}
    order = [item.question.id for item in shown_questions(test, attempt.participant_id)
             ] if test is not None else []
    ids = [i for i in order if i in questions] + sorted(set(questions) - set(order))
    return [Review(n, questions[qid],
                   frozenset(int(c) for c in chosen[qid].chosen.split(",") if c),
                   chosen[qid].correct)
            for n, qid in enumerate(ids, start=1)]


def gain_text(value: float) -> str:
    """A difference of scores in points, signed ("+20", "-6,7", "0"); a difference that rounds
    to zero (float noise such as 1e-14 included) is "0", never "+0"."""
    shown = round(value, 1)
    return format_decimal(shown, format="+#,##0.#;-#,##0.#") if shown else "0"


# Satisfaction (évaluation à chaud) ------------------------------------------------------------

def satisfaction_items() -> list[SatisfactionItem]:
    """The active items, in order; the default questionnaire is created when there is none."""
    satisfaction.ensure_default_satisfaction_items()
    return satisfaction.satisfaction_items(active_only=True)


def has_answered_satisfaction(session_id: int, participant_id: int) -> bool:
    return db.session.scalar(sa.select(SatisfactionResponse.id).where(
        SatisfactionResponse.session_id == session_id,
        SatisfactionResponse.participant_id == participant_id)) is not None


def satisfaction_answers(items: Sequence[SatisfactionItem], form: Mapping,
                         ) -> list[SatisfactionAnswer]:
    """Ratings 1 to 5 from fields s<item id>, texts from the same names; blanks are kept as
    blanks (nobody is forced to rate)."""
    answers = []
    for item in items:
        value = (form.get(f"s{item.id}") or "").strip()
        if item.kind == SatisfactionItemKind.SCALE:
            rating = int(value) if value in ("1", "2", "3", "4", "5") else None
            answers.append(SatisfactionAnswer(item_id=item.id, rating=rating, text=""))
        else:
            answers.append(SatisfactionAnswer(item_id=item.id, rating=None,
                                              text=value[:TEXT_MAX]))
    return answers


def record_satisfaction(session_id: int, participant_id: int,
                        answers: list[SatisfactionAnswer]) -> SatisfactionResponse:
    """Store one person's questionnaire; raises AlreadyAnswered for a second one (the
    unique constraint decides, so two simultaneous submissions cannot both count)."""
    response = SatisfactionResponse(session_id=session_id, participant_id=participant_id,
                                    answers=answers)
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        raise AlreadyAnswered() from None
    return response
