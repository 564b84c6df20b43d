"""A training's question bank: its questions, saving and deleting one, the bank as an Excel
sheet and its import, the messages of a question's problems. Views commit."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _, lazy_gettext as _l

from trainings.assessments import bank_sheet
from trainings.assessments.models import Answer, Choice, Question, QuestionKind, SessionQuestion
from trainings.assessments.question_rules import CleanQuestion, Problem, Translation
from trainings.assessments.translated import TRANSLATED, stored
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.forms_common import upload_refusal
from trainings.spreadsheets import RowError


def bank(training_id: int) -> list[Question]:
    return list(db.session.scalars(
        sa.select(Question).where(Question.training_id == training_id)
        .order_by(Question.position, Question.id)))


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
    empty = Translation()
    for language in TRANSLATED:
        translation = clean.translations.get(language, empty)
        setattr(question, f"text_{language}", stored(translation.text))
        setattr(question, f"explanation_{language}", stored(translation.explanation))
    question.choices = [
        Choice(text=text, is_correct=index in clean.correct, position=index,
               text_ar=stored(clean.translated_choice("ar", index)),
               text_en=stored(clean.translated_choice("en", index)))
        for index, text in enumerate(clean.choices)]
    if question.id is None:
        question.training_id = training_id
        question.position = _next_position(training_id)
        db.session.add(question)
    db.session.flush()
    return question


def save_translations(question: Question, clean: CleanQuestion) -> bool:
    """Update only the translations of a question that has answers, its choices kept (answers
    name them by id); False, and nothing changed, when the French question differs: its scores
    depend on it."""
    if replace(clean_of(question), translations={}) != replace(clean, translations={}):
        return False
    empty = Translation()
    for language in TRANSLATED:
        translation = clean.translations.get(language, empty)
        setattr(question, f"text_{language}", stored(translation.text))
        setattr(question, f"explanation_{language}", stored(translation.explanation))
        for index, choice in enumerate(question.choices):
            setattr(choice, f"text_{language}", stored(clean.translated_choice(language, index)))
    db.session.flush()
    return True


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
    translations = {}
    for language in TRANSLATED:
        translation = Translation(
            getattr(question, f"text_{language}") or "",
            tuple(getattr(c, f"text_{language}") or "" for c in question.choices),
            getattr(question, f"explanation_{language}") or "")
        if translation.text or any(translation.choices) or translation.explanation:
            translations[language] = translation
    return CleanQuestion(question.kind.value, question.text,
                         tuple(c.text for c in question.choices),
                         frozenset(i for i, c in enumerate(question.choices) if c.is_correct),
                         question.points, question.explanation, translations)


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
        (_("Colonnes (arabe) et (anglais)"), _("Facultatives : la question, les choix et "
                                               "l'explication en arabe et en anglais, montrés "
                                               "aux participant·e·s qui lisent cette langue ; "
                                               "vides, le texte français est montré.")),
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


def import_bank(training_id: int, data: bytes, user_id: int | None = None) -> ImportResult:
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
    record(AuditEvent.IMPORT, actor_id=user_id,
           details={"kind": "question-bank", "training_id": training_id, "rows": len(rows),
                    "created": result.created})
    return result


def _bank_file_error(error: bank_sheet.BankSheetError) -> str:
    refusal = upload_refusal(error)
    if refusal:
        return refusal
    if isinstance(error, bank_sheet.MissingColumns):
        return _("Colonnes manquantes dans la première ligne de la première feuille : "
                 "%(columns)s. Partez du modèle à télécharger.", columns=", ".join(error.headers))
    if isinstance(error, bank_sheet.TooManyRows):
        return _("Le fichier dépasse %(n)s lignes : découpez-le.", n=error.limit)
    if isinstance(error, bank_sheet.EmptyBank):
        return _("Le fichier ne contient aucune question à importer.")
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")


_PROBLEMS = {
    "unknown_kind": _l("Type « %(value)s » inconnu (choix unique, choix multiple ou vrai-faux)"),
    "control_characters": _l("La colonne « %(value)s » contient des caractères de contrôle non "
                             "autorisés"),
    "no_text": _l("Le texte de la question manque"),
    "too_many_choices": _l("Au plus %(value)s choix"),
    "correct_on_empty": _l("La bonne réponse %(value)s désigne un choix vide"),
    "choice_too_long": _l("Un choix dépasse %(value)s caractères"),
    "translation_on_empty": _l("Le choix %(value)s est traduit mais vide en français"),
    "duplicate_choice": _l("Le choix « %(value)s » apparaît deux fois"),
    "true_false_choices": _l("Une question vrai-faux a exactement deux choix : Vrai et Faux"),
    "too_few_choices": _l("Il faut au moins deux choix"),
    "one_correct": _l("Un choix unique ou un vrai-faux a exactement une bonne réponse "
                      "(ici : %(value)s)"),
    "some_correct": _l("Un choix multiple a au moins une bonne réponse"),
    "points": _l("Les points doivent être un nombre positif, avec au plus deux décimales "
                 "(« %(value)s »)"),
    "not_letters": _l("« %(value)s » n'est pas une lettre de choix (A à F)"),
    "no_such_choice": _l("Pas de choix %(value)s pour cette question"),
    "one_answer": _l("Une seule réponse possible, pas « %(value)s »"),
}


def problem_message(problem: Problem) -> str:
    return str(_PROBLEMS[problem.code]) % {"value": problem.value}
