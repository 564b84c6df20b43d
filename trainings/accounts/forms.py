"""Forms of the account pages: create an account, change its name, role, region or state."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from trainings.accounts.services import MIN_PASSWORD_LENGTH
from trainings.auth.models import ROLE_LABELS, Role
from trainings.forms_common import no_control_characters
from trainings.places import REGIONS


def _role_choices():
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


def _region_choices():
    return [("", _l("— aucune —"))] + list(REGIONS.items())


class _RoleRegionRule:
    """A coordinator needs a region; for any other role the region is dropped.

    The region field has no Optional() validator: it would stop the chain before this rule."""

    def validate_region(self, field):
        if self.role.data != Role.COORDINATOR:
            field.data = ""
        elif not field.data:
            raise ValidationError(_l("Un compte de coordination doit avoir une région."))


class UserCreateForm(_RoleRegionRule, FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        no_control_characters, DataRequired(), Length(max=254),
        Email(message=_l("Adresse e-mail invalide."))])
    name = StringField(_l("Nom"), validators=[no_control_characters, Length(max=120)])
    role = SelectField(_l("Rôle"), choices=_role_choices(), default=Role.EXPERT.value)
    region = SelectField(_l("Région"), choices=_region_choices(),
                         description=_l("Seulement pour un compte de coordination."))
    password = PasswordField(_l("Mot de passe initial"), validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l(
            "Le mot de passe doit compter entre %(min)d et %(max)d caractères."))])
    confirm = PasswordField(_l("Confirmation du mot de passe"), validators=[
        EqualTo("password", _l("Les deux saisies diffèrent."))])


class UserEditForm(_RoleRegionRule, FlaskForm):
    name = StringField(_l("Nom"), validators=[no_control_characters, Length(max=120)])
    role = SelectField(_l("Rôle"), choices=_role_choices())
    region = SelectField(_l("Région"), choices=_region_choices(),
                         description=_l("Seulement pour un compte de coordination."))
    active = BooleanField(_l("Compte actif"))
