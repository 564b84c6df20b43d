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
                                  "/sessions/{sid}", "/trainings/"])
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
