"""End to end in Debian's Chromium driven by Playwright: what an expert does on a laptop or phone."""
from __future__ import annotations

import os

import pytest

from tests import factories
from tests.conftest import log_in
from trainings.extensions import db
from trainings.models import Role

pytestmark = pytest.mark.browser


def test_expert_creates_a_two_day_session_and_sees_its_four_half_days(live_server, browser):
    expert = factories.user(Role.EXPERT)
    training = factories.training(title="Suivi-évaluation sensible au genre")
    db.session.commit()
    page = browser.new_page()
    log_in(page, live_server, expert)
    page.click("text=Planifier une session")
    page.select_option("select[name=training_id]", str(training.id))
    page.fill("input[name=title]", "Atelier S&E Nador")
    page.select_option("select[name=region]", "oriental")
    page.select_option("select[name=province]", "nador")
    page.fill("input[name=venue]", "Salle de la commune")
    page.fill("input[name=start_date]", "2026-12-14")
    page.fill("input[name=end_date]", "2026-12-15")
    page.check("input[name=audience][value=osc]")
    page.fill("input[name=capacity]", "30")
    page.click("form.form button[type=submit]")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "session.png"), full_page=True)
    page.wait_for_selector("h1:has-text('Atelier S&E Nador')")
    rows = page.locator("tr.half-day")
    assert rows.count() == 4
    texts = [rows.nth(i).inner_text() for i in range(4)]
    assert "lundi 14 décembre 2026" in texts[0] and "matin" in texts[0]
    assert "après-midi" in texts[1]
    assert "mardi 15 décembre 2026" in texts[3] and "14:00 – 17:00" in texts[3]


def test_province_list_follows_the_region(live_server, browser):
    expert = factories.user(Role.EXPERT)
    factories.training()
    db.session.commit()
    page = browser.new_page()
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/new")
    page.select_option("select[name=region]", "souss-massa")
    visible = page.eval_on_selector_all(
        "select[name=province] optgroup:not([disabled]) option", "els => els.map(e => e.value)")
    assert "tiznit" in visible and "nador" not in visible


def test_session_page_fits_a_360px_phone(live_server, browser):
    expert = factories.user(Role.EXPERT)
    session = factories.session(days=3)
    db.session.commit()
    page = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(page, live_server, expert)
    for path in ("/", f"/sessions/{session.id}", "/sessions/"):
        page.goto(f"{live_server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
