"""Tests taken on paper: the answer grid to fill in and its import, all or nothing, every row
checked first. Views commit, or roll back a refused import."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from flask_babel import force_locale, gettext as _

from trainings.assessments import answer_grid
from trainings.assessments.attempts import (
    AlreadyTaken, percent_text, record_attempt, session_test, test_questions,
)
from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Attempt, AttemptKind, AttemptMethod, Question,
)
from trainings.assessments.question_bank import problem_message
from trainings.assessments.translated import in_language
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.downloads.files import Download
from trainings.downloads.log import log_download
from trainings.extensions import db
from trainings.forms_common import upload_refusal
from trainings.registry.models import Participant, Registration
from trainings.registry.normalize import fold
from trainings.schedule.models import Session
from trainings.spreadsheets import RowError


def registered_participant(session: Session, participant_id: int) -> Participant:
    """A person registered to the session, or 404."""
    person = db.session.scalar(
        sa.select(Participant).join(Registration, Registration.participant_id == Participant.id)
        .where(Registration.session_id == session.id, Participant.id == participant_id))
    return person or abort(404)


def _registered(session: Session) -> list[Participant]:
    return list(db.session.scalars(
        sa.select(Participant).join(Registration, Registration.participant_id == Participant.id)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)))


def paper_template_download(session: Session, kind: AttemptKind, user_id: int | None,
                            ) -> Download:
    """The answer grid to fill in (it names the registered people): logged as a download."""
    filename = f"{kind.value}-test-papier-session-{session.id}.xlsx"
    content = paper_template(session, kind)
    log_download(user_id, "paper-tests-xlsx", filename, session.id, {"test": kind.value})
    return Download(content, filename)


def paper_template(session: Session, kind: AttemptKind) -> bytes:
    """The grid in the session's default language: its questions, choices and help (each text
    in French where it has no translation); the column headers stay the file's contract."""
    with force_locale(session.language or "fr"):
        return _paper_template(session, kind, session.language or "fr")


def _paper_template(session: Session, kind: AttemptKind, language: str) -> bytes:
    questions = test_questions(session_test(session))
    return answer_grid.template_workbook(
        session.id, kind.value,
        _("%(test)s — %(session)s", test=ATTEMPT_KIND_LABELS[kind], session=session.title),
        [answer_grid.PaperQuestion(q.id, in_language(q, language), q.kind.value,
                                   tuple(in_language(c, language) for c in q.choices))
         for q in questions],
        [answer_grid.PaperPerson(p.id, p.last_name, p.first_name) for p in _registered(session)],
        _("Questions"),
        [_("Dans la feuille « %(sheet)s », écrivez pour chaque personne la lettre choisie à "
           "chaque question (A, B, C…), plusieurs lettres séparées par des virgules pour un "
           "choix multiple (A,C) ; laissez vide une question sans réponse.",
           sheet=answer_grid.SHEET_TITLE),
         _("Laissez vide la ligne d'une personne qui n'a pas passé le test. Ne modifiez pas "
           "les colonnes ID, Q1, Q2… : si une ligne comporte une erreur, rien n'est importé.")])


@dataclass
class PaperImportResult:
    file_error: str | None = None
    errors: list[RowError] = field(default_factory=list)
    recorded: int = 0
    blank_rows: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


def import_paper_answers(session: Session, kind: AttemptKind, data: bytes,
                         recorded_by_id: int | None) -> PaperImportResult:
    """Record the paper tests of an uploaded sheet, all or nothing: every row is checked
    first, and nothing is written when one of them is faulty. A refusal after writing began
    (a concurrent attempt) is reported as an error: the view then rolls back."""
    try:
        sheet = answer_grid.read_answers(data)
    except answer_grid.PaperSheetError as error:
        return PaperImportResult(file_error=_paper_file_error(error))
    questions = test_questions(session_test(session))
    columns, file_error = _question_columns(session, kind, sheet, questions)
    if file_error:
        return PaperImportResult(file_error=file_error)
    people = {p.id: p for p in _registered(session)}
    taken = {a.participant_id: a for a in db.session.scalars(sa.select(Attempt).where(
        Attempt.session_id == session.id, Attempt.kind == kind))}
    result = PaperImportResult()
    plan: list[tuple[int, dict[int, list[int]]]] = []
    seen: dict[int, int] = {}  # participant id -> first row naming them
    for row in sheet.rows:
        if row.blank:
            result.blank_rows.append(row.row)
            continue
        problems: list[str] = []
        person = _paper_row_person(row, people, problems)
        if person is not None:
            problems += _paper_person_problems(row, person, kind, seen, taken)
        answers = _paper_row_answers(row, columns, problems)
        if problems:
            result.errors.append(RowError(row.row, problems))
        elif person is not None:
            plan.append((person.id, answers))
    if not result.errors and not plan:
        result.file_error = _("Aucune réponse à importer : chaque ligne est vide.")
    if result.ok:
        _record_paper_plan(session, kind, plan, recorded_by_id, seen, people, result)
        record(AuditEvent.IMPORT, actor_id=recorded_by_id, session_id=session.id,
               details={"kind": "paper-tests", "test": kind.value, "rows": len(sheet.rows),
                        "recorded": result.recorded})
    return result


def _paper_row_person(row: answer_grid.PaperRow, people: dict[int, Participant],
                      problems: list[str]) -> Participant | None:
    """The registered person a row's ID names."""
    if not row.participant_id:
        problems.append(_("L'ID manque : gardez la colonne ID du modèle"))
    elif not row.participant_id.isdigit() or int(row.participant_id) not in people:
        problems.append(_("Aucune personne inscrite à cette session n'a l'ID « %(id)s »",
                          id=row.participant_id))
    else:
        return people[int(row.participant_id)]
    return None


def _paper_person_problems(row: answer_grid.PaperRow, person: Participant, kind: AttemptKind,
                           seen: dict[int, int], taken: dict[int, Attempt]) -> list[str]:
    """A row's person against the name written, the rows above and the attempts recorded."""
    problems = []
    if row.last_name and fold(row.last_name) != fold(person.last_name):
        problems.append(_("L'ID %(id)s est celui de %(name)s, pas de « %(written)s »",
                          id=person.id, name=person.full_name, written=row.last_name))
    if person.id in seen:
        problems.append(_("Ligne en double (même personne que la ligne %(n)s)",
                          n=seen[person.id]))
    seen.setdefault(person.id, row.row)
    if person.id in taken:
        problems.append(_("%(name)s a déjà un %(test)s (%(percent)s) : "
                          "réinitialisez-le d'abord depuis les résultats",
                          name=person.full_name, test=str(ATTEMPT_KIND_LABELS[kind]).lower(),
                          percent=percent_text(taken[person.id].percent)))
    return problems


def _paper_row_answers(row: answer_grid.PaperRow, columns: list[tuple[int, Question]],
                       problems: list[str]) -> dict[int, list[int]]:
    """The chosen choice ids per question id; a cell naming no valid choice is a problem."""
    answers: dict[int, list[int]] = {}
    for number, question in columns:
        text = row.answers.get(number, "")
        if not text:
            continue
        indices, problem = answer_grid.check_answer(
            text, question.kind.value, [c.text for c in question.choices])
        if problem:
            problems.append(_("Q%(n)s : %(problem)s", n=number,
                              problem=problem_message(problem)))
        else:
            answers[question.id] = [question.choices[i].id for i in sorted(indices)]
    return answers


def _record_paper_plan(session: Session, kind: AttemptKind,
                       plan: list[tuple[int, dict[int, list[int]]]], recorded_by_id: int | None,
                       seen: dict[int, int], people: dict[int, Participant],
                       result: PaperImportResult) -> None:
    """Write the checked rows; stop at a person recorded meanwhile (the view rolls back)."""
    for participant_id, answers in plan:
        try:
            record_attempt(session, participant_id, kind, answers, AttemptMethod.PAPER,
                           recorded_by_id=recorded_by_id)
        except AlreadyTaken:
            result.errors.append(RowError(seen[participant_id], [
                _("%(name)s vient d'être enregistré·e par ailleurs",
                  name=people[participant_id].full_name)]))
            return
        result.recorded += 1


def _question_columns(session: Session, kind: AttemptKind, sheet: answer_grid.PaperSheet,
                      questions: list[Question]) -> tuple[list[tuple[int, Question]], str | None]:
    """Each question column of the sheet with its question, or why the sheet does not fit."""
    if not questions:
        return [], _("Ce test n'a aucune question.")
    if sheet.session_id is not None and sheet.session_id != session.id:
        return [], _("Ce fichier est le modèle d'une autre session : téléchargez celui de "
                     "cette session.")
    if sheet.kind is not None and sheet.kind != kind.value:
        return [], _("Ce fichier est le modèle du %(other)s, pas du %(test)s.",
                     other=str(ATTEMPT_KIND_LABELS.get(sheet.kind, sheet.kind)).lower(),
                     test=str(ATTEMPT_KIND_LABELS[kind]).lower())
    by_id = {q.id: q for q in questions}
    if all(c.question_id is not None for c in sheet.columns):
        if {c.question_id for c in sheet.columns} != set(by_id):
            return [], _("Les questions du test ont changé depuis le téléchargement du "
                         "modèle : téléchargez-le à nouveau.")
        return [(c.number, by_id[c.question_id]) for c in sheet.columns], None
    if sorted(c.number for c in sheet.columns) != list(range(1, len(questions) + 1)):
        return [], _("Le fichier doit avoir une colonne par question du test, de Q1 à "
                     "Q%(n)s.", n=len(questions))
    return [(c.number, questions[c.number - 1]) for c in sheet.columns], None


def _paper_file_error(error: answer_grid.PaperSheetError) -> str:
    refusal = upload_refusal(error)
    if refusal:
        return refusal
    if isinstance(error, answer_grid.MissingColumns):
        return _("Colonnes manquantes : %(columns)s. Partez du modèle à télécharger.",
                 columns=", ".join(error.headers))
    if isinstance(error, answer_grid.TooManyRows):
        return _("Le fichier dépasse %(n)s lignes : découpez-le.", n=error.limit)
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")
