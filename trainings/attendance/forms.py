"""Forms of the participant's check-in pages."""
from __future__ import annotations

import re
from functools import lru_cache

from babel import support
from flask_babel import get_locale, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from trainings.forms_common import no_control_characters
from trainings.places import ORGANIZATION_KINDS
from trainings.registry.normalize import email_is_valid, normalize_phone, phone_is_plausible

SIGNATURE_PATH = re.compile(r"^[MLml0-9 .,\-]{1,20000}$")


@lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class ParticipantForm(FlaskForm):
    """The participant's forms. Flask-WTF would parse WTForms' message catalogue again on every
    request; these pages are the ones a whole room loads at once, so it is parsed once. The
    app-wide CSRFProtect checks their token (templates put csrf_token() in them): the form does
    not check it a second time."""

    class Meta:
        csrf = False

        def get_translations(self, form):
            return _wtforms_translations(str(get_locale()))


class CodeForm(ParticipantForm):
    code = StringField(_l("Code affiché dans la salle"),
                       validators=[no_control_characters, DataRequired(), Length(min=6, max=6)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "maxlength": 6})


class _ProofForm(ParticipantForm):
    proof = HiddenField(validators=[no_control_characters, DataRequired()])


class IdentifyForm(_ProofForm):
    contact = StringField(_l("Votre téléphone ou votre e-mail"),
                          validators=[no_control_characters, DataRequired(), Length(max=254)],
                          render_kw={"autocomplete": "tel", "inputmode": "tel"})


class SignatureMixin:
    signature = HiddenField(validators=[no_control_characters])
    typed_signature = StringField(_l("Sans dessin possible : tapez votre nom complet pour signer"),
                                  validators=[no_control_characters, Optional(), Length(max=200)])

    def signature_value(self) -> str | None:
        if self.signature.data and SIGNATURE_PATH.match(self.signature.data):
            return self.signature.data
        if self.typed_signature.data and self.typed_signature.data.strip():
            return "typed:" + self.typed_signature.data.strip()
        return None


class ConfirmForm(SignatureMixin, _ProofForm):
    person = HiddenField(validators=[no_control_characters, DataRequired()])


class WalkInForm(SignatureMixin, _ProofForm):
    first_name = StringField(_l("Prénom"),
                             validators=[no_control_characters, DataRequired(), Length(max=100)],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField(_l("Nom"),
                            validators=[no_control_characters, DataRequired(), Length(max=100)],
                            render_kw={"autocomplete": "family-name"})
    sex = RadioField(_l("Sexe"), choices=[("female", _l("Femme")), ("male", _l("Homme"))],
                     validators=[InputRequired(_l("Indiquez Femme ou Homme."))])
    organization = StringField(
        _l("Organisation"), validators=[no_control_characters, Optional(), Length(max=200)],
        description=_l("Tapez son nom : nous retrouvons les organisations déjà connues, quels "
                       "que soient les accents et les majuscules."),
        render_kw={"list": "organizations", "autocomplete": "organization"})
    # Offered only when the name typed matches none exactly but resembles known ones.
    organization_choice = RadioField(_l("Vouliez-vous dire l'une de ces organisations ?"),
                                     choices=[], validate_choice=False, validators=[Optional()])
    organization_kind = SelectField(
        _l("Type d'organisation (si elle est nouvelle)"),
        choices=[("", "—")] + list(ORGANIZATION_KINDS.items()), validators=[Optional()])
    function = StringField(_l("Fonction"),
                           validators=[no_control_characters, Optional(), Length(max=150)],
                           render_kw={"autocomplete": "organization-title"})
    phone = StringField(_l("Téléphone"),
                        validators=[no_control_characters, Optional(), Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = EmailField(_l("E-mail"),
                       validators=[no_control_characters, Optional(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    consent = BooleanField(_l("J'accepte que ces informations soient enregistrées pour la "
                              "feuille de présence et les rapports du programme."),
                           validators=[DataRequired(_l("Votre accord est nécessaire pour "
                                                       "vous enregistrer."))])

    def validate_phone(self, field):
        if field.data and not phone_is_plausible(normalize_phone(field.data) or ""):
            raise ValidationError(_l("Ce numéro de téléphone n'est pas valide."))

    def validate_email(self, field):
        if field.data and not email_is_valid(field.data.strip()):
            raise ValidationError(_l("Cette adresse e-mail n'est pas valide."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.email.errors = [*self.email.errors,
                                 _l("Indiquez au moins un téléphone ou un e-mail.")]
            valid = False
        return valid
