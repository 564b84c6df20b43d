"""Pages send the same number of SQL queries whatever the amount of data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories
from tests.querycount import count_queries
from trainings.extensions import db
from trainings.models import Role


def grow(n: int, start: date) -> int:
    """Add n sessions with two registered participants each; return the last session's id."""
    last = None
    for i in range(n):
        last = factories.session(start=start + timedelta(days=(i * 7) % 42), days=2,
                                 audience=["osc", "commune", "diaspora"])
        for _ in range(2):
            factories.registration(last, factories.participant(
                organization_id=factories.organization().id))
    db.session.commit()
    return last.id


@pytest.mark.parametrize("path", ["/", "/sessions/", "/sessions/calendar?month=2026-12",
                                  "/sessions/{sid}", "/trainings/",
                                  "/reports/progress?from=2026-10-01&to=2026-12-31"])
def test_staff_page_query_count_does_not_grow_with_data(client, auth, monkeypatch, path):
    from trainings.schedule import services

    monkeypatch.setattr(services, "local_today", lambda: date(2026, 12, 7))
    auth.as_role(Role.EXPERT)

    def measure(sid):
        with count_queries() as statements:
            assert client.get(path.format(sid=sid)).status_code == 200
        return len(statements)

    small = measure(grow(3, date(2026, 12, 1)))
    large = measure(grow(12, date(2026, 12, 1)))
    assert small == large


def grow_held(n: int, start: date) -> None:
    """n sessions held: two people each, checked in at every half-day, with a pre- and a
    post-test."""
    from decimal import Decimal
    from trainings.assessments.models import Attempt, AttemptKind, AttemptMethod
    from trainings.attendance.models import CheckInMethod
    from trainings.attendance.services import record_check_in
    for i in range(n):
        held = factories.session(start=start + timedelta(days=(i * 7) % 42), days=2)
        for _ in range(2):
            person = factories.participant(organization_id=factories.organization().id)
            factories.registration(held, person)
            for half_day in held.half_days:
                record_check_in(half_day.id, person.id, CheckInMethod.QR)
            for kind, percent in ((AttemptKind.PRE, 40.0), (AttemptKind.POST, 80.0)):
                db.session.add(Attempt(session_id=held.id, participant_id=person.id, kind=kind,
                                       method=AttemptMethod.ONLINE, earned=Decimal(2),
                                       possible=Decimal(5), percent=percent))
    db.session.commit()


@pytest.mark.parametrize("path", ["/reports/progress?from=2026-10-01&to=2026-12-31",
                                  "/reports/progress.xlsx?from=2026-10-01&to=2026-12-31",
                                  "/reports/programme"])
def test_report_query_count_does_not_grow_with_sessions_held(client, auth, path):
    auth.as_role(Role.EXPERT)

    def measure():
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    grow_held(2, date(2026, 11, 2))
    small = measure()
    grow_held(8, date(2026, 11, 2))
    assert measure() == small
