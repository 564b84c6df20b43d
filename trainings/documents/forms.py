"""Forms of the documents: the language a certificate of attendance is printed in."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from trainings.i18n import LANGUAGES, NATIVE_NAMES


class CertificateLanguageForm(FlaskForm):
    """The GET choice of the certificates' language (no CSRF: it changes nothing); empty: the
    session's default language."""

    class Meta:
        csrf = False

    language = SelectField(_l("Langue de l'attestation"), validators=[Optional()],
                           choices=[(code, NATIVE_NAMES[code]) for code in LANGUAGES],
                           validate_choice=True)
