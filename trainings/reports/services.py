"""Queries behind the knowledge-gain reports: the (participant, session) rows of pre and post
scores, the per-question answers, the satisfaction answers and the people counts, each in one
query whatever the amount of data; the figures themselves come from statistics.py."""
from __future__ import annotations

import operator
from dataclasses import asdict, dataclass
from datetime import date
from typing import ClassVar

import numpy as np
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from trainings import places
from trainings.access import check_region
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, Question, SatisfactionAnswer, SatisfactionItem,
    SatisfactionResponse, SessionQuestion, SessionTest,
)
from trainings.assessments.translated import TRANSLATED
from trainings.attendance.models import CheckIn
from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.registry.models import Organization, Participant
from trainings.downloads.log import log_download
from trainings.downloads.files import Download
from trainings.exports.services import slug
from trainings.reports import statistics, workbook
from trainings.reports.presentation import gain_workbook_labels
from trainings.reports.report_data import (
    Breakdown, GainReport, GainRow, PeopleCounts, participant_code,
)
from trainings.schedule.models import HalfDay, Session
from trainings.schedule.services import filtered_sessions
from trainings.schedule.selection import Selection, selection_lines

DEFAULT_PASS_MARK = 70.0


@dataclass
class ReportFilters(Selection):
    """The selection of a pooled report. `audience` is the kind of organisation of the
    participants (not of the sessions' intended audience); the period keeps the sessions that
    overlap it; min_attendance keeps the people present at ≥ that % of a session's half-days."""

    criteria: ClassVar[tuple[str, ...]] = ("region", "province", "training", "theme",
                                           "audience_of_people", "from", "to", "min_attendance")
    audience: str | None = None
    min_attendance: int | None = None


# Selections ------------------------------------------------------------------------------------

def selected_sessions(filters: ReportFilters, scope: str | None) -> sa.Select:
    """The ids of the sessions a pooled report covers: the session list's own filters, in the
    account's scope (a region, or None for all). A coordinator asking for another region is
    refused (403)."""
    if filters.region:
        check_region(filters.region, scope)
    return filtered_sessions(filters, scope).with_only_columns(Session.id).order_by(None)


def _assiduous(session_ids: sa.Select | list[int], min_attendance: int):
    """The (session, participant) present at ≥ min_attendance % of the session's half-days,
    as a subquery to join (aggregated once, not per row)."""
    half_days = (sa.select(HalfDay.session_id, sa.func.count().label("n_half_days"))
                 .where(HalfDay.session_id.in_(session_ids))
                 .group_by(HalfDay.session_id).subquery("session_half_days"))
    return (sa.select(HalfDay.session_id, CheckIn.participant_id)
            .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
            .join(half_days, half_days.c.session_id == HalfDay.session_id)
            .group_by(HalfDay.session_id, CheckIn.participant_id, half_days.c.n_half_days)
            .having(100 * sa.func.count() >= min_attendance * half_days.c.n_half_days)
            .subquery("assiduous"))


# Rows of pre and post scores ------------------------------------------------------------------

@dataclass(frozen=True)
class _SessionFacts:
    region: str
    province: str
    training: str
    theme: str
    title: str
    start_date: date
    end_date: date
    pass_mark: float


def _session_facts(session_ids: sa.Select | list[int]) -> dict[int, _SessionFacts]:
    """What the rows repeat about their session, fetched once per session, not per row."""
    query = (sa.select(Session.id, Session.region, Session.province, Training.title,
                       Training.theme, Session.title, Session.start_date, Session.end_date,
                       SessionTest.pass_mark)
             .join(Training, Training.id == Session.training_id)
             .outerjoin(SessionTest, SessionTest.session_id == Session.id)
             .where(Session.id.in_(session_ids)))
    return {session_id: _SessionFacts(region, province, training, theme, title, start, end,
                                      DEFAULT_PASS_MARK if mark is None else float(mark))
            for (session_id, region, province, training, theme, title, start, end,
                 mark) in db.session.execute(query)}


_ROW_ORDER = operator.attrgetter("start_date", "session_id", "participant_code")


def gain_rows(session_ids: sa.Select | list[int], audience: str | None = None,
              min_attendance: int | None = None, codes: bool = False
              ) -> tuple[list[GainRow], float]:
    """One row per participant and session having at least one attempt, and the pass mark
    they share, in two queries. The pseudonymous codes (an HMAC each) are computed only when
    asked: the "Données" sheet needs them, the figures do not."""
    scores = (
        sa.select(
            Attempt.session_id, Attempt.participant_id,
            sa.func.max(sa.case((Attempt.kind == AttemptKind.PRE, Attempt.percent))).label("pre"),
            sa.func.max(sa.case((Attempt.kind == AttemptKind.POST, Attempt.percent))
                        ).label("post"))
        .where(Attempt.session_id.in_(session_ids))
        .group_by(Attempt.session_id, Attempt.participant_id)
        .subquery("scores"))
    # Codes as plain strings: no enum conversion per row.
    query = (
        sa.select(scores.c.session_id, scores.c.participant_id,
                  sa.type_coerce(Participant.sex, sa.String),
                  sa.type_coerce(Organization.kind, sa.String), scores.c.pre, scores.c.post)
        .join(Participant, Participant.id == scores.c.participant_id)
        .outerjoin(Organization, Organization.id == Participant.organization_id))
    if audience:
        query = query.where(Organization.kind == audience)
    if min_attendance:
        assiduous = _assiduous(session_ids, min_attendance)
        query = query.join(assiduous, sa.and_(
            assiduous.c.session_id == scores.c.session_id,
            assiduous.c.participant_id == scores.c.participant_id))
    facts = _session_facts(session_ids)
    secret = current_app.config["SECRET_KEY"]
    def code(participant_id: int) -> str:
        return participant_code(secret, participant_id) if codes else ""

    # Positional arguments, in GainRow's field order: 15,000 rows are built per pooled report.
    rows = [GainRow(code(participant_id), sex, kind, session.region, session.province,
                    session.training, session.theme, session_id, session.title,
                    session.start_date, session.end_date,
                    None if pre is None else float(pre), None if post is None else float(post))
            for session_id, participant_id, sex, kind, pre, post
            in db.session.connection().execute(query).all()  # one fetch, not one per row
            for session in (facts[session_id],)]
    if codes:  # the rows are listed (the workbooks' data sheets); figures need no order
        rows.sort(key=_ROW_ORDER)
    # One pooled share needs one pass mark: the sessions' own when they agree, else the default.
    marks = {facts[session_id].pass_mark for session_id in {row.session_id for row in rows}}
    return rows, marks.pop() if len(marks) == 1 else DEFAULT_PASS_MARK


# One session ----------------------------------------------------------------------------------

def _text_in(model, language: str):
    """The column of the model's text in this language, French where it has none."""
    if language in TRANSLATED:
        return sa.func.coalesce(getattr(model, f"text_{language}"), model.text)
    return model.text


def question_table(session_id: int, language: str = "fr") -> list[dict]:
    """statistics.question_figures for the questions answered in the session, in test order,
    each question in this language (French where it has no translation)."""
    position = (sa.select(SessionQuestion.position)
                .where(SessionQuestion.session_id == session_id,
                       SessionQuestion.question_id == Question.id).scalar_subquery())
    # The questions asked, as a DISTINCT subquery driven by the session's attempts: an IN
    # (semi-join) lets PostgreSQL scan every answer of each of the bank's questions instead.
    asked = (sa.select(Answer.question_id).distinct()
             .join(Attempt, Attempt.id == Answer.attempt_id)
             .where(Attempt.session_id == session_id).subquery("asked"))
    questions = db.session.execute(
        sa.select(Question.id, _text_in(Question, language))
        .join(asked, asked.c.question_id == Question.id)
        .order_by(sa.func.coalesce(position, 1_000_000), Question.position, Question.id)).all()
    answers = db.session.execute(
        sa.select(Attempt.participant_id, Participant.sex, Attempt.kind, Answer.question_id,
                  Answer.correct)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Participant, Participant.id == Attempt.participant_id)
        .where(Attempt.session_id == session_id))
    return statistics.question_figures(
        [(question_id, text) for question_id, text in questions],
        ((person, sex.value if sex else None, kind.value, question_id, correct)
         for person, sex, kind, question_id, correct in answers))


def satisfaction_table(session_id: int, language: str = "fr") -> list[dict]:
    """statistics.satisfaction_figures for the items answered in the session, in order, each
    item in this language (French where it has no translation)."""
    answered = (sa.select(SatisfactionAnswer.item_id).distinct()
                .join(SatisfactionResponse,
                      SatisfactionResponse.id == SatisfactionAnswer.response_id)
                .where(SatisfactionResponse.session_id == session_id).subquery("answered"))
    items = db.session.execute(
        sa.select(SatisfactionItem.id, SatisfactionItem.kind,
                  _text_in(SatisfactionItem, language))
        .join(answered, answered.c.item_id == SatisfactionItem.id)
        .order_by(SatisfactionItem.position, SatisfactionItem.id)).all()
    answers = db.session.execute(
        sa.select(Participant.sex, SatisfactionAnswer.item_id, SatisfactionAnswer.rating,
                  SatisfactionAnswer.text)
        .join(SatisfactionResponse, SatisfactionResponse.id == SatisfactionAnswer.response_id)
        .join(Participant, Participant.id == SatisfactionResponse.participant_id)
        .where(SatisfactionResponse.session_id == session_id))
    return statistics.satisfaction_figures(
        [(item_id, kind.value, text) for item_id, kind, text in items],
        ((sex.value if sex else None, item_id, rating, text)
         for sex, item_id, rating, text in answers))


def session_report(session: Session, codes: bool = False, language: str = "fr") -> GainReport:
    """The figures of one session: gains by sex, per question, satisfaction. The caller has
    checked that the current account may see the session. codes: see gain_rows. language: the
    reader's, for the questions' texts."""
    rows, pass_mark = gain_rows([session.id], codes=codes)
    return GainReport(
        title=session.title,
        summary=statistics.gain_summary((row.pair for row in rows), pass_mark),
        rows=rows, n_sessions=1 if rows else 0,
        filters=session_lines(session),
        questions=question_table(session.id, language),
        satisfaction=satisfaction_table(session.id, language),
        people=people_counts([session.id]),
    )


def session_lines(session: Session) -> list[tuple[str, str]]:
    return [(_("Formation"), session.training.title), (_("Session"), session.title),
            (_("Dates"), _("du %(start)s au %(end)s", start=f"{session.start_date:%d/%m/%Y}",
                           end=f"{session.end_date:%d/%m/%Y}")),
            (_("Province et région"), ", ".join((places.province_label(session.province),
                                                 places.label(places.REGIONS, session.region))))]


# The programme --------------------------------------------------------------------------------

def people_counts(session_ids: sa.Select | list[int], audience: str | None = None,
                  min_attendance: int | None = None) -> PeopleCounts:
    """Unique people present at least one half-day of the sessions, and attendances (person ×
    half-day), by sex, in one query: check-ins counted per person first, then people by sex
    (cheaper than a DISTINCT over every check-in)."""
    per_person = (
        sa.select(CheckIn.participant_id, sa.func.count().label("attendances"))
        .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .where(HalfDay.session_id.in_(session_ids))
        .group_by(CheckIn.participant_id))
    if min_attendance:
        assiduous = _assiduous(session_ids, min_attendance)
        per_person = per_person.join(assiduous, sa.and_(
            assiduous.c.session_id == HalfDay.session_id,
            assiduous.c.participant_id == CheckIn.participant_id))
    per_person = per_person.subquery("per_person")
    query = (
        sa.select(sa.type_coerce(Participant.sex, sa.String), sa.func.count(),
                  sa.func.sum(per_person.c.attendances))
        .join(Participant, Participant.id == per_person.c.participant_id)
        .group_by(Participant.sex))
    if audience:
        query = query.join(Organization, Organization.id == Participant.organization_id
                           ).where(Organization.kind == audience)
    people = {group: 0 for group in statistics.GROUPS}
    attendances = dict(people)
    for sex, n_people, n_attendances in db.session.execute(query):
        group = statistics.SEX_GROUP[sex]
        people[group] += n_people
        attendances[group] += int(n_attendances)
        people["total"] += n_people
        attendances["total"] += int(n_attendances)
    return PeopleCounts(people=people, attendances=attendances)


def _breakdown(rows: list[GainRow], arrays: statistics.PairArrays, key: str, labels: dict,
               pass_mark: float) -> list[Breakdown]:
    """The figures of each region (or theme), Wilcoxon p-values aside (the tables do not show
    them), from masks over the report's columns."""
    codes = np.array([getattr(row, key) for row in rows], dtype=object)
    return [Breakdown(code, str(labels.get(code, code)),
                      statistics.summarise(arrays[codes == code], pass_mark, significance=False))
            for code in sorted(set(codes.tolist()), key=lambda code: str(labels.get(code, code)))]


def programme_report(filters: ReportFilters, scope: str | None, details: bool = True,
                     codes: bool = False) -> GainReport:
    """The pairs of every selected session in the scope (a region, or None for all) pooled
    (never an average of session averages); with details, also broken down by region and by
    theme, with the people counts (the API's figures need neither)."""
    sessions = selected_sessions(filters, scope)
    rows, pass_mark = gain_rows(sessions, filters.audience, filters.min_attendance, codes)
    session_ids = {row.session_id for row in rows}
    arrays = statistics.PairArrays.of_columns([row.sex for row in rows],
                                              [row.pre for row in rows],
                                              [row.post for row in rows])
    report = GainReport(
        title=_("Acquis des formations"),
        summary=statistics.summarise(arrays, pass_mark),
        rows=rows, n_sessions=len(session_ids))
    if details:
        report.filters = filter_lines(filters, scope)
        report.breakdowns = {
            "region": _breakdown(rows, arrays, "region", places.REGIONS, pass_mark),
            "theme": _breakdown(rows, arrays, "theme", places.THEMES, pass_mark)}
        report.people = people_counts(sessions, filters.audience, filters.min_attendance)
    return report


def filter_lines(filters: ReportFilters, scope: str | None) -> list[tuple[str, str]]:
    """The selection in words, as the report and its workbook state it."""
    lines = selection_lines(filters, scope)
    if filters.audience:
        lines.append((_("Type d'organisation des participant·e·s"),
                      places.label(places.ORGANIZATION_KINDS, filters.audience)))
    if filters.min_attendance:
        lines.append((_("Présence minimale"), _("%(n)s %% des demi-journées",
                                                n=filters.min_attendance)))
    return lines


def report_json(report: GainReport) -> dict:
    """The API's shape: unrounded numbers, null where undefined."""
    document = {"pass_mark": report.summary["pass_mark"], "n_sessions": report.n_sessions,
                "groups": report.summary["groups"],
                "gap_women_minus_men": report.summary["gap_women_minus_men"]}
    if report.questions is not None:
        document["questions"] = report.questions
    return document


def filters_dict(filters: ReportFilters) -> dict:
    return {key: value for key, value in asdict(filters).items() if value not in (None, "")}


def session_gains_download(session: Session, user_id: int | None,
                           language: str = "fr") -> Download:
    """The session's knowledge-gain workbook, logged (as downloaded by user_id) like every
    export; the questions in the reader's language."""
    report = session_report(session, codes=True, language=language)
    filename = f"acquis_{slug(session.title)}_{session.start_date.isoformat()}.xlsx"
    log_download(user_id, "gains-xlsx", filename, session.id, {"rows": len(report.rows)})
    return Download(workbook.gains_workbook(report, gain_workbook_labels()), filename)


def programme_gains_download(filters: ReportFilters, scope: str | None,
                             user_id: int | None) -> Download:
    """The pooled knowledge-gain workbook of the selection in the scope, logged as downloaded
    by user_id."""
    report = programme_report(filters, scope, codes=True)
    start = filters.date_from.isoformat() if filters.date_from else "debut"
    end = filters.date_to.isoformat() if filters.date_to else "fin"
    filename = f"acquis_{start}_{end}.xlsx"
    log_download(user_id, "gains-all-xlsx", filename, None,
                 {**filters_dict(filters), "rows": len(report.rows)})
    return Download(workbook.gains_workbook(report, gain_workbook_labels()), filename)
