"""The progress report as the page, the documents and the API read it. Pure: plain data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trainings.progress.figures import PeriodFigures
from trainings.progress.indicators import IndicatorRow
from trainings.progress.periods import Period


@dataclass
class ProgressReport:
    """Everything the page, the documents and the API show."""

    region: str | None
    theme: str | None
    period: Period
    previous: Period
    start: date | None  # of the programme (its first session), None before any
    threshold: int  # % of a session's half-days that makes it completed
    figures: PeriodFigures
    cumulative: PeriodFigures
    rows: list[IndicatorRow]
    targets_year: int

    def small_rows(self) -> list[IndicatorRow]:
        """The lines whose figure of the period is about fewer than 5 people."""
        return [row for row in self.rows if row.unit != "count" and row.period.small]
