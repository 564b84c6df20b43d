"""The targets of the progress report: one value per indicator, group and programme year."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db


class ProgressTarget(db.Model):
    """A target such as "600 people trained in 2027" (indicator people_trained, group total) or
    "40 % of the people trained are women" (share_women, total). The value is in the indicator's
    display unit: a count, a percentage (0–100), points of gain, or a rating (1–5)."""

    __tablename__ = "progress_targets"
    __table_args__ = (
        sa.UniqueConstraint("indicator", "group", "year", name="uq_progress_targets"),
        sa.CheckConstraint("value >= 0", name="value"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(sa.String(40))
    group: Mapped[str] = mapped_column(sa.String(10), default="total")  # women, men, total
    year: Mapped[int]
    value: Mapped[float] = mapped_column(sa.Float)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
