"""Tests of sessions: the question bank and its Excel sheet, a session's test and what is open,
recording an attempt exactly once (online or from paper), results and resets, the satisfaction
questionnaire. Views commit."""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import abort
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from trainings.assessments import answer_grid, bank_sheet
from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Answer, Attempt, AttemptKind, AttemptMethod, AttemptReset, Choice,
    Question, QuestionKind, SatisfactionItem, SatisfactionItemKind, SessionQuestion, SessionTest,
)
from trainings.assessments.question_rules import CleanQuestion, Problem
from trainings.assessments.scoring import QuestionKey, Score, score_attempt
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.registry.models import Participant, Registration
from trainings.registry.normalize import fold
from trainings.schedule.models import Session
from trainings.spreadsheets import RowError


class AlreadyTaken(Exception):
    """A second attempt of the same kind: refused, the first one stands."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt)
        self.attempt = attempt


def bank(training_id: int) -> list[Question]:
    return list(db.session.scalars(
        sa.select(Question).where(Question.training_id == training_id)
        .order_by(Question.position, Question.id)))


def session_test(session: Session) -> SessionTest:
    """The session's test settings, created on first use with all of the training's questions."""
    test = db.session.get(SessionTest, session.id)
    if test is None:
        test = SessionTest(session_id=session.id)
        test.questions = [SessionQuestion(question_id=q.id, position=i)
                          for i, q in enumerate(bank(session.training_id))]
        db.session.add(test)
        db.session.flush()
    return test


def test_questions(test: SessionTest) -> list[Question]:
    return [sq.question for sq in test.questions]


def keys_of(questions: Sequence[Question]) -> list[QuestionKey]:
    return [QuestionKey(q.id, q.points, frozenset(c.id for c in q.choices if c.is_correct))
            for q in questions]


def find_attempt(session_id: int, participant_id: int, kind: AttemptKind) -> Attempt | None:
    return db.session.scalar(sa.select(Attempt).where(
        Attempt.session_id == session_id, Attempt.participant_id == participant_id,
        Attempt.kind == kind))


def record_attempt(session: Session, participant_id: int, kind: AttemptKind,
                   answers: Mapping[int, Sequence[int]], method: AttemptMethod,
                   recorded_by_id: int | None = None,
                   started_at: datetime | None = None) -> tuple[Attempt, Score]:
    """Score and store one attempt. Raises AlreadyTaken when one of that kind exists: the
    unique constraint decides, so two simultaneous submissions cannot both count."""
    questions = test_questions(session_test(session))
    score = score_attempt(keys_of(questions), answers)
    without_pre = kind == AttemptKind.POST and find_attempt(
        session.id, participant_id, AttemptKind.PRE) is None
    attempt = Attempt(session_id=session.id, participant_id=participant_id, kind=kind,
                      method=method, recorded_by_id=recorded_by_id, earned=score.earned,
                      possible=score.possible, percent=score.percent, without_pre=without_pre,
                      started_at=started_at, submitted_at=utcnow())
    attempt.answers = [Answer(question_id=r.question_id,
                              chosen=",".join(str(c) for c in sorted(r.chosen)),
                              correct=r.correct, earned=r.earned) for r in score.results]
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        raise AlreadyTaken(find_attempt(session.id, participant_id, kind)) from None
    return attempt, score


def answered_question_ids(session_id: int) -> set[int]:
    """Questions with answers at this session: they can no longer be changed or removed."""
    return set(db.session.scalars(
        sa.select(Answer.question_id).join(Attempt).where(Attempt.session_id == session_id)
        .distinct()))


def percent_text(value: float | None) -> str:
    """A score as shown: one decimal, French style ("62,5 %"); a dash when there is none."""
    if value is None:
        return "—"
    return f"{format_decimal(value, '0.0')}\u00a0%"


def points_text(value: Decimal) -> str:
    """"1 point", "1,5 point", "2 points": French takes the plural from 2."""
    return ngettext("%(points)s point", "%(points)s points", 2 if value >= 2 else 1,
                    points=format_decimal(value, "0.##"))


# The question bank --------------------------------------------------------------------------

def get_question(training_id: int, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.training_id != training_id:
        abort(404)
    return question


def bank_size(training_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Question.id)).where(
        Question.training_id == training_id)) or 0


def bank_sizes(training_ids: Sequence[int]) -> dict[int, int]:
    """bank_size() of each of these trainings (empty banks are left out), in one query: the
    catalogue's count of questions (trainings.catalogue.usage)."""
    rows = db.session.execute(
        sa.select(Question.training_id, sa.func.count(Question.id))
        .where(Question.training_id.in_(training_ids)).group_by(Question.training_id))
    return {training_id: n for training_id, n in rows}


def answered_ids(question_ids: Iterable[int]) -> set[int]:
    """Those of the questions with an answer in any attempt, of any session."""
    ids = list(question_ids)
    if not ids:
        return set()
    return set(db.session.scalars(
        sa.select(Answer.question_id).where(Answer.question_id.in_(ids)).distinct()))


def is_answered(question: Question) -> bool:
    return bool(question.id) and bool(answered_ids([question.id]))


def save_question(training_id: int, question: Question, clean: CleanQuestion) -> Question:
    """Create or update a question from a checked one; its choices are replaced."""
    question.kind = QuestionKind(clean.kind)
    question.text = clean.text
    question.points = clean.points
    question.explanation = clean.explanation
    question.choices = [Choice(text=text, is_correct=index in clean.correct, position=index)
                        for index, text in enumerate(clean.choices)]
    if question.id is None:
        question.training_id = training_id
        question.position = _next_position(training_id)
        db.session.add(question)
    db.session.flush()
    return question


def _next_position(training_id: int) -> int:
    last = db.session.scalar(sa.select(sa.func.max(Question.position)).where(
        Question.training_id == training_id))
    return 0 if last is None else last + 1


def delete_question(question: Question) -> None:
    """Remove an unanswered question from the bank and from the tests that picked it."""
    db.session.execute(sa.delete(SessionQuestion).where(
        SessionQuestion.question_id == question.id))
    db.session.delete(question)
    db.session.flush()


def clean_of(question: Question) -> CleanQuestion:
    return CleanQuestion(question.kind.value, question.text,
                         tuple(c.text for c in question.choices),
                         frozenset(i for i, c in enumerate(question.choices) if c.is_correct),
                         question.points, question.explanation)


def bank_workbook(training_id: int) -> bytes:
    """The bank as an Excel sheet (also the template: an empty bank gives the headers)."""
    kinds = ", ".join(bank_sheet.KIND_WORDS.values())
    help_rows = [
        (_("Comment remplir la feuille « %(sheet)s »", sheet=bank_sheet.SHEET_TITLE),),
        (_("Une ligne par question, à partir de la ligne 2 ; ne modifiez pas la ligne "
           "d'en-tête."),),
        (_("Type"), _("%(kinds)s.", kinds=kinds)),
        (_("Question"), _("Le texte de la question (obligatoire).")),
        (_("Choix A à F"), _("De 2 à 6 choix, à partir de Choix A. Vrai-faux : laissez vides "
                             "ou écrivez Vrai et Faux.")),
        (_("Bonnes réponses"), _("La ou les lettres des bonnes réponses : « A » ; « A,C » pour "
                                 "un choix multiple. Choix unique et vrai-faux : une seule "
                                 "lettre (ou Vrai / Faux).")),
        (_("Points"), _("Un nombre positif ; vide = 1.")),
        (_("Explication"), _("Facultative : montrée après le post-test.")),
        (),
        (_("Si une ligne comporte une erreur, rien n'est importé : chaque ligne fautive est "
           "nommée avec la raison."),),
        (_("Les questions importées s'ajoutent à la banque existante."),),
    ]
    return bank_sheet.bank_workbook([clean_of(q) for q in bank(training_id)], _("Aide"),
                                    help_rows)


@dataclass
class ImportResult:
    file_error: str | None = None
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


def import_bank(training_id: int, data: bytes) -> ImportResult:
    """Append the questions of an uploaded sheet to the bank, all or nothing."""
    try:
        rows = bank_sheet.read_bank(data)
    except bank_sheet.BankSheetError as error:
        return ImportResult(file_error=_bank_file_error(error))
    result = ImportResult(errors=[RowError(r.row, [problem_message(p) for p in r.problems])
                                  for r in rows if r.problems])
    if result.errors:
        return result
    for row in rows:
        save_question(training_id, Question(), row.question)
        result.created += 1
    return result


def _bank_file_error(error: bank_sheet.BankSheetError) -> str:
    if isinstance(error, bank_sheet.MissingColumns):
        return _("Colonnes manquantes dans la première ligne de la première feuille : "
                 "%(columns)s. Partez du modèle à télécharger.", columns=", ".join(error.headers))
    if isinstance(error, bank_sheet.TooManyRows):
        return _("Le fichier dépasse %(n)s lignes : découpez-le.", n=error.limit)
    if isinstance(error, bank_sheet.EmptyBank):
        return _("Le fichier ne contient aucune question à importer.")
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")


_PROBLEMS = {
    "unknown_kind": _l("type « %(value)s » inconnu (choix unique, choix multiple ou vrai-faux)"),
    "no_text": _l("le texte de la question manque"),
    "too_many_choices": _l("au plus %(value)s choix"),
    "correct_on_empty": _l("la bonne réponse %(value)s désigne un choix vide"),
    "choice_too_long": _l("un choix dépasse %(value)s caractères"),
    "duplicate_choice": _l("le choix « %(value)s » apparaît deux fois"),
    "true_false_choices": _l("une question vrai-faux a exactement deux choix : Vrai et Faux"),
    "too_few_choices": _l("il faut au moins deux choix"),
    "one_correct": _l("un choix unique ou un vrai-faux a exactement une bonne réponse "
                      "(ici : %(value)s)"),
    "some_correct": _l("un choix multiple a au moins une bonne réponse"),
    "points": _l("les points doivent être un nombre positif, avec au plus deux décimales "
                 "(« %(value)s »)"),
    "not_letters": _l("« %(value)s » n'est pas une lettre de choix (A à F)"),
    "no_such_choice": _l("pas de choix %(value)s pour cette question"),
    "one_answer": _l("une seule réponse possible, pas « %(value)s »"),
}


def problem_message(problem: Problem) -> str:
    return str(_PROBLEMS[problem.code]) % {"value": problem.value}


# The test of a session ----------------------------------------------------------------------

class OpenState(enum.StrEnum):
    PRE = "pre"
    POST = "post"
    CLOSED = "closed"


@dataclass
class SessionTestPanel:
    """What the session page shows of its tests, without creating anything."""

    state: OpenState
    satisfaction_open: bool
    questions: int


def tests_panel(session: Session) -> SessionTestPanel:
    test = db.session.get(SessionTest, session.id)
    if test is None:
        return SessionTestPanel(OpenState.CLOSED, False, bank_size(session.training_id))
    state = (OpenState.PRE if test.pre_open else OpenState.POST if test.post_open
             else OpenState.CLOSED)
    return SessionTestPanel(state, test.satisfaction_open, len(test.questions))


@dataclass
class SessionTestSettings:
    bank: list[Question]
    selected: set[int]
    answered: set[int]
    pass_mark: int
    shuffle: bool


def tests_settings(session: Session) -> SessionTestSettings:
    """The bank, and how the session uses it (the defaults when it has no test yet)."""
    questions = bank(session.training_id)
    test = db.session.get(SessionTest, session.id)
    if test is None:
        return SessionTestSettings(questions, {q.id for q in questions}, set(), 70, False)
    return SessionTestSettings(questions, {sq.question_id for sq in test.questions},
                               answered_question_ids(session.id), test.pass_mark,
                               test.shuffle)


def save_test_settings(session: Session, question_ids: Iterable[int], pass_mark: int,
                       shuffle: bool) -> list[Question]:
    """Apply the settings, or change nothing and return the answered questions the change
    would remove."""
    test = session_test(session)
    keep = set(question_ids)
    answered = answered_question_ids(session.id)
    refused = [sq.question for sq in test.questions
               if sq.question_id in answered and sq.question_id not in keep]
    if refused:
        return refused
    current = {sq.question_id: sq for sq in test.questions}
    picked = [q for q in bank(session.training_id) if q.id in keep]
    test.questions = [current.get(q.id) or SessionQuestion(question_id=q.id) for q in picked]
    for position, session_question in enumerate(test.questions):
        session_question.position = position
    test.pass_mark = pass_mark
    test.shuffle = shuffle
    db.session.flush()
    return []


def open_test(session: Session, state: OpenState) -> SessionTest | None:
    """Open the pre-test or the post-test (which closes the pre-test), or close both. None
    when there is nothing to open: no question in the test nor in the bank."""
    test = session_test(session)
    if state != OpenState.CLOSED and not test.questions:
        # A test without questions was never chosen: it takes the bank, as a new one would.
        if not answered_question_ids(session.id):
            test.questions = [SessionQuestion(question_id=q.id, position=i)
                              for i, q in enumerate(bank(session.training_id))]
        if not test.questions:
            return None
    test.pre_open = state == OpenState.PRE
    test.post_open = state == OpenState.POST
    db.session.flush()
    return test


def open_satisfaction(session: Session, is_open: bool) -> SessionTest:
    if is_open:
        ensure_default_satisfaction_items()
    test = session_test(session)
    test.satisfaction_open = is_open
    db.session.flush()
    return test


# Results and resets -------------------------------------------------------------------------

@dataclass
class ResultRow:
    participant: Participant
    registered: bool
    pre: Attempt | None = None
    post: Attempt | None = None

    @property
    def status(self) -> str:
        """"both", "pre", "post" or "none": which tests the person has taken."""
        if self.pre and self.post:
            return "both"
        return "pre" if self.pre else "post" if self.post else "none"


@dataclass
class SessionResults:
    rows: list[ResultRow]
    pass_mark: int
    n_pre: int
    n_post: int
    n_both: int


def session_results(session: Session) -> SessionResults:
    """One row per registered person and per person with an attempt, in a fixed number of
    queries."""
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.session_id == session.id))
    rows = {r.participant_id: ResultRow(r.participant, True) for r in registrations}
    attempts = db.session.scalars(
        sa.select(Attempt).where(Attempt.session_id == session.id)
        .options(joinedload(Attempt.participant), joinedload(Attempt.recorded_by)))
    for attempt in attempts:
        row = rows.setdefault(attempt.participant_id, ResultRow(attempt.participant, False))
        setattr(row, attempt.kind.value, attempt)
    test = db.session.get(SessionTest, session.id)
    ordered = sorted(rows.values(), key=lambda r: (fold(r.participant.last_name),
                                                   fold(r.participant.first_name),
                                                   r.participant.id))
    return SessionResults(
        ordered, test.pass_mark if test else 70,
        n_pre=sum(1 for r in ordered if r.pre), n_post=sum(1 for r in ordered if r.post),
        n_both=sum(1 for r in ordered if r.pre and r.post))


def get_attempt(session: Session, attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.session_id != session.id:
        abort(404)
    return attempt


def reset_attempt(attempt: Attempt, reason: str, user_id: int | None) -> AttemptReset:
    """Delete an attempt so that the person can take that test again; the log keeps who,
    why and the score it had."""
    log = AttemptReset(session_id=attempt.session_id, participant_id=attempt.participant_id,
                       kind=attempt.kind, percent=attempt.percent, reason=reason.strip(),
                       user_id=user_id)
    db.session.add(log)
    db.session.delete(attempt)
    db.session.flush()
    return log


# Paper tests --------------------------------------------------------------------------------

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


def paper_template(session: Session, kind: AttemptKind) -> bytes:
    questions = test_questions(session_test(session))
    return answer_grid.template_workbook(
        session.id, kind.value,
        _("%(test)s — %(session)s", test=ATTEMPT_KIND_LABELS[kind], session=session.title),
        [answer_grid.PaperQuestion(q.id, q.text, q.kind.value, tuple(c.text for c in q.choices))
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
    return result


def _paper_row_person(row: answer_grid.PaperRow, people: dict[int, Participant],
                      problems: list[str]) -> Participant | None:
    """The registered person a row's ID names."""
    if not row.participant_id:
        problems.append(_("l'ID manque : gardez la colonne ID du modèle"))
    elif not row.participant_id.isdigit() or int(row.participant_id) not in people:
        problems.append(_("aucune personne inscrite à cette session n'a l'ID « %(id)s »",
                          id=row.participant_id))
    else:
        return people[int(row.participant_id)]
    return None


def _paper_person_problems(row: answer_grid.PaperRow, person: Participant, kind: AttemptKind,
                           seen: dict[int, int], taken: dict[int, Attempt]) -> list[str]:
    """A row's person against the name written, the rows above and the attempts recorded."""
    problems = []
    if row.last_name and fold(row.last_name) != fold(person.last_name):
        problems.append(_("l'ID %(id)s est celui de %(name)s, pas de « %(written)s »",
                          id=person.id, name=person.full_name, written=row.last_name))
    if person.id in seen:
        problems.append(_("ligne en double (même personne que la ligne %(n)s)",
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
    if isinstance(error, answer_grid.MissingColumns):
        return _("Colonnes manquantes : %(columns)s. Partez du modèle à télécharger.",
                 columns=", ".join(error.headers))
    if isinstance(error, answer_grid.TooManyRows):
        return _("Le fichier dépasse %(n)s lignes : découpez-le.", n=error.limit)
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")


# Satisfaction questionnaire -----------------------------------------------------------------

DEFAULT_SATISFACTION_ITEMS = (
    (SatisfactionItemKind.SCALE, _l("Les objectifs de la formation étaient clairs")),
    (SatisfactionItemKind.SCALE, _l("Le contenu correspond à mes besoins")),
    (SatisfactionItemKind.SCALE, _l("L'animation était de qualité")),
    (SatisfactionItemKind.SCALE, _l("J'utiliserai ce que j'ai appris dans mon travail")),
    (SatisfactionItemKind.SCALE, _l("L'organisation matérielle était satisfaisante")),
    (SatisfactionItemKind.SCALE, _l("Satisfaction globale")),
    (SatisfactionItemKind.TEXT, _l("Ce que j'ai le plus apprécié")),
    (SatisfactionItemKind.TEXT, _l("Ce qui pourrait être amélioré")),
)


def ensure_default_satisfaction_items() -> bool:
    """Seed the default questionnaire when there is no item at all; True when it did."""
    if db.session.scalar(sa.select(SatisfactionItem.id).limit(1)) is not None:
        return False
    db.session.add_all(SatisfactionItem(kind=kind, text=str(text), position=position)
                       for position, (kind, text) in enumerate(DEFAULT_SATISFACTION_ITEMS))
    db.session.flush()
    return True


def satisfaction_items(active_only: bool = False) -> list[SatisfactionItem]:
    query = sa.select(SatisfactionItem).order_by(SatisfactionItem.position, SatisfactionItem.id)
    if active_only:
        query = query.where(SatisfactionItem.active)
    return list(db.session.scalars(query))


def get_satisfaction_item(item_id: int) -> SatisfactionItem:
    return db.session.get(SatisfactionItem, item_id) or abort(404)


def save_satisfaction_item(item: SatisfactionItem, text: str, kind: str | None = None,
                           active: bool = True) -> SatisfactionItem:
    item.text = text.strip()
    item.active = active
    if item.id is None:
        item.kind = SatisfactionItemKind(kind)
        last = db.session.scalar(sa.select(sa.func.max(SatisfactionItem.position)))
        item.position = 0 if last is None else last + 1
        db.session.add(item)
    db.session.flush()
    return item


def move_satisfaction_item(item: SatisfactionItem, step: int) -> None:
    """Swap the item with its neighbour above (step -1) or below (step 1)."""
    items = satisfaction_items()
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        each.position = position
    db.session.flush()
