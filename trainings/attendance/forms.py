"""Forms of the participant's check-in pages, and the reason staff give for an act outside a
half-day's check-in times."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import support
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path
from wtforms import (
    BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from trainings.forms_common import no_control_characters
from trainings.phone.tokens import CODE_LENGTH, canonical_code
from trainings.places import ORGANIZATION_KINDS
from trainings.notice import notices
from trainings.registry.normalize import InvalidPhone, checked_phone, contact_key, email_is_valid

SIGNATURE_PATH = re.compile(r"^[MLml0-9 .,\-]{1,20000}$")
# The walk-in's answer for "sex not recorded": participants may keep it to themselves.
SEX_NO_ANSWER = "no-answer"
CONTACT_INVALID = _l("Tapez votre numéro de téléphone (par exemple 06 61 23 45 67) ou votre "
                     "adresse e-mail.")


@lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _Later(LazyString):
    """A WTForms message translated when the page shows it, not when the form is validated:
    a check-in page learns its session's default language only when it is rendered."""

    def __mod__(self, values):  # "%(min)d characters" filled in later, translated first
        return _Later(lambda: str(self) % values)


class _TranslatedLater:
    def gettext(self, string):
        return _Later(lambda: _wtforms_translations(str(get_locale())).gettext(string))

    def ngettext(self, singular, plural, n):
        return _Later(lambda: _wtforms_translations(str(get_locale())).ngettext(singular,
                                                                                plural, n))


_TRANSLATED_LATER = _TranslatedLater()


def at_most(characters: int) -> Length:
    """WTForms' Length, with our message: WTForms' Arabic catalogue lacks its plural forms, so
    that a long name would be refused in English on an Arabic page."""
    return Length(max=characters, message=_Later(lambda: _("Au plus %(max)d caractères.")))


class ParticipantForm(FlaskForm):
    """The participant's forms. Flask-WTF would parse WTForms' message catalogue again on every
    request; these pages are the ones a whole room loads at once, so it is parsed once. The
    app-wide CSRFProtect checks their token (templates put csrf_token() in them): the form does
    not check it a second time."""

    class Meta:
        csrf = False

        def get_translations(self, form):
            return _TRANSLATED_LATER


def _six_characters(form, field) -> None:
    """Six characters once spaces, hyphens and the like are left out ("abc-def" is fine)."""
    if len(canonical_code(field.data or "")) != CODE_LENGTH:
        raise ValidationError(_l("Le code a 6 caractères : recopiez-le depuis l'écran."))


class CodeForm(ParticipantForm):
    code = StringField(_l("Code affiché dans la salle"),
                       validators=[no_control_characters, DataRequired(), at_most(40),
                                   _six_characters],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr",
                                  "spellcheck": "false", "maxlength": 20})


class _ProofForm(ParticipantForm):
    proof = HiddenField(validators=[no_control_characters, DataRequired()])


class IdentifyForm(_ProofForm):
    contact = StringField(_l("Votre téléphone ou votre e-mail"),
                          validators=[no_control_characters, DataRequired(), at_most(254)],
                          render_kw={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})

    def validate_contact(self, field):
        if contact_key(field.data) is None:
            raise ValidationError(CONTACT_INVALID)


class SignatureMixin:
    signature = HiddenField(validators=[no_control_characters])
    typed_signature = StringField(_l("Sans dessin possible : tapez votre nom complet pour signer"),
                                  validators=[no_control_characters, Optional(), at_most(200)])

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
                             validators=[no_control_characters, DataRequired(), at_most(100)],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField(_l("Nom"),
                            validators=[no_control_characters, DataRequired(), at_most(100)],
                            render_kw={"autocomplete": "family-name"})
    sex = RadioField(_l("Sexe"), choices=[("female", _l("Femme")), ("male", _l("Homme")),
                                          (SEX_NO_ANSWER, _l("Je préfère ne pas répondre"))],
                     validators=[InputRequired(_l("Choisissez une réponse : Femme, Homme, ou "
                                                  "« Je préfère ne pas répondre »."))])
    organization = StringField(
        _l("Organisation"), validators=[no_control_characters, Optional(), at_most(200)],
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
                           validators=[no_control_characters, Optional(), at_most(150)],
                           render_kw={"autocomplete": "organization-title"})
    phone = StringField(_l("Téléphone"),
                        validators=[no_control_characters, Optional(), at_most(30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})
    email = EmailField(_l("E-mail"),
                       validators=[no_control_characters, Optional(), at_most(254)],
                       render_kw={"autocomplete": "email", "dir": "ltr"})
    # The sentence of the notice's current version: the one recorded with the consent.
    consent = BooleanField(notices.current().consent,
                           validators=[DataRequired(_l("Votre accord est nécessaire pour "
                                                       "vous enregistrer."))])

    def validate_phone(self, field):
        try:
            checked_phone(field.data)
        except InvalidPhone:
            raise ValidationError(_l("Ce numéro de téléphone n'est pas valide : tapez par "
                                     "exemple 06 61 23 45 67, ou +33 6 12 34 56 78 pour un "
                                     "numéro étranger.")) from None

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


# Out of the check-in window ------------------------------------------------------------------

REASON_MAX_LENGTH = 500
_LINE_BREAKS = frozenset("\t\n\r")


def reason_problem(text: str | None):
    """What is wrong with a reason typed for an act outside the check-in window, as a message
    to show, or None. Control characters (pasted from another program, or sent by a script)
    are refused rather than stored; line breaks and tabs are kept."""
    text = (text or "").strip()
    if not text:
        return _l("Indiquez le motif : il est enregistré au journal et montré aux auditeurs.")
    if len(text) > REASON_MAX_LENGTH:
        return _l("Le motif est trop long : %(max)s caractères au plus.", max=REASON_MAX_LENGTH)
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in _LINE_BREAKS for c in text):
        return _l("Le motif contient des caractères de contrôle invisibles (copiés d'un autre "
                  "logiciel ?) : retapez-le.")
    return None


class OutOfWindowForm(FlaskForm):
    """The confirmation of an act outside a half-day's check-in times, with its reason."""

    confirm = HiddenField(default="1",  # posted by the confirmation page only
                          validators=[no_control_characters])
    reason = TextAreaField(_l("Motif"), validators=[no_control_characters], render_kw={"rows": 3, "maxlength": REASON_MAX_LENGTH},
                           description=_l("Par exemple : séance avancée à la demande de la "
                                          "commune ; arrivée notée sur la feuille papier."))

    @property
    def confirming(self) -> bool:
        return self.is_submitted() and bool(self.confirm.raw_data)

    def validate_reason(self, field):
        problem = reason_problem(field.data)
        if problem is not None:
            raise ValidationError(problem)
