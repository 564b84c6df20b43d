"""The room, end to end: the trainer projects the QR code, phones scan it and check in,
the trainer's counters follow. The QR code is decoded from a screenshot, as a phone would."""
from __future__ import annotations

import io
import os

import pytest

from tests import factories
from tests.conftest import log_in
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import Role, Sex
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def decode_qr(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert results, "no QR code found in the screenshot"
    return results[0].text


def projected_url(trainer, base_url, session, half_day) -> str:
    trainer.goto(f"{base_url}/sessions/{session.id}/half-days/{half_day.id}/project")
    return decode_qr(trainer.locator("#qr").screenshot())


def test_phones_check_in_from_the_projected_code_and_counters_follow(live_server, browser):
    expert = factories.user(Role.EXPERT)
    session = factories.session(start=local_today(), title="Atelier genre Nador")
    morning, afternoon = session.half_days[:2]
    morning.window_override = afternoon.window_override = WindowOverride.OPEN
    returning = factories.participant(first_name="Youssef", last_name="Benali", sex=Sex.MALE,
                                      phone="+212661111111")
    factories.registration(session, returning)
    db.session.commit()

    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    trainer = laptop.new_page()
    log_in(trainer, live_server, expert)

    # Youssef checked in this afternoon's half-day earlier on his phone (say, the day before):
    # that phone now remembers him.
    youssef = browser.new_context(**PHONE).new_page()
    youssef.goto(projected_url(trainer, live_server, session, afternoon))
    youssef.fill("input[name=contact]", "06 61 11 11 11")
    youssef.click("text=Continuer")
    youssef.click("text=Je suis présent·e")
    youssef.wait_for_selector("text=Présence enregistrée")

    url = projected_url(trainer, live_server, session, morning)
    assert url.startswith(f"{live_server}/c/")
    assert trainer.locator("#count-total").inner_text() == "0"

    # A newcomer: nobody registered her.
    aminata = browser.new_context(**PHONE).new_page()
    aminata.goto(url)
    aminata.fill("input[name=contact]", "0677889900")
    aminata.click("text=Continuer")
    aminata.fill("input[name=first_name]", "Aminata")
    aminata.fill("input[name=last_name]", "Diallo")
    aminata.check("input[name=sex][value=female]")
    aminata.fill("input[name=organization]", "Association Tanmia Nador")
    aminata.select_option("select[name=organization_kind]", "osc")
    aminata.check("input[name=consent]")
    aminata.click("button.big")
    aminata.wait_for_selector("text=Présence enregistrée")
    assert "Votre présence est enregistrée" in aminata.inner_text("main")
    assert "Aminata" not in aminata.inner_text("main")  # no name on the phone, not even hers
    assert aminata.evaluate("document.documentElement.scrollWidth") <= 360

    # Youssef, returning: one tap.
    youssef.goto(url)
    youssef.wait_for_selector("text=Bonjour Y. B.")
    youssef.click("button.big")
    youssef.wait_for_selector("text=Présence enregistrée")
    # Scanning again records nothing new.
    youssef.goto(url)
    youssef.wait_for_selector("text=Déjà émargé·e")

    trainer.wait_for_function(
        # A function, not an expression string: the CSP refuses eval, which a string needs.
        "() => document.getElementById('count-total').innerText.trim() === '2'", timeout=15000)
    assert trainer.locator("#count-women").inner_text() == "1"
    assert trainer.locator("#count-men").inner_text() == "1"
    if os.environ.get("SCREENSHOTS"):
        trainer.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "projection.png"))
        aminata.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "phone.png"))
    laptop.close()
