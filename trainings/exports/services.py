"""Attendance exports and the paper re-entry: the queries, the translated words handed to the
pure writers, the download log. Views commit."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import time
from typing import ClassVar

import sqlalchemy as sa
from flask_babel import force_locale, gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from trainings import observability, places
from trainings.access import check_region
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.attendance.timing import Timing, check_in_timing
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth.models import User
from trainings.catalogue.models import Training
from trainings.clock import local_to_utc, to_local
from trainings.exports import attendance_import, sheet_data, xlsx
from trainings.downloads.files import XLSX_MIMETYPE, Download  # noqa: F401  (XLSX_MIMETYPE: part of this module's API)
from trainings.downloads.log import log_download
from trainings.extensions import db
from trainings.forms_common import upload_refusal
from trainings.i18n import LANGUAGES, babel_locale, reads_right_to_left
from trainings.registry.models import (
    SEX_SHORT, Organization, Participant, Registration, RegistrationSource,
)
from trainings.registry.normalize import fold
from trainings.schedule.selection import Selection, selection_lines
from trainings.schedule.models import PERIOD_LABELS, HalfDay, Session
from trainings.schedule.services import filtered_sessions, local_times

log = logging.getLogger(__name__)


def method_labels() -> dict[str, str]:
    """Short names of how a presence was taken, as a sheet cell shows them: 09:12 (QR code)."""
    return {CheckInMethod.QR.value: _("QR code"), CheckInMethod.BADGE.value: _("badge"),
            CheckInMethod.MANUAL.value: _("pointage manuel"),
            CheckInMethod.PAPER.value: _("feuille papier")}


def workbook_labels() -> xlsx.Labels:
    return xlsx.Labels(
        attendance_sheet=_("Émargement"), summary_sheet=_("Synthèse"), data_sheet=_("Données"),
        title=_("Feuille d'émargement"),
        entry_help=_("Saisie d'une feuille papier : dans la colonne de chaque demi-journée, "
                     "tapez l'heure d'arrivée (09:05), ou x pour « présent·e » ; laissez vide "
                     "une absence. Ne modifiez ni les lignes ni la colonne ID."),
        programme=_("Programme"), training=_("Formation"), session=_("Session"),
        dates=_("Dates"), venue=_("Lieu"), place=_("Province et région"),
        trainers=_("Formateurs et formatrices"), funders=_("Bailleurs"),
        number=_("N°"), last_name=_("Nom"), first_name=_("Prénom"), sex=_("Sexe"),
        organization=_("Organisation"), organization_kind=_("Type d'organisation"),
        function=_("Fonction"), phone=_("Téléphone"), email=_("E-mail"),
        participant_id=_("ID"), absent=_("absent·e"),
        women_present=_("Femmes présentes"), men_present=_("Hommes présents"),
        unknown_present=_("Sexe non renseigné"), total_present=_("Total présent·e·s"),
        women=_("Femmes"), men=_("Hommes"), unknown=_("Non renseigné"), total=_("Total"),
        no_organization=_("Sans organisation"),
        registered_table=_("Inscrit·e·s par type d'organisation et par sexe"),
        participants_table=_("Personnes présentes au moins une demi-journée, par type "
                             "d'organisation et par sexe"),
        attendances_table=_("Présences (personne × demi-journée) par type d'organisation et "
                            "par sexe"),
        rate_table=_("Taux de présence par demi-journée"), half_day=_("Demi-journée"),
        registered=_("Inscrit·e·s"), present=_("Présent·e·s"), rate=_("Taux de présence"),
        consolidated_title=_("Présences aux formations : synthèse par sexe"),
        by_sex_table=_("Personnes formées et présences, par sexe"),
        people=_("Personnes formées (uniques)"),
        attendances=_("Présences (personne × demi-journée)"), sessions=_("Sessions"),
        methods=method_labels(), timing_legends=timing_legends(),
        opened_by_hand=_("Pointage ouvert à la main hors des heures (motif)"),
        staff_acts_table=_("Pointages par l'équipe hors des heures, avec leur motif"),
        staff_acts_columns=(_("Demi-journée"), _("Fait le"), _("Pointage"), _("Par"),
                            _("Personne"), _("Motif")),
        right_to_left=reads_right_to_left(),
    )


def absent_words() -> tuple[str, ...]:
    """The word a workbook writes for an absence, in every language it may have been
    downloaded in: a sheet is read back whoever uploads it."""
    words = []
    for language in LANGUAGES:
        with force_locale(babel_locale(language)):
            words.append(_("absent·e"))
    return tuple(words)


def timing_legends() -> dict[str, str]:
    """The footnotes of the sign-in sheets' marks of check-ins outside a half-day's times."""
    return {Timing.EARLY.value: _("pointé plus de 30 min avant le début"),
            Timing.LATE.value: _("pointé après la fin")}


def slug(text: str, limit: int = 50) -> str:
    """A file-name-safe form: ASCII lower case words joined by hyphens."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return words[:limit].rstrip("-") or "session"


# One session ----------------------------------------------------------------------------------

def session_workbook(session: Session, user_id: int | None, for_entry: bool = False, *,
                     contacts: bool) -> Download:
    """The session's workbook (or its blank grid to type a paper sheet back), logged; with the
    people's phones and e-mails only when contacts is true (visibility.sees_contacts)."""
    sheet = sheet_data.session_sheet(session, contacts)
    prefix = "saisie-emargement" if for_entry else "emargement"
    filename = f"{prefix}_{slug(session.title)}_{session.start_date.isoformat()}.xlsx"
    log_download(user_id, "attendance-entry-xlsx" if for_entry else "attendance-xlsx",
                 filename, session.id, {"participants": len(sheet.rows)})
    return Download(xlsx.session_workbook(sheet, workbook_labels(), for_entry), filename)


# Many sessions --------------------------------------------------------------------------------

@dataclass
class AttendanceFilters(Selection):
    """kind: of the participants' organisation; the period holds the half-days' dates."""

    criteria: ClassVar[tuple[str, ...]] = ("region", "province", "training", "theme", "kind",
                                           "from", "to")
    kind: str | None = None


def attendance_query(filters: AttendanceFilters, scope: str | None) -> sa.Select:
    """One line per check-in in the account's scope (a region, or None for all), in
    DATA_COLUMNS order before conversion (see _export_row)."""
    query = (
        sa.select(Session.id, Session.title, Training.title, Training.theme, Session.region,
                  Session.province, HalfDay.id, HalfDay.date, HalfDay.period, HalfDay.starts_at,
                  HalfDay.ends_at, Participant.id, Participant.last_name, Participant.first_name,
                  Participant.sex, Organization.name, Organization.kind, Participant.function,
                  Registration.source, CheckIn.checked_in_at, CheckIn.method, User.name,
                  User.email)
        .select_from(CheckIn)
        .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .join(Session, Session.id == HalfDay.session_id)
        .join(Training, Training.id == Session.training_id)
        .join(Participant, Participant.id == CheckIn.participant_id)
        .outerjoin(Organization, Organization.id == Participant.organization_id)
        .outerjoin(Registration, sa.and_(Registration.session_id == Session.id,
                                         Registration.participant_id == Participant.id))
        .outerjoin(User, User.id == CheckIn.recorded_by_id)
    )
    # The sessions of the session list's selection; the period is the half-days' own.
    sessions = filtered_sessions(replace(filters, date_from=None, date_to=None), scope)
    query = query.where(Session.id.in_(sessions.with_only_columns(Session.id).order_by(None)))
    if filters.kind:
        query = query.where(Organization.kind == filters.kind)
    if filters.date_from:
        query = query.where(HalfDay.date >= filters.date_from)
    if filters.date_to:
        query = query.where(HalfDay.date <= filters.date_to)
    return query.order_by(HalfDay.date, HalfDay.starts_at, Session.id, Participant.last_name,
                          Participant.first_name, Participant.id)


def attendance_rows(filters: AttendanceFilters, scope: str | None) -> Iterator[tuple]:
    """The check-ins as plain lines in xlsx.DATA_COLUMNS order, streamed from one query."""
    regions = {code: str(label) for code, label in places.REGIONS.items()}
    provinces = {code: str(label) for code, (_region, label) in places.PROVINCES.items()}
    themes = {code: str(label) for code, label in places.THEMES.items()}
    kinds = {code: str(label) for code, label in places.ORGANIZATION_KINDS.items()}
    periods = {period: str(label) for period, label in PERIOD_LABELS.items()}
    methods = method_labels()
    # A server-side cursor on PostgreSQL: closed (by with) even when the download stops midway.
    with db.session.execute(
            attendance_query(filters, scope).execution_options(yield_per=2000)) as result:
        for (session_id, title, training, theme, region, province, half_day_id, day, period,
             starts_at, ends_at, participant_id, last_name, first_name, sex, organization, kind,
             function, source, checked_in_at, method, recorder_name, recorder_email) in result:
            yield (session_id, title, training, themes.get(theme, ""), regions.get(region, ""),
                   provinces.get(province, ""), half_day_id, day, periods[period],
                   f"{to_local(starts_at):%H:%M}", f"{to_local(ends_at):%H:%M}",
                   participant_id, last_name.upper(), first_name, SEX_SHORT[sex] or None,
                   organization, kinds.get(kind), function or None,
                   int(source == RegistrationSource.WALK_IN), 1,
                   to_local(checked_in_at).replace(tzinfo=None), methods.get(method.value),
                   recorder_name or recorder_email or None,  # None: an empty cell, not written
                   xlsx.timing_code(check_in_timing(checked_in_at, starts_at, ends_at)) or None)


def filter_lines(filters: AttendanceFilters, scope: str | None) -> list[tuple[str, str]]:
    """The filters as the "Synthèse" sheet states them."""
    lines = selection_lines(filters, scope)
    if filters.kind:
        lines.append((_("Type d'organisation"),
                      places.label(places.ORGANIZATION_KINDS, filters.kind)))
    return lines


def consolidated_workbook(filters: AttendanceFilters, scope: str | None,
                          user_id: int | None) -> Download:
    """Every attendance matching the filters in the scope, as a workbook written while it is
    sent (its lines read from the database as they go), logged as downloaded by user_id. A
    coordinator asking for another region is refused (403).

    The download is logged before the first byte, with the filters: a download abandoned or
    failed midway is logged too, and the line counts, known only at the end, are not."""
    if filters.region:
        check_region(filters.region, scope)
    start = filters.date_from.isoformat() if filters.date_from else "debut"
    end = filters.date_to.isoformat() if filters.date_to else "fin"
    filename = f"presences_{start}_{end}.xlsx"
    log_download(user_id, "attendance-all-xlsx", filename, None,
                 {k: v for k, v in asdict(filters).items() if v})
    chunks = xlsx.consolidated_chunks(attendance_rows(filters, scope), workbook_labels(),
                                      filter_lines(filters, scope))
    return Download(_logged_failure(chunks, filename), filename)


def _logged_failure(chunks: Iterator[bytes], filename: str) -> Iterator[bytes]:
    """The chunks, a failure midway logged (the response is already under way: the file
    simply stops, incomplete) and raised on, for the server to cut the connection."""
    try:
        yield from chunks
    except Exception:
        log.exception("Export interrompu en cours d'envoi : %s", filename)
        raise


# Paper re-entry -------------------------------------------------------------------------------

@dataclass
class PaperError:
    """A faulty row (row set) or half-day column (column set) of an uploaded sheet."""

    problems: list[str]
    row: int | None = None
    column: str | None = None


@dataclass
class PaperResult:
    file_error: str | None = None
    errors: list[PaperError] = field(default_factory=list)
    recorded: int = 0
    already_present: int = 0  # typed, but the person was already checked in: left as it was

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


@dataclass(frozen=True)
class _PlannedCheckIn:
    half_day: HalfDay
    participant_id: int
    at: time  # local


def _paper_file_error(error: attendance_import.PaperSheetError) -> str:
    refusal = upload_refusal(error)
    if refusal:
        return refusal
    if isinstance(error, attendance_import.NotAnAttendanceSheet):
        return _("Ce classeur n'est pas une feuille d'émargement de la plateforme : partez de "
                 "la feuille à saisir téléchargée depuis cette page.")
    if isinstance(error, attendance_import.TooManyRows):
        return _("La feuille dépasse %(n)s lignes.", n=error.limit)
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")


def import_paper_sheet(session: Session, data: bytes, user_id: int | None) -> PaperResult:
    """Record the presences typed into the session's sheet, as taken on paper by the account
    user_id; all or nothing: every row is checked first, nothing is written if one is faulty."""
    try:
        sheet = attendance_import.read_paper_sheet(data, absent_words())
    except attendance_import.PaperSheetError as error:
        return PaperResult(file_error=_paper_file_error(error))
    if sheet.session_id is not None and sheet.session_id != session.id:
        return PaperResult(file_error=_(
            "Ce classeur est la feuille d'émargement d'une autre session (n° %(id)s) : "
            "téléchargez la feuille de cette session.", id=sheet.session_id))
    result = PaperResult()
    half_days = {h.id: h for h in session.half_days}
    for half_day_id, column in sheet.half_days.items():
        if half_day_id not in half_days:
            result.errors.append(PaperError(
                [_("Cette demi-journée n'est pas (ou plus) une demi-journée de cette session")],
                column=column))
    if not half_days.keys() & sheet.half_days.keys():
        return PaperResult(file_error=_(
            "Aucune colonne de ce classeur n'est une demi-journée de cette session : "
            "téléchargez la feuille de cette session."), errors=result.errors)
    plan = _check_paper_rows(session, sheet, half_days, result)
    if result.errors:
        return result
    _write_paper_check_ins(plan, user_id)
    result.recorded = len(plan)
    record(AuditEvent.IMPORT, actor_id=user_id, session_id=session.id,
           details={"kind": "attendance-paper", "rows": len(sheet.rows),
                    "recorded": result.recorded})
    return result


def _check_paper_rows(session: Session, sheet: attendance_import.PaperSheet,
                      half_days: dict[int, HalfDay], result: PaperResult,
                      ) -> list[_PlannedCheckIn]:
    """Three queries whatever the size of the sheet; faulty rows go to result.errors."""
    people = {p.id: p for p in db.session.scalars(
        sa.select(Participant).join(Registration, Registration.participant_id == Participant.id)
        .where(Registration.session_id == session.id))}
    by_name: dict[tuple[str, str], list[int]] = {}
    for person in people.values():
        by_name.setdefault((fold(person.last_name), fold(person.first_name)), []).append(person.id)
    present = {(participant_id, half_day_id) for participant_id, half_day_id in db.session.execute(
        sa.select(CheckIn.participant_id, CheckIn.half_day_id)
        .where(CheckIn.half_day_id.in_(list(half_days))))}
    starts = {h.id: local_times(h)[0] for h in half_days.values()}

    plan: list[_PlannedCheckIn] = []
    rows_of_people: dict[int, int] = {}
    for row in sheet.rows:
        problems: list[str] = []
        person = _identify(row, people, by_name, problems)
        if person is not None:
            if person.id in rows_of_people:
                problems.append(_("Ligne en double (même personne que la ligne %(n)s)",
                                  n=rows_of_people[person.id]))
            rows_of_people.setdefault(person.id, row.row)
        planned: list[_PlannedCheckIn] = []
        for half_day_id, mark in row.marks.items():
            half_day = half_days.get(half_day_id)
            if half_day is None:
                continue  # reported once for the whole column
            column = sheet.half_days[half_day_id]
            if mark.kind == "invalid":
                problems.append(_("« %(value)s » n'est pas une heure valide (colonne %(column)s) "
                                  ": tapez par exemple 09:05, ou x",
                                  value=mark.text, column=column))
            elif mark.day is not None and mark.day != half_day.date:
                problems.append(_("« %(value)s » n'est pas le jour de cette demi-journée "
                                  "(colonne %(column)s)", value=mark.text, column=column))
            elif person is None or mark.kind == "absent":
                continue
            elif (person.id, half_day.id) in present:
                result.already_present += 1
            elif mark.present:  # not "recorded": a presence exported then undone stays undone
                planned.append(_PlannedCheckIn(half_day, person.id,
                                               mark.at or starts[half_day.id]))
        if problems:
            result.errors.append(PaperError(problems, row=row.row))
        else:
            plan.extend(planned)
    return plan


def _identify(row: attendance_import.PaperRow, people: dict[int, Participant],
              by_name: dict[tuple[str, str], list[int]], problems: list[str],
              ) -> Participant | None:
    """The registered person of a row: by the ID column, else by last and first name."""
    if row.participant_id:
        person = people.get(int(row.participant_id)) if row.participant_id.isdigit() else None
        if person is None:
            problems.append(_("La personne d'ID « %(id)s » n'est pas inscrite à cette session",
                              id=row.participant_id))
        elif row.last_name and fold(row.last_name) != fold(person.last_name):
            problems.append(_("Le nom « %(name)s » n'est pas celui de la personne d'ID %(id)s "
                              "(%(expected)s)", name=row.last_name, id=person.id,
                              expected=person.full_name))
            return None
        return person
    matches = by_name.get((fold(row.last_name), fold(row.first_name)), [])
    if len(matches) == 1:
        return people[matches[0]]
    name = " ".join(part for part in (row.last_name, row.first_name) if part) or "—"
    if matches:
        problems.append(_("Plusieurs inscrit·e·s s'appellent « %(name)s » : indiquez l'ID",
                          name=name))
    else:
        problems.append(_("« %(name)s » n'est pas inscrit·e à cette session : inscrivez "
                          "d'abord cette personne", name=name))
    return None


def _write_paper_check_ins(plan: list[_PlannedCheckIn], user_id: int | None) -> None:
    if not plan:
        return
    dialect = db.session.get_bind().dialect.name
    insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(CheckIn)
    # A check-in taken meanwhile by another way wins: the database arbitrates.
    # RETURNING tells which rows the database did insert (a driver's rowcount may not).
    inserted = db.session.connection().execute(
        insert.on_conflict_do_nothing(index_elements=["half_day_id", "participant_id"])
        .returning(CheckIn.__table__.c.id),
        [{"half_day_id": item.half_day.id, "participant_id": item.participant_id,
          "method": CheckInMethod.PAPER, "recorded_by_id": user_id,
          "checked_in_at": local_to_utc(item.half_day.date, item.at), "signature": None}
         for item in plan])
    observability.count_check_ins(CheckInMethod.PAPER, len(inserted.all()))
