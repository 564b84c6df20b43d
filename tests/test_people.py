"""One person, one record: a phone number is stored in one form (E.164) wherever it is typed,
what is not a number is refused, a probable duplicate is flagged before it is created, and staff
merge two records of one person. Also the walk-in's choice not to give their sex."""
from __future__ import annotations

import html
import io
import json
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from tests import audit, factories
from trainings.attendance import services as attendance_services
from trainings.clock import local_today, utcnow
from trainings.extensions import db
from trainings.models import (
    Attempt, AttemptKind, AttemptReset, CheckIn, CheckInMethod, Participant, PersonMerge,
    Registration, RegistrationSource, Role, SatisfactionResponse, Sex,
)
from trainings.phone import links
from trainings.registry import merge
from trainings.schedule.models import WindowOverride

STORED = "+212661234567"
HEADER = ["Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
          "Téléphone", "E-mail"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def person_form(**overrides) -> dict:
    data = {"last_name": "Alaoui", "first_name": "Fatima", "sex": "female",
            "organization_id": "", "function": "Présidente", "phone": "",
            "email": "", "region": "oriental"}
    data.update(overrides)
    return data


def xlsx(*rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, session, data: bytes, **fields):
    return client.post(f"/sessions/{session.id}/registrations/import",
                       data={"file": (io.BytesIO(data), "liste.xlsx"), **fields},
                       content_type="multipart/form-data")


# Staff form ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["06 61 23 45 67", "0661234567", "00212661234567",
                                   "+212 6 61 23 45 67"])
def test_staff_form_stores_a_moroccan_number_as_e164(client, auth, typed):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=person_form(phone=typed))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Participant.phone)) == STORED


def test_staff_form_keeps_a_foreign_number_with_its_country_code(client, auth):
    auth.as_role(Role.EXPERT)
    client.post("/participants/new", data=person_form(phone="+33 6 12 34 56 78"))
    assert db.session.scalar(sa.select(Participant.phone)) == "+33612345678"


def test_the_same_number_typed_another_way_is_not_a_second_person(client, auth):
    auth.as_role(Role.EXPERT)
    factories.participant(last_name="Amrani", phone=STORED, email=None)
    response = client.post("/participants/new", data=person_form(phone="0661234567"))
    assert "Ce numéro de téléphone est déjà celui d'une autre personne" in text(response)
    assert "AMRANI" in text(response)  # the record it would duplicate, to open instead
    assert count(Participant) == 1


@pytest.mark.parametrize("typed", ["abc", "abc!!", "061234567", '=HYPERLINK("http://x")'])
def test_staff_form_refuses_what_is_not_a_phone_number(client, auth, typed):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=person_form(phone=typed))
    assert response.status_code == 200
    assert "Ce numéro de téléphone n'est pas valide" in text(response)
    assert count(Participant) == 0


def test_editing_a_record_refuses_a_bad_number_and_keeps_the_old_one(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant(phone=STORED)
    db.session.commit()
    response = client.post(f"/participants/{person.id}/edit",
                           data=person_form(phone="abc", email=person.email))
    assert "Ce numéro de téléphone n'est pas valide" in text(response)
    db.session.refresh(person)
    assert person.phone == STORED


def test_same_name_in_the_same_organisation_asks_for_confirmation(client, auth):
    auth.as_role(Role.EXPERT)
    org = factories.organization(name="Association Nour")
    existing = factories.participant(last_name="Alaoui", first_name="Fatima",
                                     organization_id=org.id)
    db.session.commit()
    data = person_form(last_name="ALAOUI", first_name="fatima ", organization_id=str(org.id),
                       phone="0700000000")
    response = client.post("/participants/new", data=data)
    page = text(response)
    assert "Cette personne est peut-être déjà enregistrée" in page
    assert f"/participants/{existing.id}" in page and "même nom dans la même organisation" in page
    assert 'name="not_a_duplicate"' in page
    assert count(Participant) == 1
    response = client.post("/participants/new", data={**data, "not_a_duplicate": "y"})
    assert response.status_code == 302
    assert count(Participant) == 2


def test_the_confirmation_is_not_asked_without_a_resemblance(client, auth):
    auth.as_role(Role.EXPERT)
    page = client.get("/participants/new").get_data(as_text=True)
    assert 'name="not_a_duplicate"' not in page


def test_a_coordinator_is_warned_without_being_told_who_in_another_region(client, auth):
    auth.as_role(Role.COORDINATOR, region="oriental")
    org = factories.organization(name="Association Nour", region="oriental")
    factories.participant(last_name="Alaoui", first_name="Fatima", region="souss-massa",
                          organization_id=org.id)
    response = client.post("/participants/new",
                           data=person_form(organization_id=str(org.id)))
    page = text(response)
    assert "une fiche d'une autre région" in page and "ALAOUI" not in page
    assert count(Participant) == 1


def test_from_a_session_the_duplicate_can_be_registered_instead(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    existing = factories.participant(phone=STORED)
    response = client.post(f"/participants/new?session={session.id}",
                           data=person_form(phone="06 61 23 45 67"))
    assert f"/sessions/{session.id}/participants/{existing.id}/register" in text(response)


# Staff search -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["0661234567", "06 61 23", "00212661234567", "+212661"])
def test_staff_search_finds_a_number_however_it_is_typed(client, auth, query):
    auth.as_role(Role.EXPERT)
    factories.participant(last_name="Amrani", phone=STORED)
    page = text(client.get("/participants/", query_string={"q": query}))
    assert "AMRANI" in page


# Import -------------------------------------------------------------------------------------

def test_import_recognises_a_recorded_number_typed_another_way(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant(last_name="Alaoui", first_name="Fatima", phone=STORED,
                                   email=None)
    db.session.commit()
    response = upload(client, session, xlsx(["Alaoui", "Fatima", "F", "", "", "",
                                             "00212 661 23 45 67", ""]))
    assert response.status_code == 302
    assert count(Participant) == 1
    assert db.session.scalar(sa.select(Registration.participant_id)) == person.id


def test_import_stores_new_numbers_as_e164(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    upload(client, session, xlsx(["Alaoui", "Fatima", "F", "", "", "", 661234567, ""],
                                 ["Diop", "Awa", "F", "", "", "", "+221 77 123 45 67", ""]))
    assert set(db.session.scalars(sa.select(Participant.phone))) == {STORED, "+221771234567"}


def test_import_names_the_row_of_a_bad_number_and_imports_nothing(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = upload(client, session, xlsx(
        ["Alaoui", "Fatima", "F", "", "", "", "0612345678", ""],
        ["Benali", "Omar", "H", "", "", "", "061234567", ""],
        ["Chraibi", "Salma", "F", "", "", "", "abc", ""]))
    page = text(response)
    assert response.status_code == 400
    assert "Ligne 3 : Téléphone « 061234567 » invalide" in page
    assert "Ligne 4 : Téléphone « abc » invalide" in page
    assert count(Participant) == 0 and count(Registration) == 0


def test_import_flags_a_probable_duplicate_then_imports_once_confirmed(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(region="oriental")
    org = factories.organization(name="Association Nour", region="oriental")
    factories.participant(last_name="Alaoui", first_name="Fatima", organization_id=org.id,
                          phone=STORED)
    db.session.commit()
    data = xlsx(["ALAOUI", "Fatima", "F", "association nour", "", "", "0700000000", ""],
                ["Benali", "Omar", "H", "Association Nour", "", "", "0700000001", ""],
                ["Benali", "Omar", "H", "Association Nour", "", "", "0700000002", ""])
    response = upload(client, session, data)
    page = text(response)
    assert response.status_code == 200
    assert ("Ligne 2 : Une fiche « ALAOUI Fatima » existe déjà dans l'organisation "
            "« Association Nour »") in page
    assert "Ligne 4 : Même nom et même organisation que la ligne 3" in page
    assert 'name="duplicates_confirmed"' in page
    assert count(Participant) == 1 and count(Registration) == 0
    response = upload(client, session, data, duplicates_confirmed="y")
    assert response.status_code == 302
    assert count(Participant) == 4 and count(Registration) == 3
    page = text(client.get(response.headers["Location"]))
    assert "lignes 2, 4 : si ce sont les mêmes personnes, fusionnez" in page


# Participant's phone ------------------------------------------------------------------------

@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title="Atelier genre Nador")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def scan(app, client, half_day) -> str:
    with app.test_request_context():
        token = links.checkin_token(half_day)
    return client.get(f"/c/{token}").get_data(as_text=True)


def identify(app, client, half_day, contact: str):
    page = scan(app, client, half_day)
    return client.post("/c/identify", data={"proof": hidden(page, "proof"), "contact": contact})


def walk_in(page: str, **overrides) -> dict:
    data = {"proof": hidden(page, "proof"), "first_name": "Aminata", "last_name": "Diallo",
            "sex": "female", "organization": "", "organization_kind": "", "function": "",
            "phone": "06 99 99 99 99", "email": "", "consent": "y"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("typed", ["06 61 23 45 67", "0661234567", "00212661234567",
                                   "+212 661 234 567", "٠٦٦١٢٣٤٥٦٧"])
def test_a_participant_finds_their_record_however_they_type_the_number(app, client, half_day,
                                                                       typed):
    person = factories.participant(first_name="Fatima", phone=STORED)
    factories.registration(half_day.session, person)
    page = identify(app, client, half_day, typed).get_data(as_text=True)
    assert 'name="person"' in page  # the one-tap confirmation, not the newcomer's form
    response = client.post("/c/confirm", data={"proof": hidden(page, "proof"),
                                               "person": hidden(page, "person")})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == person.id


@pytest.mark.parametrize("typed", ["abc!!", "abc", "12", "=HYPERLINK(\"x\")", "fatima@"])
def test_the_contact_field_refuses_what_is_neither_a_number_nor_an_address(app, client,
                                                                          half_day, typed):
    factories.registration(half_day.session, factories.participant(first_name="Khadija"))
    response = identify(app, client, half_day, typed)
    page = text(response)
    assert response.status_code == 400
    assert "Tapez votre numéro de téléphone (par exemple 06 61 23 45 67) ou votre adresse" in page
    assert 'name="first_name"' not in page  # not the newcomer's form
    assert "Khadija" not in page
    assert count(Participant) == 1


def test_an_unknown_number_leads_to_the_newcomers_form_without_naming_anyone(app, client,
                                                                             half_day):
    factories.registration(half_day.session, factories.participant(first_name="Khadija"))
    page = identify(app, client, half_day, "0700000000").get_data(as_text=True)
    assert 'name="first_name"' in page and "Khadija" not in page


def test_a_newcomer_giving_a_known_number_another_way_is_not_recorded_twice(app, client,
                                                                            half_day):
    person = factories.participant(first_name="Fatima", phone=STORED)
    db.session.commit()
    page = identify(app, client, half_day, "fatima.nouvelle@example.org").get_data(as_text=True)
    response = client.post("/c/register", data=walk_in(page, phone="00212 661 23 45 67"))
    assert response.status_code == 302
    assert count(Participant) == 1
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == person.id


def test_the_newcomers_form_refuses_a_bad_number(app, client, half_day):
    page = identify(app, client, half_day, "0700000000").get_data(as_text=True)
    response = client.post("/c/register", data=walk_in(page, phone="abc!!"))
    assert response.status_code == 400
    assert "Ce numéro de téléphone n'est pas valide" in text(response)
    assert count(Participant) == 0 and count(CheckIn) == 0


def test_the_newcomers_number_is_stored_as_e164(app, client, half_day):
    page = identify(app, client, half_day, "0661234567").get_data(as_text=True)
    assert 'value="0661234567"' in page  # kept as typed on the form
    client.post("/c/register", data=walk_in(page, phone="0661234567"))
    assert db.session.scalar(sa.select(Participant.phone)) == STORED


def test_the_test_page_refuses_what_is_not_a_contact(app, client, half_day):
    from trainings.assessments import taking

    with app.test_request_context():
        token = taking.test_token(half_day.session_id)
    response = client.post(f"/t/{token}/identify", data={"contact": "abc!!"})
    assert response.status_code == 400
    assert "Tapez votre numéro de téléphone" in text(response)


# Sex on the walk-in form --------------------------------------------------------------------

def test_the_newcomer_may_prefer_not_to_give_their_sex(app, client, half_day):
    page = identify(app, client, half_day, "0700000000").get_data(as_text=True)
    assert "Femme" in page and "Homme" in page and "Je préfère ne pas répondre" in page
    assert "Non renseigné" not in page
    response = client.post("/c/register", data=walk_in(page, sex="no-answer"))
    assert response.status_code == 302
    person = db.session.scalar(sa.select(Participant))
    assert person.sex is None
    counters = attendance_services.counters(half_day)
    assert (counters.women, counters.men, counters.unknown) == (0, 0, 1)


def test_staff_still_record_sex_as_not_given(client, auth):
    auth.as_role(Role.EXPERT)
    page = text(client.get("/participants/new"))
    assert "Non renseigné" in page and "Je préfère ne pas répondre" not in page
    client.post("/participants/new", data=person_form(sex="unknown"))
    assert db.session.scalar(sa.select(Participant.sex)) is None


# Merging two records ------------------------------------------------------------------------

def check_in(half_day, person, method=CheckInMethod.QR, signature=None) -> CheckIn:
    item = CheckIn(half_day_id=half_day.id, participant_id=person.id, method=method,
                   checked_in_at=utcnow(), signature=signature)
    db.session.add(item)
    db.session.flush()
    return item


def attempt(session, person, kind=AttemptKind.PRE, percent=50) -> Attempt:
    item = Attempt(session_id=session.id, participant_id=person.id, kind=kind,
                   earned=Decimal(percent), possible=Decimal(100), percent=float(percent))
    db.session.add(item)
    db.session.flush()
    return item


@pytest.fixture
def twins(app):
    """One person recorded twice: by staff (with an e-mail) and on the spot (with a phone)."""
    session = factories.session(days=2, title="Atelier PAC Berkane")
    kept = factories.participant(last_name="Amrani", first_name="Fatima", phone=None,
                                 email="fatima.amrani@example.org", sex=Sex.FEMALE)
    removed = factories.participant(last_name="Amrani", first_name="Fatima", phone=STORED,
                                    email=None, sex=None, function="", consent_at=utcnow())
    db.session.commit()
    return session, kept, removed


def merge_post(client, page_person, other, keep="this"):
    return client.post(f"/participants/{page_person.id}/merge",
                       data={"other": str(other.id), "keep": keep})


def test_merge_moves_everything_to_the_record_kept_and_logs_it(client, auth, twins):
    session, kept, removed = twins
    morning, afternoon = session.half_days[:2]
    other = factories.session(title="Autre session")
    factories.registration(session, kept)
    factories.registration(session, removed, source=RegistrationSource.WALK_IN,
                           needs_review=True)
    factories.registration(other, removed)
    check_in(morning, kept)
    moved_check_in = check_in(afternoon, removed, signature="typed:Fatima Amrani")
    pre = attempt(session, removed, AttemptKind.PRE)
    post = attempt(session, kept, AttemptKind.POST)
    db.session.add(AttemptReset(session_id=session.id, participant_id=removed.id,
                                kind=AttemptKind.PRE, percent=20, reason="Erreur de saisie"))
    db.session.add(SatisfactionResponse(session_id=other.id, participant_id=removed.id))
    user = auth.as_role(Role.EXPERT)
    kept_id, removed_id = kept.id, removed.id

    response = merge_post(client, kept, removed)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/participants/{kept_id}")
    assert db.session.get(Participant, removed_id) is None
    people = {pid for model in (Registration, CheckIn, Attempt, AttemptReset, SatisfactionResponse)
              for pid in db.session.scalars(sa.select(model.participant_id))}
    assert people == {kept_id}
    assert count(Registration) == 2 and count(CheckIn) == 2 and count(Attempt) == 2
    assert db.session.get(CheckIn, moved_check_in.id).signature == "typed:Fatima Amrani"
    assert {db.session.get(Attempt, a.id).kind for a in (pre, post)} == {AttemptKind.PRE,
                                                                         AttemptKind.POST}
    person = db.session.get(Participant, kept_id)
    assert (person.phone, person.email, person.sex) == (STORED, "fatima.amrani@example.org",
                                                        Sex.FEMALE)
    assert person.consent_at is not None
    log = db.session.scalar(sa.select(PersonMerge))
    assert (log.kept_id, log.removed_id, log.user_id) == (kept_id, removed_id, user.id)
    moved = json.loads(log.moved)
    assert moved["check_ins"] == [moved_check_in.id] and moved["attempts"] == [pre.id]
    assert "phone" in moved["fields"] and len(moved["registrations"]) == 1
    page = text(client.get(response.headers["Location"]))
    assert "Fiches fusionnées" in page
    assert f"fiche n° {removed_id} fusionnée dans celle-ci" in page
    # The participant now finds the record kept by the number of the one removed.
    assert attendance_services.find_by_contact("06 61 23 45 67").id == kept_id


def test_a_merge_is_in_the_audit_log(client, auth, twins):
    session, kept, removed = twins
    factories.registration(session, removed)
    expert = auth.as_role(Role.EXPERT)
    kept_id, removed_id = kept.id, removed.id
    assert merge_post(client, kept, removed).status_code == 302
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.person_id) == (
        "person-merged", expert.id, kept_id)
    details = json.loads(entry.details)
    assert details["removed_id"] == removed_id
    assert details["moved"] == {"registrations": 1} and "phone" in details["fields"]
    for secret in ("Amrani", "Fatima", "612345678", "fatima.amrani@example.org"):
        assert secret not in entry.details


def test_merge_may_keep_the_other_record(client, auth, twins):
    _session, kept, removed = twins
    auth.as_role(Role.EXPERT)
    kept_id = kept.id
    assert merge_post(client, removed, kept, keep="other").status_code == 302
    assert [p.id for p in db.session.scalars(sa.select(Participant))] == [kept_id]


def test_both_checked_in_at_the_same_half_day_is_refused_and_named(client, auth, twins):
    session, kept, removed = twins
    morning = session.half_days[0]
    check_in(morning, kept)
    check_in(morning, removed)
    auth.as_role(Role.EXPERT)
    response = merge_post(client, kept, removed)
    page = text(response)
    assert response.status_code == 409
    assert ("Les deux fiches sont émargées à la même demi-journée (session « Atelier PAC "
            "Berkane », 7 décembre 2026, matin)") in page
    assert count(Participant) == 2 and count(CheckIn) == 2 and count(PersonMerge) == 0


def test_both_with_a_pre_test_at_the_same_session_is_refused_and_named(client, auth, twins):
    session, kept, removed = twins
    attempt(session, kept)
    attempt(session, removed)
    db.session.add(SatisfactionResponse(session_id=session.id, participant_id=kept.id))
    db.session.add(SatisfactionResponse(session_id=session.id, participant_id=removed.id))
    auth.as_role(Role.EXPERT)
    page = text(client.get(f"/participants/{kept.id}/merge?other={removed.id}"))
    assert "Les deux fiches ont un pré-test à la session « Atelier PAC Berkane »" in page
    assert "questionnaire de satisfaction de la session « Atelier PAC Berkane »" in page
    assert 'name="keep"' not in page  # nothing to submit
    response = merge_post(client, kept, removed)
    assert response.status_code == 409
    assert count(Participant) == 2 and count(Attempt) == 2


def test_merging_a_record_with_itself_is_refused(client, auth, twins):
    _session, kept, _removed = twins
    auth.as_role(Role.EXPERT)
    response = merge_post(client, kept, kept)
    assert response.status_code == 409
    assert "Choisissez deux fiches différentes." in text(response)
    assert count(Participant) == 2


def test_the_merge_page_offers_the_probable_duplicates_and_a_search(client, auth, twins):
    _session, kept, removed = twins
    stranger = factories.participant(last_name="Zerouali", first_name="Nadia")
    org = factories.organization(name="Association Nour")
    kept.organization_id = removed.organization_id = org.id
    auth.as_role(Role.EXPERT)
    page = text(client.get(f"/participants/{kept.id}/merge"))
    assert f"other={removed.id}" in page and "même nom dans la même organisation" in page
    assert f"other={stranger.id}" not in page
    page = text(client.get(f"/participants/{kept.id}/merge", query_string={"q": "zerouali"}))
    assert f"other={stranger.id}" in page


def test_a_coordinator_may_keep_either_record_they_may_change(client, auth, app):
    """Merging loses nothing (the removed record's rows move to the kept one), so whoever may
    change both records chooses which to keep, like editing either (registry.visibility)."""
    session = factories.session(region="oriental")
    ours = factories.participant(region="oriental", last_name="Amrani")
    theirs = factories.participant(region="souss-massa", last_name="Amrani")
    factories.registration(session, theirs)  # visible in Oriental through the session
    auth.as_role(Role.COORDINATOR, region="oriental")
    page = text(client.get(f"/participants/{ours.id}/merge?other={theirs.id}"))
    assert f"Conserver AMRANI {theirs.first_name} (fiche n° {theirs.id})" in page
    assert f"Conserver AMRANI {ours.first_name} (fiche n° {ours.id})" in page
    assert merge_post(client, ours, theirs, keep="this").status_code == 302
    assert [p.id for p in db.session.scalars(sa.select(Participant))] == [ours.id]
    assert [r.participant_id for r in db.session.scalars(sa.select(Registration))] == [ours.id]


def test_a_coordinator_cannot_reach_a_record_of_another_region(client, auth):
    ours = factories.participant(region="oriental")
    hidden_person = factories.participant(region="souss-massa")
    auth.as_role(Role.COORDINATOR, region="oriental")
    assert client.get(f"/participants/{ours.id}/merge?other={hidden_person.id}"
                      ).status_code == 404
    assert merge_post(client, ours, hidden_person, keep="this").status_code == 404
    assert count(Participant) == 2


def test_observers_cannot_merge(client, auth, twins):
    _session, kept, removed = twins
    auth.as_role(Role.OBSERVER)
    assert client.get(f"/participants/{kept.id}/merge").status_code == 403
    assert merge_post(client, kept, removed).status_code == 403
    page = text(client.get(f"/participants/{kept.id}"))
    assert "Fusionner" not in page
    assert count(Participant) == 2


def test_the_merge_needs_its_csrf_token(app, client, auth, twins):
    _session, kept, removed = twins
    auth.as_role(Role.EXPERT)
    app.config["WTF_CSRF_ENABLED"] = True
    assert merge_post(client, kept, removed).status_code == 400
    assert count(Participant) == 2


def test_merge_refuses_a_missing_choice_with_a_french_message(client, auth, twins):
    _session, kept, removed = twins
    auth.as_role(Role.EXPERT)
    response = client.post(f"/participants/{kept.id}/merge", data={"other": str(removed.id)})
    assert response.status_code == 400
    assert "Choisissez la fiche à conserver." in text(response)
    assert client.post(f"/participants/{kept.id}/merge",
                       data={"other": "abc", "keep": "this"}).status_code == 400
    assert count(Participant) == 2


def test_every_table_naming_a_person_is_declared_to_the_merge(app):
    assert merge.undeclared_tables() == []


def test_hostile_names_survive_the_merge_pages(client, auth):
    org = factories.organization(name="=HYPERLINK(\"http://x\")")
    names = ["<script>alert(1)</script>", "عائشة 2026", "=1+1\x07"]
    first = factories.participant(last_name=names[0], first_name=names[1],
                                  function="x" * 150, organization_id=org.id)
    second = factories.participant(last_name=names[0], first_name=names[1],
                                   organization_id=org.id)
    auth.as_role(Role.EXPERT)
    for url in (f"/participants/{first.id}/merge", f"/participants/{first.id}/merge?other="
                f"{second.id}"):
        response = client.get(url)
        assert response.status_code == 200
        raw = response.get_data(as_text=True).lower()  # full names are upper-cased
        assert "<script>alert" not in raw and "&lt;script&gt;alert(1)" in raw
        assert "عائشة 2026" in raw


def test_what_still_names_the_removed_record_finds_the_one_kept(app, client, auth, twins, clock):
    """A phone's cookie and a printed badge of the removed record lead to the record kept."""
    from trainings.phone import identity

    session, kept, removed = twins
    half_day = session.half_days[0]
    clock.set_utc(half_day.starts_at)  # within its times: the badge needs no reason
    half_day.window_override = WindowOverride.OPEN
    factories.registration(session, kept)
    auth.as_role(Role.EXPERT)
    kept_id, removed_id = kept.id, removed.id
    assert merge_post(client, kept, removed).status_code == 302
    with app.test_request_context():
        badge = links.badge_content(removed_id)
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(removed_id))
    page = scan(app, client, half_day)
    assert "Bonjour F. A." in page and 'name="person"' in page
    answer = client.post(f"/sessions/{session.id}/half-days/{half_day.id}/scan",
                         json={"content": badge}).get_json()
    assert answer["status"] == "checked_in"
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == kept_id
