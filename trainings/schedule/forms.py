"""Forms of sessions and half-days, and the session list's filters."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField,
)
from wtforms.validators import (
    DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError,
)

from trainings import places
from trainings.forms_common import MultiCheckboxField, ProvinceField, no_control_characters
from trainings.i18n import LANGUAGES, NATIVE_NAMES
from trainings.schedule.models import PERIOD_LABELS, STATUS_LABELS
from trainings.schedule.selection import SelectionForm


class SessionForm(FlaskForm):
    training_id = SelectField(_l("Formation"), coerce=int, validators=[InputRequired()])
    title = StringField(_l("Intitulé de la session"),
                        validators=[no_control_characters, DataRequired(), Length(max=200)])
    region = SelectField(_l("Région"), validators=[DataRequired()])
    province = ProvinceField(_l("Province ou préfecture"), validators=[DataRequired()])
    venue = StringField(_l("Lieu"), validators=[no_control_characters, Length(max=200)])
    start_date = DateField(_l("Date de début"), validators=[InputRequired()])
    end_date = DateField(_l("Date de fin"), validators=[InputRequired()])
    audience = MultiCheckboxField(_l("Public"), choices=list(places.ORGANIZATION_KINDS.items()))
    trainers = StringField(_l("Formateurs et formatrices"),
                           validators=[no_control_characters, Length(max=300)])
    capacity = IntegerField(_l("Capacité (places)"), validators=[
        Optional(), NumberRange(min=0, message=_l("La capacité ne peut pas être négative."))])
    status = SelectField(_l("Statut"), choices=[(s.value, lbl) for s, lbl in STATUS_LABELS.items()])
    notes = TextAreaField(_l("Notes"), validators=[no_control_characters])
    qr_rotation = BooleanField(_l("QR code tournant (décocher pour une affiche imprimée)"),
                               default=True)
    require_signature = BooleanField(_l("Signature au doigt lors de l'émargement"))
    certificate_threshold = IntegerField(
        _l("Présence minimale pour l'attestation (%\u00a0des demi-journées)"), default=80,
        validators=[InputRequired(), NumberRange(min=0, max=100, message=_l(
            "Un pourcentage entre 0 et 100."))])
    language = SelectField(_l("Langue par défaut des participants"), default="fr",
                           choices=[(code, NATIVE_NAMES[code]) for code in LANGUAGES])

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("La date de fin précède la date de début."))

    def validate_province(self, field):
        if places.region_of_province(field.data) != self.region.data:
            raise ValidationError(_l("Cette province n'appartient pas à la région choisie."))

    def validate_start_date(self, field):
        if field.data and self.end_date.data and (self.end_date.data - field.data).days > 31:
            raise ValidationError(_l("Une session dure au plus 31 jours."))


class HalfDayForm(FlaskForm):
    date = DateField(_l("Date"), validators=[InputRequired()])
    period = SelectField(_l("Demi-journée"),
                         choices=[(p.value, lbl) for p, lbl in PERIOD_LABELS.items()])
    start = TimeField(_l("Début"), validators=[Optional()])
    end = TimeField(_l("Fin"), validators=[Optional()])

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("L'heure de fin doit suivre l'heure de début."))


class HalfDayTimesForm(FlaskForm):
    """A half-day's day and times (its period stays): the view gives the current day as the
    default, so that a post of the times alone keeps it."""

    date = DateField(_l("Date"), validators=[DataRequired(_l("Indiquez une date."))])
    start = TimeField(_l("Début"), validators=[InputRequired()])
    end = TimeField(_l("Fin"), validators=[InputRequired()])

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("L'heure de fin doit suivre l'heure de début."))


class SessionFilterForm(SelectionForm):
    """The session list's filters: the selection's, and the sessions' audience and status."""

    audience = SelectField(_l("Public"),
                           choices=[("", _l("Tous"))] + list(places.ORGANIZATION_KINDS.items()))
    status = SelectField(_l("Statut"), choices=[("", _l("Tous"))]
                         + [(s.value, lbl) for s, lbl in STATUS_LABELS.items()])

    # The list shows the period last, as it always has.
    ORDER = ("region", "province", "theme", "training_id", "audience", "status", "date_from",
             "date_to")

    def __iter__(self):
        return (self[name] for name in self.ORDER)
