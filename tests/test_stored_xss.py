"""Stored markup: a <script> typed into any free-text field (names, organisation, function,
session, venue, trainers, notes, training, questions, choices, explanations, satisfaction items
and comments, typed signatures, reset reasons, staff names) comes out escaped on every page,
staff's and participants'. The pages are those of the app's URL map, with this world's ids."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.assessments import taking
from trainings.assessments.attempts import session_test
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, AttemptReset, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
)
from trainings.attendance.services import record_check_in
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, Registration, RegistrationSource, Role, Sex,
)
from trainings.phone import identity, links
from trainings.schedule.models import WindowOverride

SCRIPT = "<script>alert(1)</script>"
MAX_PAGES = 120  # the URL map has about 80 routes: a bound on the test's time


def payload(field: str) -> str:
    return f"{field} {SCRIPT}"


@pytest.fixture
def world(app, auth):
    """One session of today with one hostile text in every free-text field, a registered
    person checked in with a typed signature, a walk-in, tests taken, one reset, satisfaction
    given; an administrator logged in (who sees every page)."""
    admin = factories.user(Role.ADMIN, name=payload("staff"))
    organization = factories.organization(name=payload("organisation"))
    training = factories.training(title=payload("training"), objectives=payload("objectives"),
                                  description=payload("description"))
    session = factories.session(start=local_today(), days=1, title=payload("session"),
                                venue=payload("venue"), trainers=payload("trainers"),
                                notes=payload("notes"), training_id=training.id)
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    person = factories.participant(first_name=payload("first"), last_name=payload("last"),
                                   function=payload("function"), sex=Sex.FEMALE,
                                   email=f"a{SCRIPT}@example.org",
                                   organization_id=organization.id)
    walk_in = factories.participant(first_name=payload("walk-in first"),
                                    last_name=payload("walk-in last"),
                                    function=payload("walk-in function"), sex=Sex.MALE)
    question = Question(training_id=training.id, kind=QuestionKind.SINGLE,
                        text=payload("question"), explanation=payload("explanation"),
                        position=0, points=Decimal(1))
    question.choices = [Choice(text=payload("right"), is_correct=True, position=0),
                        Choice(text=payload("wrong"), position=1)]
    db.session.add(question)
    db.session.flush()
    session_test(session).pre_open = True  # its questions: the training's, this one
    scale = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text=payload("scale"), position=0)
    comment = SatisfactionItem(kind=SatisfactionItemKind.TEXT, text=payload("comment item"),
                               position=1)
    db.session.add_all([scale, comment])
    db.session.flush()
    factories.registration(session, person)
    factories.registration(session, walk_in, source=RegistrationSource.WALK_IN,
                           needs_review=True)
    for who in (person, walk_in):
        record_check_in(half_day.id, who.id, CheckInMethod.QR)
    db.session.flush()
    for check_in in db.session.scalars(sa.select(CheckIn)):
        check_in.signature = "typed:" + payload("signature")
    for kind in (AttemptKind.PRE, AttemptKind.POST):
        attempt = Attempt(session_id=session.id, participant_id=walk_in.id, kind=kind,
                          method=AttemptMethod.PAPER, recorded_by_id=admin.id,
                          earned=Decimal(1), possible=Decimal(1), percent=100.0)
        attempt.answers = [Answer(question_id=question.id, chosen=str(question.choices[0].id),
                                  correct=True, earned=Decimal(1))]
        db.session.add(attempt)
    db.session.add(AttemptReset(session_id=session.id, participant_id=person.id,
                                kind=AttemptKind.PRE, percent=50.0, reason=payload("reason"),
                                user_id=admin.id))
    response = SatisfactionResponse(session_id=session.id, participant_id=walk_in.id)
    response.answers = [SatisfactionAnswer(item_id=scale.id, rating=4),
                        SatisfactionAnswer(item_id=comment.id, text=payload("comment"))]
    db.session.add(response)
    auth.login(admin)
    db.session.commit()
    return {"session_id": session.id, "half_day_id": half_day.id, "participant_id": person.id,
            "training_id": training.id, "question_id": question.id, "user_id": admin.id,
            "organization_id": organization.id, "item_id": comment.id,
            "walk_in_id": walk_in.id, "person": person, "half_day": half_day}


def _staff_urls(app, world) -> list[str]:
    """Every GET page of the URL map whose arguments this world provides, a person whose
    paper test was taken for the paper-test page, and the searches echoing a typed text."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(world):
            continue  # tokens, references, help pages: the participant's journey covers them
        values = {name: world[name] for name in rule.arguments}
        if rule.endpoint == "assessments.edit_paper_attempt":
            values["participant_id"] = world["walk_in_id"]
        urls.append(rule.build(values, append_unknown=False)[1])
    searches = [f"/participants/?q={SCRIPT}", f"/organizations/?q={SCRIPT}",
                f"/sessions/{world['session_id']}/roster?q={SCRIPT}"]
    return sorted(urls) + searches


def _assert_escaped(response, url: str) -> None:
    assert response.status_code < 500, url
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        assert SCRIPT not in page, url


def test_no_staff_page_shows_stored_markup_unescaped(app, client, world):
    urls = _staff_urls(app, world)
    assert 40 < len(urls) <= MAX_PAGES
    shown = 0
    for url in urls:
        response = client.get(url)
        _assert_escaped(response, url)
        shown += response.status_code == 200 and response.mimetype == "text/html"
    assert shown > 35  # the pages did render, with the data in them


def test_paper_test_page_shows_the_question_escaped(client, world):
    """The probe's finding: the question's label was a lazy string, taken for markup."""
    response = client.get(f"/sessions/{world['session_id']}/participants/"
                          f"{world['walk_in_id']}/paper-test")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Q1. question &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "right &lt;script&gt;" in page
    assert SCRIPT not in page


def test_participant_pages_show_stored_markup_escaped(app, world):
    """The participant's journey on a phone that checked in as the person: the check-in page,
    the greeting, the test with its question and choices, the result with the explanation, the
    satisfaction form."""
    client = app.test_client()  # not logged in
    person, half_day = world["person"], world["half_day"]
    with app.test_request_context():
        client.set_cookie(identity.COOKIE, identity.signer("cookie").dumps(person.id))
        checkin_url = f"/c/{links.checkin_token(half_day)}"
        test_url = f"/t/{taking.test_token(world['session_id'])}"
    pages = []
    for url in (checkin_url, test_url):
        response = client.get(url, follow_redirects=True)
        _assert_escaped(response, url)
        pages.append(response.get_data(as_text=True))
    assert "question &lt;script&gt;" in pages[1]  # the test page shows the question
    proof = re.search(r'name="proof" type="hidden" value="([^"]+)"', pages[1]).group(1)
    question_id = world["question_id"]
    choice = db.session.scalar(sa.select(Choice.id).where(Choice.question_id == question_id,
                                                          Choice.is_correct))
    result = client.post(f"{test_url}/submit", data={"proof": proof, f"q{question_id}": choice},
                         follow_redirects=True)
    _assert_escaped(result, f"{test_url}/submit")
    for url in (f"{test_url}/satisfaction", f"{test_url}/merci"):
        _assert_escaped(client.get(url, follow_redirects=True), url)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 2
