"""The calendar's month parameter: a drawable month or None (trainings.schedule.months)."""
from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, strategies as st

from trainings.schedule import months


def test_a_month_is_read_from_aaaa_mm_only():
    assert months.month_start("2026-12") == date(2026, 12, 1)
    for text in ("2026-1", "26-12", "2026-12-01", " 2026-12", "2026/12", "", "٢٠٢٦-١٢",
                 "9999-12", "0001-01", "2026-13", "2026-00", "99999999999999999999-1"):
        assert months.month_start(text) is None, text


@given(st.text(max_size=30))
def test_any_text_is_a_drawable_month_or_none(text):
    first = months.month_start(text)
    if first is not None:
        calendar.Calendar().monthdatescalendar(first.year, first.month)
        assert months.previous_month(first) < first < months.next_month(first)


@given(st.integers(months.FIRST_YEAR, months.LAST_YEAR), st.integers(1, 12))
def test_every_month_in_range_is_drawable_with_its_neighbours(year, month):
    first = months.month_start(f"{year:04d}-{month:02d}")
    assert first == date(year, month, 1)
    weeks = calendar.Calendar().monthdatescalendar(year, month)
    assert weeks[0][0] <= first <= weeks[-1][-1]
    assert months.previous_month(first).month == (month - 2) % 12 + 1
    assert months.next_month(first).month == month % 12 + 1
