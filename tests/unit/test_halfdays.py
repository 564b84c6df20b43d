"""Pure half-day rules, without an application."""
from datetime import date, time

from trainings.schedule.halfdays import days_between, default_half_days
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
