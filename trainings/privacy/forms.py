"""The confirmation of an erasure."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("Je confirme : le nom, les contacts, la fonction, les signatures et les commentaires "
           "de cette personne seront effacés définitivement."),
        validators=[DataRequired(_l("Cochez la case pour confirmer l'anonymisation."))])
