"""Queries behind the progress report: the counts of one period (figures.PeriodFigures), each
in a fixed number of queries. People, attendances, completion and gains come from the
programme report's own functions (trainings.reports.services), so that every figure equals
the programme report and the API for the same selection."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app

from trainings.assessments.models import (
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
)
from trainings.attendance.models import CheckIn
from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.progress import indicators, periods
from trainings.progress.figures import GROUPS, PeriodFigures, SessionHeld, by_sex
from trainings.progress.report import ProgressReport
from trainings.progress.models import ProgressTarget
from trainings.registry.models import Organization, Participant, Registration
from trainings.reports import charts, statistics
from trainings.reports.services import (
    ReportFilters, people_counts, programme_report, selected_sessions,
)
from trainings.schedule.models import HalfDay, Session, SessionAudience
from trainings.schedule.selection import Selection

DEFAULT_COMPLETION_THRESHOLD = 80


@dataclass
class ProgressSelection(Selection):
    """The progress report's selection: region, theme and period (a quarter by default)."""

    criteria = ("region", "theme", "from", "to")


def completion_threshold() -> int:
    """PROGRESS_COMPLETION_THRESHOLD: the % of a session's half-days that makes a person
    count as having completed it (80 by default)."""
    return int(current_app.config.get("PROGRESS_COMPLETION_THRESHOLD",
                                      DEFAULT_COMPLETION_THRESHOLD))


def _sex_counts(rows: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    counts = by_sex()
    for sex, n in rows:
        counts[statistics.SEX_GROUP[sex]] += int(n or 0)
        counts["total"] += int(n or 0)
    return counts


_SEX = sa.type_coerce(Participant.sex, sa.String)


def _present(session_ids: sa.Select) -> sa.Subquery:
    """(session, participant) present at one half-day or more of the sessions."""
    return (sa.select(HalfDay.session_id, CheckIn.participant_id)
            .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
            .where(HalfDay.session_id.in_(session_ids)).distinct().subquery("present"))


def _sessions_held(session_ids: sa.Select, gains: dict[int, tuple[float | None, int]]
                   ) -> list[SessionHeld]:
    """The sessions with at least one attendance, with their delivered half-days and people."""
    delivered = dict(db.session.execute(
        sa.select(HalfDay.session_id, sa.func.count(sa.distinct(HalfDay.id)))
        .join(CheckIn, CheckIn.half_day_id == HalfDay.id)
        .where(HalfDay.session_id.in_(session_ids)).group_by(HalfDay.session_id)).all())
    present = _present(session_ids)
    people: dict[int, dict[str, int]] = defaultdict(by_sex)
    for session_id, sex, n in db.session.execute(
            sa.select(present.c.session_id, _SEX, sa.func.count())
            .join(Participant, Participant.id == present.c.participant_id)
            .group_by(present.c.session_id, Participant.sex)):
        people[session_id][statistics.SEX_GROUP[sex]] += n
        people[session_id]["total"] += n
    audiences: dict[int, list[str]] = defaultdict(list)
    for session_id, kind in db.session.execute(
            sa.select(SessionAudience.session_id, SessionAudience.kind)
            .where(SessionAudience.session_id.in_(list(delivered)))
            .order_by(SessionAudience.kind)):
        audiences[session_id].append(kind)
    rows = db.session.execute(
        sa.select(Session.id, Session.title, Session.venue, Session.province, Session.region,
                  Training.theme, Session.start_date, Session.end_date)
        .join(Training, Training.id == Session.training_id)
        .where(Session.id.in_(list(delivered))).order_by(Session.start_date, Session.id))
    return [SessionHeld(session_id, title, venue, province, region, theme, start, end,
                        audiences[session_id], delivered[session_id], people[session_id],
                        *gains.get(session_id, (None, 0)))
            for session_id, title, venue, province, region, theme, start, end in rows]


def _session_gains(rows, pass_mark: float) -> dict[int, tuple[float | None, int]]:
    """Each session's mean gain (total) and number of pairs, from the report's rows."""
    pairs: dict[int, list] = defaultdict(list)
    for row in rows:
        pairs[row.session_id].append(row.pair)
    gains = {}
    for session_id, session_pairs in pairs.items():
        total = statistics.gain_summary(session_pairs, pass_mark,
                                        significance=False)["groups"]["total"]
        gains[session_id] = (total["mean_gain"], total["n_paired"])
    return gains


def _attendance_rate_parts(session_ids: sa.Select) -> tuple[dict[str, int], dict[str, int]]:
    """Half-days registered (registrations × the session's half-days) and the half-days at
    which those registered people were present, by sex, over sessions held."""
    held = (sa.select(HalfDay.session_id).join(CheckIn, CheckIn.half_day_id == HalfDay.id)
            .where(HalfDay.session_id.in_(session_ids)).distinct())
    n_half_days = (sa.select(HalfDay.session_id, sa.func.count().label("n"))
                   .where(HalfDay.session_id.in_(held))
                   .group_by(HalfDay.session_id).subquery("n_half_days"))
    registered = _sex_counts(db.session.execute(
        sa.select(_SEX, sa.func.sum(n_half_days.c.n)).select_from(Registration)
        .join(n_half_days, n_half_days.c.session_id == Registration.session_id)
        .join(Participant, Participant.id == Registration.participant_id)
        .group_by(Participant.sex)))
    present = _sex_counts(db.session.execute(
        sa.select(_SEX, sa.func.count()).select_from(CheckIn)
        .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .join(Registration, sa.and_(Registration.session_id == HalfDay.session_id,
                                    Registration.participant_id == CheckIn.participant_id))
        .join(Participant, Participant.id == CheckIn.participant_id)
        .where(HalfDay.session_id.in_(session_ids)).group_by(Participant.sex)))
    return registered, present


def _people_by(session_ids: sa.Select, column) -> dict[str, dict[str, int]]:
    """Unique people present, by a column (kind of organisation, region of the session) and
    sex; "" for no organisation."""
    present = _present(session_ids)
    query = (sa.select(column, _SEX, sa.func.count(sa.distinct(present.c.participant_id)))
             .select_from(present)
             .join(Participant, Participant.id == present.c.participant_id)
             .outerjoin(Organization, Organization.id == Participant.organization_id)
             .join(Session, Session.id == present.c.session_id)
             .group_by(column, Participant.sex))
    table: dict[str, dict[str, int]] = {}
    for code, sex, n in db.session.execute(query):
        counts = table.setdefault(code or "", by_sex())
        counts[statistics.SEX_GROUP[sex]] += n
    for counts in table.values():
        counts["total"] = sum(counts[group] for group in GROUPS[:3])
    return table


def _returning(session_ids: sa.Select, start: date | None) -> dict[str, int]:
    """The people present in the period who had been present at a half-day before it."""
    if start is None:
        return by_sex()
    present = (sa.select(CheckIn.participant_id).join(HalfDay, HalfDay.id == CheckIn.half_day_id)
               .where(HalfDay.session_id.in_(session_ids)))
    earlier = (sa.select(CheckIn.participant_id).join(HalfDay, HalfDay.id == CheckIn.half_day_id)
               .where(HalfDay.date < start))
    return _sex_counts(db.session.execute(
        sa.select(_SEX, sa.func.count()).where(Participant.id.in_(present),
                                               Participant.id.in_(earlier))
        .group_by(Participant.sex)))


def satisfaction(session_ids: sa.Select) -> dict[str, dict]:
    """The mean of every 1–5 rating given in the sessions, pooled, and the number of
    questionnaires answered, by sex."""
    sums, ratings, responses = by_sex(), by_sex(), by_sex()
    for sex, n_ratings, total, n_responses in db.session.execute(
            sa.select(_SEX, sa.func.count(SatisfactionAnswer.rating),
                      sa.func.sum(SatisfactionAnswer.rating),
                      sa.func.count(sa.distinct(SatisfactionResponse.id)))
            .select_from(SatisfactionAnswer)
            .join(SatisfactionResponse, SatisfactionResponse.id == SatisfactionAnswer.response_id)
            .join(SatisfactionItem, SatisfactionItem.id == SatisfactionAnswer.item_id)
            .join(Participant, Participant.id == SatisfactionResponse.participant_id)
            .where(SatisfactionResponse.session_id.in_(session_ids),
                   SatisfactionItem.kind == SatisfactionItemKind.SCALE,
                   SatisfactionAnswer.rating.is_not(None))
            .group_by(Participant.sex)):
        for group in (statistics.SEX_GROUP[sex], "total"):
            sums[group] += int(total or 0)
            ratings[group] += n_ratings
            responses[group] += n_responses
    return {group: {"mean": sums[group] / ratings[group] if ratings[group] else None,
                    "n": responses[group]} for group in GROUPS}


def report_filters(selection: ProgressSelection, period: periods.Period | None
                   ) -> ReportFilters:
    """The programme report's selection for the same region, theme and period (None: since
    the programme started)."""
    return ReportFilters(region=selection.region, theme=selection.theme,
                         date_from=period.start if period else None,
                         date_to=period.end if period else None)


def period_figures(selection: ProgressSelection, period: periods.Period | None,
                   scope: str | None, threshold: int, end: date | None = None
                   ) -> PeriodFigures:
    """Every count of one period (None with `end`: from the first session to `end`)."""
    filters = report_filters(selection, period)
    if period is None:
        filters.date_to = end
    session_ids = selected_sessions(filters, scope)
    report = programme_report(filters, scope, details=False)
    people = people_counts(session_ids)
    registered, present = _attendance_rate_parts(session_ids)
    pass_mark = report.summary["pass_mark"]
    return PeriodFigures(
        sessions=_sessions_held(session_ids, _session_gains(report.rows, pass_mark)),
        people=dict(people.people), attendances=dict(people.attendances),
        registered_half_days=registered, present_half_days=present,
        completed=dict(people_counts(session_ids, min_attendance=threshold).people),
        returning=_returning(session_ids, filters.date_from),
        by_kind=_people_by(session_ids, Organization.kind),
        by_region=_people_by(session_ids, Session.region),
        gains=report.summary["groups"], pass_mark=pass_mark,
        satisfaction=satisfaction(session_ids), gains_by_sex=charts.gains_by_sex(report.rows))


def programme_start(scope: str | None) -> date | None:
    """The first day of the first session in the scope: where the cumulative totals start."""
    query = sa.select(sa.func.min(Session.start_date))
    if scope:
        query = query.where(Session.region == scope)
    return db.session.scalar(query)


def targets_of_year(year: int) -> dict[tuple[str, str], float]:
    return {(target.indicator, target.group): target.value for target in db.session.scalars(
        sa.select(ProgressTarget).where(ProgressTarget.year == year))}


def progress_report(selection: ProgressSelection, scope: str | None, today: date,
                    threshold: int) -> ProgressReport:
    """The indicators of the selection's period (a quarter by default), of the period before,
    since the programme started and from 1 January, against the year's targets. A
    coordinator asking for another region is refused (403, by selected_sessions)."""
    period = periods.period_of(selection.date_from, selection.date_to, today)
    before = periods.previous(period)
    figures = period_figures(selection, period, scope, threshold)
    previous = period_figures(selection, before, scope, threshold)
    cumulative = period_figures(selection, None, scope, threshold, end=period.end)
    this_year = period_figures(selection, periods.year_to_date(period), scope, threshold)
    year = period.end.year
    rows = indicators.indicator_rows(figures, previous, cumulative, this_year,
                                     targets_of_year(year),
                                     periods.share_of_year_elapsed(period.end, today))
    return ProgressReport(selection.region, selection.theme, period, before,
                          programme_start(selection.region or scope), threshold, figures,
                          cumulative, rows, year)


def _figure_json(row: indicators.IndicatorRow) -> dict:
    return {"value": row.period.value, "n": row.period.n,
            "small_group": row.unit != "count" and row.period.small,
            "ci95_low": row.period.low, "ci95_high": row.period.high,
            "previous": row.previous.value, "cumulative": row.cumulative.value,
            "year_to_date": row.year_to_date.value, "target": row.target,
            "progress": row.progress, "behind": row.behind}


def report_json(report: ProgressReport) -> dict:
    """The API's shape: every indicator with its figures by group, unrounded (percentages in
    0–100, as the targets are typed), its target and the key of its definition in
    docs/indicateurs.md."""
    by_key: dict[str, dict] = {}
    for row in report.rows:
        definition = indicators.BY_KEY[row.key]
        entry = by_key.setdefault(row.key, {
            "key": row.key, "definition": f"indicateurs.md#{row.key}", "unit": row.unit,
            "by_sex": definition.by_sex, "groups": {}})
        entry["groups"][row.group] = _figure_json(row)
    return {
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat()},
        "previous": {"from": report.previous.start.isoformat(),
                     "to": report.previous.end.isoformat()},
        "cumulative": {"from": report.start.isoformat() if report.start else None,
                       "to": report.period.end.isoformat()},
        "region": report.region, "theme": report.theme,
        "completion_threshold": report.threshold, "targets_year": report.targets_year,
        "indicators": list(by_key.values()),
    }
