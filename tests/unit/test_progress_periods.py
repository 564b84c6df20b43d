"""Quarters and periods of the progress report, and its indicators' progress towards targets:
pure code, no app."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainings.progress import periods
from trainings.progress.indicators import BY_KEY, Figure, progress_towards
from trainings.progress.periods import Period


def test_quarters_and_their_codes():
    assert periods.parse_quarter("2027-T2") == Period(date(2027, 4, 1), date(2027, 6, 30))
    assert periods.parse_quarter("2027-T4").end == date(2027, 12, 31)
    assert periods.parse_quarter("2027-T5") is None
    assert periods.parse_quarter("1999-T1") is None
    assert periods.quarter_of(date(2028, 2, 29)).quarter == "2028-T1"
    assert Period(date(2027, 4, 1), date(2027, 6, 29)).quarter is None


def test_the_period_before():
    assert periods.previous(periods.parse_quarter("2027-T1")) == \
        Period(date(2026, 10, 1), date(2026, 12, 31))
    assert periods.previous(Period(date(2027, 3, 11), date(2027, 3, 20))) == \
        Period(date(2027, 3, 1), date(2027, 3, 10))


def test_the_period_asked_for():
    today = date(2026, 12, 3)
    assert periods.period_of(None, None, today) == periods.parse_quarter("2026-T4")
    assert periods.period_of(date(2026, 5, 10), None, today) == \
        Period(date(2026, 5, 10), date(2026, 6, 30))
    assert periods.period_of(None, date(2026, 5, 10), today) == \
        Period(date(2026, 4, 1), date(2026, 5, 10))


@given(st.dates(), st.dates())
def test_any_dates_have_a_period_before_and_a_year_elapsed(first, second):
    start, end = sorted((first, second))
    period = periods.period_of(start, end, date(2026, 12, 3))
    before = periods.previous(period)
    assert before.start <= before.end <= period.start
    assert 0 <= periods.share_of_year_elapsed(period.end, date(2026, 12, 3)) <= 1


def test_a_count_is_expected_pro_rata_and_a_share_in_full():
    people = BY_KEY["people_trained"]
    # 300 people by 30 June against 600 in the year: half the year, half the target.
    assert progress_towards(people, Figure(100, 100), Figure(300, 300), 600, 0.5) == \
        (50.0, False)
    assert progress_towards(people, Figure(100, 100), Figure(290, 290), 600, 0.5) == \
        (pytest.approx(290 / 6), True)
    share = BY_KEY["share_women"]
    assert progress_towards(share, Figure(38, 50), Figure(45, 90), 40, 0.5)[1] is True
    assert progress_towards(share, Figure(None, 0), Figure(45, 90), 40, 0.5) == (None, None)
    assert progress_towards(share, Figure(50, 8), Figure(45, 90), None, 0.5) == (None, None)
