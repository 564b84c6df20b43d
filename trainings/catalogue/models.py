"""The catalogue of trainings: modules reused by many sessions."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import code_type, db
from trainings.places import THEMES


class Training(db.Model):
    __tablename__ = "trainings"
    __table_args__ = (sa.CheckConstraint("duration_hours > 0", name="duration_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200), unique=True)
    theme: Mapped[str] = mapped_column(
        code_type(THEMES, "theme")
    )
    objectives: Mapped[str] = mapped_column(sa.Text, default="")
    duration_hours: Mapped[Decimal] = mapped_column(sa.Numeric(5, 1))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Training {self.id} {self.title!r}>"
