"""The GET filters of the programme report (no CSRF: they change nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from trainings import places
from trainings.forms_common import ProvinceField


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    region = SelectField(_l("Région"), validators=[Optional()])
    province = ProvinceField(_l("Province"), validators=[Optional()])
    training_id = SelectField(_l("Formation"), coerce=lambda v: int(v) if v else None,
                              validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=[("", _l("Tous"))] + list(places.THEMES.items()),
                        validators=[Optional()])
    audience = SelectField(_l("Type d'organisation des participant·e·s"),
                           choices=[("", _l("Tous"))] + list(places.ORGANIZATION_KINDS.items()),
                           validators=[Optional()])
    date_from = DateField(_l("Sessions du"), validators=[Optional()])
    date_to = DateField(_l("au"), validators=[Optional()])
    min_attendance = IntegerField(
        _l("Présence minimale (% des demi-journées)"),
        validators=[Optional(), NumberRange(0, 100, _l("Entre %(min)s et %(max)s %%."))],
        description=_l("Ne garder que les personnes présentes à au moins ce pourcentage des "
                       "demi-journées de leur session. Vide : toutes."))

    def validate_date_to(self, field):
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise ValidationError(_l("La date de fin précède la date de début."))
