"""Registry: organisations, participants, registrations to a session and the Excel import."""
from __future__ import annotations

import html
import io
import json
import re

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from tests import audit, factories
from tests.querycount import count_queries
from trainings.extensions import db
from trainings.registry import services
from trainings.models import (
    Organization, Participant, Registration, RegistrationSource, Role, Session, Sex,
)

HEADER = ["Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
          "Téléphone", "E-mail"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def text(response) -> str:
    """The page as a reader sees it (entities such as &#39; decoded)."""
    return html.unescape(response.get_data(as_text=True))


def organization_form(**overrides) -> dict:
    data = {"name": "Association Nour", "kind": "osc", "region": "oriental",
            "province": "berkane"}
    data.update(overrides)
    return data


def participant_form(**overrides) -> dict:
    data = {"last_name": "Alaoui", "first_name": "Fatima", "sex": "female",
            "organization_id": "", "function": "Présidente", "phone": "06 12 34 56 78",
            "email": "fatima.alaoui@example.org", "region": "oriental"}
    data.update(overrides)
    return data


def xlsx(*rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, session, data: bytes, filename: str = "liste.xlsx"):
    return client.post(f"/sessions/{session.id}/registrations/import",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def by_email(email: str) -> Participant | None:
    return db.session.scalar(sa.select(Participant).where(Participant.email == email))


# Organisations ------------------------------------------------------------------------------

def test_expert_creates_organization(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/organizations/new", data=organization_form())
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organization))
    assert (org.name, org.kind, org.region, org.province) == (
        "Association Nour", "osc", "oriental", "berkane")


def test_organization_without_province_is_stored_with_none(client, auth):
    auth.as_role(Role.EXPERT)
    client.post("/organizations/new", data=organization_form(province=""))
    assert db.session.scalar(sa.select(Organization.province)) is None


def test_organization_province_outside_its_region_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/organizations/new", data=organization_form(province="tiznit"))
    assert response.status_code == 200
    assert "Cette province n'appartient pas à la région choisie." in text(response)
    assert count(Organization) == 0


def test_organization_name_is_unique_per_region_whatever_the_case(client, auth):
    auth.as_role(Role.EXPERT)
    factories.organization(region="oriental", name="Association Nour")
    response = client.post("/organizations/new", data=organization_form(name="association NOUR"))
    assert response.status_code == 200
    assert "Une organisation porte déjà ce nom dans cette région." in text(response)
    assert count(Organization) == 1


def test_same_organization_name_is_allowed_in_another_region(client, auth):
    auth.as_role(Role.EXPERT)
    factories.organization(region="souss-massa", name="Association Nour")
    response = client.post("/organizations/new", data=organization_form())
    assert response.status_code == 302
    assert count(Organization) == 2


def test_expert_edits_organization(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization(name="Ancien nom")
    db.session.commit()
    response = client.post(f"/organizations/{org.id}/edit",
                           data=organization_form(name="Nouveau nom", kind="commune"))
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.name, org.kind) == ("Nouveau nom", "commune")


def test_editing_an_organization_keeps_its_own_name(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization(name="Association Nour", region="oriental")
    db.session.commit()
    response = client.post(f"/organizations/{org.id}/edit", data=organization_form(kind="other"))
    assert response.status_code == 302


def test_organization_list_searches_by_name(client, auth):
    auth.as_role(Role.EXPERT)
    factories.organization(name="Association Nour")
    factories.organization(name="Commune de Berkane", kind="commune")
    page = text(client.get("/organizations/?q=nour"))
    assert "Association Nour" in page
    assert "Commune de Berkane" not in page


def test_organization_list_filters_by_kind_and_region(client, auth):
    auth.as_role(Role.EXPERT)
    factories.organization(name="Commune d'Oujda", kind="commune", region="oriental")
    factories.organization(name="Commune de Tiznit", kind="commune", region="souss-massa")
    factories.organization(name="Association Nour", kind="osc", region="oriental")
    page = text(client.get("/organizations/?kind=commune&region=oriental"))
    assert "Commune d'Oujda" in page
    assert "Commune de Tiznit" not in page
    assert "Association Nour" not in page


def test_organization_with_participants_is_not_deleted(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization()
    factories.participant(organization_id=org.id)
    db.session.commit()
    response = client.post(f"/organizations/{org.id}/delete", follow_redirects=True)
    assert "elle ne peut pas être supprimée" in text(response)
    assert count(Organization) == 1


def test_unused_organization_is_deleted(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization()
    db.session.commit()
    assert client.post(f"/organizations/{org.id}/delete").status_code == 302
    assert count(Organization) == 0


def test_coordinator_lists_only_organizations_of_their_region(client, auth):
    factories.organization(name="Association de l'Oriental", region="oriental")
    factories.organization(name="Association du Souss", region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    page = text(client.get("/organizations/"))
    assert "Association de l'Oriental" in page
    assert "Association du Souss" not in page


@pytest.mark.parametrize("method, suffix", [("GET", "edit"), ("POST", "edit"),
                                            ("POST", "delete")])
def test_coordinator_cannot_reach_organization_of_another_region(client, auth, method, suffix):
    org = factories.organization(region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.open(f"/organizations/{org.id}/{suffix}", method=method,
                           data=organization_form())
    assert response.status_code == 403
    assert count(Organization) == 1


def test_coordinator_cannot_create_organization_in_another_region(client, auth):
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.post("/organizations/new",
                           data=organization_form(region="souss-massa", province="tiznit"))
    assert response.status_code == 200
    assert count(Organization) == 0


# Participants -------------------------------------------------------------------------------

def test_expert_creates_participant_with_normalised_contacts(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=participant_form(
        phone=" +212 6 12-34-56-78 ", email="  Fatima.Alaoui@Example.ORG "))
    assert response.status_code == 302
    person = db.session.scalar(sa.select(Participant))
    assert (person.phone, person.email) == ("+212612345678", "fatima.alaoui@example.org")
    assert (person.last_name, person.first_name, person.sex) == ("Alaoui", "Fatima", Sex.FEMALE)


def test_participant_region_is_the_organization_region(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization(region="souss-massa")
    client.post("/participants/new", data=participant_form(organization_id=org.id,
                                                           region="oriental"))
    person = db.session.scalar(sa.select(Participant))
    assert (person.organization_id, person.region) == (org.id, "souss-massa")


def test_participant_without_organization_takes_the_chosen_region(client, auth):
    auth.as_role(Role.EXPERT)
    client.post("/participants/new", data=participant_form(region="rabat"))
    assert db.session.scalar(sa.select(Participant.region)) == "rabat"


def test_participant_without_organization_nor_region_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=participant_form(region=""))
    assert "Choisissez une région, ou une organisation." in text(response)
    assert count(Participant) == 0


def test_coordinator_records_participants_in_their_region(client, auth):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    client.post("/participants/new", data=participant_form(region="oriental"))
    assert db.session.scalar(sa.select(Participant.region)) == "souss-massa"


def test_sex_not_recorded_is_stored_as_none(client, auth):
    auth.as_role(Role.EXPERT)
    client.post("/participants/new", data=participant_form(sex="unknown"))
    assert db.session.scalar(sa.select(Participant)).sex is None


def test_sex_must_be_answered(client, auth):
    auth.as_role(Role.EXPERT)
    data = participant_form()
    del data["sex"]
    response = client.post("/participants/new", data=data)
    assert "Indiquez le sexe, ou « Non renseigné »." in text(response)
    assert count(Participant) == 0


def test_email_of_another_participant_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    factories.participant(email="fatima.alaoui@example.org", phone=None)
    response = client.post("/participants/new",
                           data=participant_form(email="Fatima.Alaoui@example.org "))
    assert response.status_code == 200
    assert "Cette adresse e-mail est déjà celle d'une autre personne" in text(response)
    assert count(Participant) == 1


def test_phone_of_another_participant_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    factories.participant(phone="0612345678", email=None)
    response = client.post("/participants/new", data=participant_form(phone="06.12.34.56.78"))
    assert response.status_code == 200
    assert "Ce numéro de téléphone est déjà celui d'une autre personne" in text(response)
    assert count(Participant) == 1


def test_invalid_email_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=participant_form(email="fatima@"))
    assert "Cette adresse e-mail n'est pas valide." in text(response)
    assert count(Participant) == 0


def test_expert_edits_participant_keeping_their_own_contacts(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant(email="fatima.alaoui@example.org", phone="0612345678")
    db.session.commit()
    response = client.post(f"/participants/{person.id}/edit",
                           data=participant_form(function="Trésorière"))
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.function == "Trésorière"


def test_edit_form_shows_recorded_sex(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant(sex=Sex.MALE)
    db.session.commit()
    page = client.get(f"/participants/{person.id}/edit").get_data(as_text=True)
    checked = re.findall(r'<input checked[^>]*value="(\w+)"', page)
    assert checked == ["male"]


@pytest.mark.parametrize("query", ["alaoui", "fatima", "fatima@nour", "0612 34", "nour maroc"])
def test_participant_list_searches_names_contacts_and_organization(client, auth, query):
    auth.as_role(Role.EXPERT)
    org = factories.organization(name="Association Nour Maroc")
    factories.participant(last_name="Alaoui", first_name="Fatima", email="fatima@nour.ma",
                          phone="0612345678", organization_id=org.id)
    factories.participant(last_name="Benali", first_name="Omar", email="omar@x.ma",
                          phone="0700000000")
    page = text(client.get("/participants/", query_string={"q": query}))
    assert "ALAOUI Fatima" in page
    assert "BENALI Omar" not in page


def test_participant_list_filters_by_sex_and_organization_kind(client, auth):
    auth.as_role(Role.EXPERT)
    commune = factories.organization(kind="commune")
    factories.participant(last_name="Alaoui", sex=Sex.FEMALE, organization_id=commune.id)
    factories.participant(last_name="Benali", sex=Sex.MALE, organization_id=commune.id)
    factories.participant(last_name="Chraibi", sex=Sex.FEMALE)
    page = text(client.get("/participants/?sex=female&kind=commune"))
    assert "ALAOUI" in page
    assert "BENALI" not in page and "CHRAIBI" not in page


def test_participant_list_is_paginated(client, auth):
    auth.as_role(Role.EXPERT)
    for i in range(51):
        factories.participant(last_name=f"Nom{i:02d}")
    first = text(client.get("/participants/"))
    second = text(client.get("/participants/?page=2"))
    assert "NOM00" in first and "NOM50" not in first
    assert "NOM50" in second


def test_participant_page_lists_their_sessions(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant()
    factories.registration(factories.session(title="Atelier PAC Berkane"), person)
    page = text(client.get(f"/participants/{person.id}"))
    assert "Atelier PAC Berkane" in page


def test_expert_deletes_participant_and_their_registrations(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant()
    factories.registration(factories.session(), person)
    db.session.commit()
    assert client.post(f"/participants/{person.id}/delete").status_code == 302
    assert (count(Participant), count(Registration)) == (0, 0)


def test_coordinator_does_not_list_participants_of_another_region(client, auth):
    factories.participant(last_name="Oriental", region="oriental")
    factories.participant(last_name="Souss", region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    page = text(client.get("/participants/"))
    assert "ORIENTAL" in page
    assert "SOUSS" not in page


@pytest.mark.parametrize("method, suffix", [("GET", ""), ("GET", "/edit"), ("POST", "/edit"),
                                            ("POST", "/delete")])
def test_coordinator_cannot_reach_participant_of_another_region(client, auth, method, suffix):
    person = factories.participant(region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.open(f"/participants/{person.id}{suffix}", method=method,
                           data=participant_form())
    assert response.status_code == 404  # as an unknown id: nothing tells the person exists
    assert count(Participant) == 1


def test_coordinator_sees_a_participant_registered_to_a_session_of_their_region(client, auth):
    person = factories.participant(last_name="Venue", region="souss-massa")
    factories.registration(factories.session(region="oriental"), person)
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get(f"/participants/{person.id}").status_code == 200
    assert "VENUE" in text(client.get("/participants/"))


def test_coordinator_may_not_delete_a_participant_who_also_attended_another_region(client,
                                                                                 auth):
    person = factories.participant(region="souss-massa")
    factories.registration(factories.session(region="oriental"), person)
    factories.registration(factories.session(region="souss-massa"), person)
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.post(f"/participants/{person.id}/delete", follow_redirects=True)
    assert "ne peut être supprimée que par une experte" in text(response)
    assert "Supprimer la fiche" not in text(response)
    assert count(Participant) == 1


@pytest.mark.parametrize("method, url", [
    ("GET", "/participants/999"), ("GET", "/participants/999/edit"),
    ("POST", "/participants/999/delete"), ("GET", "/organizations/999/edit"),
    ("POST", "/organizations/999/delete"), ("POST", "/sessions/{sid}/participants/999/register"),
    ("POST", "/sessions/{sid}/registrations/999/delete"), ("POST", "/sessions/999/registrations/import"),
])
def test_unknown_ids_give_404(client, auth, method, url):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    assert client.open(url.format(sid=session.id), method=method).status_code == 404


def test_participant_list_query_count_does_not_grow_with_rows(client, auth):
    auth.as_role(Role.EXPERT)

    def measure(n):
        for _ in range(n):
            factories.participant(organization_id=factories.organization().id)
        db.session.commit()
        db.session.expunge_all()
        with count_queries() as statements:
            assert client.get("/participants/?q=e").status_code == 200
        return len(statements)

    assert measure(2) == measure(10)


# Registrations ------------------------------------------------------------------------------

def test_session_page_lists_registered_participants(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    org = factories.organization(name="Association Nour")
    factories.registration(session, factories.participant(
        last_name="Alaoui", first_name="Fatima", organization_id=org.id))
    page = text(client.get(f"/sessions/{session.id}"))
    assert "ALAOUI Fatima" in page
    assert "Association Nour" in page
    assert "Inscrit·e·s (1)" in page


def test_session_search_offers_people_not_yet_registered(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    factories.registration(session, factories.participant(last_name="Alaoui",
                                                          first_name="Inscrite"))
    candidate = factories.participant(last_name="Alaoui", first_name="Candidate")
    page = text(client.get(f"/sessions/{session.id}?q=alaoui"))
    assert f"/sessions/{session.id}/participants/{candidate.id}/register" in page
    assert page.count("/register") == 1


def test_staff_registers_a_participant(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant()
    db.session.commit()
    response = client.post(f"/sessions/{session.id}/participants/{person.id}/register")
    assert response.status_code == 302
    registration = db.session.scalar(sa.select(Registration))
    assert (registration.session_id, registration.participant_id, registration.source) == (
        session.id, person.id, RegistrationSource.STAFF)


def test_registering_twice_is_refused_with_a_message(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant(last_name="Alaoui", first_name="Fatima")
    factories.registration(session, person)
    db.session.commit()
    response = client.post(f"/sessions/{session.id}/participants/{person.id}/register",
                           follow_redirects=True)
    assert response.status_code == 200
    assert "ALAOUI Fatima est déjà inscrit·e à cette session." in text(response)
    assert count(Registration) == 1


def test_staff_removes_a_registration(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    registration = factories.registration(session, factories.participant())
    db.session.commit()
    response = client.post(f"/sessions/{session.id}/registrations/{registration.id}/delete")
    assert response.status_code == 302
    assert (count(Registration), count(Participant)) == (0, 1)


def test_registration_of_another_session_is_not_found(client, auth):
    auth.as_role(Role.EXPERT)
    session, other = factories.session(), factories.session()
    registration = factories.registration(other, factories.participant())
    db.session.commit()
    response = client.post(f"/sessions/{session.id}/registrations/{registration.id}/delete")
    assert response.status_code == 404
    assert count(Registration) == 1


def test_new_participant_created_from_a_session_is_registered_to_it(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(region="souss-massa")
    db.session.commit()
    response = client.post(f"/participants/new?session={session.id}",
                           data=participant_form(region="souss-massa"))
    assert response.headers["Location"].startswith(f"/sessions/{session.id}")
    registration = db.session.scalar(sa.select(Registration))
    assert registration.session_id == session.id
    assert registration.participant.last_name == "Alaoui"


def test_coordinator_cannot_register_to_a_session_of_another_region(client, auth):
    session = factories.session(region="souss-massa")
    person = factories.participant(region="oriental")
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.post(f"/sessions/{session.id}/participants/{person.id}/register")
    assert response.status_code == 403
    assert count(Registration) == 0


def test_coordinator_cannot_register_a_participant_they_cannot_see(client, auth):
    session = factories.session(region="oriental")
    person = factories.participant(region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.post(f"/sessions/{session.id}/participants/{person.id}/register")
    assert response.status_code == 404
    assert count(Registration) == 0


def test_session_page_query_count_does_not_grow_with_registrations(client, auth):
    auth.as_role(Role.EXPERT)
    session_id = factories.session().id
    db.session.commit()

    def measure(n):
        session = db.session.get(Session, session_id)
        for _ in range(n):
            person = factories.participant(last_name="Alaoui",
                                           organization_id=factories.organization().id)
            factories.registration(session, person)
            factories.participant(last_name="Alaoui")  # a candidate of the search
        db.session.commit()
        db.session.expunge_all()
        with count_queries() as statements:
            assert client.get(f"/sessions/{session_id}?q=alaoui").status_code == 200
        return len(statements)

    assert measure(2) == measure(10)


# Excel roster -------------------------------------------------------------------------------

def test_roster_template_is_a_workbook_with_the_expected_header(client, auth):
    auth.as_role(Role.OBSERVER)
    response = client.get("/participants/roster-template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    help_values = {c.value for row in workbook.worksheets[1].iter_rows() for c in row}
    assert "Association locale (OSC)" in help_values


def test_session_page_links_to_the_template_and_the_upload(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    page = text(client.get(f"/sessions/{session.id}"))
    assert "/participants/roster-template.xlsx" in page
    assert f'action="/sessions/{session.id}/registrations/import"' in page
    assert 'enctype="multipart/form-data"' in page


def test_import_registers_new_people_and_creates_their_organization(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(region="oriental")
    db.session.commit()
    data = xlsx(
        ["Alaoui", "Fatima", "F", "Association Nour", "Association locale (OSC)", "Présidente",
         "06 12 34 56 78", "Fatima.Alaoui@example.org"],
        ["Benali", "Omar", "H", "association nour", "", "Trésorier", "0612000000", ""],
        ["Chraibi", "Salma", "", "", "", "", "", ""],
    )
    response = upload(client, session, data)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "3 inscription(s), dont 3 nouvelle(s) fiche(s) ; 1 organisation(s) créée(s)" in page
    fatima = by_email("fatima.alaoui@example.org")
    assert (fatima.sex, fatima.phone, fatima.region) == (Sex.FEMALE, "+212612345678", "oriental")
    assert fatima.organization.name == "Association Nour"
    assert fatima.organization.kind == "osc"
    assert count(Organization) == 1
    sources = set(db.session.scalars(sa.select(Registration.source)))
    assert (count(Registration), sources) == (3, {RegistrationSource.IMPORT})


def test_import_recognises_an_existing_participant_by_email(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant(last_name="Alaoui", first_name="Fatima",
                                   email="fatima.alaoui@example.org", phone="0600000000")
    db.session.commit()
    data = xlsx(["ALAOUI", "fatima", "F", "", "", "", "0699999999",
                 " FATIMA.ALAOUI@example.org"])
    assert upload(client, session, data).status_code == 302
    assert count(Participant) == 1
    assert db.session.scalar(sa.select(Registration.participant_id)) == person.id


def test_import_recognises_an_existing_participant_by_phone(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant(last_name="Benali", first_name="Omar", email=None,
                                   phone="+212612345678")
    db.session.commit()
    data = xlsx(["Benali", "Omar", "H", "", "", "", "+212 6 12 34 56 78", ""])
    assert upload(client, session, data).status_code == 302
    assert count(Participant) == 1
    assert db.session.scalar(sa.select(Registration.participant_id)) == person.id


def test_import_reuses_an_organization_of_the_session_region_whatever_the_case(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(region="oriental")
    org = factories.organization(name="Commune de Berkane", kind="commune", region="oriental")
    factories.organization(name="Commune de Berkane", kind="commune", region="souss-massa")
    db.session.commit()
    upload(client, session, xlsx(["Alaoui", "Fatima", "F", "COMMUNE DE BERKANE", "", "", "",
                                  "f@example.org"]))
    assert by_email("f@example.org").organization_id == org.id
    assert count(Organization) == 2


@pytest.mark.parametrize("row, reason", [
    (["", "Fatima", "F", "", "", "", "", "a@example.org"], "Le nom manque"),
    (["Alaoui", "Fatima", "X", "", "", "", "", "a@example.org"], "Sexe « X » inconnu"),
    (["Alaoui", "Fatima", "F", "", "", "", "", "fatima@"], "E-mail « fatima@ » invalide"),
    (["Alaoui", "Fatima", "F", "", "", "", "12", ""], "Téléphone « 12 » invalide"),
    (["Alaoui", "Fatima", "F", "Asso", "Club", "", "", "a@example.org"],
     "Type d'organisation « Club » inconnu"),
    (["Alaoui", "Fatima", "F", "Asso nouvelle", "", "", "", "a@example.org"],
     "L'organisation « Asso nouvelle » est nouvelle : indiquez son type"),
    (["Autre", "Personne", "F", "", "", "", "", "taken@example.org"],
     "Cet e-mail est celui d'une autre personne (nom différent)"),
    (["Autre", "Personne", "F", "", "", "", "0611111111", ""],
     "Ce téléphone est celui d'une autre personne (nom différent)"),
])
def test_import_names_the_faulty_row_and_why(client, auth, row, reason):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    factories.participant(last_name="Déjà", first_name="Là", email="taken@example.org",
                          phone="0611111111")
    db.session.commit()
    good = ["Benali", "Omar", "H", "", "", "", "", "omar@example.org"]
    response = upload(client, session, xlsx(good, row))
    assert response.status_code == 400
    assert f"Ligne 3 : {reason}" in text(response)
    assert "Ligne 2" not in text(response)


def test_import_with_faulty_rows_writes_nothing(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    factories.organization(name="Association Nour")
    db.session.commit()
    before = (count(Participant), count(Organization), count(Registration))
    data = xlsx(
        ["Alaoui", "Fatima", "F", "Nouvelle asso", "osc", "", "", "fatima@example.org"],
        ["Benali", "", "H", "", "", "", "", "omar@example.org"],
        ["Chraibi", "Salma", "Femme", "", "", "", "", "fatima@example.org"],
        ["Daoudi", "Amine", "?", "", "", "", "", ""],
    )
    response = upload(client, session, data)
    page = text(response)
    assert response.status_code == 400
    assert "Ligne 3 : Le prénom manque" in page
    assert "Ligne 4 : Ligne en double (même personne que la ligne 2)" in page
    assert "Ligne 5 : Sexe « ? » inconnu" in page
    assert "Ligne 2 :" not in page
    assert "3 lignes comportent une erreur : rien n'a été importé." in page
    assert (count(Participant), count(Organization), count(Registration)) == before


def test_import_service_stages_nothing_when_a_row_is_faulty(app):
    session = factories.session()
    good = ["Alaoui", "Fatima", "F", "Nouvelle asso", "osc", "", "", "fatima@example.org"]
    bad = ["Benali", "", "H", "", "", "", "", "omar@example.org"]
    result = services.import_roster(session, xlsx(good, bad))
    assert [error.row for error in result.errors] == [3]
    assert not db.session.new
    assert (result.registered, result.created) == (0, 0)


def test_import_skips_people_already_registered(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    factories.registration(session, factories.participant(
        last_name="Alaoui", first_name="Fatima", email="fatima@example.org"))
    db.session.commit()
    data = xlsx(["Alaoui", "Fatima", "F", "", "", "", "", "fatima@example.org"],
                ["Benali", "Omar", "H", "", "", "", "", "omar@example.org"])
    response = upload(client, session, data)
    page = text(client.get(response.headers["Location"]))
    assert "1 inscription(s), dont 1 nouvelle(s) fiche(s)" in page
    assert "Déjà inscrit·e·s, lignes ignorées : 2." in page
    assert count(Registration) == 2


def test_reimporting_people_without_contact_does_not_duplicate_them(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    data = xlsx(["Chraibi", "Salma", "F", "", "", "", "", ""])
    upload(client, session, data)
    upload(client, session, data)
    assert (count(Participant), count(Registration)) == (1, 1)


def test_import_refuses_a_file_that_is_not_xlsx(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = upload(client, session, b"Nom;Prenom\nAlaoui;Fatima\n", filename="liste.csv")
    assert response.status_code == 400
    assert "Seuls les fichiers Excel .xlsx sont acceptés." in text(response)
    assert count(Participant) == 0


def test_import_refuses_an_unreadable_xlsx(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = upload(client, session, b"not really a workbook", filename="liste.xlsx")
    assert response.status_code == 400
    assert "Ce fichier n'est pas un classeur Excel (.xlsx) lisible." in text(response)


def test_import_refuses_a_sheet_without_the_name_columns(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = upload(client, session, xlsx(["x"], header=["Organisation"]))
    assert response.status_code == 400
    assert "Colonnes manquantes" in text(response)


def test_oversized_upload_is_refused_with_413(app, client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(client, session, b"x" * 4096)
    assert response.status_code == 413
    assert "Le fichier envoyé est trop volumineux" in text(response)
    assert count(Participant) == 0


def test_coordinator_cannot_import_into_a_session_of_another_region(client, auth):
    session = factories.session(region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    response = upload(client, session, xlsx(["Alaoui", "Fatima", "F", "", "", "", "", ""]))
    assert response.status_code == 403
    assert count(Participant) == 0


def test_observer_cannot_import(client, auth):
    session = factories.session()
    auth.as_role(Role.OBSERVER)
    response = upload(client, session, xlsx(["Alaoui", "Fatima", "F", "", "", "", "", ""]))
    assert response.status_code == 403
    assert count(Participant) == 0


def test_session_page_removes_a_registration_through_one_form_with_its_csrf_token(app, client,
                                                                                 auth):
    session = factories.session()
    first, second = (factories.registration(session, factories.participant()) for _ in range(2))
    auth.as_role("expert")
    app.config["WTF_CSRF_ENABLED"] = True  # after the login; checked at every request
    page = client.get(f"/sessions/{session.id}").text
    (form,) = re.findall(r'<form method="post" id="unregister-form"[^>]*>(.*?)</form>', page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    targets = re.findall(r'<button type="submit" form="unregister-form" formaction="([^"]+)"',
                         page)
    base = f"/sessions/{session.id}/registrations"
    assert sorted(targets) == sorted([f"{base}/{first.id}/delete", f"{base}/{second.id}/delete"])
    assert f'href="/participants/{first.participant_id}"' in page
    assert client.post(targets[0]).status_code == 400  # no token, nothing removed
    assert client.post(f"{base}/{first.id}/delete", data={"csrf_token": token}).status_code == 302
    remaining = db.session.scalars(sa.select(Registration.id)).all()
    assert remaining == [second.id]


def test_observers_get_no_remove_buttons_on_the_session_page(client, auth):
    session = factories.session()
    factories.registration(session, factories.participant())
    auth.as_role("observer")
    page = client.get(f"/sessions/{session.id}").text
    assert "unregister-form" not in page and "Retirer" not in page


def test_participants_scope_is_an_argument_without_a_logged_in_user(app):
    """A region's scope sees its own people and those of its sessions; None sees everyone."""
    own = factories.participant(region="souss-massa")
    visiting = factories.participant(region="oriental")
    stranger = factories.participant(region="oriental")
    factories.registration(factories.session(region="souss-massa"), visiting)
    db.session.commit()
    seen = set(db.session.scalars(services.scoped_participants("souss-massa")))
    assert seen == {own, visiting}
    assert set(db.session.scalars(services.scoped_participants(None))) == {own, visiting, stranger}
    assert services.participant_visible(visiting, "souss-massa")
    assert not services.participant_visible(stranger, "souss-massa")
    assert [r.participant for r in services.participant_registrations(visiting, "oriental")] == []


def test_a_roster_import_is_in_the_audit_log(client, auth):
    coordinator = auth.as_role(Role.COORDINATOR, "oriental")
    session = factories.session(region="oriental")
    db.session.commit()
    data = xlsx(["Alaoui", "Fatima", "F", "", "", "", "06 12 34 56 78", "fatima@example.org"],
                ["Benali", "Omar", "H", "", "", "", "", ""])
    assert upload(client, session, data).status_code == 302
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.session_id) == (
        "import", coordinator.id, session.id)
    assert json.loads(entry.details) == {"kind": "roster", "rows": 2, "registered": 2,
                                         "created": 2}
    for secret in ("Alaoui", "612345678", "fatima@example.org"):
        assert secret not in entry.details


def test_a_refused_roster_import_leaves_no_audit_entry(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(region="oriental")
    db.session.commit()
    response = upload(client, session, xlsx(["", "Fatima", "F", "", "", "", "", ""]))
    assert response.status_code == 400
    assert audit.entries() == []
