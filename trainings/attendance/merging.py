"""Check-ins in the merge of two records of one person (registry.merge): one per person and
half-day, so two records present at the same half-day must be settled before."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import format_date, gettext as _, lazy_gettext as _l

from trainings.attendance.models import CheckIn, OutOfWindowLog
from trainings.extensions import db
from trainings.registry import merge
from trainings.schedule.models import PERIOD_LABELS, HalfDay, Session


def _both_present(keys: list[tuple]) -> list[str]:
    rows = db.session.execute(
        sa.select(HalfDay.date, HalfDay.period, Session.title)
        .join(Session, Session.id == HalfDay.session_id)
        .where(HalfDay.id.in_([half_day_id for (half_day_id,) in keys]))
        .order_by(HalfDay.date, HalfDay.starts_at))
    return [_("Les deux fiches sont émargées à la même demi-journée (session « %(session)s », "
              "%(date)s, %(period)s) : annulez l'un des deux émargements sur la page "
              "d'émargement de la session, puis fusionnez.",
              session=title, date=format_date(day, "d MMMM y"), period=PERIOD_LABELS[period])
            for day, period, title in rows]


merge.add_reference(merge.Reference(CheckIn, _l("émargements"), key=("half_day_id",),
                                    describe=_both_present))
# The reasons staff gave for checking the person in outside the times follow the check-ins.
merge.add_reference(merge.Reference(OutOfWindowLog, _l("motifs de pointage hors des heures")))
