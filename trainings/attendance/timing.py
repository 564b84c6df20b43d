"""When an act on a half-day's attendance falls outside its times: what staff must confirm with a
reason, and what the sign-in sheets flag for an auditor. Pure: instants in, answers out."""
from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from trainings.clock import to_local

# The automatic check-in window runs from this long before the start to the end.
OPENS_BEFORE_START = timedelta(minutes=30)
# Opening a half-day by hand earlier than this before its start asks for a reason.
EARLY_OPENING = timedelta(hours=2)


class Timing(enum.StrEnum):
    """Where an act falls against a half-day's times, when it needs a reason."""

    EARLY = "early"  # a check-in before the window; an opening more than 2 hours early
    LATE = "late"  # a check-in after the end
    OTHER_DAY = "other_day"  # an opening on another day than the half-day's


# The mark a sign-in sheet puts after such a check-in, explained in a footnote.
TIMING_MARKS = {Timing.EARLY: "¹", Timing.LATE: "²"}


def window_bounds(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """The automatic check-in window: from 30 minutes before the start to the end, inclusive."""
    return starts_at - OPENS_BEFORE_START, ends_at


def check_in_timing(at: datetime, starts_at: datetime, ends_at: datetime) -> Timing | None:
    """EARLY for a check-in made more than 30 minutes before the start, LATE for one made after
    the end, None inside the window. The sign-in sheets flag the first two."""
    opens, closes = window_bounds(starts_at, ends_at)
    if at < opens:
        return Timing.EARLY
    if at > closes:
        return Timing.LATE
    return None


def opening_timing(now: datetime, day: date, starts_at: datetime) -> Timing | None:
    """Whether opening a half-day's check-in by hand now asks for a reason: OTHER_DAY on another
    day than the half-day's (in Morocco), EARLY on its day but more than two hours before its
    start, None otherwise."""
    if to_local(now).date() != day:
        return Timing.OTHER_DAY
    if now < starts_at - EARLY_OPENING:
        return Timing.EARLY
    return None
