"""In Chromium: the projector (1366×800) shows "Pointage fermé" and no code while check-in is
closed and switches by itself as the window opens and closes, its counters on screen; the
participant's phone (360×740) is told why check-in is closed and when, types the code with
slips, and lands on pages of its own layout when something goes wrong."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.conftest import log_in
from trainings.assessments.models import SessionTest
from trainings.clock import local_time, local_today, utcnow
from trainings.extensions import db
from trainings.models import Role
from trainings.phone import links
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser
PROJECTOR = {"viewport": {"width": 1366, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
LONG_TITLE = ("Intégration de la migration et du genre dans le Plan d'Action de la Commune (PAC) : "
              "atelier régional de l'Oriental, deuxième module")
POLL_MS = 4000  # static/js/projection.js


@pytest.fixture
def step(monkeypatch):
    """Freeze the QR rotation (the server runs in this process); set step.value to move on."""

    class Step:
        value = 1000

    monkeypatch.setattr(links, "now_step", lambda now=None: Step.value)
    return Step


def starting_in(half_day, delay: timedelta, override=None):
    half_day.starts_at = utcnow() + delay
    half_day.ends_at = half_day.starts_at + timedelta(hours=3)
    half_day.window_override = override
    db.session.commit()


def after_the_next_poll(page, condition: str):
    """Move the page's clock to its next poll (instead of waiting 4 seconds), then wait for
    the poll's real request to show `condition`."""
    page.clock.run_for(POLL_MS)
    page.wait_for_function(condition, polling=100, timeout=5000)


def assert_counters_on_screen(page):
    for selector in (".counters", ".projection-info h1"):
        box = page.locator(selector).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Each counter's label whole, not cut to "Non rensei…".
    assert page.evaluate("""() => [...document.querySelectorAll('.counters dt')]
        .every(dt => dt.scrollWidth <= dt.clientWidth)""")


def shows_the_code(page) -> bool:
    return page.evaluate("""() => !document.getElementById('checkin-open').hidden
        && !!document.querySelector('#qr svg')
        && document.getElementById('code').textContent.length === 6
        && document.getElementById('checkin-closed').hidden""")


def shows_closed(page) -> bool:
    return page.evaluate("""() => document.getElementById('checkin-open').hidden
        && !document.querySelector('#qr svg') && document.getElementById('code').textContent === ''
        && !document.getElementById('checkin-closed').hidden""")


def test_the_projector_hides_the_code_while_closed_and_switches_by_itself(app, live_server,
                                                                          browser, step):
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"  # as on the venue's Wi-Fi
    expert = factories.user(Role.EXPERT)
    session = factories.session(start=local_today(), title=LONG_TITLE)
    half_day = session.half_days[0]
    starting_in(half_day, timedelta(hours=2))
    laptop = browser.new_context(**PROJECTOR)
    page = laptop.new_page()
    log_in(page, live_server, expert)
    page.clock.install()
    page.goto(f"{live_server}/sessions/{session.id}/half-days/{half_day.id}/project")
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads

    # Before the window: no code, but when it opens.
    assert shows_closed(page)
    closed = page.inner_text("#checkin-closed")
    assert "Pointage fermé" in closed
    assert local_time(half_day.starts_at - timedelta(minutes=30)) in closed
    assert_counters_on_screen(page)

    # The window opens (30 minutes before the start): the QR code and the code appear.
    starting_in(half_day, timedelta(minutes=25))
    after_the_next_poll(page, """() => !document.getElementById('checkin-open').hidden
        && !!document.querySelector('#qr svg')""")
    assert shows_the_code(page)
    with app.test_request_context():
        assert page.inner_text("#code") == links.typed_code(half_day)
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    assert_counters_on_screen(page)

    # A pre-test opens too: two QR codes side by side, the counters still on screen.
    db.session.add(SessionTest(session_id=session.id, pre_open=True))
    db.session.commit()
    after_the_next_poll(page, "() => !document.getElementById('test').hidden")
    assert shows_the_code(page)
    assert_counters_on_screen(page)

    # Fermer maintenant: no code, and who closed it.
    page.click("text=Fermer maintenant")
    page.wait_for_selector("text=La formatrice ou le formateur a fermé le pointage.")
    assert shows_closed(page)
    assert_counters_on_screen(page)

    # Back to automatic while the half-day runs: the code comes back by itself...
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")
    starting_in(half_day, timedelta(minutes=-60))
    after_the_next_poll(page, "() => !document.getElementById('checkin-open').hidden")
    assert shows_the_code(page)
    # ... and goes when the half-day is over.
    starting_in(half_day, timedelta(hours=-4))
    after_the_next_poll(page, "() => document.getElementById('checkin-open').hidden")
    assert shows_closed(page)
    assert local_time(half_day.ends_at) in page.inner_text("#checkin-closed")
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    laptop.close()


def test_the_projectors_counters_fit_with_two_qr_codes_and_a_long_title(app, live_server,
                                                                          browser, step):
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"
    expert = factories.user(Role.EXPERT)
    session = factories.session(start=local_today(), title=LONG_TITLE)
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.add(SessionTest(session_id=session.id, pre_open=True))
    db.session.commit()
    page = browser.new_context(**PROJECTOR).new_page()
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/{session.id}/half-days/{half_day.id}/project")
    assert page.locator("#qr svg").is_visible() and page.locator("#test-qr svg").is_visible()
    assert_counters_on_screen(page)
    box = page.locator("#code").bounding_box()
    assert box["y"] + box["height"] <= 800


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_phone_is_told_why_check_in_is_closed_and_when(app, live_server, browser, step):
    session = factories.session(start=local_today(), title="Atelier PAC Berkane")
    half_day = session.half_days[0]
    starting_in(half_day, timedelta(hours=2))
    with app.test_request_context():
        token = links.checkin_token(half_day)
    phone = browser.new_context(**PHONE).new_page()

    phone.goto(f"{live_server}/c/{token}")
    main = phone.inner_text("main")
    assert "L'émargement n'est pas encore ouvert" in main and "Atelier PAC Berkane" in main
    assert local_time(half_day.starts_at - timedelta(minutes=30)) in main
    fits_the_phone(phone)

    starting_in(half_day, timedelta(minutes=-10))
    phone.goto(f"{live_server}/c/{token}")
    phone.wait_for_selector("input[name=contact]")
    starting_in(half_day, timedelta(minutes=-10), WindowOverride.CLOSED)  # while she types
    phone.fill("input[name=contact]", "0677889900")
    phone.click("text=Continuer")
    main = phone.inner_text("main")
    assert "L'émargement a été fermé" in main and "Atelier PAC Berkane" in main
    assert "La formatrice ou le formateur a fermé le pointage." in main
    fits_the_phone(phone)

    starting_in(half_day, timedelta(hours=-4))
    phone.goto(f"{live_server}/c/{token}")
    main = phone.inner_text("main")
    assert "L'émargement est terminé" in main and local_time(half_day.ends_at) in main
    fits_the_phone(phone)


def test_the_phone_types_the_code_with_slips_and_is_told_when_it_expired(app, live_server,
                                                                         browser, step):
    session = factories.session(start=local_today(), title="Atelier PAC Berkane")
    half_day = session.half_days[0]
    starting_in(half_day, timedelta(minutes=-10))
    with app.test_request_context():
        code = links.typed_code(half_day)
    phone = browser.new_context(**PHONE).new_page()

    # Read on the screen a minute ago: expired, and said so.
    step.value += 3
    phone.goto(f"{live_server}/c")
    phone.fill("input[name=code]", code)
    phone.click("text=Continuer")
    main = phone.inner_text("main")
    assert "Ce code a expiré" in main and "nouveau code affiché à l'écran" in main
    fits_the_phone(phone)

    # The new one, typed in lower case with a space and a hyphen.
    with app.test_request_context():
        code = links.typed_code(half_day)
    phone.fill("input[name=code]", f"{code[:3].lower()} - {code[3:].lower()}")
    phone.click("text=Continuer")
    phone.wait_for_selector("input[name=contact]")
    assert "Atelier PAC Berkane" in phone.inner_text("main")


def test_the_phones_error_pages_lead_back_to_the_code(app, live_server, browser):
    phone = browser.new_context(**PHONE).new_page()
    for path in ("/c/ok/garbage", "/c/x/y"):
        response = phone.goto(f"{live_server}{path}")
        assert response.status == 404
        assert "Ce lien n'est pas valide" in phone.inner_text("main")
        assert phone.locator("a[href='/login']").count() == 0
        assert "Retour à l'accueil" not in phone.inner_text("body")
        fits_the_phone(phone)
    phone.click("text=Taper le code de la salle")
    phone.wait_for_selector("input[name=code]")

    app.config["RATELIMIT_CHECKIN_FAILURES"] = "2 per minute"
    for _ in range(2):
        phone.goto(f"{live_server}/c/ok/garbage")
    response = phone.goto(f"{live_server}/c")
    assert response.status == 429
    assert "Trop de tentatives" in phone.inner_text("main")
    assert phone.locator("a[href='/c']").count() == 1
    assert phone.locator("a[href='/login']").count() == 0
    fits_the_phone(phone)
