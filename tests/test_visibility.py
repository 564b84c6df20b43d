"""Who may see and change a person, and read their phone and e-mail (registry/visibility.py),
applied alike by the person's pages, edit, delete, the roster import, the badge scan, the
workbooks, the sign-in PDF and the API (issue 13, defect 5 and personal-data duty 5)."""
from __future__ import annotations

import html
import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from tests import factories
from tests.pdfdrawn import drawn_lines
from trainings.auth import tokens as api_tokens
from trainings.extensions import db
from trainings.models import Participant, Registration, Role
from trainings.phone import links
from trainings.registry import visibility

ROSTER_HEADER = ["Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
                 "Téléphone", "E-mail"]
# The accounts of the matrix: (role, region).
ADMIN, EXPERT = (Role.ADMIN, None), (Role.EXPERT, None)
COORDINATOR, OBSERVER = (Role.COORDINATOR, "oriental"), (Role.OBSERVER, None)
ACCOUNTS = {"admin": ADMIN, "expert": EXPERT, "coordinator": COORDINATOR, "observer": OBSERVER}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def people():
    """Four people as the Oriental coordinator meets them: their region's own record; a
    Souss-Massa person registered once to an Oriental session (the case of the issue); one
    registered to both regions' sessions; and one who never came to Oriental."""
    oriental = factories.session(region="oriental")
    souss = factories.session(region="souss-massa")
    own = factories.participant(region="oriental", last_name="Oujdi")
    visiting = factories.participant(region="souss-massa", last_name="Visiteuse")
    both = factories.participant(region="souss-massa", last_name="Deuxregions")
    stranger = factories.participant(region="souss-massa", last_name="Etrangere")
    factories.registration(oriental, visiting)
    factories.registration(oriental, both)
    factories.registration(souss, both)
    factories.registration(souss, stranger)
    db.session.commit()
    return {"own": own, "visiting": visiting, "both": both, "stranger": stranger}


def person_form(person: Participant, **overrides) -> dict:
    data = {"last_name": person.last_name, "first_name": "Changé", "sex": "female",
            "organization_id": "", "function": person.function, "phone": person.phone or "",
            "email": person.email or "", "region": person.region}
    return {**data, **overrides}


# The matrix ----------------------------------------------------------------------------------

SEES = {"admin": {"own", "visiting", "both", "stranger"},
        "expert": {"own", "visiting", "both", "stranger"},
        "coordinator": {"own", "visiting", "both"},
        "observer": {"own", "visiting", "both", "stranger"}}
CHANGES = {**SEES, "observer": set()}
# Deleting erases every registration: a coordinator deletes only what holds nothing elsewhere.
DELETES = {**CHANGES, "coordinator": {"own", "visiting"}}
WHO = ["own", "visiting", "both", "stranger"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_view(client, auth, people, account, who):
    auth.as_role(*ACCOUNTS[account])
    response = client.get(f"/participants/{people[who].id}")
    assert response.status_code == (200 if who in SEES[account] else 404)
    listed = text(client.get("/participants/", query_string={"q": people[who].last_name}))
    assert (people[who].last_name.upper() in listed) == (who in SEES[account])


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_edit(client, auth, people, account, who):
    person = people[who]
    auth.as_role(*ACCOUNTS[account])
    response = client.post(f"/participants/{person.id}/edit", data=person_form(person))
    db.session.refresh(person)
    if who in CHANGES[account]:
        assert response.status_code == 302
        assert person.first_name == "Changé"
    else:
        assert response.status_code == (403 if account == "observer" else 404)
        assert person.first_name != "Changé"
    if account == "coordinator" and who not in CHANGES[account]:
        assert client.get(f"/participants/{person.id}/edit").status_code == 404


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_delete(client, auth, people, account, who):
    person_id = people[who].id
    auth.as_role(*ACCOUNTS[account])
    page = text(client.get(f"/participants/{person_id}"))
    response = client.post(f"/participants/{person_id}/delete")
    gone = db.session.get(Participant, person_id) is None
    assert gone == (who in DELETES[account])
    # the page offers the button exactly when the deletion is allowed
    assert ("Supprimer la fiche" in page) == (who in DELETES[account])
    if who in SEES[account] and who in CHANGES[account] and who not in DELETES[account]:
        assert response.status_code == 302  # back to the record, with the reason
        assert "ne peut être supprimée que par une experte" in text(
            client.get(response.headers["Location"]))
    elif who not in SEES[account]:
        assert response.status_code == 404


def test_the_issue_case_edit_and_delete_agree(client, auth, people):
    """The Oriental coordinator edits a Souss-Massa person registered once to an Oriental
    session: they may delete that record too (it holds nothing of Souss-Massa)."""
    person = people["visiting"]
    person_id = person.id
    auth.as_role(*COORDINATOR)
    assert client.post(f"/participants/{person_id}/edit",
                       data=person_form(person)).status_code == 302
    assert client.post(f"/participants/{person_id}/delete").status_code == 302
    assert db.session.get(Participant, person_id) is None


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("account", ["admin", "expert", "coordinator"])
def test_merge_reaches_the_people_one_may_change(client, auth, people, account, who):
    other = factories.participant(region="oriental", last_name=people[who].last_name)
    auth.as_role(*ACCOUNTS[account])
    response = client.get(f"/participants/{other.id}/merge?other={people[who].id}")
    assert response.status_code == (200 if who in CHANGES[account] else 404)


# The badge scan ------------------------------------------------------------------------------

def scan(client, session, content):
    return client.post(f"/sessions/{session.id}/half-days/{session.half_days[0].id}/scan",
                       json={"content": content})


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("account", ["admin", "expert", "coordinator"])
def test_a_badge_names_only_people_the_account_may_see(app, client, auth, people, account,
                                                       who):
    session = factories.session(region="oriental")  # nobody of `people` is registered to it
    person = people[who]
    auth.as_role(*ACCOUNTS[account])
    with app.test_request_context():
        badge = links.badge_content(person.id)
    response = scan(client, session, badge)
    assert response.status_code == 404
    answer = response.get_json()
    named = person.last_name.upper() in answer["message"] or answer["name"]
    assert bool(named) == (who in SEES[account])
    if who not in SEES[account]:
        assert answer["message"] == "Cette personne n'est pas inscrit·e à cette session."
        assert person.first_name not in response.get_data(as_text=True)


# The roster import ---------------------------------------------------------------------------

def roster(*rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(ROSTER_HEADER)
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, session, data: bytes):
    return client.post(f"/sessions/{session.id}/registrations/import",
                       data={"file": (io.BytesIO(data), "liste.xlsx")},
                       content_type="multipart/form-data")


def local_phone(person: Participant) -> str:
    return "0" + person.phone.removeprefix("+212")


@pytest.mark.parametrize("contact", ["phone", "email"])
@pytest.mark.parametrize("name", ["same", "other"])
def test_the_import_does_not_disclose_a_person_out_of_scope(client, auth, people, contact,
                                                            name):
    """A row with the phone or e-mail of someone the coordinator may not see: refused with one
    neutral message, whatever the name, naming nobody and registering nobody."""
    stranger = people["stranger"]
    session = factories.session(region="oriental")
    auth.as_role(*COORDINATOR)
    last_name = stranger.last_name if name == "same" else "Quelqu'un"
    row = [last_name, stranger.first_name if name == "same" else "Autre", "F", "", "", "",
           local_phone(stranger) if contact == "phone" else "",
           stranger.email if contact == "email" else ""]
    registrations = count(Registration)
    response = upload(client, session, roster(row))
    page = text(response)
    assert response.status_code == 400
    assert "ne peut pas être utilisé depuis votre compte" in page
    assert "autre personne" not in page
    assert stranger.email not in page
    assert "Souss" not in page
    assert count(Registration) == registrations
    assert count(Participant) == 4


def test_the_import_still_recognises_people_in_scope(client, auth, people):
    visiting = people["visiting"]
    session = factories.session(region="oriental")
    auth.as_role(*COORDINATOR)
    response = upload(client, session, roster(
        [visiting.last_name, visiting.first_name, "F", "", "", "", local_phone(visiting), ""]))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Registration.participant_id).where(
        Registration.session_id == session.id)) == visiting.id
    assert count(Participant) == 4


def test_the_import_tells_an_expert_whose_contact_it_is(client, auth, people):
    stranger = people["stranger"]
    session = factories.session(region="oriental")
    auth.as_role(*EXPERT)
    response = upload(client, session, roster(
        ["Quelqu'un", "Autre", "F", "", "", "", local_phone(stranger), ""]))
    assert "Ce téléphone est celui d'une autre personne (nom différent)" in text(response)


@pytest.mark.parametrize("field", ["phone", "email"])
def test_the_staff_form_refuses_another_regions_contact_without_naming_it(client, auth, people,
                                                                         field):
    stranger = people["stranger"]
    auth.as_role(*COORDINATOR)
    value = local_phone(stranger) if field == "phone" else stranger.email
    data = {"last_name": "Nouvelle", "first_name": "Personne", "sex": "female",
            "organization_id": "", "function": "", "phone": "", "email": "", field: value}
    response = client.post("/participants/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert "ne peut pas être enregistré" in page
    assert "autre personne" not in page and "autre région" not in page
    assert stranger.last_name.upper() not in page and f"/participants/{stranger.id}" not in page
    assert count(Participant) == 4


# Contacts: never to observers ----------------------------------------------------------------

def contacts_of(person: Participant) -> list[str]:
    return [person.phone, person.phone.removeprefix("+"), person.email]


def workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(cell.value) for ws in book.worksheets for row in ws.iter_rows()
                     for cell in row if cell.value is not None)


def pdf_text(data: bytes) -> str:
    return "\n".join(drawn_lines(data))


def staff_outputs(client, session) -> dict[str, str]:
    """Every page and file a staff account reads a session's people in, as text."""
    return {
        "session page": text(client.get(f"/sessions/{session.id}")),
        "people list": text(client.get("/participants/")),
        "attendance.xlsx": workbook_text(
            client.get(f"/sessions/{session.id}/attendance.xlsx").data),
        "paper-entry.xlsx": workbook_text(
            client.get(f"/sessions/{session.id}/paper-entry.xlsx").data),
        "signin-sheet.pdf": pdf_text(
            client.get(f"/sessions/{session.id}/signin-sheet.pdf").data),
    }


@pytest.mark.parametrize("account", ACCOUNTS)
def test_contacts_only_to_the_roles_that_organise_sessions(client, auth, account):
    session = factories.session(region="oriental")
    person = factories.participant(region="oriental", last_name="Contact",
                                   phone="0661000111", email="fatima.contact@example.org")
    factories.registration(session, person)
    auth.as_role(*ACCOUNTS[account])
    outputs = staff_outputs(client, session)
    outputs["person page"] = text(client.get(f"/participants/{person.id}"))
    for name, output in outputs.items():
        assert "CONTACT" in output, name  # the person is shown...
        shows = [value for value in contacts_of(person) if value in output]
        if account == "observer":
            assert shows == [], name  # ...without a phone or an e-mail
        elif name not in ("signin-sheet.pdf",):
            assert person.email in output and "661000111" in output, name


def test_the_sign_in_pdf_carries_contacts_for_organisers(client, auth):
    session = factories.session(region="oriental")
    person = factories.participant(region="oriental", last_name="Contact", phone="0661000111",
                                   email="f@x.ma")
    factories.registration(session, person)
    auth.as_role(*EXPERT)
    page = pdf_text(client.get(f"/sessions/{session.id}/signin-sheet.pdf").data)
    assert "661000111" in page.replace(" ", "")


def test_an_observer_cannot_find_a_person_by_phone_or_email(client, auth):
    person = factories.participant(region="oriental", last_name="Cachee", phone="0661000222",
                                   email="cachee@example.org")
    auth.as_role(*OBSERVER)
    for query in ("0661000222", "661000222", "cachee@example.org"):
        page = text(client.get("/participants/", query_string={"q": query}))
        assert "CACHEE" not in page, query
    assert person.last_name.upper() in text(
        client.get("/participants/", query_string={"q": "cachee"}))


def test_an_expert_finds_a_person_by_phone(client, auth):
    person = factories.participant(region="oriental", last_name="Trouvee", phone="0661000222")
    auth.as_role(*EXPERT)
    assert person.last_name.upper() in text(
        client.get("/participants/", query_string={"q": "0661000222"}))


@pytest.mark.parametrize("account, contacts", [("expert", True), ("coordinator", True),
                                               ("observer", False)])
def test_the_api_workbook_follows_the_same_rule(client, account, contacts):
    session = factories.session(region="oriental")
    person = factories.participant(region="oriental", phone="0661000333",
                                   email="api.contact@example.org")
    factories.registration(session, person)
    _row, secret = api_tokens.issue(factories.user(*ACCOUNTS[account]))
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.get(f"/api/v1/sessions/{session.id}/attendance.xlsx", headers=headers)
    assert response.status_code == 200
    data = workbook_text(response.data)
    assert person.last_name.upper() in data
    assert ("api.contact@example.org" in data) == contacts
    assert ("661000333" in data) == contacts
    json_rows = client.get(f"/api/v1/sessions/{session.id}/attendance", headers=headers)
    assert "api.contact" not in json_rows.get_data(as_text=True)


def test_the_api_refuses_a_coordinator_another_regions_session(client, people):
    session = db.session.scalar(sa.select(Registration).where(
        Registration.participant_id == people["stranger"].id)).session
    _row, secret = api_tokens.issue(factories.user(*COORDINATOR))
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    for suffix in ("attendance", "attendance.xlsx"):
        response = client.get(f"/api/v1/sessions/{session.id}/{suffix}", headers=headers)
        assert response.status_code == 403
        assert people["stranger"].last_name.upper() not in response.get_data(as_text=True)


# The rule itself -----------------------------------------------------------------------------

def test_the_rule_as_plain_functions(app, people):
    assert visibility.sees_contacts(Role.COORDINATOR) and not visibility.sees_contacts(
        Role.OBSERVER)
    for who in WHO:
        person = people[who]
        assert visibility.may_see(person, "oriental") == (who in SEES["coordinator"])
        assert visibility.may_change(person, Role.COORDINATOR, "oriental") == (
            who in CHANGES["coordinator"])
        assert visibility.may_delete(person, Role.COORDINATOR, "oriental") == (
            who in DELETES["coordinator"])
        assert visibility.may_delete(person, Role.EXPERT, None)
        assert not visibility.may_change(person, Role.OBSERVER, None)
