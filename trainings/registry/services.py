"""Queries and changes of organisations, participants and registrations."""
from __future__ import annotations

import sqlalchemy as sa

from trainings.extensions import db
from trainings.registry.models import Participant, Registration
from trainings.schedule.models import Session


def session_registrations(session: Session) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.participant)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name)
    ))
