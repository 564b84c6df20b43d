"""A half-day's check-in window: open or not at a given instant, and if not, why. Pure: it reads
the half-day's times and override (an ORM row or any object with those attributes)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from trainings.attendance import timing
from trainings.clock import utcnow
from trainings.schedule.models import WindowOverride

class HalfDayTimes(Protocol):
    starts_at: datetime
    ends_at: datetime
    window_override: WindowOverride | None


class WindowState(enum.StrEnum):
    OPEN = "open"
    NOT_YET = "not_yet"  # automatic, before it opens
    CLOSED_BY_STAFF = "closed_by_staff"  # a trainer pressed "Fermer maintenant"
    OVER = "over"  # automatic, after the end of the half-day


@dataclass(frozen=True)
class Window:
    state: WindowState
    opens_at: datetime  # when the automatic window opens (UTC)
    closes_at: datetime  # when it closes: the end of the half-day (UTC)

    @property
    def is_open(self) -> bool:
        return self.state is WindowState.OPEN


def window_bounds(half_day: HalfDayTimes) -> tuple[datetime, datetime]:
    """The automatic check-in window: from 30 minutes before the start to the end."""
    return timing.window_bounds(half_day.starts_at, half_day.ends_at)


def window(half_day: HalfDayTimes, now: datetime | None = None) -> Window:
    """The window at `now` (default: now). The trainer's override wins over the times."""
    opens, closes = window_bounds(half_day)
    if half_day.window_override == WindowOverride.OPEN:
        state = WindowState.OPEN
    elif half_day.window_override == WindowOverride.CLOSED:
        state = WindowState.CLOSED_BY_STAFF
    else:
        now = now or utcnow()
        state = (WindowState.NOT_YET if now < opens else WindowState.OVER if now > closes
                 else WindowState.OPEN)
    return Window(state, opens, closes)


def window_is_open(half_day: HalfDayTimes, now: datetime | None = None) -> bool:
    return window(half_day, now).is_open
