"""Quarters and periods of the progress report. Pure: plain dates in, plain dates out."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER = re.compile(r"(?P<year>\d{4})-T(?P<quarter>[1-4])")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def quarter(self) -> str | None:
        """"2027-T2" when the period is exactly a calendar quarter, else None."""
        return quarter_code(self.start) if quarter_of(self.start) == self else None


def quarter_of(day: date) -> Period:
    """The calendar quarter holding the day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        return Period(start, date(day.year, 12, 31))
    return Period(start, date(day.year, first_month + 3, 1) - timedelta(days=1))


def quarter_code(day: date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def parse_quarter(code: str) -> Period | None:
    """The quarter of a code such as "2027-T2", None when the code is not one."""
    match = QUARTER.fullmatch(code or "")
    if not match or not 2000 <= int(match["year"]) <= 2100:
        return None
    return quarter_of(date(int(match["year"]), 3 * int(match["quarter"]) - 2, 1))


def period_of(date_from: date | None, date_to: date | None, today: date) -> Period:
    """The period asked for: both dates; one date and the end (or start) of its quarter; or,
    without dates, the quarter of today."""
    if date_from and date_to:
        return Period(date_from, date_to)
    if date_from:
        return Period(date_from, quarter_of(date_from).end)
    if date_to:
        return Period(quarter_of(date_to).start, date_to)
    return quarter_of(today)


def previous(period: Period) -> Period:
    """The quarter before a quarter; for other dates, the period of the same length just
    before."""
    if period.start == date.min:  # nothing before the calendar's first day
        return Period(date.min, date.min)
    end = period.start - timedelta(days=1)
    if period.quarter:
        return quarter_of(end)
    length = period.end - period.start
    return Period(end - length if end - date.min > length else date.min, end)


def year_to_date(period: Period) -> Period:
    """From 1 January of the period's last year to the period's end: what a yearly target of
    a count is measured on."""
    return Period(date(period.end.year, 1, 1), period.end)


def share_of_year_elapsed(end: date, today: date) -> float:
    """How much of the year of `end` has elapsed by `end` (or by today, when earlier), as a
    fraction: a count target is on track when reached pro rata."""
    as_of = min(end, today)
    if as_of.year < end.year:
        return 0.0
    first = date(end.year, 1, 1)
    days = 366 if calendar.isleap(end.year) else 365
    return min(1.0, ((as_of - first).days + 1) / days)


def recent_quarters(today: date, count: int = 12) -> list[str]:
    """The codes of the quarter of today and of the ones before it, newest first."""
    quarters, day = [], today
    for _ in range(count):
        quarter = quarter_of(day)
        quarters.append(quarter_code(quarter.start))
        day = quarter.start - timedelta(days=1)
    return quarters
