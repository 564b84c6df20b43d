"""A participant sees only their own data (issue 13, defects 3, 4 and the double tap of 9):
typing someone's phone number on a check-in or test page reveals neither their name, nor their
scores, nor that they exist; a newcomer whose contact is known is attached silently and flagged
for staff; identification is braked per phone, per code and per address."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests import factories
from tests.simultaneous import simultaneous_posts
from tests.test_tests_public import all_right, open_test, room, wrong  # noqa: F401 (fixture)
from trainings.assessments.attempts import percent_text
from trainings.assessments.models import Attempt, AttemptKind, SatisfactionResponse
from trainings.attendance import services
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import CheckIn, Participant, Registration, Role
from trainings.phone import identity, links
from trainings.privacy import services as privacy
from trainings.schedule.models import WindowOverride

TOO_MANY = "Trop de tentatives"


def hidden(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]+)"', page).group(1)


def phone_at(app, address: str = "192.0.2.10"):
    """Another phone (its own cookies) on the room's Wi-Fi address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# Defect 3: test results only on the phone that sent the answers ------------------------------

def take_on(client, room, contact: str, answers: dict):
    page = client.post(f"{room.url}/identify", data={"contact": contact}).get_data(as_text=True)
    return client.post(f"{room.url}/submit", data={"proof": hidden(page, "proof"), **answers,
                                                   "confirm_unanswered": "1"})


def assert_discloses_nothing_of(body: str, room, scores: list[str]):
    for secret in ["Fatima", "Amrani", "F. A.", *scores,
                   "Le genre désigne", "Les deux publics", "bonne réponse", "Vos résultats",
                   "Vous avez déjà répondu", "Voir mes résultats"]:
        assert secret not in body, secret


def test_typing_a_number_that_answered_shows_no_score_no_name_no_answers(app, room):
    first_phone, other_phone = phone_at(app), phone_at(app)
    assert take_on(first_phone, room, "0661000001", all_right(room)).status_code == 302
    open_test(room, AttemptKind.POST)
    # Her post-test: one wrong answer, so that both scores and the review are worth hiding.
    done = take_on(first_phone, room, "0661000001",
                   {**all_right(room), f"q{room.questions[0].id}": wrong(room.questions[0])})
    result_url = done.headers["Location"]
    own = first_phone.get(result_url).get_data(as_text=True)
    scores = sorted({percent_text(a.percent) for a in db.session.scalars(sa.select(Attempt))})
    assert len(scores) == 2 and all(score in own for score in scores)
    assert "Le genre désigne" in own  # her review, on her phone

    # Another phone types her number: the same test form as anyone, named by no one.
    page = other_phone.post(f"{room.url}/identify", data={"contact": "+212 661 000 001"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Envoyer mes réponses" in body
    assert_discloses_nothing_of(body.replace("Bonjour F. A.", ""), room, scores)
    # Sending it is refused without a score or a name, and changes nothing.
    refused = other_phone.post(f"{room.url}/submit", data={"proof": hidden(body, "proof"),
                                                           **all_right(room)})
    assert refused.status_code == 409
    assert "Ces réponses n'ont pas été enregistrées" in refused.get_data(as_text=True)
    assert_discloses_nothing_of(refused.get_data(as_text=True), room, scores)
    assert count(Attempt) == 2
    # Her result page's address, copied, shows nothing elsewhere.
    assert other_phone.get(result_url).status_code == 404
    assert_discloses_nothing_of(other_phone.get(result_url).get_data(as_text=True), room, scores)
    # Her own phone still sees her results, and is told she answered.
    assert "Le genre désigne" in first_phone.get(result_url).get_data(as_text=True)
    again = first_phone.get(room.url).get_data(as_text=True)
    assert "Vous avez déjà répondu" in again and scores[0] in again + own


def test_typing_a_number_that_gave_its_opinion_does_not_tell_so(app, room):
    room.test.satisfaction_open = True
    db.session.commit()
    open_test(room, None)
    first_phone, other_phone = phone_at(app), phone_at(app)
    page = first_phone.post(f"{room.url}/identify", data={"contact": "0661000001",
                                                          "target": "satisfaction"})
    body = page.get_data(as_text=True)
    assert "Votre avis sur la formation" in body
    sent = first_phone.post(f"{room.url}/satisfaction", data={"proof": hidden(body, "proof")})
    assert sent.status_code == 302
    assert "Vous avez déjà donné votre avis" in first_phone.get(
        f"{room.url}/satisfaction").get_data(as_text=True)

    # Another phone types her number: the questionnaire, as for anyone who has not answered.
    other = other_phone.post(f"{room.url}/identify", data={"contact": "+212 661 000 001",
                                                           "target": "satisfaction"})
    body = other.get_data(as_text=True)
    assert other.status_code == 200 and "Votre avis sur la formation" in body
    assert "déjà donné" not in body and "Fatima" not in body
    refused = other_phone.post(f"{room.url}/satisfaction", data={"proof": hidden(body, "proof")})
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "Ces réponses n'ont pas été enregistrées" in text
    assert "déjà donné" not in text and "Fatima" not in text
    assert count(SatisfactionResponse) == 1


def test_a_phone_that_checked_in_as_someone_does_not_see_the_test_they_took_elsewhere(app, room):
    """The check-in cookie is no proof of having taken the test: someone may have typed this
    person's number at check-in."""
    assert take_on(phone_at(app), room, "0661000001", all_right(room)).status_code == 302
    checked_in_only = phone_at(app)
    with app.test_request_context():
        checked_in_only.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(
            room.person.id))
    body = checked_in_only.get(room.url).get_data(as_text=True)
    assert "Envoyer mes réponses" in body
    assert_discloses_nothing_of(body.replace("Bonjour F. A.", ""), room,
                                [percent_text(100.0)])


# Defect 4: the check-in page greets only this session's people, by initials ----------------

@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title="Atelier genre Berkane")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def scan(app, client, half_day) -> str:
    with app.test_request_context():
        token = links.checkin_token(half_day)
    return client.get(f"/c/{token}").get_data(as_text=True)


def identify(app, client, half_day, contact: str):
    page = scan(app, client, half_day)
    return client.post("/c/identify", data={"proof": hidden(page, "proof"), "contact": contact})


def newcomer(proof: str, **overrides) -> dict:
    data = {"proof": proof, "first_name": "Yasmine", "last_name": "Tazi", "sex": "female",
            "organization": "Association Amal Berkane", "organization_kind": "osc",
            "function": "Animatrice", "phone": "0661999999", "email": "", "consent": "y"}
    return data | overrides


def test_a_registrant_of_this_session_is_greeted_by_initials_only(app, client, half_day):
    person = factories.participant(first_name="Anas", last_name="Benali", phone="+212661000011")
    factories.registration(half_day.session, person)
    db.session.commit()
    body = identify(app, client, half_day, "0661000011").get_data(as_text=True)
    assert "Bonjour A. B." in body
    assert "Anas" not in body and "Benali" not in body


def test_registered_elsewhere_and_unknown_get_the_same_newcomer_page(app, half_day):
    elsewhere = factories.session(region="souss-massa", start=local_today())
    person = factories.participant(region="souss-massa", first_name="Anas", last_name="Benali",
                                   phone="+212661000012")
    factories.registration(elsewhere, person)
    db.session.commit()
    known = identify(app, phone_at(app), half_day, "0661000012")
    unknown = identify(app, phone_at(app), half_day, "0661000013")
    assert known.status_code == unknown.status_code == 200
    known_body, unknown_body = (
        re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True)
               ).replace(typed, "TYPED")
        for response, typed in ((known, "0661000012"), (unknown, "0661000013")))
    assert known_body == unknown_body
    assert "Vos informations" in known_body
    assert "Anas" not in known_body and "Benali" not in known_body and "A. B." not in known_body


def test_a_newcomer_with_a_known_phone_is_attached_silently_and_flagged(app, client, auth,
                                                                         half_day):
    person = factories.participant(region="souss-massa", first_name="Anas", last_name="Benali",
                                   phone="+212661000014")
    db.session.commit()
    page = identify(app, client, half_day, "0661000014").get_data(as_text=True)
    response = client.post("/c/register", data=newcomer(hidden(page, "proof"),
                                                        phone="0661000014"))
    assert response.status_code == 302
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'Votre présence est enregistrée à <bdi dir="ltr">\d\d:\d\d</bdi>', done)
    assert "Anas" not in done and "Benali" not in done and "A. B." not in done
    # Nobody new: the known person is checked in, and the match is flagged with the name typed.
    assert count(Participant) == 1
    assert db.session.scalar(sa.select(CheckIn.participant_id)) == person.id
    registration = db.session.scalar(sa.select(Registration))
    assert (registration.participant_id, registration.contact_match_name) == (
        person.id, "Yasmine Tazi")

    # A brand-new newcomer sees the same page, but for the time.
    other = phone_at(app, "192.0.2.11")
    page = identify(app, other, half_day, "0661000015").get_data(as_text=True)
    fresh = other.post("/c/register", data=newcomer(hidden(page, "proof"), phone="0661000015"))
    fresh_done = other.get(fresh.headers["Location"]).get_data(as_text=True)

    def without_times_and_tokens(body):
        return re.sub(r'\d\d:\d\d|value="[^"]*"|/[ct]/(?:ok/)?[\w.-]+', "", body)

    assert without_times_and_tokens(done) == without_times_and_tokens(fresh_done)

    # Staff see the flag on the roster and on the person's page, and clear it once reviewed.
    auth.login(factories.user(Role.EXPERT))
    flag = "Émargé·e avec ce téléphone ou cet e-mail sous le nom « Yasmine Tazi »"
    roster = auth.client.get(f"/sessions/{half_day.session_id}/roster").get_data(as_text=True)
    assert flag in roster
    assert flag in auth.client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert flag in auth.client.get(f"/sessions/{half_day.session_id}").get_data(as_text=True)
    reviewed = auth.client.post(
        f"/sessions/{half_day.session_id}/registrations/{registration.id}/review")
    assert reviewed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).contact_match_name is None
    roster = auth.client.get(f"/sessions/{half_day.session_id}/roster").get_data(as_text=True)
    assert flag not in roster and "Yasmine Tazi" not in roster


def test_a_newcomer_taps_twice_and_nothing_more_is_flagged(app, client, half_day):
    page = identify(app, client, half_day, "0661000016").get_data(as_text=True)
    data = newcomer(hidden(page, "proof"), phone="0661000016")
    first, second = (client.post("/c/register", data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert "Présence enregistrée" in client.get(second.headers["Location"]).get_data(
        as_text=True)
    assert (count(Participant), count(CheckIn)) == (1, 1)
    assert db.session.scalar(sa.select(Registration.contact_match_name)) is None


def test_ce_n_est_pas_moi_forgets_the_person_on_a_shared_phone(app, client, half_day):
    person = factories.participant(first_name="Anas", last_name="Benali")
    factories.registration(half_day.session, person)
    db.session.commit()
    with app.test_request_context():
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(person.id))
    page = scan(app, client, half_day)
    assert "Bonjour A. B." in page and "Anas" not in page and "Ce n'est pas moi" in page
    forgotten = client.post("/c/forget", data={"proof": hidden(page, "proof")})
    assert forgotten.status_code == 200 and 'name="contact"' in forgotten.get_data(as_text=True)
    assert client.get_cookie(identity.COOKIE) is None
    page = scan(app, client, half_day)
    assert 'name="contact"' in page and "A. B." not in page
    assert count(CheckIn) == 0


def test_a_phone_that_remembered_an_anonymised_person_names_nobody(app, client, half_day):
    person = factories.participant(first_name="Anas", last_name="Benali")
    factories.registration(half_day.session, person)
    db.session.commit()
    with app.test_request_context():
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(person.id))
    assert "Bonjour A. B." in scan(app, client, half_day)
    privacy.erase(person, None)
    db.session.commit()
    page = scan(app, client, half_day)
    assert 'name="contact"' in page and "A. B." not in page and "P. A." not in page


def test_a_shared_phone_already_checked_in_offers_ce_n_est_pas_moi(app, client, half_day):
    person = factories.participant(first_name="Anas", last_name="Benali")
    factories.registration(half_day.session, person)
    db.session.commit()
    page = identify(app, client, half_day, person.email).get_data(as_text=True)
    client.post("/c/confirm", data={"proof": hidden(page, "proof"),
                                    "person": hidden(page, "person")})
    # The next person picks up the phone and scans: the previous one's initials, not her name.
    response = client.get(f"/c/{links_token(app, half_day)}")
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Déjà émargé·e" in again and "A. B." in again and "Anas" not in again
    assert "Ce n'est pas moi" in again
    client.post("/c/forget", data={"proof": hidden(again, "proof")})
    assert 'name="contact"' in scan(app, client, half_day)


def links_token(app, half_day) -> str:
    with app.test_request_context():
        return links.checkin_token(half_day)


def test_a_confirmation_is_valid_for_its_own_half_day_only(app, client, half_day):
    person = factories.participant()
    factories.registration(half_day.session, person)
    afternoon = half_day.session.half_days[1]
    afternoon.window_override = WindowOverride.OPEN
    db.session.commit()
    morning_page = identify(app, client, half_day, person.email).get_data(as_text=True)
    afternoon_page = scan(app, phone_at(app), afternoon)
    response = client.post("/c/confirm", data={"proof": hidden(afternoon_page, "proof"),
                                               "person": hidden(morning_page, "person")})
    assert response.status_code == 400 and count(CheckIn) == 0


# Brakes on identification --------------------------------------------------------------------

def test_unknown_contacts_count_as_failures_of_the_address(app, half_day):
    app.config["RATELIMIT_CHECKIN_FAILURES"] = "5 per minute"
    proof = scan_proof(app, half_day)
    statuses = [phone_at(app, "198.51.100.20").post("/c/identify", data={
        "proof": proof, "contact": f"06610002{n:02d}"}).status_code for n in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # The address of the room next door is not braked.
    assert identify(app, phone_at(app, "198.51.100.21"), half_day,
                    "0661000299").status_code == 200


def test_identification_is_limited_per_phone(app, half_day):
    app.config["RATELIMIT_IDENTIFY_DEVICE"] = "3 per 10 minutes"
    person = factories.participant()
    factories.registration(half_day.session, person)
    db.session.commit()
    prober = phone_at(app)
    page = scan(app, prober, half_day)
    statuses = [prober.post("/c/identify", data={"proof": hidden(page, "proof"),
                                                 "contact": person.email}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another phone on the same Wi-Fi is served.
    assert identify(app, phone_at(app), half_day, person.email).status_code == 200


def test_contacts_that_are_nobody_of_the_session_are_limited_per_code(app, half_day):
    app.config["RATELIMIT_IDENTIFY_CODE"] = "3 per 10 minutes"
    people = [factories.participant() for _ in range(5)]
    for person in people:
        factories.registration(half_day.session, person)
    db.session.commit()
    # The session's own people are greeted, and do not count.
    for n, person in enumerate(people):
        assert identify(app, phone_at(app, f"203.0.113.{n}"), half_day,
                        person.email).status_code == 200
    # Strangers from many addresses: three pass, the fourth is braked, wherever it comes from.
    proof = scan_proof(app, half_day)
    statuses = [phone_at(app, f"203.0.113.{50 + n}").post("/c/identify", data={
        "proof": proof, "contact": f"06610003{n:02d}"}).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_typed_contacts_on_a_test_link_count_toward_the_same_brakes(app, room):
    app.config["RATELIMIT_IDENTIFY_DEVICE"] = "2 per 10 minutes"
    prober = phone_at(app)
    prober.get(room.url)
    statuses = [prober.post(f"{room.url}/identify", data={"contact": "0661000001"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert TOO_MANY in prober.post(f"{room.url}/identify",
                                   data={"contact": "0661000001"}).get_data(as_text=True)


# Defect 9: the newcomer's form tapped twice at once --------------------------------------------

def test_the_second_of_two_simultaneous_newcomer_forms_gets_the_first_ones_check_in(
        app, client, half_day, monkeypatch):
    """The other request records the same phone between this one's lookup and its INSERT:
    this one answers with that check-in, not a 500."""
    page = identify(app, client, half_day, "0661000017").get_data(as_text=True)
    data = newcomer(hidden(page, "proof"), phone="0661000017")
    real_owner = services.walk_in_owner
    calls = []

    def the_other_request_wins_meanwhile(form_data):
        calls.append(1)
        if len(calls) == 1:
            winner, _raced = services.register_walk_in(half_day.session, form_data)
            services.check_in_participant(half_day, winner, None)
            return None  # as this request saw the registry, just before
        return real_owner(form_data)

    monkeypatch.setattr(services, "walk_in_owner", the_other_request_wins_meanwhile)
    response = client.post("/c/register", data=data)
    assert response.status_code == 302
    assert "Présence enregistrée" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert len(calls) == 2  # the lookup, then the one after the refused INSERT
    assert (count(Participant), count(CheckIn), count(Registration)) == (1, 1, 1)
    assert db.session.scalar(sa.select(Participant.phone)) == "+212661000017"


DOUBLE_TAPS = 8


def test_simultaneous_newcomer_forms_with_one_new_phone_never_fail(app, live_server, half_day):
    statuses = simultaneous_posts(f"{live_server}/c/register",
                                  newcomer(scan_proof(app, half_day), phone="0661000018"),
                                  DOUBLE_TAPS)
    assert statuses == [302] * DOUBLE_TAPS
    db.session.expire_all()
    assert (count(Participant), count(CheckIn), count(Registration)) == (1, 1, 1)


def scan_proof(app, half_day) -> str:
    return hidden(scan(app, phone_at(app), half_day), "proof")


def test_ce_n_est_pas_moi_also_forgets_the_results_the_phone_showed(app, room):
    """A borrowed phone: Fatima checked in and took the pre-test on it; the owner taps « Ce n'est
    pas moi » at the next check-in, and her score no longer shows on it."""
    shared = phone_at(app)
    page = identify(app, shared, room.half_day, "0661000001").get_data(as_text=True)
    shared.post("/c/confirm", data={"proof": hidden(page, "proof"),
                                    "person": hidden(page, "person")})
    done = take_on(shared, room, "0661000001", all_right(room))
    result_url = done.headers["Location"]
    assert shared.get(result_url).status_code == 200
    page = shared.get(f"/c/{links_token(app, room.half_day)}",
                      follow_redirects=True).get_data(as_text=True)
    assert "Déjà émargé·e" in page
    shared.post("/c/forget", data={"proof": hidden(page, "proof")})
    assert shared.get_cookie(identity.RESULTS_COOKIE, path="/t") is None
    assert shared.get(result_url).status_code == 404
    body = shared.post(f"{room.url}/identify", data={"contact": "0661000001"}
                       ).get_data(as_text=True)
    assert "Vous avez déjà répondu" not in body and percent_text(100.0) not in body


def test_a_hostile_name_typed_by_a_matched_newcomer_is_shown_as_text_to_staff(app, client, auth,
                                                                               half_day):
    person = factories.participant(phone="+212661000019")
    db.session.commit()
    page = identify(app, client, half_day, "0661000019").get_data(as_text=True)
    hostile = {"first_name": "<script>alert(1)</script>", "last_name": '=HYPERLINK("x")'}
    assert client.post("/c/register", data=newcomer(hidden(page, "proof"), phone="0661000019",
                                                    **hostile)).status_code == 302
    assert db.session.scalar(sa.select(Registration.contact_match_name)) == (
        '<script>alert(1)</script> =HYPERLINK("x")')
    auth.login(factories.user(Role.EXPERT))
    for url in (f"/sessions/{half_day.session_id}/roster", f"/participants/{person.id}",
                f"/sessions/{half_day.session_id}"):
        body = auth.client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url
        assert "<script>alert(1)" not in body, url


def test_a_room_of_sixty_newcomers_behind_one_address_is_never_braked(app, half_day):
    """A workshop nobody registered ahead: sixty phones on the room's Wi-Fi, each an unknown
    contact (a miss for the brakes), all check in."""
    proof = scan_proof(app, half_day)
    statuses = []
    for n in range(60):
        phone = phone_at(app)
        statuses.append(phone.get(f"/c/{links_token(app, half_day)}").status_code)
        contact = f"06620000{n:02d}"
        statuses.append(phone.post("/c/identify", data={"proof": proof,
                                                        "contact": contact}).status_code)
        statuses.append(phone.post("/c/register", data=newcomer(
            proof, phone=contact, first_name=f"Personne{n}")).status_code)
    assert statuses == [200, 200, 302] * 60
    assert (count(Participant), count(CheckIn)) == (60, 60)
