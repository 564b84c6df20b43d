"""A selection of sessions by place, training, theme, period and status: the dataclasses the
session list, the exports and the reports fill, the one schema that reads (and documents) a
selection from query parameters, the base of the pages' filter forms, and the selection
described in words for a sheet or a page."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from trainings import places
from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.forms_common import ProvinceField, region_choices
from trainings.schedule.models import SessionStatus


@dataclass
class Selection:
    """Sessions by place, training and period; the session list, the export and the reports
    add their own criteria in subclasses."""

    region: str | None = None
    province: str | None = None
    training_id: int | None = None
    theme: str | None = None
    date_from: date | None = None
    date_to: date | None = None


S = TypeVar("S", bound=Selection)


# The schema ------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DIGITS = re.compile(r"\d{1,9}")  # no sign, no spaces, no "1_000"
# The names the pages' filter forms use (also the dataclasses' names), accepted beside the
# API's: a script built from a page's address works as it is.
PAGE_NAMES = {"training_id": "training", "date_from": "from", "date_to": "to"}


class _Parameter(ma.fields.Field):
    """A query parameter: a refusal names it, « name », before saying what is wrong."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        try:
            return super().deserialize(value, attr, data, **kwargs)
        except ma.ValidationError as error:
            raise ma.ValidationError(_("Paramètre « %(name)s » : %(problem)s", name=attr,
                                       problem=error.messages[0])) from None


class Code(_Parameter, ma.fields.String):
    """One code of a fixed list (regions, provinces, themes, kinds, statuses)."""

    def __init__(self, codes, **kwargs):
        super().__init__(validate=ma.validate.OneOf(list(codes), error=_l(
            "Valeur inconnue « {input} » (valeurs possibles : {choices}).")), **kwargs)


class WholeNumber(_Parameter, ma.fields.Integer):
    """Digits only, within a range; `error` says both (it may use {input}, {min}, {max})."""

    def __init__(self, minimum: int, maximum: int | None = None, *, error, **kwargs):
        super().__init__(validate=ma.validate.Range(minimum, maximum, error=error), **kwargs)
        self.range = self.validators[0]

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not DIGITS.fullmatch(value):
            raise ma.ValidationError(self.range.error.format(
                input=value, min=self.range.min, max=self.range.max))
        return int(value)


class IsoDate(_Parameter, ma.fields.Date):
    """AAAA-MM-JJ and nothing else (Python would also read 20261207)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise ma.ValidationError(_("« %(value)s » n'est pas une date ISO (AAAA-MM-JJ).",
                                       value=value)) from None


def _training(description) -> WholeNumber:
    return WholeNumber(1, error=_l("« {input} » n'est pas un identifiant de formation "
                                   "(entier positif)."), metadata={"description": description})


def _date(description) -> IsoDate:
    return IsoDate(metadata={"description": description})


def _code(codes, description, **kwargs) -> Code:
    return Code(codes, metadata={"description": description}, **kwargs)


# Every criterion of a selection, by its public name. `audience` is the sessions' intended
# audience (the session list's filter), `audience_of_people` the kind of organisation of the
# people counted (the reports' filter).
CRITERIA = {
    "region": _code(places.REGIONS, _l("Région des sessions.")),
    "province": _code(places.PROVINCES, _l("Province des sessions (de la région donnée).")),
    "theme": _code(places.THEMES, _l("Thème de la formation.")),
    "training": _training(_l("Identifiant de la formation.")),
    "audience": _code(places.ORGANIZATION_KINDS, _l("Type d'organisation.")),
    "audience_of_people": _code(places.ORGANIZATION_KINDS,
                                _l("Type d'organisation des participant·e·s."),
                                data_key="audience", attribute="audience"),
    "status": _code([status.value for status in SessionStatus], _l("Statut de la session.")),
    "from": _date(_l("Début de la période (AAAA-MM-JJ) : sessions qui la chevauchent.")),
    "to": _date(_l("Fin de la période (AAAA-MM-JJ), pas avant « from ».")),
    "min_attendance": WholeNumber(
        0, 100, error=_l("« {input} » n'est pas un pourcentage entier entre {min} et {max}."),
        metadata={"description": _l(
            "Ne garder que les personnes présentes à au moins ce % des demi-journées.")}),
    # The pages' names, last:
    "training_id": _training(_l("Autre nom de « training » (celui des pages).")),
    "date_from": _date(_l("Autre nom de « from » (celui des pages).")),
    "date_to": _date(_l("Autre nom de « to » (celui des pages).")),
}


class SelectionSchema(ma.Schema.from_dict(CRITERIA)):  # from a dict: "from" is a keyword
    """A selection read from query strings, strictly: SelectionSchema(dataclass, names)
    accepts the criteria `names` (and the pages' names of those), refuses any other
    parameter, and loads into `dataclass`. A refusal is a French sentence naming the
    parameter."""

    def __init__(self, dataclass: type, names: tuple[str, ...]):
        self.dataclass = dataclass
        super().__init__(only=with_page_names(names))
        # The parameters by their public names, the pages' names left out.
        self.parameters = tuple(self.fields[name].data_key or name for name in names)

    @ma.pre_load
    def _filled(self, data, **kwargs):
        """Values trimmed; an empty one means no filter (a form's "Toutes"), but an unknown
        name stays, to be refused."""
        known = {field.data_key or name for name, field in self.load_fields.items()}
        values = {}
        for key in data:
            value = data[key].strip()
            if value or key not in known:
                values[key] = value
        return values

    @ma.validates_schema(pass_original=True)
    def _consistent(self, values, original, **kwargs):
        given = list(original)  # in the query's order
        for page_name, name in PAGE_NAMES.items():
            if page_name in values and name in values \
                    and original[page_name].strip() != original[name].strip():
                later, earlier = sorted((page_name, name), key=given.index, reverse=True)
                raise ma.ValidationError(_(
                    "Paramètres « %(name)s » et « %(other)s » : deux valeurs différentes pour "
                    "le même filtre.", name=later, other=earlier), later)
        start = values.get("from", values.get("date_from"))
        end = values.get("to", values.get("date_to"))
        if start and end and start > end:
            raise ma.ValidationError(_("Paramètre « from » : le %(start)s est après « to », "
                                       "le %(end)s.", start=start, end=end), "from")
        region, province = values.get("region"), values.get("province")
        if region and province and places.region_of_province(province) != region:
            raise ma.ValidationError(_(
                "Paramètre « province » : « %(province)s » n'est pas dans la région "
                "« %(region)s ».", province=province, region=region), "province")

    @ma.post_load
    def _selection(self, values, **kwargs):
        for page_name, name in PAGE_NAMES.items():
            if name in values:
                values[page_name] = values.pop(name)
        return self.dataclass(**values)


def with_page_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names, then the pages' names of those."""
    return tuple(names) + tuple(page for page, name in PAGE_NAMES.items() if name in names)


# The pages' forms ------------------------------------------------------------------------------

class SelectionForm(FlaskForm):
    """GET filters (no CSRF: they change nothing). Call scope_choices(scope) before
    validating."""

    class Meta:
        csrf = False

    region = SelectField(_l("Région"), validators=[Optional()])
    province = ProvinceField(_l("Province"), validators=[Optional()])
    training_id = SelectField(_l("Formation"), coerce=lambda v: int(v) if v else None,
                              validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=[("", _l("Tous"))] + list(places.THEMES.items()),
                        validators=[Optional()])
    date_from = DateField(_l("Du"), validators=[Optional()])
    date_to = DateField(_l("Au"), validators=[Optional()])

    def validate_date_to(self, field):
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise ValidationError(_l("La date de fin précède la date de début."))

    def scope_choices(self, scope: str | None) -> None:
        """Regions and provinces of the account's scope (a region, or None for all); every
        training."""
        self.region.choices = [("", _("Toutes"))] + region_choices(scope)
        self.province.restrict([scope] if scope else None)
        self.training_id.choices = [("", _("Toutes"))] + [
            (t.id, t.title)
            for t in db.session.scalars(sa.select(Training).order_by(Training.title))]


def form_selection(form: FlaskForm, dataclass: type[S]) -> S:
    """A filter form's data as a selection dataclass: every field of it the form has; an
    empty or invalid one is None (no filter)."""
    return dataclass(**{
        field.name: (form[field.name].data or None) if not form[field.name].errors else None
        for field in dataclasses.fields(dataclass) if field.name in form})


def selection_lines(selection: Selection, scope: str | None) -> list[tuple[str, str]]:
    """The selection in words: period and region (the account's scope's when the selection
    has none) always, the other filters when set."""
    region = selection.region or scope
    start, end = selection.date_from, selection.date_to
    lines = [(_("Période"), _("du %(start)s au %(end)s",
                              start=f"{start:%d/%m/%Y}" if start else "…",
                              end=f"{end:%d/%m/%Y}" if end else "…")),
             (_("Région"), places.label(places.REGIONS, region) or _("Toutes"))]
    if selection.province:
        lines.append((_("Province"), places.province_label(selection.province)))
    if selection.training_id:
        training = db.session.get(Training, selection.training_id)
        lines.append((_("Formation"), training.title if training else ""))
    if selection.theme:
        lines.append((_("Thème"), places.label(places.THEMES, selection.theme)))
    return lines
