"""The participant's confirmation (one tap) and the newcomer's form, beyond the happy path:
what a confirmation records and refuses with its few statements, and a walk-in form that stays
small whatever the registry holds while still finding known organisations."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests import factories
from tests.querycount import count_queries
from trainings.attendance import services
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import CheckIn, Organization, Participant, Registration, RegistrationSource
from trainings.phone import identity, links
from trainings.schedule.models import WindowOverride


@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title="Atelier genre Nador")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def open_page(app, client, half_day) -> str:
    with app.test_request_context():
        token = links.checkin_token(half_day)
    return client.get(f"/c/{token}").get_data(as_text=True)


def confirm_page(app, client, half_day, person) -> str:
    page = open_page(app, client, half_day)
    return client.post("/c/identify", data={"proof": hidden(page, "proof"),
                                            "contact": person.email}).get_data(as_text=True)


def remembered_page(app, client, half_day, person) -> str:
    """The page of a phone that checked in as `person` before (its signed cookie)."""
    with app.test_request_context():
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(person.id))
    return open_page(app, client, half_day)


def confirmation(page: str, **extra) -> dict:
    return {"proof": hidden(page, "proof"), "person": hidden(page, "person"), **extra}


def walk_in_page(app, client, half_day) -> str:
    page = open_page(app, client, half_day)
    return client.post("/c/identify", data={"proof": hidden(page, "proof"),
                                            "contact": "0699999999"}).get_data(as_text=True)


def walk_in(proof: str, **overrides) -> dict:
    data = {"proof": proof, "first_name": "Aminata", "last_name": "Diallo", "sex": "female",
            "organization": "Association Tanmia Nador", "organization_kind": "osc",
            "function": "Animatrice", "phone": "0661234567", "email": "", "consent": "y"}
    data.update(overrides)
    return data


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# The one-tap confirmation ---------------------------------------------------------------------

def test_known_but_unregistered_person_is_registered_as_a_walk_in_on_confirmation(
        app, client, half_day):
    """A phone that checked in as someone at another session: one tap registers them here."""
    person = factories.participant()
    page = remembered_page(app, client, half_day, person)
    with count_queries() as statements:
        response = client.post("/c/confirm", data=confirmation(page))
    assert response.status_code == 302
    registration = db.session.scalar(sa.select(Registration))
    assert (registration.participant_id, registration.source, registration.needs_review) == (
        person.id, RegistrationSource.WALK_IN, True)
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == person.id
    assert len(statements) == 2  # the check-in (INSERT … SELECT), then the registration


def test_confirming_again_records_nothing_and_writes_nothing(app, client, half_day):
    person = factories.participant()
    factories.registration(half_day.session, person)
    page = confirm_page(app, client, half_day, person)
    client.post("/c/confirm", data=confirmation(page))
    with count_queries() as statements:
        response = client.post("/c/confirm", data=confirmation(page))
    assert "Déjà émargé·e" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(CheckIn) == 1
    assert [s for s in statements if not s.lstrip().upper().startswith("SELECT")] == []


def test_the_done_page_gives_initials_only_and_the_time_of_the_check_in(app, client, half_day):
    person = factories.participant(first_name="Khadija", last_name="Bennani")
    factories.registration(half_day.session, person)
    response = client.post("/c/confirm", data=confirmation(confirm_page(app, client, half_day,
                                                                        person)))
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(
        r'K\. B\., votre présence est enregistrée à <bdi dir="ltr">\d\d:\d\d</bdi>', done)
    assert "Khadija" not in done and "Bennani" not in done
    assert client.get_cookie(identity.COOKIE) is not None  # the phone is remembered


def test_confirmation_requires_the_signature_when_the_session_asks(app, client, half_day):
    half_day.session.require_signature = True
    person = factories.participant(first_name="Salma", last_name="Idrissi")
    factories.registration(half_day.session, person)
    page = confirm_page(app, client, half_day, person)
    response = client.post("/c/confirm", data=confirmation(page))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Signez avec le doigt" in text and "Bonjour S. I." in text
    assert count(CheckIn) == 0
    client.post("/c/confirm", data=confirmation(page, typed_signature="Salma Idrissi"))
    assert db.session.scalar(sa.select(CheckIn.signature)) == "typed:Salma Idrissi"


def test_confirmation_is_refused_once_the_window_closed(app, client, half_day):
    person = factories.participant()
    factories.registration(half_day.session, person)
    page = confirm_page(app, client, half_day, person)
    half_day.window_override = WindowOverride.CLOSED
    db.session.commit()
    response = client.post("/c/confirm", data=confirmation(page))
    assert response.status_code == 403
    assert "L'émargement a été fermé" in response.get_data(as_text=True)
    assert count(CheckIn) == 0


def test_confirmation_with_a_forged_or_vanished_person_records_nothing(app, client, half_day):
    person = factories.participant()
    page = remembered_page(app, client, half_day, person)
    forged = client.post("/c/confirm", data=confirmation(page) | {"person": "bidon"})
    assert forged.status_code == 400
    db.session.delete(db.session.get(Participant, person.id))
    db.session.commit()
    assert client.post("/c/confirm", data=confirmation(page)).status_code == 404
    assert count(CheckIn) == 0 and count(Registration) == 0


def test_self_check_in_loses_a_race_gracefully(app, half_day):
    """Two requests of the same person: the one whose INSERT finds the row already there
    answers with that check-in instead of failing."""
    person = factories.participant()
    factories.registration(half_day.session, person)
    context = services.self_check_in_context(half_day.id, person.id)
    first_id, created = services.self_check_in(context, person.id, None)
    again_id, created_again = services.self_check_in(context, person.id, None)  # stale context
    assert (created, created_again, again_id) == (True, False, first_id)
    assert count(CheckIn) == 1


def test_a_second_phone_confirming_the_same_person_records_and_counts_nothing_new(
        app, client, half_day):
    """The second phone has no trace of the first one's tap: its INSERT finds the row there,
    and it is told the person is already checked in; the metrics count one check-in."""
    from tests.test_observability import check_ins_counted, scrape

    person = factories.participant()
    factories.registration(half_day.session, person)
    first = client.post("/c/confirm", data=confirmation(confirm_page(app, client, half_day,
                                                                     person)))
    other = app.test_client()
    second = other.post("/c/confirm", data=confirmation(confirm_page(app, other, half_day,
                                                                     person)))
    assert first.status_code == second.status_code == 302
    assert "Déjà émargé·e" in other.get(second.headers["Location"]).get_data(as_text=True)
    assert count(CheckIn) == 1
    assert check_ins_counted(scrape(client), "qr") == 1


@pytest.mark.parametrize(("minutes_from_start", "is_open"), [
    (-31, False), (-30, True), (0, True), (180, True), (210, True), (211, False)])
def test_the_one_statement_confirmation_keeps_the_automatic_window(
        app, client, half_day, clock, minutes_from_start, is_open):
    """The window the INSERT checks is window.window's: from 30 minutes before the start to
    the end, bounds included (the fixture's morning ends 3 h 30 after its start)."""
    from datetime import timedelta

    half_day.window_override = None
    db.session.commit()
    assert half_day.ends_at - half_day.starts_at == timedelta(minutes=210)
    person = factories.participant()
    factories.registration(half_day.session, person)
    clock.set_utc(half_day.starts_at)
    page = confirm_page(app, client, half_day, person)
    clock.set_utc(half_day.starts_at + timedelta(minutes=minutes_from_start))
    assert services.window_is_open(half_day) is is_open
    with count_queries() as statements:
        response = client.post("/c/confirm", data=confirmation(page))
    assert response.status_code == (302 if is_open else 403)
    assert count(CheckIn) == (1 if is_open else 0)
    if is_open:  # recorded by the one statement, not by the slower way round
        assert len(statements) == 1


# The newcomer's form ----------------------------------------------------------------------------

def test_walk_in_page_does_not_grow_with_the_registry(app, client, half_day):
    empty = walk_in_page(app, client, half_day)
    db.session.add_all(Organization(name=f"Association régionale n°{n}", kind="osc",
                                    region=half_day.session.region) for n in range(1000))
    db.session.commit()
    client.delete_cookie("session")
    full = walk_in_page(app, client, half_day)
    assert "Vos informations" in full
    assert len(full.encode()) == len(empty.encode())


def test_walk_in_page_suggests_at_most_30_organisations_of_the_session(app, client, half_day):
    organizations = [factories.organization(name=f"Commune {n:02d}") for n in range(40)]
    for n, organization in enumerate(organizations):
        for _ in range(2 if n == 39 else 1):
            factories.registration(half_day.session,
                                   factories.participant(organization_id=organization.id))
    factories.organization(name="Organisation d'une autre session")
    db.session.commit()
    page = walk_in_page(app, client, half_day)
    datalist = page.split('id="organizations">')[1].split("</datalist>")[0]
    options = re.findall(r'<option value="([^"]+)">', datalist)
    assert len(options) == services.ORGANIZATION_SUGGESTIONS == 30
    assert options[0] == "Commune 39"  # the most represented first
    assert "Organisation d&#39;une autre session" not in page
    assert "Organisation d'une autre session" not in page


def test_a_partial_name_offers_the_known_organisations_then_uses_the_one_picked(
        app, client, half_day):
    tanmia = factories.organization(name="Association Tanmia Nador")
    factories.organization(name="Tanmia Berkane")
    factories.organization(name="Tanmia Nador", region="souss-massa")  # another region
    db.session.commit()
    proof = hidden(walk_in_page(app, client, half_day), "proof")
    response = client.post("/c/register", data=walk_in(proof, organization="tanmia"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and count(Participant) == 0 and count(CheckIn) == 0
    offered = re.findall(r'name="organization_choice" type="radio" value="([^"]+)"', page)
    assert offered == [str(tanmia.id), str(tanmia.id + 1), "new"]
    response = client.post("/c/register", data=walk_in(proof, organization="tanmia",
                                                        organization_choice=str(tanmia.id)))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Participant.organization_id)) == tanmia.id
    assert count(Organization) == 3 and count(CheckIn) == 1


def test_a_new_name_is_kept_when_the_newcomer_says_it_is_none_of_those_offered(
        app, client, half_day):
    factories.organization(name="Association Tanmia Nador")
    db.session.commit()
    proof = hidden(walk_in_page(app, client, half_day), "proof")
    response = client.post("/c/register", data=walk_in(proof, organization="Tanmia  Driouch",
                                                        organization_choice="new"))
    assert response.status_code == 302
    created = db.session.scalar(sa.select(Organization).where(
        Organization.name == "Tanmia Driouch"))
    assert (created.kind, created.region) == ("osc", half_day.session.region)
    assert db.session.scalar(sa.select(Participant.organization_id)) == created.id
    registration = db.session.scalar(sa.select(Registration))
    assert registration.needs_review


def test_a_name_resembling_nothing_known_creates_the_organisation_at_once(app, client, half_day):
    factories.organization(name="Commune de Nador")
    db.session.commit()
    proof = hidden(walk_in_page(app, client, half_day), "proof")
    response = client.post("/c/register", data=walk_in(proof, organization="Réseau Femmes Oujda"))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 2


def test_an_exact_name_whatever_accents_and_case_is_reused(app, client, half_day):
    known = factories.organization(name="Association Al Amal Bénévoles")
    db.session.commit()
    proof = hidden(walk_in_page(app, client, half_day), "proof")
    client.post("/c/register", data=walk_in(proof, organization="association al amal BENEVOLES"))
    assert db.session.scalar(sa.select(Participant.organization_id)) == known.id
    assert count(Organization) == 1
