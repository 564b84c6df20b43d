"""Pure rules for half-days: which ones a span of dates makes, their default hours, and on which
day one may be added or moved."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, time, timedelta

from trainings.schedule.models import Period

DEFAULT_HOURS: dict[Period, tuple[time, time]] = {
    Period.MORNING: (time(9, 0), time(12, 30)),
    Period.AFTERNOON: (time(14, 0), time(17, 0)),
}


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def default_half_days(start: date, end: date) -> list[tuple[date, Period, time, time]]:
    """A morning and an afternoon for every day from start to end, with default hours."""
    return [(day, period, *DEFAULT_HOURS[period])
            for day in days_between(start, end) for period in (Period.MORNING, Period.AFTERNOON)]


# Why a half-day may not be placed on a day (the views word them).
OUTSIDE_SESSION = "outside_session"
TAKEN = "taken"
HAS_CHECK_INS = "has_check_ins"


def placement_problem(day: date, period: Period, session_dates: tuple[date, date],
                      taken: Collection[tuple[date, Period]]) -> str | None:
    """A new half-day's: its day lies within its session's dates, and that session has no
    other half-day of the same day and period."""
    first, last = session_dates
    if not first <= day <= last:
        return OUTSIDE_SESSION
    return TAKEN if (day, period) in taken else None


def move_problem(day: date, current: tuple[date, Period], session_dates: tuple[date, date],
                 taken: Collection[tuple[date, Period]], has_check_ins: bool) -> str | None:
    """An existing half-day's, moved to `day`: a new half-day's rules, and no check-in
    recorded, since people signed in on its day and the sign-in sheet must say so."""
    if day == current[0]:
        return None
    if has_check_ins:
        return HAS_CHECK_INS
    return placement_problem(day, current[1], session_dates, taken)
