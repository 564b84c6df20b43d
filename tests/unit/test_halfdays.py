"""Pure half-day rules, without an application."""
from datetime import date, time

from trainings.schedule.halfdays import (
    HAS_CHECK_INS, OUTSIDE_SESSION, TAKEN, days_between, default_half_days, move_problem,
    placement_problem,
)
from trainings.schedule.models import Period


def test_one_day_gives_a_morning_and_an_afternoon():
    assert default_half_days(date(2026, 12, 7), date(2026, 12, 7)) == [
        (date(2026, 12, 7), Period.MORNING, time(9, 0), time(12, 30)),
        (date(2026, 12, 7), Period.AFTERNOON, time(14, 0), time(17, 0)),
    ]


def test_span_across_a_month_end_counts_every_day():
    days = days_between(date(2026, 12, 30), date(2027, 1, 2))
    assert days == [date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2)]
    assert len(default_half_days(days[0], days[-1])) == 8


def test_end_before_start_gives_nothing():
    assert default_half_days(date(2026, 12, 8), date(2026, 12, 7)) == []


SESSION = (date(2026, 12, 7), date(2026, 12, 9))
MONDAY, TUESDAY, WEDNESDAY = days_between(*SESSION)
# A three-day session whose Tuesday afternoon was removed; the half-day moved is Monday morning.
OTHERS = {(MONDAY, Period.AFTERNOON), (TUESDAY, Period.MORNING), (WEDNESDAY, Period.MORNING),
          (WEDNESDAY, Period.AFTERNOON)}


def test_a_new_half_day_lies_within_its_session_and_is_not_there_already():
    assert placement_problem(TUESDAY, Period.AFTERNOON, SESSION, OTHERS) is None
    assert placement_problem(TUESDAY, Period.MORNING, SESSION, OTHERS) == TAKEN
    for outside in (date(2026, 12, 6), date(2026, 12, 10)):
        assert placement_problem(outside, Period.AFTERNOON, SESSION, OTHERS) == OUTSIDE_SESSION
    assert placement_problem(WEDNESDAY, Period.MORNING, SESSION, OTHERS) == TAKEN


def test_a_half_day_moves_to_a_free_day_of_its_session_when_nobody_checked_in():
    monday_morning = (MONDAY, Period.MORNING)
    assert move_problem(TUESDAY, monday_morning, SESSION, OTHERS, False) == TAKEN
    assert move_problem(date(2026, 12, 10), monday_morning, SESSION, OTHERS, False) == (
        OUTSIDE_SESSION)
    assert move_problem(TUESDAY, (MONDAY, Period.AFTERNOON), SESSION, OTHERS, False) is None


def test_a_half_day_with_check_ins_keeps_its_day_but_its_times_may_change():
    monday_afternoon = (MONDAY, Period.AFTERNOON)
    assert move_problem(TUESDAY, monday_afternoon, SESSION, OTHERS, True) == HAS_CHECK_INS
    assert move_problem(MONDAY, monday_afternoon, SESSION, OTHERS, True) is None
