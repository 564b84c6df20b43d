"""Check-ins outside a half-day's window as the outputs tell them: the "timing" column of both
"Données" sheets (by the sign-in sheets' rule), and the read-only page « Pointages hors créneau »
listing a session's out-of-window log, with the attendance pages' access rules."""
from __future__ import annotations

import html
import io
import re
from datetime import time

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tests import factories
from tests.querycount import count_queries
from tests.test_out_of_window import HOSTILE, THURSDAY, audited, workshop  # noqa: F401
from trainings.attendance import services
from trainings.clock import local_to_utc
from trainings.exports import xlsx
from trainings.extensions import db
from trainings.models import CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog, Role


def data_lines(response) -> list[dict]:
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data))["Données"]
    assert [c.value for c in ws[1]] == list(xlsx.DATA_COLUMNS)
    return [dict(zip(xlsx.DATA_COLUMNS, [c.value for c in row]))
            for row in ws.iter_rows(min_row=2)]


def timings(lines: list[dict], audited) -> dict[tuple[str, str], str | None]:
    """(person, half-day) -> timing cell, for the check-ins the fixture made."""
    names = {audited["nadia"].id: "Nadia", audited["omar"].id: "Omar"}
    half_days = {audited["thursday_morning"].id: "thu-am",
                 audited["thursday_afternoon"].id: "thu-pm"}
    return {(names[line["participant_id"]], half_days[line["half_day_id"]]): line["timing"]
            for line in lines if line["present"] == 1}


# The "timing" column ---------------------------------------------------------------------------

def test_the_session_workbook_data_tells_early_late_and_in_window(client, auth, audited):
    auth.as_role(Role.EXPERT)
    lines = data_lines(client.get(f"/sessions/{audited['session'].id}/attendance.xlsx"))
    # Nadia at 07:55 for 14:00 (early, ¹), Omar at 14:05 (inside), Omar on Friday for
    # Thursday morning (late, ²); absences leave the cell empty.
    assert timings(lines, audited) == {("Nadia", "thu-pm"): "early", ("Omar", "thu-pm"): None,
                                       ("Omar", "thu-am"): "late"}
    assert all(line["timing"] is None for line in lines if line["present"] == 0)


def test_the_multi_session_export_tells_early_late_and_in_window(client, auth, audited):
    auth.as_role(Role.EXPERT)
    lines = data_lines(client.get("/exports/attendance.xlsx"))
    assert len(lines) == 3  # one line per check-in
    assert timings(lines, audited) == {("Nadia", "thu-pm"): "early", ("Omar", "thu-pm"): None,
                                       ("Omar", "thu-am"): "late"}


def test_the_column_follows_the_window_rule_at_its_edges(client, auth, workshop):
    """09:00 start: 08:30 is inside the window, 08:29 before it; 12:30 end inside, 12:31 after."""
    morning = workshop["thursday_morning"]
    people = [factories.participant(first_name=f"P{n}", last_name=f"Edge{n}") for n in range(4)]
    for person, hhmm in zip(people, ("08:29", "08:30", "12:30", "12:31")):
        factories.registration(workshop["session"], person)
        services.record_check_in(morning.id, person.id, CheckInMethod.QR)
        db.session.execute(sa.update(CheckIn).where(
            CheckIn.half_day_id == morning.id, CheckIn.participant_id == person.id,
        ).values(checked_in_at=local_to_utc(THURSDAY, time.fromisoformat(hhmm))))
    db.session.commit()
    auth.as_role(Role.EXPERT)
    for url in (f"/sessions/{workshop['session'].id}/attendance.xlsx",
                "/exports/attendance.xlsx"):
        lines = data_lines(client.get(url))
        found = {line["last_name"]: line["timing"] for line in lines
                 if line["present"] == 1 and line["half_day_id"] == morning.id}
        assert found == {"EDGE0": "early", "EDGE1": None, "EDGE2": None, "EDGE3": "late"}, url


# The page « Pointages hors créneau » -----------------------------------------------------------

def page_of(client, session_id: int, **args):
    return client.get(f"/sessions/{session_id}/out-of-window", query_string=args)


@pytest.mark.parametrize("role, region", [(Role.ADMIN, None), (Role.EXPERT, None),
                                          (Role.COORDINATOR, "oriental"),
                                          (Role.OBSERVER, None)])
def test_staff_in_scope_read_the_log_with_names(client, auth, audited, role, region):
    auth.as_role(role, region)
    response = page_of(client, audited["session"].id)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    rows = re.findall(r'<tr class="log-entry">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    newest, oldest = (" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows)
    assert newest.startswith("jeu. 3 déc. 2026 matin BERRADA Omar Pointage manuel =1+1 "
                             "Experte terrain 4 déc. 2026 09:40")
    assert oldest.startswith("jeu. 3 déc. 2026 après-midi — Pointage ouvert à la main")
    assert "Experte terrain 3 déc. 2026 07:51" in oldest
    # Names only: never a phone or an e-mail, whoever reads.
    for person in (audited["nadia"], audited["omar"]):
        for contact in (person.phone, person.email):
            assert not contact or contact not in page


def test_the_roster_links_to_the_log(client, auth, audited):
    auth.as_role(Role.OBSERVER)
    roster = client.get(f"/sessions/{audited['session'].id}/roster").get_data(as_text=True)
    assert f'href="/sessions/{audited["session"].id}/out-of-window"' in roster


def test_a_coordinator_of_another_region_is_refused(client, auth, audited):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    response = page_of(client, audited["session"].id)
    assert response.status_code == 403
    assert "BERRADA" not in response.get_data(as_text=True)


def test_an_unknown_session_is_not_found(client, auth, audited):
    auth.as_role(Role.ADMIN)
    assert page_of(client, audited["session"].id + 1000).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, audited):
    response = page_of(client, audited["session"].id)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_is_read_only(client, auth, audited):
    auth.as_role(Role.ADMIN)
    assert client.post(f"/sessions/{audited['session'].id}/out-of-window").status_code == 405
    page = page_of(client, audited["session"].id).get_data(as_text=True)
    assert "<form" not in page.split("<main", 1)[-1]


@pytest.mark.parametrize("reason", [
    HOSTILE, '<img src=x onerror=alert(2)> =HYPERLINK("http://evil.example")',
    "ورشة رقم 12 في 2026 " * 600])
def test_hostile_reasons_are_shown_as_text(client, auth, workshop, reason):
    db.session.add(OutOfWindowLog(half_day_id=workshop["friday_morning"].id,
                                  act=OutOfWindowAct.OPENED, reason=reason))
    db.session.commit()
    auth.as_role(Role.EXPERT)
    response = page_of(client, workshop["session"].id)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    (cell,) = re.findall(r'<td class="reason" dir="auto">(.*?)</td>', page, re.S)
    assert html.unescape(cell) == reason


def test_an_empty_log_says_so(client, auth, workshop):
    auth.as_role(Role.EXPERT)
    page = page_of(client, workshop["session"].id).get_data(as_text=True)
    assert "Aucun pointage hors créneau pour cette session." in page


def log_entries(workshop, n: int) -> None:
    staff = factories.user(Role.EXPERT)
    for i in range(n):
        person = factories.participant(first_name=f"P{i}", last_name=f"Nom{i:03d}")
        db.session.add(OutOfWindowLog(
            half_day_id=workshop["thursday_morning"].id, act=OutOfWindowAct.MANUAL,
            participant_id=person.id, reason=f"Motif {i}", user_id=staff.id,
            created_at=local_to_utc(THURSDAY, time(7, 0)).replace(minute=i % 60)))
    db.session.commit()


def test_a_long_log_is_paged(client, auth, workshop):
    log_entries(workshop, services.LOG_PER_PAGE + 3)
    auth.as_role(Role.EXPERT)
    first = page_of(client, workshop["session"].id).get_data(as_text=True)
    second = page_of(client, workshop["session"].id, page=2).get_data(as_text=True)
    assert first.count('<tr class="log-entry">') == services.LOG_PER_PAGE
    assert second.count('<tr class="log-entry">') == 3
    assert "Page 1 sur 2" in first and "page=2" in first
    shown = set(re.findall(r"NOM\d{3}", first + second))
    assert len(shown) == services.LOG_PER_PAGE + 3
    assert page_of(client, workshop["session"].id, page="x").status_code == 200


def test_the_page_query_count_does_not_grow_with_the_log(client, auth, workshop):
    auth.as_role(Role.OBSERVER)

    def measure() -> int:
        with count_queries() as statements:
            assert page_of(client, workshop["session"].id).status_code == 200
        return len(statements)

    log_entries(workshop, 2)
    small = measure()
    log_entries(workshop, 40)
    assert small == measure()
