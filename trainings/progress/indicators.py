"""The indicators of the progress report (docs/indicateurs.md), made from a period's figures,
and their progress against the year's targets. Pure: no Flask, no database."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from trainings.progress.figures import GROUPS, PeriodFigures

SMALL_GROUP = 5  # as the reports: a rate or a mean about fewer than 5 people is flagged
ASSOCIATIONS = ("osc", "diaspora")  # the kinds of organisation that are associations
TARGET_GROUPS = ("total", "women", "men")


@dataclass(frozen=True)
class Definition:
    """An indicator: its key (also its anchor in docs/indicateurs.md), its unit ("count",
    "percent" 0–100, "points" of gain, "rating" 1–5), whether it is given by sex, and whether
    it adds up over time (a count: its yearly target is measured from 1 January)."""

    key: str
    unit: str
    by_sex: bool
    adds_up: bool


DEFINITIONS = (
    Definition("sessions_held", "count", False, True),
    Definition("half_days_delivered", "count", False, True),
    Definition("people_trained", "count", True, True),
    Definition("share_women", "percent", False, False),
    Definition("share_women_associations", "percent", False, False),
    Definition("attendances", "count", True, True),
    Definition("attendance_rate", "percent", True, False),
    Definition("people_completed", "count", True, True),
    Definition("completion_rate", "percent", True, False),
    Definition("mean_gain", "points", True, False),
    Definition("share_pass_post", "percent", True, False),
    Definition("satisfaction_mean", "rating", True, False),
    Definition("new_people", "count", True, True),
    Definition("returning_people", "count", True, True),
)
BY_KEY = {definition.key: definition for definition in DEFINITIONS}


@dataclass(frozen=True)
class Figure:
    """One figure: its value (None where undefined: "—"), the number of people it is about,
    and, for a mean gain, its 95 % confidence interval."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None

    @property
    def small(self) -> bool:
        return 0 < self.n < SMALL_GROUP


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _counts(counts: Mapping[str, int]) -> dict[str, Figure]:
    return {group: Figure(counts.get(group, 0), counts.get(group, 0)) for group in GROUPS}


def _rates(parts: Mapping[str, int], wholes: Mapping[str, int],
           people: Mapping[str, int]) -> dict[str, Figure]:
    return {group: Figure(_percent(parts.get(group, 0), wholes.get(group, 0)),
                          people.get(group, 0)) for group in GROUPS}


def _women_among(counts: Mapping[str, int]) -> dict[str, Figure]:
    total = counts.get("total", 0)
    return {"total": Figure(_percent(counts.get("women", 0), total), total)}


def _associations(figures: PeriodFigures) -> dict[str, int]:
    counts = dict.fromkeys(GROUPS, 0)
    for kind in ASSOCIATIONS:
        for group, n in figures.by_kind.get(kind, {}).items():
            counts[group] += n
    return counts


def _gains(figures: PeriodFigures) -> dict[str, dict[str, Figure]]:
    mean_gain, passing = {}, {}
    for group in GROUPS:
        gain = figures.gains.get(group) or {}
        n = gain.get("n_paired", 0)
        mean_gain[group] = Figure(gain.get("mean_gain"), n, gain.get("ci95_low"),
                                  gain.get("ci95_high"))
        share = gain.get("share_pass_post")
        passing[group] = Figure(None if share is None else 100 * share, n)
    return {"mean_gain": mean_gain, "share_pass_post": passing}


def _satisfaction(figures: PeriodFigures) -> dict[str, Figure]:
    return {group: Figure((figures.satisfaction.get(group) or {}).get("mean"),
                          (figures.satisfaction.get(group) or {}).get("n", 0))
            for group in GROUPS}


def indicator_values(figures: PeriodFigures) -> dict[str, dict[str, Figure]]:
    """Every indicator's figures by group ("total" only for those not given by sex)."""
    sessions = len(figures.sessions)
    new = {group: figures.people[group] - figures.returning[group] for group in GROUPS}
    return {
        "sessions_held": {"total": Figure(sessions, 0)},
        "half_days_delivered": {"total": Figure(figures.half_days, 0)},
        "people_trained": _counts(figures.people),
        "share_women": _women_among(figures.people),
        "share_women_associations": _women_among(_associations(figures)),
        "attendances": _counts(figures.attendances),
        "attendance_rate": _rates(figures.present_half_days, figures.registered_half_days,
                                  figures.people),
        "people_completed": _counts(figures.completed),
        "completion_rate": _rates(figures.completed, figures.people, figures.people),
        **_gains(figures),
        "satisfaction_mean": _satisfaction(figures),
        "new_people": _counts(new),
        "returning_people": _counts(figures.returning),
    }


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicator table: an indicator for one group, in the period, the
    previous period, cumulatively since the programme started and from 1 January, with the
    year's target, the progress towards it (in %) and whether it is behind."""

    key: str
    unit: str
    group: str
    period: Figure
    previous: Figure
    cumulative: Figure
    year_to_date: Figure
    target: float | None
    progress: float | None
    behind: bool | None


def progress_towards(definition: Definition, period: Figure, year_to_date: Figure,
                     target: float | None, elapsed: float) -> tuple[float | None, bool | None]:
    """Progress in % of the target and whether the indicator is behind. A count is measured
    from 1 January and expected pro rata of the year elapsed (`elapsed`, a fraction); a rate,
    a share or a mean is measured on the period and expected in full."""
    basis = year_to_date.value if definition.adds_up else period.value
    if target is None or basis is None:
        return None, None
    progress = 100 * basis / target if target else None
    expected = target * elapsed if definition.adds_up else target
    return progress, basis < expected


def shown_groups(definition: Definition, with_unknown: bool) -> tuple[str, ...]:
    if not definition.by_sex:
        return ("total",)
    return ("women", "men") + (("unknown",) if with_unknown else ()) + ("total",)


def indicator_rows(period: PeriodFigures, previous: PeriodFigures, cumulative: PeriodFigures,
                   year_to_date: PeriodFigures, targets: Mapping[tuple[str, str], float],
                   elapsed: float) -> list[IndicatorRow]:
    """The indicator table. The not-recorded lines appear when someone of unknown sex was
    trained since the programme started; targets: (indicator, group) -> the year's value."""
    values = [indicator_values(figures)
              for figures in (period, previous, cumulative, year_to_date)]
    with_unknown = cumulative.people["unknown"] > 0 or period.people["unknown"] > 0
    rows = []
    for definition in DEFINITIONS:
        for group in shown_groups(definition, with_unknown):
            now, before, since_start, this_year = (
                value[definition.key][group] for value in values)
            target = targets.get((definition.key, group))
            progress, behind = progress_towards(definition, now, this_year, target, elapsed)
            rows.append(IndicatorRow(definition.key, definition.unit, group, now, before,
                                     since_start, this_year, target, progress, behind))
    return rows
