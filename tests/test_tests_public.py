"""The participant takes the pre-test and the post-test, and the satisfaction questionnaire, on
their own phone: recognised as at check-in, once per test, no JavaScript needed, tiny pages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.assessments import taking
from trainings.assessments.attempts import session_test
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind, SatisfactionAnswer,
    SatisfactionItem, SatisfactionItemKind, SatisfactionResponse, SessionQuestion,
)
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import HalfDay, Participant, Role, Session
from trainings.phone import identity, links
from trainings.schedule.models import WindowOverride


def question(training_id, kind, correct, wrong, explanation="", position=0):
    q = Question(training_id=training_id, kind=kind, text=f"Question {correct[0]} ?",
                 points=Decimal(1), explanation=explanation, position=position)
    q.choices = [Choice(text=t, is_correct=True, position=i) for i, t in enumerate(correct)] + [
        Choice(text=t, is_correct=False, position=10 + i) for i, t in enumerate(wrong)]
    db.session.add(q)
    db.session.flush()
    return q


@dataclass
class Room:
    session: Session
    half_day: HalfDay
    questions: list[Question]
    person: Participant
    token: str

    @property
    def url(self) -> str:
        return f"/t/{self.token}"

    @property
    def test(self):
        return taking.settings(self.session.id)


@pytest.fixture
def room(app):
    session = factories.session(start=local_today(), title="Atelier genre Oujda")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    training_id = session.training_id
    questions = [
        question(training_id, QuestionKind.SINGLE, ["Une construction sociale"],
                 ["Une donnée biologique", "Un synonyme de sexe"],
                 explanation="Le genre désigne les rôles construits par la société.", position=0),
        question(training_id, QuestionKind.MULTIPLE, ["Les MRE", "Les RPT"], ["Les touristes"],
                 explanation="Les deux publics du programme.", position=1),
        question(training_id, QuestionKind.TRUE_FALSE, ["Faux"], ["Vrai"],
                 explanation="Les besoins diffèrent selon le genre.", position=2),
    ]
    session_test(session).pre_open = True
    person = factories.participant(first_name="Fatima", last_name="Amrani", phone="+212661000001")
    factories.registration(session, person)
    db.session.commit()
    with app.test_request_context():
        token = taking.test_token(session.id)
    return Room(session, half_day, questions, person, token)


def add_questions(room, questions):
    """More questions in the bank and in the session's test."""
    test = room.test
    test.questions.extend(SessionQuestion(question_id=q.id, position=len(room.questions) + n)
                          for n, q in enumerate(questions))
    room.questions.extend(questions)
    db.session.flush()


def remember(app, client, person):
    """This phone checked in as `person` before: it holds the signed cookie."""
    with app.test_request_context():
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(person.id))


def proof_of(page: str) -> str:
    return re.search(r'name="proof" type="hidden" value="([^"]+)"', page).group(1)


def correct(q) -> list[int]:
    return [c.id for c in q.choices if c.is_correct]


def wrong(q) -> list[int]:
    return [next(c.id for c in q.choices if not c.is_correct)]


def all_right(room) -> dict:
    return {f"q{q.id}": correct(q) for q in room.questions}


def submit(client, room, page, answers, **extra):
    return client.post(f"{room.url}/submit", data={"proof": proof_of(page), **answers, **extra})


def open_test(room, kind: AttemptKind | None):
    test = room.test
    test.pre_open = kind == AttemptKind.PRE
    test.post_open = kind == AttemptKind.POST
    db.session.commit()


def attempts() -> list[Attempt]:
    return list(db.session.scalars(sa.select(Attempt).order_by(Attempt.id)))


def take(client, room, answers) -> str:
    """Open the link on a remembered phone, answer, follow to the result page."""
    page = client.get(room.url).get_data(as_text=True)
    response = submit(client, room, page, answers, confirm_unanswered="1")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_remembered_phone_opens_the_test_directly(app, client, room):
    remember(app, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    assert "Bonjour F. A." in page and "Pré-test" in page and "Fatima" not in page
    for q in room.questions:
        assert f'name="q{q.id}"' in page
    assert 'type="checkbox" name="q%d"' % room.questions[1].id in page
    assert 'type="radio" name="q%d"' % room.questions[0].id in page


def test_a_phone_it_does_not_know_gives_its_number(client, room):
    page = client.get(room.url).get_data(as_text=True)
    assert 'name="contact"' in page and 'name="q' not in page
    page = client.post(f"{room.url}/identify", data={"contact": "06 61 00 00 01"}
                       ).get_data(as_text=True)
    assert "Bonjour F. A." in page and "Fatima" not in page
    response = submit(client, room, page, all_right(room))
    assert response.status_code == 302
    assert [(a.participant_id, a.kind, a.method, a.percent) for a in attempts()] == [
        (room.person.id, AttemptKind.PRE, AttemptMethod.ONLINE, 100.0)]
    assert attempts()[0].started_at is not None
    # The phone now remembers her: the link says she has answered, without asking again.
    again = client.get(room.url).get_data(as_text=True)
    assert "Vous avez déjà répondu à ce test" in again


def test_the_contact_field_opens_a_phone_keypad_with_an_email_way_beside_it(client, room):
    page = client.get(room.url).get_data(as_text=True)
    by_phone, by_email = re.findall(r'<input[^>]*name="contact"[^>]*>', page)
    assert 'inputmode="tel"' in by_phone and 'inputmode="email"' in by_email
    email_form = page[page.index('<details class="by-email"'):]
    assert f'action="{room.url}/identify"' in email_form
    target = re.search(r'name="target" value="([^"]*)"', email_form).group(1)
    page = client.post(f"{room.url}/identify", data={"target": target,
                                                     "contact": room.person.email}
                       ).get_data(as_text=True)
    assert "Bonjour F. A." in page and "Fatima" not in page


def test_someone_unknown_is_sent_to_check_in_first(app, client, room):
    response = client.post(f"{room.url}/identify", data={"contact": "0700000000"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Pointez d'abord votre présence" in page
    assert re.search(r'href="http://localhost/c/[\w-]+"', page)
    # Without an open check-in window, the trainer is the way. Every half-day is closed, so the
    # afternoon's default window (which opens at 13:30) cannot make the test depend on the hour.
    for half_day in room.session.half_days:
        half_day.window_override = WindowOverride.CLOSED
    db.session.commit()
    page = client.post(f"{room.url}/identify", data={"contact": "0700000000"}
                       ).get_data(as_text=True)
    assert "/c/" not in page and "adressez-vous à la formatrice" in page
    assert attempts() == []


def test_a_known_person_not_at_this_session_is_sent_to_check_in(app, client, room):
    stranger = factories.participant(first_name="Youssef")
    db.session.commit()
    remember(app, client, stranger)
    response = client.get(room.url)
    assert response.status_code == 404
    assert "Pointez d'abord votre présence" in response.get_data(as_text=True)


def test_the_check_in_confirmation_offers_the_open_test_once(app, client, room):
    with app.test_request_context():
        checkin = links.checkin_url(links.checkin_token(room.half_day))
    page = client.get(checkin).get_data(as_text=True)
    page = client.post("/c/identify", data={"proof": proof_of(page), "contact": "0661000001"}
                       ).get_data(as_text=True)
    person_ref = re.search(r'name="person" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/c/confirm", data={"proof": proof_of(page), "person": person_ref})
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="{room.url}"' in done and "Passer le pré-test" in done
    # The link leads straight to the test: the check-in remembered the phone.
    take(client, room, all_right(room))
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Passer le pré-test" not in again and "Vous pouvez fermer cette page" in again


def test_nothing_open_gives_a_clear_page(app, client, room):
    open_test(room, None)
    remember(app, client, room.person)
    response = client.get(room.url)
    assert response.status_code == 403
    assert "Aucun test n'est ouvert pour le moment" in response.get_data(as_text=True)


def test_a_session_never_set_up_has_nothing_open(app, client):
    session = factories.session(start=local_today())
    db.session.commit()
    with app.test_request_context():
        token = taking.test_token(session.id)
    response = client.get(f"/t/{token}")
    assert response.status_code == 403
    assert "Aucun test n'est ouvert" in response.get_data(as_text=True)


def test_a_forged_link_or_proof_is_refused(app, client, room):
    assert client.get("/t/bidon").status_code == 404
    assert "Ce lien n'est pas valide" in client.get("/t/WzFd.bidon").get_data(as_text=True)
    response = client.post(f"{room.url}/submit", data={"proof": "bidon", **all_right(room)})
    assert response.status_code == 400 and attempts() == []


def test_unanswered_questions_warn_then_can_be_sent_anyway(app, client, room):
    remember(app, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    single, multi, truefalse = room.questions
    answers = {f"q{single.id}": correct(single)}
    response = submit(client, room, page, answers)
    warned = response.get_data(as_text=True)
    assert response.status_code == 200 and attempts() == []
    assert "Vous n'avez pas répondu aux questions suivantes" in warned
    assert '<a href="#n2">2</a>, <a href="#n3">3</a>' in warned
    # What was answered stays checked, and the proof is the same (same start time).
    assert f'name="q{single.id}" value="{correct(single)[0]}" checked' in warned
    assert proof_of(warned) == proof_of(page)
    response = submit(client, room, warned, answers, confirm_unanswered="1")
    assert response.status_code == 302
    attempt = attempts()[0]
    assert attempt.percent == pytest.approx(100 / 3)
    assert {a.question_id: a.chosen for a in attempt.answers}[multi.id] == ""


def test_a_second_submission_is_refused_and_the_first_stands(app, client, room):
    remember(app, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    single = room.questions[0]
    first = submit(client, room, page, {f"q{single.id}": correct(single)},
                   confirm_unanswered="1")
    assert first.status_code == 302
    second = submit(client, room, page, all_right(room))
    assert second.status_code == 409
    assert 'Vous avez déjà répondu à ce test (score <bdi dir="ltr">33,3\u00a0%</bdi>)' in \
        second.get_data(as_text=True)
    assert [a.percent for a in attempts()] == [pytest.approx(100 / 3)]
    # Opening the link again says so too, without a form.
    again = client.get(room.url).get_data(as_text=True)
    assert "Vous avez déjà répondu à ce test" in again and 'name="proof"' not in again


def test_a_test_closed_meanwhile_records_nothing(app, client, room):
    remember(app, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    open_test(room, AttemptKind.POST)  # the trainer moved on to the post-test
    response = submit(client, room, page, all_right(room))
    assert response.status_code == 403
    assert "Ce test est fermé" in response.get_data(as_text=True)
    assert attempts() == []


def test_the_pre_test_thanks_without_showing_the_answers(app, client, room):
    remember(app, client, room.person)
    result = take(client, room, {})
    assert "le post-test aura lieu à la fin de la formation" in result.lower()
    assert "Le genre désigne" not in result and "bonne réponse" not in result


def test_the_post_test_shows_both_scores_and_the_explanations(app, client, room):
    remember(app, client, room.person)
    single, multi, truefalse = room.questions
    take(client, room, {f"q{single.id}": correct(single)})
    open_test(room, AttemptKind.POST)
    result = take(client, room, {f"q{single.id}": correct(single), f"q{multi.id}": correct(multi),
                                 f"q{truefalse.id}": wrong(truefalse)})
    assert "33,3\u00a0%" in result and "66,7\u00a0%" in result
    assert 'Progression : <bdi dir="ltr">+33,3</bdi> points' in result
    for q in room.questions:
        assert q.explanation in result
    assert result.count("✓ bonne réponse") == 4  # 1 + 2 + 1 correct choices
    assert "Réponse incorrecte" in result
    post = attempts()[1]
    assert (post.kind, post.without_pre) == (AttemptKind.POST, False)


def test_a_post_test_before_any_pre_test_is_recorded_as_such(app, client, room):
    open_test(room, AttemptKind.POST)
    remember(app, client, room.person)
    result = take(client, room, all_right(room))
    assert "Vous n'avez pas passé le pré-test" in result
    post = attempts()[0]
    assert (post.kind, post.without_pre, post.percent) == (AttemptKind.POST, True, 100.0)
    # The pre-test cannot follow any more: it is closed once the post-test is open.
    assert not room.test.pre_open


def test_shuffled_order_is_fixed_per_person_and_does_not_change_the_score(app, client, room):
    add_questions(room, [question(room.session.training_id, QuestionKind.SINGLE, [f"Juste {n}"],
                                  [f"Faux {n}a", f"Faux {n}b"], position=3 + n)
                         for n in range(6)])
    room.test.shuffle = True
    others = [factories.participant() for _ in range(4)]
    for other in others:
        factories.registration(room.session, other)
    db.session.commit()

    def order(person) -> list[str]:
        remember(app, client, person)
        page = client.get(room.url).get_data(as_text=True)
        return re.findall(r'name="(q\d+)" value="(\d+)"', page)

    first = order(room.person)
    assert order(room.person) == first
    bank_order = [(f"q{q.id}", str(c.id)) for q in room.questions for c in q.choices]
    orders = [order(p) for p in others]
    assert any(o != bank_order for o in orders) and any(o != first for o in orders)
    take(client, room, all_right(room))
    assert attempts()[0].percent == 100.0


def test_the_satisfaction_questionnaire_is_answered_once(app, client, room):
    room.test.satisfaction_open = True
    db.session.commit()
    remember(app, client, room.person)
    # With no test open, the session's link leads to the questionnaire.
    open_test(room, None)
    assert "Votre avis sur la formation" in client.get(room.url).get_data(as_text=True)
    page = client.get(f"{room.url}/satisfaction").get_data(as_text=True)
    assert "Votre avis sur la formation" in page
    items = list(db.session.scalars(
        sa.select(SatisfactionItem).order_by(SatisfactionItem.position)))
    scale = next(i for i in items if i.kind == SatisfactionItemKind.SCALE)
    text = next(i for i in items if i.kind == SatisfactionItemKind.TEXT)
    assert f'name="s{scale.id}" value="5"' in page and f'<textarea id="s{text.id}"' in page
    data = {"proof": proof_of(page), f"s{scale.id}": "4", f"s{text.id}": "Les études de cas"}
    response = client.post(f"{room.url}/satisfaction", data=data)
    assert response.status_code == 302
    assert "Merci pour votre avis" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    # The phone that answered is told so; a second answer is refused, the first one kept.
    assert "Vous avez déjà donné votre avis" in client.get(
        f"{room.url}/satisfaction").get_data(as_text=True)
    again = client.post(f"{room.url}/satisfaction", data={**data, f"s{scale.id}": "1"})
    assert again.status_code == 409
    assert "Ces réponses n'ont pas été enregistrées" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SatisfactionResponse)) == 1
    answers = {a.item_id: a for a in db.session.scalars(sa.select(SatisfactionAnswer))}
    assert answers[scale.id].rating == 4 and answers[text.id].text == "Les études de cas"
    assert len(answers) == len(items)


def test_satisfaction_is_offered_after_the_post_test_and_refused_when_closed(app, client, room):
    remember(app, client, room.person)
    open_test(room, AttemptKind.POST)
    room.test.satisfaction_open = True
    db.session.commit()
    result = take(client, room, all_right(room))
    assert f'href="{room.url}/satisfaction"' in result
    page = client.get(f"{room.url}/satisfaction").get_data(as_text=True)
    room.test.satisfaction_open = False
    db.session.commit()
    response = client.post(f"{room.url}/satisfaction", data={"proof": proof_of(page)})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SatisfactionResponse)) == 0


def test_the_projection_shows_the_open_test_link(app, client, auth, room):
    auth.as_role(Role.EXPERT)
    live = f"/sessions/{room.session.id}/half-days/{room.half_day.id}/live"
    state = client.get(live).get_json()
    assert state["test"]["label"] == "Pré-test"
    assert state["test"]["url"] == f"http://localhost{room.url}"
    assert "<svg" in state["test"]["qr_svg"]
    open_test(room, AttemptKind.POST)
    assert client.get(live).get_json()["test"]["label"] == "Post-test"
    open_test(room, None)
    assert client.get(live).get_json()["test"] is None
    room.test.satisfaction_open = True
    db.session.commit()
    assert client.get(live).get_json()["test"]["label"] == "Évaluation"
    page = client.get(f"/sessions/{room.session.id}/half-days/{room.half_day.id}/project"
                      ).get_data(as_text=True)
    assert 'id="test-qr"' in page and f"http://localhost{room.url}" in page


def test_guessing_test_links_is_throttled_like_check_in_links(app, client, room):
    limit = int(app.config["RATELIMIT_CHECKIN_FAILURES"].split()[0])
    for _ in range(limit):
        assert client.get("/t/WzFd.bidon").status_code == 404
    assert client.get(room.url).status_code == 429
    # The failures count across the participant's pages: check-in is refused too.
    assert client.get("/c/AAAAAAAAAAAAAAAAAAAAAA").status_code == 429


def _weight(client, page: str) -> int:
    assets = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert not [a for a in assets if a.startswith(("http", "//"))]
    weight = len(page.encode())
    for asset in {a for a in assets if a.startswith("/static/")}:
        with client.get(asset) as response:
            assert response.status_code == 200, asset
            weight += len(response.get_data())
    return weight


def test_participant_pages_are_tiny_and_load_nothing_from_other_hosts(app, client, room):
    add_questions(room, [  # a long test: fifteen questions
        question(room.session.training_id, QuestionKind.SINGLE,
                 [f"Une réponse juste, assez longue pour être réaliste {n}"],
                 [f"Une réponse fausse mais plausible, elle aussi longue {n}{x}" for x in "abc"],
                 explanation="Une explication de deux phrases. " * 3, position=3 + n)
        for n in range(12)])
    room.test.satisfaction_open = True
    db.session.commit()
    pages = [client.get(room.url).get_data(as_text=True)]
    remember(app, client, room.person)
    pages.append(client.get(room.url).get_data(as_text=True))
    pages.append(submit(client, room, pages[-1], {}).get_data(as_text=True))  # the warning
    pages.append(take(client, room, {}))
    open_test(room, AttemptKind.POST)
    pages.append(take(client, room, all_right(room)))
    pages.append(client.get(f"{room.url}/satisfaction").get_data(as_text=True))
    assert "Vos résultats" in pages[4] and "Votre avis" in pages[5]
    for page in pages:
        assert _weight(client, page) <= 30 * 1024


def test_the_gain_shown_to_a_participant_is_signed_and_never_plus_zero(app):
    from trainings.assessments.taking import gain_text

    with app.test_request_context():
        assert gain_text(100 * 2 / 9 - 100 * 1 / 9) == "+11,1"
        assert gain_text(-20 / 3) == "-6,7"
        # Equal scores reached by two float paths differ by 1e-14: no change, not "+0".
        assert gain_text(7 / 9 * 100 - 100 * 7 / 9) == "0" == gain_text(1e-14) == gain_text(0.0)
