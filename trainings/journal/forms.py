"""The audit log's filters (a GET form): bad values are named under their field."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import DateInput

from trainings.forms_common import no_control_characters

MAX_ID = 2**31 - 1  # the INTEGER range of the ids (trainings/identifiers.py)


def iso_date(text: str | None) -> date | None:
    """The date written AAAA-MM-JJ, or None (nothing written, or not a date)."""
    try:
        return date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        return None


def an_id(text: str | None) -> int | None:
    """The number written, when it is an id (1 to MAX_ID), else None."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 10 and 0 < int(text) <= MAX_ID:
        return int(text)
    return None


def _date(form, field) -> None:
    if field.data and field.data.strip() and iso_date(field.data) is None:
        raise ValidationError(_l("Date invalide : écrivez-la AAAA-MM-JJ (par exemple "
                                 "2026-12-07)."))


def _identifier(form, field) -> None:
    if field.data and field.data.strip() and an_id(field.data) is None:
        raise ValidationError(_l("Indiquez un numéro : des chiffres seulement, sans espace."))


def _after_start(form, field) -> None:
    start, end = iso_date(form.date_from.data), iso_date(field.data)
    if start and end and end < start:
        raise ValidationError(_l("La date de fin précède la date de début."))


def _account(form, field) -> None:
    if field.data and an_id(field.data) is None:
        raise ValidationError(_l("Choisissez un compte de la liste."))


def _event(form, field) -> None:
    if field.data and field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_l("Choisissez un événement de la liste."))


class JournalFilterForm(FlaskForm):
    """Read from the query string; the view gives the event and account choices."""

    class Meta:
        csrf = False

    event = SelectField(_l("Événement"), validate_choice=False, validators=[_event])
    date_from = StringField(_l("Du"), widget=DateInput(),
                            validators=[no_control_characters, _date])
    date_to = StringField(_l("Au"), widget=DateInput(),
                          validators=[no_control_characters, _date, _after_start])
    actor = SelectField(_l("Compte qui a agi"), validate_choice=False, validators=[_account])
    session = StringField(_l("N° de session"), validators=[no_control_characters, _identifier])
    person = StringField(_l("N° de personne"), validators=[no_control_characters, _identifier])
