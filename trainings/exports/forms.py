"""Forms of the exports: the filters of the consolidated attendance export, the paper upload."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField

from trainings import places
from trainings.schedule.selection import SelectionForm


class AttendanceExportForm(SelectionForm):
    """The GET filters of the consolidated export."""

    kind = SelectField(_l("Type d'organisation"),
                       choices=[("", _l("Tous"))] + list(places.ORGANIZATION_KINDS.items()))


class PaperUploadForm(FlaskForm):
    file = FileField(_l("Feuille d'émargement saisie (.xlsx)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["xlsx"], _l("Seuls les fichiers Excel .xlsx sont acceptés.")),
    ])
