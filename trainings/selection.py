"""A selection of sessions by place, training and period, shared by the attendance export and
the knowledge-gain reports: the base of their filter forms, its choices in the account's scope,
and the selection described in words for a sheet or a page."""
from __future__ import annotations

from datetime import date

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


def selection_lines(region: str | None, province: str | None, training_id: int | None,
                    theme: str | None, date_from: date | None,
                    date_to: date | None) -> list[tuple[str, str]]:
    """The selection in words: period and region always, the other filters when set."""
    region = region or current_user.scope_region
    lines = [(_("Période"), _("du %(start)s au %(end)s",
                              start=f"{date_from:%d/%m/%Y}" if date_from else "…",
                              end=f"{date_to:%d/%m/%Y}" if date_to else "…")),
             (_("Région"), places.label(places.REGIONS, region) or _("Toutes"))]
    if province:
        lines.append((_("Province"), places.province_label(province)))
    if training_id:
        training = db.session.get(Training, training_id)
        lines.append((_("Formation"), training.title if training else ""))
    if theme:
        lines.append((_("Thème"), places.label(places.THEMES, theme)))
    return lines
