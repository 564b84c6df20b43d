"""Sessions (deliveries of a training) and their half-days, the unit of attendance."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import region_type
from trainings.catalogue.models import Training
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import code_type, db, enum_type, uid_column
from trainings.places import ORGANIZATION_KINDS, PROVINCES


class SessionStatus(enum.StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    SessionStatus.DRAFT: _l("Brouillon"),
    SessionStatus.PLANNED: _l("Planifiée"),
    SessionStatus.HELD: _l("Réalisée"),
    SessionStatus.CANCELLED: _l("Annulée"),
}


class Period(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"


PERIOD_LABELS = {Period.MORNING: _l("matin"), Period.AFTERNOON: _l("après-midi")}

province_type = code_type(PROVINCES, "province")
kind_type = code_type(ORGANIZATION_KINDS, "organization_kind")



class Session(db.Model):
    __tablename__ = "sessions"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_ordered"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint("certificate_threshold BETWEEN 0 AND 100",
                           name="certificate_threshold_percent"),
        sa.Index("ix_sessions_region_start", "region", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    training_id: Mapped[int] = mapped_column(sa.ForeignKey("trainings.id", ondelete="RESTRICT"),
                                             index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    region: Mapped[str] = mapped_column(region_type)
    province: Mapped[str] = mapped_column(province_type)
    venue: Mapped[str] = mapped_column(sa.String(200), default="")
    start_date: Mapped[date] = mapped_column(sa.Date, index=True)
    end_date: Mapped[date] = mapped_column(sa.Date)
    trainers: Mapped[str] = mapped_column(sa.String(300), default="")
    capacity: Mapped[int | None]
    status: Mapped[SessionStatus] = mapped_column(enum_type(SessionStatus, "session_status"),
                                                  default=SessionStatus.DRAFT)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Check-in settings: a rotating QR code (off for a printed poster), a finger signature.
    qr_rotation: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    require_signature: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Share of the half-days a person must attend to receive a certificate of attendance.
    certificate_threshold: Mapped[int] = mapped_column(default=80, server_default="80")
    # The language of the participants' pages on a first visit (trainings/i18n.py).
    language: Mapped[str] = mapped_column(sa.String(2), default="fr", server_default="fr")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    training: Mapped[Training] = relationship(lazy="joined", innerjoin=True)
    audience_rows: Mapped[list[SessionAudience]] = relationship(
        cascade="all, delete-orphan", order_by="SessionAudience.kind", lazy="selectin"
    )
    half_days: Mapped[list[HalfDay]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="[HalfDay.date, HalfDay.starts_at]",
    )

    @property
    def audience(self) -> list[str]:
        return [row.kind for row in self.audience_rows]

    @audience.setter
    def audience(self, kinds: list[str]) -> None:
        kept = {row.kind: row for row in self.audience_rows}
        self.audience_rows = [kept.get(kind) or SessionAudience(kind=kind) for kind in kinds]

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.title!r}>"


class SessionAudience(db.Model):
    """One organisation kind a session is meant for."""

    __tablename__ = "session_audiences"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    kind: Mapped[str] = mapped_column(kind_type, primary_key=True)


class WindowOverride(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class HalfDay(db.Model):
    """A morning or an afternoon of a session: attendance is taken per half-day."""

    __tablename__ = "half_days"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "date", "period"),
        sa.CheckConstraint("ends_at > starts_at", name="times_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    date: Mapped[date] = mapped_column(sa.Date)
    period: Mapped[Period] = mapped_column(enum_type(Period, "period"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The check-in window follows the times unless the trainer opened or closed it by hand.
    window_override: Mapped[WindowOverride | None] = mapped_column(
        enum_type(WindowOverride, "window_override"))

    session: Mapped[Session] = relationship(back_populates="half_days")

    def __repr__(self) -> str:
        return f"<HalfDay {self.session_id} {self.date} {self.period}>"
