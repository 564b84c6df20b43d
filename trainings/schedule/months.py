"""The calendar's month, read from its « month=AAAA-MM » parameter: a month the calendar can
draw (its weeks and its neighbours included), or None for anything else."""
from __future__ import annotations

import re
from datetime import date

# Wide enough for any session, narrow enough that the weeks around a month, and the months
# before and after it, are still dates Python can hold (years 1 to 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2999
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # \d would take Arabic digits


def month_start(text: str) -> date | None:
    """The first day of the month « AAAA-MM », or None when it is not one (or out of range)."""
    match = MONTH.fullmatch(text)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def next_month(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)
