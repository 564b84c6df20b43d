"""Forms of the login and account pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from trainings.auth.models import TOKEN_SCOPE_LABELS, TokenScope
from trainings.forms_common import no_control_characters
from trainings.i18n import LANGUAGES, NATIVE_NAMES


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[no_control_characters, DataRequired()])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired()])
    remember = BooleanField(_l("Rester connecté·e"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired()])
    new = PasswordField(_l("Nouveau mot de passe"),
                        validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(_l("Confirmation"),
                            validators=[EqualTo("new", _l("Les deux saisies diffèrent."))])


class PasswordResetForm(FlaskForm):
    """The page a one-time reset link opens: the person chooses their new password."""
    new = PasswordField(_l("Nouveau mot de passe"),
                        validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(_l("Confirmation"),
                            validators=[EqualTo("new", _l("Les deux saisies diffèrent."))])


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Code de l'application ou code de secours"), validators=[
        no_control_characters, DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True})


class TotpEnableForm(FlaskForm):
    code = StringField(_l("Code affiché par l'application"), validators=[
        no_control_characters, DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class TotpDisableForm(FlaskForm):
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired()])
    code = StringField(_l("Code de l'application ou code de secours"), validators=[
        no_control_characters, DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code"})


class LanguageForm(FlaskForm):
    """The staff member's language; empty: the browser's (Accept-Language)."""
    language = SelectField(_l("Langue de l'interface"), choices=[
        ("", _l("Celle du navigateur")), *[(code, NATIVE_NAMES[code]) for code in LANGUAGES]])


class TokenForm(FlaskForm):
    """A new API token and what it is for (trainings.auth.tokens.may_hold says who may)."""
    scope = SelectField(_l("Usage du jeton"), default=TokenScope.READ.value, choices=[
        (scope.value, label) for scope, label in TOKEN_SCOPE_LABELS.items()])
