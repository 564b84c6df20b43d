"""The field kit's own tables: the kits a central server issued, the sessions a laptop holds
as field copies, and the results packages a central server received."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db


class FieldKit(db.Model):
    """A kit made on this (central) server. Its key signs the results the laptop sends back:
    a results package is accepted only with the key of a kit this server made for its session."""

    __tablename__ = "field_kits"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(sa.Uuid(as_uuid=True), unique=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            index=True)
    made_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    results_key: Mapped[str] = mapped_column(sa.String(64))
    # When the newest results imported from this kit were made on the laptop: an older
    # package would bring back what a newer one had undone, so it is refused.
    results_made_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FieldCopy(db.Model):
    """A session loaded on this laptop from a kit: where it came from and what it held."""

    __tablename__ = "field_copies"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    kit_uid: Mapped[uuid.UUID] = mapped_column(sa.Uuid(as_uuid=True))
    kit_made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The central server: its name (address) and the public key that signed the kit.
    server_name: Mapped[str] = mapped_column(sa.String(200), default="")
    server_key: Mapped[str] = mapped_column(sa.String(100))
    central_session_id: Mapped[int] = mapped_column(sa.Integer)
    results_key: Mapped[str] = mapped_column(sa.String(64))
    # The uids of the records the kit brought (JSON): one of them missing here later was
    # undone on the laptop (a check-in cancelled, a test reset), and the central copy follows.
    kit_records: Mapped[str] = mapped_column(sa.Text, default="{}")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FieldUpload(db.Model):
    """A results package received by this server, from the import page or pushed through the
    API (in pieces, resumed after a cut): kept until it is applied, then as its record."""

    __tablename__ = "field_uploads"
    __table_args__ = (sa.UniqueConstraint("user_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the whole package, hex: the sender names it before sending it.
    digest: Mapped[str] = mapped_column(sa.String(64))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    size: Mapped[int] = mapped_column(sa.Integer)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, default=b"")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the import did (JSON counts), once applied.
    outcome: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def complete(self) -> bool:
        return len(self.content) == self.size
