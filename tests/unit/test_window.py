"""A half-day's check-in window: open or, if not, why (not yet, closed by hand, over)."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from trainings.attendance.window import WindowState, window, window_is_open
from trainings.schedule.models import WindowOverride

START = datetime(2026, 12, 7, 8, 0, tzinfo=timezone.utc)  # 09:00 in Morocco
END = START + timedelta(hours=3, minutes=30)


def half_day(override=None):
    return SimpleNamespace(starts_at=START, ends_at=END, window_override=override)


@pytest.mark.parametrize("now, state", [
    (START - timedelta(minutes=31), WindowState.NOT_YET),
    (START - timedelta(minutes=30), WindowState.OPEN),
    (END, WindowState.OPEN),
    (END + timedelta(seconds=1), WindowState.OVER),
])
def test_the_automatic_window_runs_from_30_minutes_before_the_start_to_the_end(now, state):
    assert window(half_day(), now).state is state
    assert window_is_open(half_day(), now) is (state is WindowState.OPEN)


@pytest.mark.parametrize("now", [START - timedelta(days=1), START, END + timedelta(days=1)])
def test_the_trainers_override_wins_whatever_the_time(now):
    assert window(half_day(WindowOverride.CLOSED), now).state is WindowState.CLOSED_BY_STAFF
    assert window(half_day(WindowOverride.OPEN), now).state is WindowState.OPEN


def test_the_window_tells_when_it_opens_and_closes():
    status = window(half_day(), START - timedelta(hours=2))
    assert (status.opens_at, status.closes_at) == (START - timedelta(minutes=30), END)
