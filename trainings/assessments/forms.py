"""Forms of the question bank, a session's test settings, paper tests, resets and the
satisfaction questionnaire."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField, FieldList, Form, FormField, IntegerField, RadioField, StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError,
)

from trainings.assessments import question_rules
from trainings.assessments.models import (
    QUESTION_KIND_LABELS, Question, QuestionKind, SatisfactionItemKind,
)
from trainings.assessments.question_rules import CleanQuestion, Problem
from trainings.forms_common import FrenchDecimalField, MultiCheckboxField, no_control_characters

SATISFACTION_KIND_LABELS = {
    SatisfactionItemKind.SCALE: _l("Échelle de 1 à 5"),
    SatisfactionItemKind.TEXT: _l("Texte libre"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


ARABIC = {"dir": "rtl", "lang": "ar"}
ENGLISH = {"dir": "ltr", "lang": "en"}
_TRANSLATION_KW = {"ar": ARABIC, "en": ENGLISH}


def _choice_text(label, render_kw=None) -> StringField:
    return StringField(label, filters=[_strip], render_kw=render_kw, validators=[
        no_control_characters, Length(max=question_rules.CHOICE_MAX_LENGTH)])


class ChoiceEntryForm(Form):
    """One choice slot of a question (no CSRF of its own: it lives in the question form)."""

    text = _choice_text(_l("Texte"))
    text_ar = _choice_text(_l("Texte en arabe"), ARABIC)
    text_en = _choice_text(_l("Texte en anglais"), ENGLISH)
    correct = BooleanField(_l("Bonne réponse"))


def _optional_text(label, render_kw) -> TextAreaField:
    return TextAreaField(label, filters=[lambda v: v.strip() if v else ""], render_kw=render_kw,
                         validators=[no_control_characters])


class QuestionForm(FlaskForm):
    kind = RadioField(_l("Type"), default=QuestionKind.SINGLE.value,
                      choices=[(k.value, label) for k, label in QUESTION_KIND_LABELS.items()])
    text = TextAreaField(_l("Question"), filters=[_strip],
                         validators=[no_control_characters, DataRequired()])
    choices = FieldList(FormField(ChoiceEntryForm), min_entries=question_rules.MAX_CHOICES,
                        max_entries=question_rules.MAX_CHOICES)
    points = FrenchDecimalField(_l("Points"), default=Decimal(1), places=None, validators=[
        InputRequired(), NumberRange(min=Decimal("0.01"), max=question_rules.MAX_POINTS,
                                     message=_l("Un nombre de points positif."))])
    explanation = TextAreaField(_l("Explication (montrée après le post-test, facultative)"),
                                filters=[lambda v: v.strip() if v else ""],
                                validators=[no_control_characters])
    text_ar = _optional_text(_l("Texte en arabe"), ARABIC)
    text_en = _optional_text(_l("Texte en anglais"), ENGLISH)
    explanation_ar = _optional_text(_l("Explication en arabe"), ARABIC)
    explanation_en = _optional_text(_l("Explication en anglais"), ENGLISH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean: CleanQuestion | None = None
        self.problems: list[Problem] = []

    def fill(self, question: Question) -> None:
        """Show a stored question in the form."""
        self.kind.data = question.kind.value
        self.text.data = question.text
        self.points.data = Decimal(f"{question.points.normalize():f}")  # 1.50 shows as 1.5
        self.explanation.data = question.explanation
        for language in _TRANSLATION_KW:
            self[f"text_{language}"].data = getattr(question, f"text_{language}") or ""
            self[f"explanation_{language}"].data = (
                getattr(question, f"explanation_{language}") or "")
        for entry, choice in zip(self.choices.entries, question.choices):
            entry.form.text.data = choice.text
            entry.form.text_ar.data = choice.text_ar or ""
            entry.form.text_en.data = choice.text_en or ""
            entry.form.correct.data = choice.is_correct

    def translations(self) -> dict[str, tuple[str, list[str], str]]:
        return {language: (self[f"text_{language}"].data or "",
                           [entry.form[f"text_{language}"].data or ""
                            for entry in self.choices.entries],
                           self[f"explanation_{language}"].data or "")
                for language in _TRANSLATION_KW}

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the rules of the kind; the latter's problems are kept apart (the
        view words them) and fail the form."""
        self.problems = []
        if not super().validate(extra_validators):
            return False
        slots = [entry.form.text.data or "" for entry in self.choices.entries]
        correct = {i for i, entry in enumerate(self.choices.entries) if entry.form.correct.data}
        self.clean, problems = question_rules.clean_question(
            self.kind.data, self.text.data, slots, correct, self.points.data,
            self.explanation.data, self.translations())
        self.problems = problems
        return not problems


class UploadForm(FlaskForm):
    file = FileField(_l("Fichier Excel rempli (.xlsx)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["xlsx"], _l("Seuls les fichiers Excel .xlsx sont acceptés.")),
    ])


class SessionTestForm(FlaskForm):
    question_ids = MultiCheckboxField(_l("Questions du test"), coerce=int)
    pass_mark = IntegerField(_l("Seuil de réussite (%)"), default=70, validators=[
        InputRequired(), NumberRange(min=0, max=100, message=_l("Un pourcentage de 0 à 100."))])
    shuffle = BooleanField(_l("Mélanger l'ordre des questions et des choix pour chaque "
                              "personne (en ligne)"))

    def validate_question_ids(self, field):
        if not field.data:
            raise ValidationError(_l("Cochez au moins une question."))


class ResetAttemptForm(FlaskForm):
    reason = StringField(_l("Motif"), filters=[_strip], validators=[
        no_control_characters,
        DataRequired(_l("Indiquez le motif de la réinitialisation.")), Length(max=500)])


class SatisfactionItemForm(FlaskForm):
    kind = RadioField(_l("Type"), default=SatisfactionItemKind.SCALE.value,
                      choices=[(k.value, label) for k, label in SATISFACTION_KIND_LABELS.items()])
    text = StringField(_l("Intitulé"), filters=[_strip],
                       validators=[no_control_characters, DataRequired(), Length(max=300)])
    text_ar = StringField(_l("Texte en arabe"), filters=[_strip], render_kw=ARABIC,
                          validators=[no_control_characters, Length(max=300)])
    text_en = StringField(_l("Texte en anglais"), filters=[_strip], render_kw=ENGLISH,
                          validators=[no_control_characters, Length(max=300)])
    active = BooleanField(_l("Active (posée aux participant·e·s)"), default=True)


def paper_attempt_form(questions: Sequence[Question]) -> FlaskForm:
    """One field per question of the test, its choices labelled A, B, C...: radio buttons for a
    single choice or true/false, checkboxes for a multiple choice. Unanswered is allowed."""

    class PaperAttemptForm(FlaskForm):
        pass

    for number, question in enumerate(questions, start=1):
        choices = [(c.id, f"{question_rules.letter(i)}. {c.text}")
                   for i, c in enumerate(question.choices)]
        # Formatted now, as a plain str the label escapes: a lazy string would pass for markup
        # and put the question's text into the page unescaped.
        label = _("Q%(n)s. %(text)s", n=number, text=question.text)
        if question.kind == QuestionKind.MULTIPLE:
            field = MultiCheckboxField(label, choices=choices, coerce=int,
                                       validators=[Optional()])
        else:
            field = RadioField(label, choices=choices, coerce=int, validate_choice=False,
                               validators=[_one_of({c.id for c in question.choices})])
        setattr(PaperAttemptForm, f"q{question.id}", field)
    return PaperAttemptForm()


def _one_of(ids: set[int]):
    def check(form, field):
        if field.data is not None and field.data not in ids:
            raise ValidationError(_l("Choix inconnu."))

    return check


def paper_answers(form: FlaskForm, questions: Sequence[Question]) -> dict[int, list[int]]:
    """The chosen choice ids by question id, from a validated paper form."""
    answers = {}
    for question in questions:
        data = form[f"q{question.id}"].data
        chosen = data if isinstance(data, list) else [] if data is None else [data]
        if chosen:
            answers[question.id] = sorted(chosen)
    return answers
