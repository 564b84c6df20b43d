"""The progress report's filters (GET) and the form of a target (POST, CSRF)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from trainings.forms_common import FrenchDecimalField, region_choices
from trainings.progress.indicators import BY_KEY, TARGET_GROUPS
from trainings.progress.periods import recent_quarters
from trainings.schedule.selection import SelectionForm


class ProgressFilterForm(SelectionForm):
    """A quarter, or free dates; a region and a theme."""

    province = None
    training_id = None
    quarter = SelectField(_l("Trimestre"), description=_l(
        "Ou choisissez des dates ci-dessous (elles l'emportent sur le trimestre)."))

    def scope_choices(self, scope: str | None, today=None) -> None:
        self.region.choices = [("", _("Toutes"))] + region_choices(scope)
        self.quarter.choices = [("", _("Trimestre en cours"))] + [
            (code, code) for code in recent_quarters(today)]


class _Year(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Une année s'écrit en chiffres, par exemple 2027.")) from None


class _Target(FrenchDecimalField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("La cible est un nombre, par exemple 40 ou 10,5.")) from None


class TargetForm(FlaskForm):
    indicator = SelectField(_l("Indicateur"))
    group = SelectField(_l("Groupe"), description=_l(
        "Femmes ou hommes seulement pour un indicateur donné par sexe."))
    year = _Year(_l("Année du programme"), validators=[
        InputRequired(_l("Indiquez l'année.")),
        NumberRange(2000, 2100, _l("Une année entre 2000 et 2100."))])
    value = _Target(_l("Cible"), places=None, validators=[
        InputRequired(_l("Indiquez la cible (un nombre).")),
        NumberRange(min=0, message=_l("La cible est un nombre positif ou nul."))],
        description=_l("En % pour une part ou un taux, en points pour un gain, de 1 à 5 pour la "
                       "satisfaction, sinon un nombre."))

    def fill_choices(self, names: dict[str, str], groups: dict[str, str]) -> None:
        self.indicator.choices = list(names.items())
        self.group.choices = [(group, groups[group]) for group in TARGET_GROUPS]

    def validate_group(self, field) -> None:
        definition = BY_KEY.get(self.indicator.data)
        if definition and not definition.by_sex and field.data != "total":
            raise ValidationError(_("Cet indicateur n'est pas donné par sexe : choisissez "
                                    "« Total »."))

    def validate_value(self, field) -> None:
        definition = BY_KEY.get(self.indicator.data)
        if field.data is None or definition is None:
            return
        if definition.unit == "percent" and field.data > 100:
            raise ValidationError(_("Une part ou un taux ne dépasse pas 100 %."))
        if definition.unit == "rating" and not 1 <= field.data <= 5:
            raise ValidationError(_("La satisfaction se note de 1 à 5."))
        if definition.unit == "points" and field.data > 100:
            raise ValidationError(_("Un gain ne dépasse pas 100 points."))
