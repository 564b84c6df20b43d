"""Forms of the exports: the filters of the consolidated attendance export, the paper upload."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from trainings import places
from trainings.forms_common import ProvinceField


class AttendanceExportForm(FlaskForm):
    """The GET filters of the consolidated export (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    region = SelectField(_l("Région"), validators=[Optional()])
    province = ProvinceField(_l("Province"), validators=[Optional()])
    training_id = SelectField(_l("Formation"), coerce=lambda v: int(v) if v else None,
                              validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=[("", _l("Tous"))] + list(places.THEMES.items()),
                        validators=[Optional()])
    kind = SelectField(_l("Type d'organisation"),
                       choices=[("", _l("Tous"))] + list(places.ORGANIZATION_KINDS.items()),
                       validators=[Optional()])
    date_from = DateField(_l("Du"), validators=[Optional()])
    date_to = DateField(_l("Au"), validators=[Optional()])

    def validate_date_to(self, field):
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise ValidationError(_l("La date de fin précède la date de début."))


class PaperUploadForm(FlaskForm):
    file = FileField(_l("Feuille d'émargement saisie (.xlsx)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["xlsx"], _l("Seuls les fichiers Excel .xlsx sont acceptés.")),
    ])
