"""Question banks, the test of a session, attempts and their answers, satisfaction."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import User
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db, enum_type, uid_column
from trainings.registry.models import Participant


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"


QUESTION_KIND_LABELS = {
    QuestionKind.SINGLE: _l("Choix unique"),
    QuestionKind.MULTIPLE: _l("Choix multiple"),
    QuestionKind.TRUE_FALSE: _l("Vrai / faux"),
}


class AttemptKind(enum.StrEnum):
    PRE = "pre"
    POST = "post"


ATTEMPT_KIND_LABELS = {AttemptKind.PRE: _l("Pré-test"), AttemptKind.POST: _l("Post-test")}


class AttemptMethod(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"


class Question(db.Model):
    """A question of a training's bank, reused by all its sessions."""

    __tablename__ = "questions"
    __table_args__ = (sa.CheckConstraint("points > 0", name="points_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    training_id: Mapped[int] = mapped_column(sa.ForeignKey("trainings.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind, "question_kind"))
    text: Mapped[str] = mapped_column(sa.Text)
    # Translations for the participants' languages; None: the French text is shown.
    text_ar: Mapped[str | None] = mapped_column(sa.Text)
    text_en: Mapped[str | None] = mapped_column(sa.Text)
    points: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2), default=Decimal(1))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    explanation_ar: Mapped[str | None] = mapped_column(sa.Text)
    explanation_en: Mapped[str | None] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    choices: Mapped[list[Choice]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Choice.position",
        lazy="selectin")


class Choice(db.Model):
    __tablename__ = "choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    text: Mapped[str] = mapped_column(sa.String(500))
    text_ar: Mapped[str | None] = mapped_column(sa.String(500))
    text_en: Mapped[str | None] = mapped_column(sa.String(500))
    is_correct: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship(back_populates="choices")


class SessionTest(db.Model):
    """How a session uses its training's bank: which questions, pass mark, what is open."""

    __tablename__ = "session_tests"
    __table_args__ = (
        sa.CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark_percent"),
        # Opening the post-test closes the pre-test.
        sa.CheckConstraint("NOT (pre_open AND post_open)", name="one_test_open"),
    )

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    pass_mark: Mapped[int] = mapped_column(default=70)
    shuffle: Mapped[bool] = mapped_column(default=False)
    pre_open: Mapped[bool] = mapped_column(default=False)
    post_open: Mapped[bool] = mapped_column(default=False)
    satisfaction_open: Mapped[bool] = mapped_column(default=False)

    questions: Mapped[list[SessionQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="SessionQuestion.position", lazy="selectin")


class SessionQuestion(db.Model):
    """A question picked for a session's test."""

    __tablename__ = "session_questions"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("session_tests.session_id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="RESTRICT"),
                                             primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship(lazy="joined")


class Attempt(db.Model):
    """One pre-test or post-test of one person at one session: at most one of each kind."""

    __tablename__ = "attempts"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "participant_id", "kind"),
        sa.CheckConstraint("percent BETWEEN 0 AND 100", name="percent_range"),
        sa.CheckConstraint("earned >= 0 AND earned <= possible", name="earned_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AttemptKind] = mapped_column(enum_type(AttemptKind, "attempt_kind", length=10))
    method: Mapped[AttemptMethod] = mapped_column(
        enum_type(AttemptMethod, "attempt_method", length=10), default=AttemptMethod.ONLINE)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    earned: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    possible: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    percent: Mapped[float] = mapped_column(sa.Float)
    # A post-test taken while the person had no pre-test: recorded as such.
    without_pre: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan",
                                                 back_populates="attempt")
    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"),
                                            index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="RESTRICT"),
                                             index=True)
    # The chosen choice ids, as a sorted comma-separated list ("" when unanswered).
    chosen: Mapped[str] = mapped_column(sa.String(200), default="")
    correct: Mapped[bool] = mapped_column(default=False)
    earned: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2), default=Decimal(0))

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class AttemptReset(db.Model):
    """The log of attempts staff reset, with the reason."""

    __tablename__ = "attempt_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"))
    kind: Mapped[AttemptKind] = mapped_column(enum_type(AttemptKind, "attempt_kind", length=10))
    percent: Mapped[float] = mapped_column(sa.Float)
    reason: Mapped[str] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SatisfactionItemKind(enum.StrEnum):
    SCALE = "scale"  # 1 to 5
    TEXT = "text"


class SatisfactionItem(db.Model):
    """A question of the satisfaction questionnaire (évaluation à chaud), shared by sessions."""

    __tablename__ = "satisfaction_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    kind: Mapped[SatisfactionItemKind] = mapped_column(
        enum_type(SatisfactionItemKind, "satisfaction_kind", length=10))
    text: Mapped[str] = mapped_column(sa.String(300))
    text_ar: Mapped[str | None] = mapped_column(sa.String(300))
    text_en: Mapped[str | None] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class SatisfactionResponse(db.Model):
    __tablename__ = "satisfaction_responses"
    __table_args__ = (sa.UniqueConstraint("session_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answers: Mapped[list[SatisfactionAnswer]] = relationship(cascade="all, delete-orphan")


class SatisfactionAnswer(db.Model):
    __tablename__ = "satisfaction_answers"
    __table_args__ = (
        sa.UniqueConstraint("response_id", "item_id"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("satisfaction_responses.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("satisfaction_items.id",
                                                       ondelete="RESTRICT"))
    rating: Mapped[int | None]
    text: Mapped[str] = mapped_column(sa.Text, default="")
