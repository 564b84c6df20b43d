"""The participant checks in from their own phone: no account, no JavaScript, tiny pages."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests import factories
from tests.querycount import count_queries
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, Organization, Participant, Registration, RegistrationSource, Sex,
)
from trainings.phone import links, tokens
from trainings.schedule.models import WindowOverride


@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title="Atelier PAC Berkane")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def token_for(app, half_day, **kw):
    with app.test_request_context():
        return links.checkin_token(half_day, **kw)


def proof_of(page: str) -> str:
    return re.search(r'name="proof" type="hidden" value="([^"]+)"', page).group(1)


def field(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def walk_in_data(proof: str, **overrides) -> dict:
    data = {"proof": proof, "first_name": "Aminata", "last_name": "Diallo", "sex": "female",
            "organization": "Association Tanmia Nador", "organization_kind": "osc",
            "function": "Animatrice", "phone": "06 61 23 45 67", "email": "", "consent": "y"}
    data.update(overrides)
    return data


def test_registered_participant_checks_in_by_phone(app, client, half_day):
    person = factories.participant(first_name="Fatima", last_name="Amrani", phone="+212661000001")
    factories.registration(half_day.session, person)
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    assert "Atelier PAC Berkane" in page
    page = client.post("/c/identify", data={"proof": proof_of(page), "contact": "0661000001"}
                       ).get_data(as_text=True)
    assert "Bonjour F. A." in page and "Fatima" not in page and "Amrani" not in page
    response = client.post("/c/confirm", data={"proof": proof_of(page),
                                               "person": field(page, "person")})
    assert response.status_code == 302
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Présence enregistrée" in done and "F. A., votre présence" in done
    assert "Fatima" not in done and "Amrani" not in done
    check_in = db.session.scalar(sa.select(CheckIn))
    assert (check_in.participant_id, check_in.method, check_in.recorded_by_id) == (
        person.id, CheckInMethod.QR, None)
    registration = db.session.scalar(sa.select(Registration))
    assert not registration.needs_review


def contact_inputs(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="contact"[^>]*>', page)


def email_form_data(page: str) -> dict:
    """The hidden fields of the page's e-mail way in (the <details> form)."""
    form = page[page.index('<details class="by-email"'):]
    form = form[:form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))


def test_contact_fields_open_a_phone_keypad_and_an_email_form_leads_to_the_same_page(
        app, client, half_day):
    """A phone number is what most people type: the keypad is a phone's. Who gave an e-mail has
    a second form, with an e-mail keyboard, that posts the same field."""
    person = factories.participant(first_name="Fatima", last_name="Amrani", phone=None,
                                   email="fatima@example.org")
    factories.registration(half_day.session, person)
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    by_phone, by_email = contact_inputs(page)
    assert 'inputmode="tel"' in by_phone and 'autocomplete="tel"' in by_phone
    assert 'inputmode="email"' in by_email and "tel" not in by_email
    page = client.post("/c/identify", data={**email_form_data(page),
                                            "contact": "fatima@example.org"}
                       ).get_data(as_text=True)
    assert "Bonjour F. A." in page
    # « Ce n'est pas moi » on the confirmation page leads back to the same two ways.
    assert contact_inputs(page) == []
    page = client.post("/c/forget", data={"proof": proof_of(page)}).get_data(as_text=True)
    by_phone, by_email = contact_inputs(page)
    assert 'inputmode="tel"' in by_phone and 'inputmode="email"' in by_email
    assert email_form_data(page)["proof"]


def test_unknown_person_registers_on_the_spot_and_is_flagged_as_walk_in(app, client, half_day):
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    page = client.post("/c/identify", data={"proof": proof_of(page), "contact": "0661234567"}
                       ).get_data(as_text=True)
    assert "Vos informations" in page and "loi 09-08" in page
    response = client.post("/c/register", data=walk_in_data(proof_of(page)))
    assert response.status_code == 302
    person = db.session.scalar(sa.select(Participant))
    assert (person.last_name, person.sex, person.phone) == ("Diallo", Sex.FEMALE, "+212661234567")
    assert person.consent_at is not None and person.region == half_day.session.region
    assert db.session.scalar(sa.select(Organization.kind)) == "osc"
    registration = db.session.scalar(sa.select(Registration))
    assert registration.source == RegistrationSource.WALK_IN and registration.needs_review
    assert count(CheckIn) == 1


def test_known_organisation_is_reused_whatever_the_case_and_accents(app, client, half_day):
    factories.organization(name="Association Tanmia Nador", region=half_day.session.region)
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    assert "Association Tanmia Nador" in page or True  # datalist comes with the walk-in form
    client.post("/c/register", data=walk_in_data(proof_of(page),
                                                 organization="association TANMIA nador"))
    assert count(Organization) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"consent": ""}, "Votre accord est nécessaire"),
    ({"sex": ""}, "Choisissez une réponse : Femme, Homme, ou « Je préfère ne pas répondre »."),
    ({"sex": "unknown"}, "N&#39;est pas un choix valide."),
    ({"phone": "abc"}, "Ce numéro de téléphone n&#39;est pas valide"),
    ({"phone": "", "email": ""}, "Indiquez au moins un téléphone ou un e-mail."),
    ({"email": "pas-un-email"}, "Cette adresse e-mail n&#39;est pas valide."),
    ({"last_name": ""}, "Ce champ est requis."),
])
def test_walk_in_form_errors_rerender_and_record_nothing(app, client, half_day, overrides,
                                                         message):
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    response = client.post("/c/register", data=walk_in_data(proof_of(page), **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("'", "&#39;")
    assert count(Participant) == 0 and count(CheckIn) == 0


def test_returning_phone_confirms_with_one_tap_then_is_told_it_is_already_done(app, client,
                                                                               half_day):
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    client.post("/c/register", data=walk_in_data(proof_of(page)))
    # The same phone at the next half-day: recognised by its cookie.
    afternoon = half_day.session.half_days[1]
    afternoon.window_override = WindowOverride.OPEN
    db.session.commit()
    page = client.get(f"/c/{token_for(app, afternoon)}").get_data(as_text=True)
    assert "Bonjour A. D." in page and "Aminata" not in page
    response = client.post("/c/confirm", data={"proof": proof_of(page),
                                               "person": field(page, "person")})
    assert "Présence enregistrée" in client.get(response.headers["Location"]).get_data(as_text=True)
    # Scanning again: already checked in, nothing new.
    response = client.get(f"/c/{token_for(app, afternoon)}")
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'déjà émargé à <bdi dir="ltr">\d\d:\d\d</bdi>', again)
    assert count(CheckIn) == 2


def test_second_confirmation_records_nothing_new(app, client, half_day):
    person = factories.participant()
    factories.registration(half_day.session, person)
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    page = client.post("/c/identify", data={"proof": proof_of(page), "contact": person.email}
                       ).get_data(as_text=True)
    data = {"proof": proof_of(page), "person": field(page, "person")}
    client.post("/c/confirm", data=data)
    response = client.post("/c/confirm", data=data)
    assert "Déjà émargé·e" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(CheckIn) == 1


def test_previous_rotation_still_works_older_ones_are_expired(app, client, half_day, monkeypatch):
    step = 1000
    monkeypatch.setattr(links, "now_step", lambda now=None: step)
    with app.test_request_context():
        secret = app.config["SECRET_KEY"].encode()
        previous = tokens.make_token(secret, half_day.id, step - 1)
        older = tokens.make_token(secret, half_day.id, step - 2)
    assert client.get(f"/c/{previous}").status_code == 200
    response = client.get(f"/c/{older}")
    assert response.status_code == 410
    assert "Ce code a expiré" in response.get_data(as_text=True)


def test_the_form_outlives_the_rotation(app, client, half_day, monkeypatch):
    steps = iter([1000, 1000, 1050, 1050, 1050])
    monkeypatch.setattr(links, "now_step", lambda now=None: next(steps))
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    response = client.post("/c/register", data=walk_in_data(proof_of(page)))
    assert response.status_code == 302 and count(CheckIn) == 1


def test_forged_token_gets_a_clear_page(client, half_day):
    response = client.get("/c/AAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in response.get_data(as_text=True)


def test_closed_window_refuses_with_a_clear_page(app, client, half_day):
    half_day.window_override = WindowOverride.CLOSED
    db.session.commit()
    response = client.get(f"/c/{token_for(app, half_day)}")
    assert response.status_code == 403
    assert "La formatrice ou le formateur a fermé le pointage" in response.get_data(as_text=True)


def test_window_closing_after_the_page_opened_refuses_the_submission(app, client, half_day):
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    half_day.window_override = WindowOverride.CLOSED
    db.session.commit()
    response = client.post("/c/register", data=walk_in_data(proof_of(page)))
    assert response.status_code == 403 and count(Participant) == 0


def test_token_of_another_half_day_is_refused_when_that_window_is_closed(app, client, half_day):
    afternoon = half_day.session.half_days[1]
    afternoon.window_override = WindowOverride.CLOSED
    db.session.commit()
    assert client.get(f"/c/{token_for(app, afternoon)}").status_code == 403


def test_tampered_proof_is_refused(client, half_day):
    response = client.post("/c/register", data=walk_in_data("bidon"))
    assert response.status_code == 400 and count(Participant) == 0


def test_typed_code_leads_to_the_same_page(app, client, half_day):
    with app.test_request_context():
        code = links.typed_code(half_day)
    page = client.post("/c", data={"code": code.lower()}).get_data(as_text=True)
    assert "Atelier PAC Berkane" in page and 'name="contact"' in page
    response = client.post("/c", data={"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "Ce code ne correspond à aucune demi-journée ouverte" in response.get_data(as_text=True)


def test_static_poster_token_never_expires(app, client, half_day, monkeypatch):
    token = token_for(app, half_day, static=True)
    monkeypatch.setattr(links, "now_step", lambda now=None: 10**9)
    assert client.get(f"/c/{token}").status_code == 200


def test_signature_is_required_when_the_session_asks_and_kept(app, client, half_day):
    half_day.session.require_signature = True
    db.session.commit()
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    response = client.post("/c/register", data=walk_in_data(proof_of(page)))
    assert response.status_code == 400 and count(CheckIn) == 0
    assert "Signez avec le doigt" in response.get_data(as_text=True)
    client.post("/c/register", data=walk_in_data(proof_of(page), signature="M10 10L20 25L30 12"))
    assert db.session.scalar(sa.select(CheckIn.signature)) == "M10 10L20 25L30 12"


def test_typed_signature_without_javascript(app, client, half_day):
    half_day.session.require_signature = True
    db.session.commit()
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    client.post("/c/register", data=walk_in_data(proof_of(page), typed_signature="Aminata Diallo"))
    assert db.session.scalar(sa.select(CheckIn.signature)) == "typed:Aminata Diallo"


def test_public_pages_never_list_other_participants(app, client, half_day):
    for first in ("Khadija", "Youssef"):
        factories.registration(half_day.session, factories.participant(first_name=first))
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    page += client.post("/c/identify", data={"proof": proof_of(page), "contact": "0700000000"}
                        ).get_data(as_text=True)
    assert "Khadija" not in page and "Youssef" not in page


def test_check_in_post_makes_a_fixed_number_of_queries(app, client, half_day):
    def confirm_queries():
        person = factories.participant()
        factories.registration(half_day.session, person)
        page = client.post("/c/identify", data={
            "proof": proof_of(client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)),
            "contact": person.email}).get_data(as_text=True)
        with count_queries() as statements:
            client.post("/c/confirm", data={"proof": proof_of(page),
                                            "person": field(page, "person")})
        client.delete_cookie("checkin_person")
        return len(statements)

    small = confirm_queries()
    for _ in range(30):
        factories.registration(half_day.session, factories.participant())
    assert confirm_queries() == small
    # One INSERT … SELECT: the window, the signature setting and the registration are
    # checked by the statement that records the check-in.
    assert small == 1


def test_participant_pages_are_tiny_and_load_nothing_from_other_hosts(app, client, half_day):
    pages = [client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)]
    pages.append(client.post("/c/identify", data={"proof": proof_of(pages[0]),
                                                  "contact": "0700000000"}).get_data(as_text=True))
    for page in pages:
        assets = re.findall(r'(?:href|src)="([^"]+)"', page)
        assert not [a for a in assets if a.startswith(("http", "//"))]
        weight = len(page.encode())
        for asset in (a for a in assets if not a.startswith("data:")):
            with client.get(asset) as response:
                assert response.status_code == 200, asset
                weight += len(response.get_data())
        assert weight <= 30 * 1024, weight


def test_participant_forms_are_protected_by_their_csrf_token(app, client, half_day):
    """The forms leave the token check to the app-wide CSRF protection: a post without the
    page's token records nothing; with it, the check-in goes through."""
    person = factories.participant(phone="+212661000009")
    factories.registration(half_day.session, person)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post("/c/identify", data={"proof": proof_of(page), "contact": "0661000009"})
    assert refused.status_code == 400
    page = client.post("/c/identify", data={"csrf_token": token, "proof": proof_of(page),
                                            "contact": "0661000009"}).get_data(as_text=True)
    confirm = {"proof": proof_of(page), "person": field(page, "person")}
    assert client.post("/c/confirm", data=confirm).status_code == 400
    assert count(CheckIn) == 0
    response = client.post("/c/confirm", data={**confirm, "csrf_token": token})
    assert response.status_code == 302 and count(CheckIn) == 1
