"""Arabic on a phone, in Chromium: the check-in page reads right to left at 360 px, the phone
number stays left to right, and the switch's links work without JavaScript."""
from __future__ import annotations

import pytest

from tests import factories
from tests.test_browser_checkin import PHONE
from trainings.clock import local_today
from trainings.extensions import db
from trainings.phone import links
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser


def test_an_arabic_check_in_page_reads_right_to_left_on_a_phone(app, live_server, browser,
                                                                 tmp_path):
    session = factories.session(start=local_today(), title="ورشة النوع الاجتماعي 2026")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    session.language = "ar"
    db.session.commit()
    with app.test_request_context():
        token = links.checkin_token(half_day)

    phone = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    phone.goto(f"{live_server}/c/{token}")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.locator("h1").inner_text() == "أكِّدوا حضوركم"
    # The heading starts at the right edge; nothing overflows the 360 px screen.
    box = phone.locator("h1").bounding_box()
    text_right = phone.evaluate("""() => { const r = document.createRange();
        r.selectNodeContents(document.querySelector('h1'));
        return r.getBoundingClientRect().right; }""")
    assert text_right > box["x"] + box["width"] - 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    contact = phone.locator("#contact")
    assert contact.evaluate("e => getComputedStyle(e).direction") == "ltr"
    phone.screenshot(path=str(tmp_path / "checkin-ar.png"), full_page=True)  # to look at

    phone.click("text=English")  # a plain link: no JavaScript on this phone
    assert phone.evaluate("document.documentElement.dir") == "ltr"
    assert phone.locator("h1").inner_text() == "Confirm your attendance"
    phone.goto(f"{live_server}/c/{token}")  # the choice is kept
    assert phone.evaluate("document.documentElement.lang") == "en"
