"""Pure rules for half-days: which ones a span of dates makes, and their default hours."""
from __future__ import annotations

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
