"""One person, one record, in Chromium: a newcomer on a 360 px phone without JavaScript, and an
expert merging the two records of one person."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import log_in
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import CheckIn, Participant, PersonMerge, Role, Sex
from trainings.phone import links
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "java_script_enabled": False}


def test_a_newcomer_types_a_wrong_number_then_keeps_their_sex_to_themself(app, live_server,
                                                                         browser):
    session = factories.session(start=local_today(), title="Atelier genre Nador")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    with app.test_request_context():
        token = links.checkin_token(half_day)
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{live_server}/c/{token}")
    phone.fill("input[name=contact]", "abc!!")
    phone.click("text=Continuer")
    phone.wait_for_selector("text=Tapez votre numéro de téléphone (par exemple 06 61 23 45 67)")
    phone.fill("input[name=contact]", "07 00 00 00 00")
    phone.click("text=Continuer")
    phone.wait_for_selector("h1:has-text('Vos informations')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("input[name=first_name]", "Aminata")
    phone.fill("input[name=last_name]", "Diallo")
    phone.check("text=Je préfère ne pas répondre")
    phone.check("input[name=consent]")
    phone.click("button:has-text('Je suis présent·e')")
    phone.wait_for_selector("text=Présence enregistrée")
    person = db.session.scalar(sa.select(Participant))
    assert (person.sex, person.phone) == (None, "+212700000000")


def test_an_expert_merges_the_two_records_of_one_person(live_server, browser):
    expert = factories.user(Role.EXPERT)
    org = factories.organization(name="Association Nour")
    session = factories.session(title="Atelier PAC Berkane")
    kept = factories.participant(last_name="Amrani", first_name="Fatima", organization_id=org.id,
                                 sex=Sex.FEMALE, phone=None, email="fatima@example.org")
    copy = factories.participant(last_name="AMRANI", first_name="fatima", organization_id=org.id,
                                 phone="0661234567", email=None)
    factories.registration(session, copy)
    db.session.add(CheckIn(half_day_id=session.half_days[0].id, participant_id=copy.id,
                           method="qr"))
    db.session.commit()
    kept_id, copy_id = kept.id, copy.id
    page = browser.new_page()
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/participants/{kept_id}")
    page.click("a:has-text('Fusionner')")
    page.click(f"li.duplicate a[href$='other={copy_id}']")
    page.check(f"text=Conserver AMRANI Fatima (fiche n° {kept_id})")
    page.click("button:has-text('Fusionner les deux fiches')")
    page.wait_for_selector("text=Fiches fusionnées")
    page.wait_for_selector(f"text=fiche n° {copy_id} fusionnée dans celle-ci")
    db.session.expire_all()  # the server changed the records in its own session
    assert db.session.get(Participant, copy_id) is None
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == kept_id
    assert db.session.get(Participant, kept_id).phone == "+212661234567"
    assert db.session.scalar(sa.select(PersonMerge.removed_id)) == copy_id
