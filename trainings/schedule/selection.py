"""A selection of sessions by place, training, theme, period and status: the dataclasses the
session list, the exports and the reports fill, the one schema that reads (and documents) a
selection from query parameters, for the API and the pages alike, the base of the pages' filter
forms, and the selection described in words for a sheet or a page."""
from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, TypeVar

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField

from trainings import places
from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.forms_common import ProvinceField, region_choices
from trainings.schedule.models import SessionStatus


@dataclass
class Selection:
    """Sessions by place, training and period; the session list, the export and the reports
    add their own criteria in subclasses, and name in `criteria` the parameters that fill them
    (the names of CRITERIA below, in the order the API lists them)."""

    criteria: ClassVar[tuple[str, ...]]

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
# The dataclasses' attributes of the API's names (the others are their own).
ATTRIBUTES = {name: page_name for page_name, name in PAGE_NAMES.items()}


class Refusal(str):
    """A refused value said twice: the string itself is the API's sentence, which names the
    parameter; `on_page` is the page's, shown under the filter whose label names it."""

    on_page: str

    def __new__(cls, sentence: str, on_page: str | None = None) -> Refusal:
        refusal = super().__new__(cls, sentence)
        refusal.on_page = on_page or sentence
        return refusal


class _Parameter(ma.fields.Field):
    """A query parameter: a refusal names it, « name », before saying what is wrong; a page
    says `on_page` under the field instead."""

    on_page = _l("Valeur invalide.")

    def deserialize(self, value, attr=None, data=None, **kwargs):
        try:
            return super().deserialize(value, attr, data, **kwargs)
        except ma.ValidationError as error:
            raise ma.ValidationError(Refusal(
                _("Paramètre « %(name)s » : %(problem)s", name=attr, problem=error.messages[0]),
                str(self.on_page))) from None


class Code(_Parameter, ma.fields.String):
    """One code of a fixed list (regions, provinces, themes, kinds, statuses)."""

    on_page = _l("N'est pas un choix valide.")

    def __init__(self, codes, **kwargs):
        super().__init__(validate=ma.validate.OneOf(list(codes), error=_l(
            "Valeur inconnue « {input} » (valeurs possibles : {choices}).")), **kwargs)


class WholeNumber(_Parameter, ma.fields.Integer):
    """Digits only, within a range; `error` says both (it may use {input}, {min}, {max}),
    `on_page` says it under a page's field."""

    def __init__(self, minimum: int, maximum: int | None = None, *, error, on_page, **kwargs):
        super().__init__(validate=ma.validate.Range(minimum, maximum, error=error), **kwargs)
        self.range = self.validators[0]
        self.on_page = on_page

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not DIGITS.fullmatch(value):
            raise ma.ValidationError(self.range.error.format(
                input=value, min=self.range.min, max=self.range.max))
        return int(value)


class IsoDate(_Parameter, ma.fields.Date):
    """AAAA-MM-JJ and nothing else (Python would also read 20261207)."""

    on_page = _l("N'est pas une date valide.")

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
                                   "(entier positif)."), on_page=_l("N'est pas un choix valide."),
                       metadata={"description": description})


def _date(description) -> IsoDate:
    return IsoDate(metadata={"description": description})


def _code(codes, description, **kwargs) -> Code:
    return Code(codes, metadata={"description": description}, **kwargs)


# Every criterion of a selection, by its public name. `audience` is the sessions' intended
# audience (the session list's filter), `audience_of_people` the kind of organisation of the
# people counted (the reports' filter), `kind` the same for the attendance export.
CRITERIA = {
    "region": _code(places.REGIONS, _l("Région des sessions.")),
    "province": _code(places.PROVINCES, _l("Province des sessions (de la région donnée).")),
    "theme": _code(places.THEMES, _l("Thème de la formation.")),
    "training": _training(_l("Identifiant de la formation.")),
    "audience": _code(places.ORGANIZATION_KINDS, _l("Type d'organisation.")),
    "audience_of_people": _code(places.ORGANIZATION_KINDS,
                                _l("Type d'organisation des participant·e·s."),
                                data_key="audience", attribute="audience"),
    "kind": _code(places.ORGANIZATION_KINDS, _l("Type d'organisation des participant·e·s.")),
    "status": _code([status.value for status in SessionStatus], _l("Statut de la session.")),
    "from": _date(_l("Début de la période (AAAA-MM-JJ) : sessions qui la chevauchent.")),
    "to": _date(_l("Fin de la période (AAAA-MM-JJ), pas avant « from ».")),
    "min_attendance": WholeNumber(
        0, 100, error=_l("« {input} » n'est pas un pourcentage entier entre {min} et {max}."),
        on_page=_l("Entre 0 et 100 %."),
        metadata={"description": _l(
            "Ne garder que les personnes présentes à au moins ce %\u00a0des demi-journées.")}),
    # The pages' names, last:
    "training_id": _training(_l("Autre nom de « training » (celui des pages).")),
    "date_from": _date(_l("Autre nom de « from » (celui des pages).")),
    "date_to": _date(_l("Autre nom de « to » (celui des pages).")),
}


class SelectionSchema(ma.Schema.from_dict(CRITERIA)):  # from a dict: "from" is a keyword
    """A selection read from query strings, strictly: SelectionSchema(dataclass) accepts the
    dataclass's criteria (or the criteria `names`) and the pages' names of those, refuses any
    other parameter, and loads into `dataclass`. A refusal is a French sentence naming the
    parameter (a Refusal, which also says it for a page)."""

    def __init__(self, dataclass: type[Selection], names: tuple[str, ...] | None = None):
        self.dataclass = dataclass
        names = names or dataclass.criteria
        super().__init__(only=with_page_names(names))
        # The parameters by their public names, the pages' names left out.
        self.parameters = tuple(self.fields[name].data_key or name for name in names)
        # The attribute of the dataclass each parameter read fills, the pages' names included.
        self.attributes = {field.data_key or name: ATTRIBUTES.get(field.attribute or name,
                                                                  field.attribute or name)
                           for name, field in self.load_fields.items()}

    @ma.pre_load
    def _filled(self, data, **kwargs):
        """Values trimmed; an empty one means no filter (a form's "Toutes"), but an unknown
        name stays, to be refused."""
        values = {}
        for key in data:
            value = data[key].strip()
            if value or key not in self.attributes:
                values[key] = value
        return values

    @ma.validates_schema(pass_original=True)
    def _consistent(self, values, original, **kwargs):
        """One value per filter, a period in order, a province of the region; each refusal
        names the parameter given."""
        _one_value_per_filter(values, original)
        _period_in_order(values)
        _province_in_region(values)

    @ma.post_load
    def _selection(self, values, **kwargs):
        return self.dataclass(**{ATTRIBUTES.get(name, name): value
                                 for name, value in values.items()})


def _one_value_per_filter(values: dict, original: Mapping[str, str]) -> None:
    given = list(original)  # in the query's order
    for page_name, name in PAGE_NAMES.items():
        if page_name in values and name in values \
                and original[page_name].strip() != original[name].strip():
            later, earlier = sorted((page_name, name), key=given.index, reverse=True)
            raise ma.ValidationError(Refusal(_(
                "Paramètres « %(name)s » et « %(other)s » : deux valeurs différentes pour "
                "le même filtre.", name=later, other=earlier)), later)


def _period_in_order(values: dict) -> None:
    start_name = "from" if "from" in values else "date_from"
    end_name = "to" if "to" in values else "date_to"
    start, end = values.get(start_name), values.get(end_name)
    if start and end and start > end:
        raise ma.ValidationError(Refusal(
            _("Paramètre « %(name)s » : le %(start)s est après « %(other)s », le %(end)s.",
              name=start_name, start=start, other=end_name, end=end),
            _("La date de fin précède la date de début.")), start_name)


def _province_in_region(values: dict) -> None:
    region, province = values.get("region"), values.get("province")
    if region and province and places.region_of_province(province) != region:
        raise ma.ValidationError(Refusal(
            _("Paramètre « province » : « %(province)s » n'est pas dans la région "
              "« %(region)s ».", province=province, region=region),
            _("Cette province n'appartient pas à la région choisie.")), "province")


def with_page_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names, then the pages' names of those."""
    return tuple(names) + tuple(page for page, name in PAGE_NAMES.items() if name in names)


# The pages' forms ------------------------------------------------------------------------------

class SelectionForm(FlaskForm):
    """GET filters (no CSRF: they change nothing), for rendering: SelectionSchema judges the
    values (selection_from_query). Call scope_choices(scope) first."""

    class Meta:
        csrf = False

    region = SelectField(_l("Région"))
    province = ProvinceField(_l("Province"))
    training_id = SelectField(_l("Formation"), coerce=lambda v: int(v) if v else None)
    theme = SelectField(_l("Thème"), choices=[("", _l("Tous"))] + list(places.THEMES.items()))
    date_from = DateField(_l("Du"))
    date_to = DateField(_l("Au"))

    def scope_choices(self, scope: str | None) -> None:
        """Regions and provinces of the account's scope (a region, or None for all); every
        training."""
        self.region.choices = [("", _("Toutes"))] + region_choices(scope)
        self.province.restrict([scope] if scope else None)
        self.training_id.choices = [("", _("Toutes"))] + [
            (t.id, t.title)
            for t in db.session.scalars(sa.select(Training).order_by(Training.title))]


def selection_from_query(form: SelectionForm, dataclass: type[S],
                         query: Mapping[str, str]) -> tuple[S, dict[str, list[str]]]:
    """A page's selection, read by SelectionSchema as the API reads it, and what was refused,
    by filter. Unlike the API, a page lets its other parameters through (its page number, …)
    and keeps the valid criteria: a refused one is no filter, its refusal shown under its field.
    The form's choices are a page's own limits: the account's region and its provinces, the
    trainings that exist."""
    schema = _page_schema(dataclass)
    selection, refused = _valid_part(schema, {name: query[name] for name in query
                                              if name in schema.attributes})
    for name in _outside_choices(form, selection):
        refused[name] = [_("N'est pas un choix valide.")]
    selection = dataclasses.replace(selection, **dict.fromkeys(refused))
    for name, messages in refused.items():
        form[name].errors = list(dict.fromkeys(messages))  # a period refused under both names
    for field in dataclasses.fields(selection):  # shown as read, also from the API's names
        if getattr(selection, field.name) is not None:
            form[field.name].data = getattr(selection, field.name)
    return selection, refused


@functools.cache
def _page_schema(dataclass: type[Selection]) -> SelectionSchema:
    return SelectionSchema(dataclass)


def _valid_part(schema: SelectionSchema,
                values: dict[str, str]) -> tuple[Selection, dict[str, list[str]]]:
    """The selection of the values the schema accepts, and the page's refusals by attribute:
    the refused parameters are left out until the others load (a period out of order or a
    province outside its region is refused only once its values are valid)."""
    refused: dict[str, list[str]] = {}
    while True:
        try:
            return schema.load(values), refused
        except ma.ValidationError as error:
            if not error.messages.keys() <= values.keys():
                raise  # a refusal of no parameter given: nothing to leave out
            for parameter, messages in error.messages.items():
                refused.setdefault(schema.attributes[parameter], []).extend(
                    getattr(message, "on_page", message) for message in messages)
            values = {name: value for name, value in values.items()
                      if name not in error.messages}


def _outside_choices(form: SelectionForm, selection: Selection) -> list[str]:
    """The criteria that the form's lists do not offer."""
    return [field.name for field in dataclasses.fields(selection)
            if getattr(selection, field.name) is not None
            and isinstance(form[field.name], SelectField)
            and getattr(selection, field.name) not in
            {choice[0] for choice in form[field.name].choices}]


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
