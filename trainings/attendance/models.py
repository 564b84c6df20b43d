"""Check-ins: one per person and half-day, enforced by the database."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import User
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db, enum_type, uid_column
from trainings.registry.models import Participant
from trainings.schedule.models import HalfDay


class CheckInMethod(enum.StrEnum):
    QR = "qr"
    BADGE = "badge"
    MANUAL = "manual"
    PAPER = "paper"


METHOD_LABELS = {
    CheckInMethod.QR: _l("QR code (téléphone)"),
    CheckInMethod.BADGE: _l("Badge scanné"),
    CheckInMethod.MANUAL: _l("Pointage manuel"),
    CheckInMethod.PAPER: _l("Feuille papier"),
}


class CheckIn(db.Model):
    __tablename__ = "check_ins"
    # One check-in per person and half-day; its index also serves every lookup by half-day, so
    # half_day_id has no index of its own (one index less to write at each check-in).
    __table_args__ = (sa.UniqueConstraint("half_day_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    half_day_id: Mapped[int] = mapped_column(sa.ForeignKey("half_days.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    method: Mapped[CheckInMethod] = mapped_column(
        enum_type(CheckInMethod, "checkin_method", length=10))
    # Staff who checked the person in (manual, badge, paper); empty for a self check-in.
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A finger signature as SVG path data, or "typed:<name>" when drawn without JavaScript.
    signature: Mapped[str | None] = mapped_column(sa.Text)

    half_day: Mapped[HalfDay] = relationship()
    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class OutOfWindowAct(enum.StrEnum):
    """What staff did outside a half-day's check-in times, having given a reason."""

    OPENED = "opened"  # opened its check-in by hand early, or on another day
    MANUAL = "manual"  # checked a person in from the roster
    BADGE = "badge"  # scanned a person's badge


OUT_OF_WINDOW_ACT_LABELS = {
    OutOfWindowAct.OPENED: _l("Pointage ouvert à la main"),
    OutOfWindowAct.MANUAL: _l("Pointage manuel"),
    OutOfWindowAct.BADGE: _l("Badge scanné"),
}


class OutOfWindowLog(db.Model):
    """The log of acts outside a half-day's check-in times (who, what, when, why): the answer
    to an auditor asking how people checked in to Friday's half-day on Thursday."""

    __tablename__ = "out_of_window_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    half_day_id: Mapped[int] = mapped_column(sa.ForeignKey("half_days.id", ondelete="CASCADE"),
                                             index=True)
    act: Mapped[OutOfWindowAct] = mapped_column(
        enum_type(OutOfWindowAct, "out_of_window_act", length=10))
    # The person checked in; empty for an opening.
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.Text)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")
