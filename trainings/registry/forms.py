"""Forms of organisations, participants, registrations and the roster upload."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField, DateField, EmailField, HiddenField, RadioField, SelectField, StringField,
    TelField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from trainings import places
from trainings.clock import local_today
from trainings.forms_common import ProvinceField, no_control_characters
from trainings.registry.models import SEX_LABELS, Sex
from trainings.registry.normalize import (
    InvalidPhone, checked_phone, email_is_valid, normalize_email,
)
from trainings.registry.services import SEX_UNKNOWN

SEX_CHOICES = [(Sex.FEMALE.value, SEX_LABELS[Sex.FEMALE]), (Sex.MALE.value, SEX_LABELS[Sex.MALE]),
               (SEX_UNKNOWN, SEX_LABELS[None])]
KIND_CHOICES = list(places.ORGANIZATION_KINDS.items())
PHONE_INVALID = _l("Ce numéro de téléphone n'est pas valide : tapez par exemple 06 61 23 45 67, "
                   "ou +33 6 12 34 56 78 pour un numéro étranger.")


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class DayField(DateField):
    """A date typed or picked, or left empty (None); refused in French when it is not one."""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Cette date n'est pas valide : choisissez-la dans le "
                                    "calendrier."))) from None


EARLIEST_INFORMED = 2020  # before the programme began: a typing slip


def _informed_on_field() -> DayField:
    return DayField(_l("Date de l'information"), default=local_today)


def informed_on_problem(informed: bool, day) -> str | None:
    """What is wrong with the day staff say a person was informed, as a message, or None."""
    if not informed:
        return None
    if day is None:
        return _l("Indiquez la date à laquelle la personne a été informée.")
    if day > local_today():
        return _l("Cette date est dans le futur : indiquez le jour où l'information a été "
                  "donnée.")
    if day.year < EARLIEST_INFORMED:
        return _l("Cette date est trop ancienne : vérifiez l'année.")
    return None


class InformedMixin:
    """The check of the two fields `informed` and `informed_on` of a form."""

    def validate_informed_on(self, field):
        problem = informed_on_problem(self.informed.data, field.data)
        if problem is not None:
            raise ValidationError(problem)

    @property
    def informed_day(self):
        """The day the person (or the file's people) were informed, or None (also when the
        view removed the fields: someone who consented on their phone)."""
        return self.informed_on.data if self.informed is not None and self.informed.data else None


class OrganizationForm(FlaskForm):
    name = StringField(_l("Nom"), filters=[lambda v: " ".join(v.split()) if v else v],
                       validators=[no_control_characters, DataRequired(), Length(max=200)])
    kind = SelectField(_l("Type d'organisation"), choices=KIND_CHOICES)
    region = SelectField(_l("Région"), validators=[DataRequired()])
    province = ProvinceField(_l("Province ou préfecture"), validators=[Optional()])

    def validate_province(self, field):
        if field.data and places.region_of_province(field.data) != self.region.data:
            raise ValidationError(_l("Cette province n'appartient pas à la région choisie."))


class ParticipantForm(InformedMixin, FlaskForm):
    last_name = StringField(_l("Nom"), filters=[lambda v: v.strip() if v else v],
                            validators=[no_control_characters, DataRequired(), Length(max=100)])
    first_name = StringField(_l("Prénom"), filters=[lambda v: v.strip() if v else v],
                             validators=[no_control_characters, DataRequired(), Length(max=100)])
    sex = RadioField(_l("Sexe"), choices=SEX_CHOICES, validators=[
        InputRequired(_l("Indiquez le sexe, ou « Non renseigné »."))])
    organization_id = SelectField(_l("Organisation"), coerce=_optional_int)
    function = StringField(_l("Fonction"), filters=[lambda v: v.strip() if v else ""],
                           validators=[no_control_characters, Length(max=150)])
    phone = TelField(_l("Téléphone"), filters=[lambda v: v.strip() if v else None],
                     validators=[no_control_characters, Length(max=30)],
                     description=_l("Sans indicatif, un numéro marocain (06…, 07…, 05…) ; un "
                                    "numéro étranger commence par + et l'indicatif du pays."))
    email = EmailField(_l("E-mail"), filters=[normalize_email],
                       validators=[no_control_characters, Length(max=254)])
    region = SelectField(_l("Région"), description=_l(
        "Seulement sans organisation : sinon, la région de l'organisation."))
    # The legal basis is the organisation's registration; staff say when they told the person
    # how their data are used (the notice « Vos données personnelles »).
    informed = BooleanField(_l("La personne a été informée de l'usage de ses données (notice "
                               "« Vos données personnelles », remise ou lue)."))
    informed_on = _informed_on_field()
    # Shown only when a new fiche resembles a recorded one (the view removes it otherwise).
    not_a_duplicate = BooleanField(_l("J'ai vérifié : c'est une autre personne, créer sa fiche."))

    def validate_phone(self, field):
        try:
            field.data = checked_phone(field.data)  # stored as +212…, however it was typed
        except InvalidPhone:
            raise ValidationError(PHONE_INVALID) from None

    def validate_email(self, field):
        if field.data and not email_is_valid(field.data):
            raise ValidationError(_l("Cette adresse e-mail n'est pas valide."))

    def validate_region(self, field):
        if not self.organization_id.data and not field.data:
            raise ValidationError(_l("Choisissez une région, ou une organisation."))

    @property
    def sex_value(self) -> Sex | None:
        return None if self.sex.data == SEX_UNKNOWN else Sex(self.sex.data)


class RegistrationSearchForm(FlaskForm):
    """The GET search of people to register to a session (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Rechercher une personne (nom, téléphone ou e-mail)"),
                    filters=[lambda v: v.strip() if v else ""],
                    validators=[no_control_characters, Length(max=100)])


class RosterUploadForm(InformedMixin, FlaskForm):
    file = FileField(_l("Fichier Excel rempli (.xlsx)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["xlsx"], _l("Seuls les fichiers Excel .xlsx sont acceptés.")),
    ])
    # One statement for the whole file (staff rarely know a date per person).
    informed = BooleanField(_l("Les personnes de ce fichier ont été informées de l'usage de "
                               "leurs données (notice « Vos données personnelles »)."))
    informed_on = _informed_on_field()
    # Shown only once a file named probable duplicates (the page removes it otherwise).
    duplicates_confirmed = BooleanField(_l(
        "J'ai vérifié les lignes signalées : ce sont d'autres personnes, les importer."))


class OrganizationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Nom"), filters=[lambda v: v.strip() if v else ""],
                    validators=[no_control_characters])
    kind = SelectField(_l("Type"), choices=[("", _l("Tous"))] + KIND_CHOICES,
                       validators=[Optional()])
    region = SelectField(_l("Région"), validators=[Optional()])


class ParticipantFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Rechercher (nom, prénom, téléphone, e-mail, organisation)"),
                    filters=[lambda v: v.strip() if v else ""], validators=[no_control_characters])
    sex = SelectField(_l("Sexe"), choices=[("", _l("Tous"))] + SEX_CHOICES,
                      validators=[Optional()])
    region = SelectField(_l("Région"), validators=[Optional()])
    kind = SelectField(_l("Type d'organisation"), choices=[("", _l("Tous"))] + KIND_CHOICES,
                       validators=[Optional()])


class MergeForm(FlaskForm):
    """Merging the record of the page with another one: which of the two is kept."""

    other = HiddenField(validators=[no_control_characters, DataRequired()])
    keep = RadioField(_l("Fiche à conserver"), choices=[], validators=[
        InputRequired(_l("Choisissez la fiche à conserver."))])

    def other_id(self) -> int | None:
        value = self.other.data or ""
        return int(value) if value.isdigit() and len(value) < 10 else None
