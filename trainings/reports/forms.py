"""The GET filters of the programme report."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField

from trainings import places
from trainings.schedule.selection import SelectionForm


class ReportFilterForm(SelectionForm):
    """The selection's filters, the participants' kind of organisation and their attendance."""

    audience = SelectField(_l("Type d'organisation des participant·e·s"),
                           choices=[("", _l("Tous"))] + list(places.ORGANIZATION_KINDS.items()))
    min_attendance = IntegerField(
        _l("Présence minimale (%\u00a0des demi-journées)"),
        description=_l("Ne garder que les personnes présentes à au moins ce pourcentage des "
                       "demi-journées de leur session. Vide : toutes."))
