"""The log of every download of personal data (who, what, when)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import User
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db


class DownloadLog(db.Model):
    __tablename__ = "download_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    # What was downloaded: "attendance-xlsx", "signin-pdf", "certificates-pdf", ...
    kind: Mapped[str] = mapped_column(sa.String(40))
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    # The filters or the person concerned, as the user chose them (JSON text).
    details: Mapped[str] = mapped_column(sa.Text, default="")
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user: Mapped[User | None] = relationship()
