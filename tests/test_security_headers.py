"""Security headers: a CSP without 'unsafe-inline', no framing, no sniffing, the referrer kept
home (none at all from participants' token URLs), and no caching of personal data; in the
browser, no page with charts, projection or a participant form breaks the policy."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories
from tests.conftest import log_in
from trainings.assessments.models import Attempt, AttemptKind, AttemptMethod
from trainings.auth import tokens as api_tokens
from trainings.auth.models import Role
from trainings.clock import local_today
from trainings.extensions import db
from trainings.phone import links
from trainings.registry.models import Sex
from trainings.schedule.models import WindowOverride
from trainings.security_headers import CONTENT_SECURITY_POLICY, security_headers


def assert_protected(response, referrer: str) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == referrer
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today())
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def test_staff_pages_downloads_and_errors_are_protected(client, auth, half_day):
    auth.as_role(Role.EXPERT)
    session_id = half_day.session_id
    for path in (f"/sessions/{session_id}", f"/sessions/{session_id}/report",
                 f"/sessions/{session_id}/half-days/{half_day.id}/project", "/account",
                 "/sessions/999999"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_protected(response, "same-origin")
    download = client.get(f"/sessions/{session_id}/attendance.xlsx")
    assert download.status_code == 200
    assert_protected(download, "same-origin")


def test_the_login_page_is_protected(client):
    assert_protected(client.get("/login"), "same-origin")


def test_participant_pages_send_no_referrer(app, client, half_day):
    with app.test_request_context():
        token = links.checkin_token(half_day)
    response = client.get(f"/c/{token}")
    assert response.status_code == 200
    assert_protected(response, "no-referrer")
    assert_protected(client.get("/c/not-a-token"), "no-referrer")


def test_api_answers_are_protected(client):
    _row, secret = api_tokens.issue(factories.user(Role.EXPERT))
    db.session.commit()
    response = client.get("/api/v1/sessions", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert_protected(response, "same-origin")
    assert_protected(client.get("/api/v1/sessions"), "same-origin")  # the 401 too


def test_static_files_keep_their_long_caching(app, client):
    with app.test_request_context():
        from flask import url_for

        url = url_for("static", filename="css/app.css")
    with client.get(url) as response:
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert "no-store" not in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_policy_is_pure_and_names_the_referrer_by_audience():
    assert security_headers("checkin", "checkin.start")["Referrer-Policy"] == "no-referrer"
    assert security_headers("tests", "tests.start")["Referrer-Policy"] == "no-referrer"
    assert security_headers("schedule", "schedule.detail")["Referrer-Policy"] == "same-origin"
    assert "Cache-Control" not in security_headers(None, "static")
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


# In the browser ---------------------------------------------------------------------------------

def _attempt(session, person, kind, percent):
    db.session.add(Attempt(session_id=session.id, participant_id=person.id,
                           kind=AttemptKind(kind), method=AttemptMethod.ONLINE,
                           earned=Decimal(percent), possible=Decimal(100), percent=float(percent)))


def _violations(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


@pytest.mark.browser
def test_no_page_reports_a_csp_violation(app, live_server, browser):
    expert = factories.user(Role.EXPERT)
    session = factories.session(start=local_today())
    morning = session.half_days[0]
    morning.window_override = WindowOverride.OPEN
    for sex, pre, post in ((Sex.FEMALE, 40, 80), (Sex.MALE, 50, 60)):
        person = factories.participant(sex=sex)
        factories.registration(session, person)
        db.session.flush()
        _attempt(session, person, "pre", pre)
        _attempt(session, person, "post", post)
    db.session.commit()
    with app.test_request_context():
        checkin = f"{live_server}/c/{links.checkin_token(morning)}"

    context = browser.new_context()
    page = context.new_page()
    messages = _violations(page)
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/{session.id}/report")
    page.wait_for_selector("svg.chart")
    page.goto(f"{live_server}/sessions/{session.id}/half-days/{morning.id}/project")
    page.wait_for_selector("#qr svg")
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    messages += _violations(phone)
    phone.goto(checkin)
    phone.wait_for_selector("input[name=contact]")
    # A check that would see a violation: an inline script is refused, and says so.
    page.evaluate("""() => { const s = document.createElement('script');
                              s.textContent = 'window.ran = 1'; document.body.append(s); }""")
    assert page.evaluate("window.ran") is None
    violations = [text for text in messages if "Content Security Policy" in text]
    assert len(violations) == 1 and "script-src" in violations[0], messages
    context.close()
    phone.context.close()
