"""Fifty phones confirming the same person at the same instant make exactly one check-in."""
from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from tests import factories
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
    body = urllib.parse.urlencode({
        "proof": URLSafeSerializer(secret, salt="checkin-proof").dumps(half_day.id),
        "person": URLSafeSerializer(secret, salt="checkin-person").dumps(
            [half_day.id, person.id]),
    }).encode()
    start = threading.Barrier(SCANS)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def scan(_):
        start.wait(timeout=30)
        try:
            with opener.open(f"{live_server}/c/confirm", data=body, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=SCANS) as pool:
        statuses = list(pool.map(scan, range(SCANS)))

    assert statuses == [302] * SCANS
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
