"""Organisations, participants (one person across all sessions) and their registrations."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import User, region_type
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db, enum_type, uid_column
from trainings.notice.notices import LegalBasis
from trainings.schedule.models import Session, kind_type, province_type


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


SEX_LABELS = {Sex.FEMALE: _l("Femme"), Sex.MALE: _l("Homme"), None: _l("Non renseigné")}
SEX_SHORT = {Sex.FEMALE: "F", Sex.MALE: "H", None: ""}
# What an anonymised person is called everywhere (trainings/privacy stores it as the last name).
ERASED_NAME = _l("Personne anonymisée")


class RegistrationSource(enum.StrEnum):
    STAFF = "staff"
    IMPORT = "import"
    WALK_IN = "walk-in"



class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (sa.UniqueConstraint("name", "region"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(kind_type)
    region: Mapped[str] = mapped_column(region_type, index=True)
    province: Mapped[str | None] = mapped_column(province_type)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"


class Participant(db.Model):
    """A person trained. Only what the sign-in sheet and donor reports need (law 09-08)."""

    __tablename__ = "participants"
    __table_args__ = (sa.Index("ix_participants_names", "last_name", "first_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    sex: Mapped[Sex | None] = mapped_column(enum_type(Sex, "sex"))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    function: Mapped[str] = mapped_column(sa.String(150), default="")
    phone: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    # The region whose staff recorded this person; sessions attended widen who may see them.
    region: Mapped[str] = mapped_column(region_type, index=True)
    # Why their data are held (law 09-08): registered by staff, or their own consent. Records
    # older than this column say "unknown": a basis is never presumed.
    legal_basis: Mapped[LegalBasis] = mapped_column(
        enum_type(LegalBasis, "legal_basis"), default=LegalBasis.UNKNOWN,
        server_default=LegalBasis.UNKNOWN.value)
    # The day staff told the person how their data are used (the notice), when they did.
    informed_on: Mapped[date | None] = mapped_column(sa.Date)
    # The notice's version (trainings/notice/notices.py) the person was given or agreed to.
    notice_version: Mapped[str | None] = mapped_column(sa.String(20))
    # When the person accepted the data notice on their own phone (law 09-08).
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person was anonymised (trainings/privacy): the record keeps only what the
    # figures need (sex, organisation, region, registrations, check-ins, scores).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return str(ERASED_NAME)
        return f"{self.last_name.upper()} {self.first_name}"

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.full_name!r}>"


class Registration(db.Model):
    """A participant expected at a session (registered ahead, imported, or walked in)."""

    __tablename__ = "registrations"
    __table_args__ = (sa.UniqueConstraint("session_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[RegistrationSource] = mapped_column(enum_type(RegistrationSource, "reg_source"),
                                                       default=RegistrationSource.STAFF)
    # Walk-ins registered themselves on the spot: the trainer reviews them.
    needs_review: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A newcomer's phone or e-mail was that of this known person, to whom the server attached
    # them without telling them: the name the newcomer typed, for staff to compare; None once
    # reviewed (or when nothing was matched).
    contact_match_name: Mapped[str | None] = mapped_column(sa.String(201))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[Session] = relationship()
    participant: Mapped[Participant] = relationship(lazy="joined")


class PersonMerge(db.Model):
    """The log of two records of one person merged into one: who, when, which records moved."""

    __tablename__ = "participant_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The record kept; the log stays (without it) if that record is deleted later.
    kept_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    removed_id: Mapped[int]  # the record merged into it, deleted: no foreign key
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # What moved, as JSON: {"check_ins": [ids], ..., "fields": ["phone", ...]}.
    moved: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
