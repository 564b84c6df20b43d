"""A selection of sessions by place, training and period, shared by the session list, the
attendance export and the knowledge-gain reports: the dataclass they fill, the base of the
export's and the reports' filter forms, its choices in the account's scope, and the selection
described in words for a sheet or a page."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from trainings import places
from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.forms_common import ProvinceField, region_choices


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


class SelectionForm(FlaskForm):
    """GET filters (no CSRF: they change nothing). Call scope_choices() before validating."""

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

    def scope_choices(self) -> None:
        """Regions and provinces of the account's scope; every training."""
        scope = current_user.scope_region
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


def selection_lines(selection: Selection) -> list[tuple[str, str]]:
    """The selection in words: period and region always, the other filters when set."""
    region = selection.region or current_user.scope_region
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
