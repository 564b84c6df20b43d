"""Fifty phones confirming the same person at the same instant make exactly one check-in."""
from __future__ import annotations

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from tests import factories
from tests.simultaneous import simultaneous_posts
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import CheckIn, Registration
from trainings.schedule.models import WindowOverride

SCANS = 50


def test_fifty_simultaneous_confirmations_record_one_check_in(app, live_server):
    session = factories.session(start=local_today())
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    person = factories.participant()
    db.session.commit()
    secret = app.config["SECRET_KEY"]
    form = {
        "proof": URLSafeSerializer(secret, salt="checkin-proof").dumps(half_day.id),
        "person": URLSafeSerializer(secret, salt="checkin-person").dumps(
            [half_day.id, person.id]),
    }
    statuses = simultaneous_posts(f"{live_server}/c/confirm", form, SCANS)

    assert statuses == [302] * SCANS
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
