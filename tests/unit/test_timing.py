"""The rules of acts outside a half-day's times: which check-ins the sign-in sheets flag, which
openings by hand ask for a reason."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, strategies as st

from trainings.attendance.timing import (
    Timing, check_in_timing, opening_timing, window_bounds,
)
from trainings.clock import local_to_utc

THURSDAY = date(2026, 12, 3)
START, END = local_to_utc(THURSDAY, time(14, 0)), local_to_utc(THURSDAY, time(17, 0))
SECOND = timedelta(seconds=1)


def test_a_check_in_up_to_30_minutes_before_the_start_and_until_the_end_is_not_flagged():
    assert check_in_timing(START - timedelta(minutes=30), START, END) is None
    assert check_in_timing(START, START, END) is None
    assert check_in_timing(END, START, END) is None


def test_a_check_in_earlier_or_after_the_end_is_flagged():
    assert check_in_timing(START - timedelta(minutes=30) - SECOND, START, END) == Timing.EARLY
    assert check_in_timing(local_to_utc(THURSDAY, time(7, 51)), START, END) == Timing.EARLY
    assert check_in_timing(END + SECOND, START, END) == Timing.LATE


@given(st.datetimes(min_value=datetime(2026, 12, 1), max_value=datetime(2026, 12, 6))
       .map(lambda moment: moment.replace(tzinfo=timezone.utc)))
def test_only_check_ins_outside_the_automatic_window_are_flagged(moment):
    opens, closes = window_bounds(START, END)
    assert (check_in_timing(moment, START, END) is None) == (opens <= moment <= closes)


def test_opening_more_than_two_hours_before_the_start_asks_for_a_reason():
    assert opening_timing(local_to_utc(THURSDAY, time(7, 51)), THURSDAY, START) == Timing.EARLY
    assert opening_timing(START - timedelta(hours=2) - SECOND, THURSDAY, START) == Timing.EARLY
    assert opening_timing(START - timedelta(hours=2), THURSDAY, START) is None


def test_opening_on_another_day_asks_for_a_reason_whatever_the_hour():
    friday = local_to_utc(date(2026, 12, 4), time(9, 0))
    assert opening_timing(local_to_utc(THURSDAY, time(16, 30)), date(2026, 12, 4),
                          friday) == Timing.OTHER_DAY
    assert opening_timing(local_to_utc(date(2026, 12, 4), time(0, 5)), THURSDAY,
                          START) == Timing.OTHER_DAY


def test_opening_after_the_end_on_the_same_day_asks_nothing():
    assert opening_timing(END + timedelta(hours=3), THURSDAY, START) is None


def test_the_day_is_moroccos_not_utcs():
    # 00:30 in Morocco is still the day before in UTC: the same day as a half-day at 02:00.
    now, starts = local_to_utc(THURSDAY, time(0, 30)), local_to_utc(THURSDAY, time(2, 0))
    assert now.date() == date(2026, 12, 2)
    assert opening_timing(now, THURSDAY, starts) is None
