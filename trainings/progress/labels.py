"""The words and the number formats of the progress report's documents, given by the caller
(translated outside), so that the writers stay pure: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass, field

from babel.numbers import format_decimal, format_percent

from trainings.i18n import percent_pattern
from trainings.progress.indicators import Figure

DASH = "—"


@dataclass(frozen=True)
class Labels:
    """Every word of the Word document and the workbook. Sentences hold %(name)s
    placeholders; `locale` writes the numbers ("60,4 %" in French)."""

    locale: str
    right_to_left: bool
    title: str
    period: str
    previous: str
    cumulative: str
    target: str
    progress: str
    status: str
    behind: str
    on_track: str
    no_target: str
    indicator: str
    group: str
    small_flag: str
    groups: dict[str, str]
    indicators: dict[str, str]
    period_heading: str
    period_line: str  # %(start)s, %(end)s
    previous_line: str  # %(start)s, %(end)s
    cumulative_line: str  # %(start)s, %(end)s
    summary_heading: str
    summary_people: str  # %(people)s, %(women)s, %(share)s
    summary_sessions: str  # %(sessions)s, %(half_days)s
    summary_gain: str  # %(gain)s, %(n)s
    summary_completion: str  # %(rate)s, %(threshold)s
    summary_behind: str  # %(indicators)s
    summary_nothing: str
    indicators_heading: str
    sessions_heading: str
    session_columns: tuple[str, ...]  # dates, session, place, women, men, unknown, total, gain
    no_sessions: str
    charts_heading: str
    method_heading: str
    method: tuple[str, ...]  # paragraphs, with %(threshold)s
    small_heading: str
    small_none: str
    small_line: str  # %(indicator)s, %(group)s, %(n)s
    indicators_sheet: str
    sessions_sheet: str
    data_sheet: str
    data_columns: tuple[str, ...]
    chart_people: str
    chart_gain: str
    chart_scores: str
    chart_pre: str
    chart_post: str
    breakdown_kind: str
    breakdown_region: str
    kinds: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    provinces: dict[str, str] = field(default_factory=dict)
    selection: tuple[tuple[str, str], ...] = ()


def number(value: float, locale: str, decimals: int = 1) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=locale)


def percent(value: float, locale: str) -> str:
    """62.5 -> "62,5 %" in French."""
    return format_percent(value / 100, percent_pattern("#,##0%" if locale.startswith(("ar", "en"))
                                                       else "#,##0\u00a0%", 1), locale=locale)


def figure_text(figure: Figure, unit: str, locale: str) -> str:
    """A figure as a reader sees it: "—" where undefined (a group of nobody)."""
    if figure.value is None:
        return DASH
    if unit == "count":
        return number(figure.value, locale, 0)
    if unit == "percent":
        return percent(figure.value, locale)
    return number(figure.value, locale, 2 if unit == "rating" else 1)


def target_text(value: float | None, unit: str, locale: str) -> str:
    if value is None:
        return DASH
    return figure_text(Figure(value, 1), unit, locale)
