"""Staff attendance pages: projection and its live counters, window buttons, posters, roster with
manual check-in, badges and the badge scanner."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests import audit, factories
from tests.conftest import log_in
from tests.querycount import count_queries
from trainings.attendance import services
from trainings.extensions import db
from trainings.models import CheckIn, CheckInMethod, RegistrationSource, Role, Sex
from trainings.phone import links
from trainings.phone.qr import qr_version
from trainings.schedule.models import WindowOverride

LAN = "http://192.168.1.20:5000"


def registered(session, *sexes, **kw):
    """Register one new participant per sex given; return them."""
    people = []
    for sex in sexes:
        person = factories.participant(sex=sex, **kw)
        factories.registration(session, person)
        people.append(person)
    return people


def check_ins() -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CheckIn)))


@pytest.fixture
def step(monkeypatch):
    """Freeze the QR rotation; set step.value to move to another rotation."""

    class Step:
        value = 1000

    monkeypatch.setattr(links, "now_step", lambda now=None: Step.value)
    return Step


def during(clock, half_day) -> None:
    """Set the application's clock inside the half-day's times: staff check in without a reason."""
    clock.set_utc(half_day.starts_at + timedelta(minutes=15))


def live(client, session, half_day):
    response = client.get(f"/sessions/{session.id}/half-days/{half_day.id}/live")
    assert response.status_code == 200
    return response.get_json()


# Projection ---------------------------------------------------------------------------------

def test_projection_shows_the_qr_code_the_typed_code_and_the_counters(app, client, auth, step):
    session = factories.session(title="Approche genre et migration")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    women = registered(session, Sex.FEMALE, Sex.FEMALE)
    registered(session, Sex.MALE)
    services.record_check_in(half_day.id, women[0].id, CheckInMethod.QR)
    auth.as_role(Role.EXPERT)
    with app.test_request_context():
        code = links.typed_code(half_day)
    html = client.get(f"/sessions/{session.id}/half-days/{half_day.id}/project").text
    assert re.search(r'<svg[^>]*viewBox="[^"]+"[^>]*class="qr', html)
    assert f'id="code" aria-live="polite">{code}<' in html
    assert "http://localhost/c" in html
    assert 'id="count-women">1<' in html and 'id="count-men">0<' in html
    assert 'id="count-total">1<' in html and 'id="count-registered">3<' in html
    assert "Approche genre et migration" in html
    assert "js/projection.js" in html and 'http-equiv="refresh"' in html


def test_live_counters_follow_check_ins_by_sex(client, auth, step):
    session = factories.session()
    half_day = session.half_days[0]
    people = registered(session, Sex.FEMALE, Sex.FEMALE, Sex.MALE, None, Sex.MALE)
    auth.as_role(Role.EXPERT)
    assert live(client, session, half_day)["counters"] == {
        "women": 0, "men": 0, "unknown": 0, "total": 0, "registered": 5}
    for person in people[:4]:
        services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    assert live(client, session, half_day)["counters"] == {
        "women": 2, "men": 1, "unknown": 1, "total": 4, "registered": 5}


def test_live_state_gives_a_new_qr_code_when_the_rotation_changes(client, auth, step):
    session = factories.session()
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    auth.as_role(Role.EXPERT)
    first = live(client, session, half_day)
    assert first["rotation_seconds"] == 20 and first["window_open"] is True
    assert first["url"] in client.get(
        f"/sessions/{session.id}/half-days/{half_day.id}/project").text
    step.value += 1
    second = live(client, session, half_day)
    assert second["url"] != first["url"] and second["qr_svg"] != first["qr_svg"]
    assert second["code"] != first["code"]
    assert second["qr_svg"].startswith("<svg")


def test_the_qr_code_of_a_link_on_the_venue_network_is_version_4_or_less(app, client, auth):
    app.config["PUBLIC_BASE_URL"] = LAN
    session = factories.session()
    session.half_days[0].window_override = WindowOverride.OPEN
    auth.as_role(Role.EXPERT)
    url = live(client, session, session.half_days[0])["url"]
    assert url.startswith(f"{LAN}/c/")
    assert qr_version(url) <= 4


def test_a_link_to_localhost_is_flagged_on_the_projection(app, client, auth):
    session = factories.session()
    path = f"/sessions/{session.id}/half-days/{session.half_days[0].id}/project"
    auth.as_role(Role.EXPERT)
    warning = "Les téléphones ne pourront pas ouvrir ce lien"
    html = client.get(path, base_url="http://localhost/").text
    assert warning in html and "PUBLIC_BASE_URL" in html and "0.0.0.0" in html
    app.config["PUBLIC_BASE_URL"] = LAN
    assert warning not in client.get(path).text


def test_window_buttons_open_close_and_return_to_automatic(client, auth, clock):
    session = factories.session(start=date(2030, 1, 7))  # far ahead: closed automatically
    half_day = session.half_days[0]
    clock.set(date(2030, 1, 7), "08:00")  # closed automatically; opened without a reason
    auth.as_role(Role.COORDINATOR, "oriental")
    path = f"/sessions/{session.id}/half-days/{half_day.id}/window"
    for state, expected in (("open", True), ("closed", False), ("auto", False)):
        response = client.post(path, data={"state": state})
        assert response.status_code == 302 and response.headers["Location"].endswith("/project")
        db.session.refresh(half_day)
        assert services.window_is_open(half_day) is expected
    client.post(path, data={"state": "open"})
    db.session.refresh(half_day)
    assert services.window_is_open(half_day)
    client.post(path, data={"state": "auto"})
    db.session.refresh(half_day)
    assert half_day.window_override is None
    assert client.post(path, data={"state": "forever"}).status_code == 400


# Posters and badges -------------------------------------------------------------------------

def test_posters_show_one_non_rotating_code_per_half_day(app, client, auth, step):
    session = factories.session(days=2)
    auth.as_role(Role.OBSERVER)
    html = client.get(f"/sessions/{session.id}/posters").text
    assert html.count('class="sheet poster"') == 4
    assert "css/print.css" in html and "ne change pas" in html
    with app.test_request_context():
        for half_day in session.half_days:
            url = links.checkin_url(links.checkin_token(half_day, static=True))
            assert url in html
        rotating = links.checkin_url(links.checkin_token(session.half_days[0]))
    assert rotating not in html


def test_badges_page_has_one_qr_code_per_registered_participant(app, client, auth):
    session = factories.session()
    people = registered(session, *[Sex.FEMALE] * 5, *[Sex.MALE] * 4)
    factories.participant()  # not registered: no badge
    auth.as_role(Role.EXPERT)
    html = client.get(f"/sessions/{session.id}/badges").text
    assert html.count('class="name-badge"') == 9
    assert html.count("<svg") == 9
    assert html.count('class="sheet badge-sheet"') == 2  # eight a page
    assert people[0].last_name.upper() in html


# Roster and manual check-in -----------------------------------------------------------------

def test_manual_check_in_records_who_did_it(client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    (person,) = registered(session, Sex.FEMALE)
    expert = auth.as_role(Role.EXPERT)
    response = client.post(
        f"/sessions/{session.id}/half-days/{half_day.id}/check-in/{person.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}/roster#p{person.id}")
    (checkin,) = check_ins()
    assert checkin.method == CheckInMethod.MANUAL and checkin.recorded_by_id == expert.id
    assert (checkin.half_day_id, checkin.participant_id) == (half_day.id, person.id)
    roster = client.get(f"/sessions/{session.id}/roster").text
    assert "Pointage manuel" in roster and f"par {expert.name}" in roster


def test_a_second_manual_check_in_says_so_and_records_nothing(client, auth):
    session = factories.session()
    half_day = session.half_days[0]
    (person,) = registered(session, Sex.MALE)
    services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    auth.as_role(Role.EXPERT)
    response = client.post(
        f"/sessions/{session.id}/half-days/{half_day.id}/check-in/{person.id}",
        follow_redirects=True)
    assert "était déjà pointé·e" in response.text
    (checkin,) = check_ins()
    assert checkin.method == CheckInMethod.QR and checkin.recorded_by_id is None


def test_undo_removes_the_check_in(client, auth):
    session = factories.session()
    half_day = session.half_days[0]
    (person,) = registered(session, Sex.FEMALE)
    services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{session.id}/half-days/{half_day.id}/undo/{person.id}",
                           follow_redirects=True)
    assert "Pointage de" in response.text and "annulé" in response.text
    assert check_ins() == []


def test_only_registered_people_can_be_checked_in_or_undone(client, auth):
    session = factories.session()
    half_day = session.half_days[0]
    stranger = factories.participant()
    auth.as_role(Role.EXPERT)
    base = f"/sessions/{session.id}/half-days/{half_day.id}"
    assert client.post(f"{base}/check-in/{stranger.id}").status_code == 404
    assert client.post(f"{base}/undo/{stranger.id}").status_code == 404
    assert client.post(f"{base}/check-in/999999").status_code == 404
    assert check_ins() == []


def test_a_half_day_of_another_session_is_not_found(client, auth):
    session, other = factories.session(), factories.session()
    (person,) = registered(session, Sex.FEMALE)
    auth.as_role(Role.EXPERT)
    path = f"/sessions/{session.id}/half-days/{other.half_days[0].id}/check-in/{person.id}"
    assert client.post(path).status_code == 404
    assert client.get(f"/sessions/{session.id}/half-days/{other.half_days[0].id}/live"
                      ).status_code == 404


def test_reviewing_a_walk_in_clears_the_flag(client, auth):
    session = factories.session()
    person = factories.participant()
    registration = factories.registration(session, person, source=RegistrationSource.WALK_IN,
                                          needs_review=True)
    auth.as_role(Role.EXPERT)
    assert "à vérifier" in client.get(f"/sessions/{session.id}/roster").text
    response = client.post(f"/sessions/{session.id}/registrations/{registration.id}/review")
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.needs_review is False
    assert "à vérifier" not in client.get(f"/sessions/{session.id}/roster").text


def test_reviewing_a_registration_of_another_session_is_not_found(client, auth):
    session, other = factories.session(), factories.session()
    registration = factories.registration(other, factories.participant(), needs_review=True)
    auth.as_role(Role.EXPERT)
    assert client.post(f"/sessions/{session.id}/registrations/{registration.id}/review"
                       ).status_code == 404


def test_roster_totals_present_people_by_sex_per_half_day(client, auth):
    session = factories.session()  # one day: morning and afternoon
    morning, afternoon = session.half_days
    people = registered(session, Sex.FEMALE, Sex.FEMALE, Sex.MALE, None, Sex.MALE)
    for person in people[:4]:
        services.record_check_in(morning.id, person.id, CheckInMethod.QR)
    services.record_check_in(afternoon.id, people[2].id, CheckInMethod.QR)
    auth.as_role(Role.OBSERVER)
    html = client.get(f"/sessions/{session.id}/roster").text
    assert html.count('class="roster-row"') == 5
    assert re.findall(r'class="total-women">(\d+)<', html) == ["2", "0"]
    assert re.findall(r'class="total-men">(\d+)<', html) == ["1", "1"]
    assert re.findall(r'class="total-unknown">(\d+)<', html) == ["1", "0"]
    assert re.findall(r'class="total-all">([^<]+)<', html) == ["4 / 5", "1 / 5"]
    assert "Pointer" not in html  # observers read, they do not check people in


def test_roster_query_count_does_not_grow_with_participants(client, auth):
    expert = auth.as_role(Role.EXPERT)

    def grow(n: int) -> int:
        session = factories.session(days=2)
        people = [factories.participant(sex=[Sex.FEMALE, Sex.MALE, None][i % 3],
                                        organization_id=factories.organization().id)
                  for i in range(n)]
        for i, person in enumerate(people):
            factories.registration(session, person)
            half_day = session.half_days[i % 4]
            services.record_check_in(half_day.id, person.id, CheckInMethod.MANUAL,
                                     recorded_by_id=expert.id)
            services.record_check_in(session.half_days[0].id, person.id, CheckInMethod.QR)
        factories.registration(session, factories.participant(), needs_review=True)
        db.session.commit()
        return session.id

    def measure(session_id: int) -> int:
        with count_queries() as statements:
            assert client.get(f"/sessions/{session_id}/roster").status_code == 200
        return len(statements)

    small, large = measure(grow(5)), measure(grow(50))
    assert small == large <= 8


ROSTER_BUTTON = re.compile(r'<button form="roster-post" formaction="([^"]+)"[^>]*>([^<]+)</button>')


def roster_buttons(html: str) -> dict[str, str]:
    """Each button of the roster's table: its URL and its label."""
    return dict(ROSTER_BUTTON.findall(html))


def test_roster_buttons_post_one_form_with_its_csrf_token_to_their_own_url(app, client, auth,
                                                                           clock):
    session = factories.session()
    morning, afternoon = session.half_days
    during(clock, afternoon)
    here, away = registered(session, Sex.FEMALE, Sex.MALE)
    services.record_check_in(morning.id, here.id, CheckInMethod.QR)
    auth.as_role(Role.EXPERT)
    app.config["WTF_CSRF_ENABLED"] = True  # after the login; checked at every request
    html = client.get(f"/sessions/{session.id}/roster").text
    (form,) = re.findall(r'<form id="roster-post" method="post"[^>]*>(.*?)</form>', html)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    base = f"/sessions/{session.id}/half-days"
    assert roster_buttons(html) == {
        f"{base}/{morning.id}/undo/{here.id}": "Annuler",
        f"{base}/{afternoon.id}/check-in/{here.id}": "Pointer",
        f"{base}/{morning.id}/check-in/{away.id}": "Pointer",
        f"{base}/{afternoon.id}/check-in/{away.id}": "Pointer",
    }
    assert html.count("<form") == 2  # the logout form of the top bar and the roster's
    check_in = f"{base}/{afternoon.id}/check-in/{away.id}"
    assert client.post(check_in).status_code == 400  # no token, no check-in
    assert client.post(check_in, data={"csrf_token": token}).status_code == 302
    assert client.post(f"{base}/{morning.id}/undo/{here.id}",
                       data={"csrf_token": token}).status_code == 302
    assert [(c.half_day_id, c.participant_id) for c in check_ins()] == [(afternoon.id, away.id)]
    html = client.get(f"/sessions/{session.id}/roster").text
    assert roster_buttons(html)[f"{base}/{afternoon.id}/undo/{away.id}"] == "Annuler"
    assert roster_buttons(html)[f"{base}/{morning.id}/check-in/{here.id}"] == "Pointer"


def test_roster_shows_the_time_the_method_and_who_checked_in(client, auth):
    session = factories.session()
    morning, afternoon = session.half_days
    (person,) = registered(session, Sex.FEMALE)
    scanner = factories.user(Role.COORDINATOR)
    services.record_check_in(morning.id, person.id, CheckInMethod.QR)
    services.record_check_in(afternoon.id, person.id, CheckInMethod.BADGE,
                             recorded_by_id=scanner.id)
    auth.as_role(Role.OBSERVER)
    html = client.get(f"/sessions/{session.id}/roster").text
    cells = re.findall(r'<td class="present"><strong>(\d\d:\d\d)</strong><br>'
                       r'<span class="muted">([^<]+)</span>', html)
    assert [how for _time, how in cells] == [
        "QR code (téléphone)", f"Badge scanné · par {scanner.name or scanner.email}"]
    assert "roster-post" not in html and "<button form=" not in html  # observers only read


# Badge scanner ------------------------------------------------------------------------------

def scan(client, session, half_day, content):
    return client.post(f"/sessions/{session.id}/half-days/{half_day.id}/scan",
                       json={"content": content})


def test_scanning_a_badge_checks_in_then_says_already(app, client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    (person,) = registered(session, Sex.FEMALE, first_name="Fatima", last_name="Zahraoui")
    expert = auth.as_role(Role.EXPERT)
    with app.test_request_context():
        badge = links.badge_content(person.id)
    first = scan(client, session, half_day, badge)
    assert first.status_code == 200
    answer = first.get_json()
    assert answer["status"] == "checked_in" and answer["name"] == "ZAHRAOUI Fatima"
    assert re.fullmatch(r"\d\d:\d\d", answer["time"])
    again = scan(client, session, half_day, badge).get_json()
    assert again["status"] == "already" and again["time"] == answer["time"]
    assert f"déjà pointé·e à {answer['time']}" in again["message"]
    (checkin,) = check_ins()
    assert checkin.method == CheckInMethod.BADGE and checkin.recorded_by_id == expert.id


def test_a_forged_badge_is_refused(app, client, auth):
    session = factories.session()
    (person,) = registered(session, Sex.FEMALE)
    auth.as_role(Role.EXPERT)
    for content in (f"TRB:{person.id}.forged", "https://example.org", ""):
        response = scan(client, session, session.half_days[0], content)
        assert response.status_code == 400
        assert "pas un badge" in response.get_json()["message"]
    assert check_ins() == []


def test_the_badge_of_someone_not_registered_is_refused(app, client, auth):
    session = factories.session()
    stranger = factories.participant()
    auth.as_role(Role.EXPERT)
    with app.test_request_context():
        badge = links.badge_content(stranger.id)
    response = scan(client, session, session.half_days[0], badge)
    assert response.status_code == 404
    assert "pas inscrit·e à cette session" in response.get_json()["message"]
    assert check_ins() == []


def test_a_badge_typed_without_javascript_flashes_the_result(app, client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    (person,) = registered(session, Sex.MALE, first_name="Youssef", last_name="Amrani")
    auth.as_role(Role.EXPERT)
    with app.test_request_context():
        badge = links.badge_content(person.id)
    response = client.post(f"/sessions/{session.id}/half-days/{half_day.id}/scan",
                           data={"content": badge}, follow_redirects=True)
    assert "AMRANI Youssef : pointé·e à" in response.text
    assert len(check_ins()) == 1


def test_scanner_page_offers_the_session_half_days(client, auth):
    session = factories.session(days=2)
    second = session.half_days[1]
    auth.as_role(Role.EXPERT)
    html = client.get(f"/sessions/{session.id}/scan?half_day={second.id}").text
    assert html.count("data-scan-url=") == 4
    scan_url = f"/sessions/{session.id}/half-days/{second.id}/scan"
    assert f'value="{second.id}" data-scan-url="{scan_url}" selected' in html
    assert f'action="{scan_url}"' in html  # the form that works without JavaScript
    assert "js/scanner.js" in html and "js/vendor/jsQR.js" in html and "data-csrf=" in html


# Access -------------------------------------------------------------------------------------

def post_urls(session, half_day, person, registration):
    base = f"/sessions/{session.id}/half-days/{half_day.id}"
    return [f"{base}/window", f"{base}/check-in/{person.id}", f"{base}/undo/{person.id}",
            f"{base}/scan", f"/sessions/{session.id}/registrations/{registration.id}/review"]


def test_observers_read_but_cannot_post(client, auth):
    session = factories.session()
    half_day = session.half_days[0]
    person = factories.participant()
    registration = factories.registration(session, person)
    auth.as_role(Role.OBSERVER)
    for url in post_urls(session, half_day, person, registration):
        assert client.post(url, data={"state": "open"}).status_code == 403, url
    for path in ("roster", "badges", "posters", f"half-days/{half_day.id}/project",
                 f"half-days/{half_day.id}/live"):
        assert client.get(f"/sessions/{session.id}/{path}").status_code == 200, path
    assert client.get(f"/sessions/{session.id}/scan").status_code == 403
    assert check_ins() == []


def test_a_coordinator_of_another_region_is_refused(client, auth):
    session = factories.session(region="oriental")
    half_day = session.half_days[0]
    person = factories.participant()
    registration = factories.registration(session, person)
    auth.as_role(Role.COORDINATOR, "souss-massa")
    for url in post_urls(session, half_day, person, registration):
        assert client.post(url, data={"state": "open"}).status_code == 403, url
    for path in ("roster", "badges", "posters", "scan", f"half-days/{half_day.id}/project",
                 f"half-days/{half_day.id}/live"):
        assert client.get(f"/sessions/{session.id}/{path}").status_code == 403, path


def test_session_page_links_to_the_attendance_pages(client, auth):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    html = client.get(f"/sessions/{session.id}").text
    for path in ("roster", "badges", "posters", "scan"):
        assert f'href="/sessions/{session.id}/{path}"' in html
    for half_day in session.half_days:
        assert f'href="/sessions/{session.id}/half-days/{half_day.id}/project"' in html


# In the browser --------------------------------------------------------------------------------

@pytest.mark.browser
def test_projected_counters_follow_check_ins_without_reloading(live_server, browser):
    expert = factories.user(Role.EXPERT)
    session = factories.session()
    half_day = session.half_days[0]
    people = registered(session, Sex.FEMALE, Sex.MALE, Sex.FEMALE)
    db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/{session.id}/half-days/{half_day.id}/project")
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads
    assert page.inner_text("#count-total") == "0"
    services.record_check_in(half_day.id, people[0].id, CheckInMethod.QR)
    services.record_check_in(half_day.id, people[1].id, CheckInMethod.QR)
    db.session.commit()
    # A function, not an expression string: the CSP refuses eval, which a string needs.
    page.wait_for_function("() => document.getElementById('count-total').textContent === '2'",
                           timeout=10_000)
    assert page.inner_text("#count-women") == "1" and page.inner_text("#count-men") == "1"
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"


@pytest.mark.browser
def test_scanner_answers_new_then_already_in_different_colours(app, live_server, browser,
                                                               clock):
    expert = factories.user(Role.EXPERT)
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    newcomer, early = registered(session, Sex.FEMALE, Sex.MALE)
    services.record_check_in(half_day.id, early.id, CheckInMethod.QR)
    db.session.commit()
    with app.test_request_context():
        badges = [links.badge_content(newcomer.id), links.badge_content(early.id)]
    page = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/{session.id}/scan?half_day={half_day.id}")
    page.fill("#scan-content", badges[0])
    page.press("#scan-content", "Enter")
    page.wait_for_selector(".scan-result.is-new")
    assert newcomer.full_name in page.inner_text("#scan-result")
    page.fill("#scan-content", badges[0])  # the same code again within 3 s: ignored
    page.press("#scan-content", "Enter")
    page.fill("#scan-content", badges[1])
    page.press("#scan-content", "Enter")
    page.wait_for_selector(".scan-result.is-already")
    assert "déjà pointé·e à" in page.inner_text("#scan-result")
    assert page.locator("#scan-log li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert len(check_ins()) == 2


def test_a_manual_check_in_is_in_the_audit_log(client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    (person,) = registered(session, Sex.FEMALE)
    expert = auth.as_role(Role.EXPERT)
    client.post(f"/sessions/{session.id}/half-days/{half_day.id}/check-in/{person.id}")
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.session_id, entry.person_id) == (
        "check-in-manual", expert.id, session.id, person.id)
    assert json.loads(entry.details) == {"half_day_id": half_day.id, "outside_window": False}
    # Checking in again adds nothing: nothing was done.
    client.post(f"/sessions/{session.id}/half-days/{half_day.id}/check-in/{person.id}")
    assert len(audit.entries()) == 1


def test_a_badge_check_in_is_in_the_audit_log(app, client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    during(clock, half_day)
    (person,) = registered(session, Sex.MALE)
    expert = auth.as_role(Role.EXPERT)
    with app.test_request_context():
        badge = links.badge_content(person.id)
    assert scan(client, session, half_day, badge).get_json()["status"] == "checked_in"
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.session_id, entry.person_id) == (
        "check-in-badge", expert.id, session.id, person.id)
    assert person.last_name not in entry.details


def test_undoing_a_check_in_is_in_the_audit_log(client, auth):
    session = factories.session()
    half_day = session.half_days[0]
    (person,) = registered(session, Sex.FEMALE)
    services.record_check_in(half_day.id, person.id, CheckInMethod.QR)
    coordinator = auth.as_role(Role.COORDINATOR, "oriental")
    client.post(f"/sessions/{session.id}/half-days/{half_day.id}/undo/{person.id}")
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.session_id, entry.person_id) == (
        "check-in-undone", coordinator.id, session.id, person.id)
    details = json.loads(entry.details)
    assert details["half_day_id"] == half_day.id and details["method"] == "qr"
    # Undoing what is not there records nothing.
    client.post(f"/sessions/{session.id}/half-days/{half_day.id}/undo/{person.id}")
    assert len(audit.entries()) == 1
