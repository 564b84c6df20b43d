"""The field kit's one form: a results package to import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class ResultsUploadForm(FlaskForm):
    file = FileField(_l("Fichier des résultats terrain (.zip)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["zip"], _l("Seuls les fichiers .zip exportés par l'application sont "
                                "acceptés.")),
    ])


class ApplyForm(FlaskForm):
    """« Importer »: the preview's confirmation (a form for its CSRF token)."""
