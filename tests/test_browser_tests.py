"""A participant's day on a phone, end to end: check in from the projected code, take the
pre-test from the confirmation page; the trainer opens the post-test on the session page; the
phone scans the test's own code, takes the post-test and sees both scores."""
from __future__ import annotations

import os
from decimal import Decimal

import pytest

from tests import factories
from tests.conftest import log_in
from tests.test_browser_checkin import PHONE, decode_qr
from trainings.assessments.models import Choice, Question, QuestionKind
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import Role
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser

QUESTIONS = [  # (kind, text, correct, wrong)
    (QuestionKind.SINGLE, "Le genre désigne :", ["Les rôles construits par la société"],
     ["Le sexe biologique", "Les femmes seulement"]),
    (QuestionKind.MULTIPLE, "Quels publics le programme vise-t-il ?",
     ["Les MRE", "Les ressortissant·e·s de pays tiers"], ["Les touristes"]),
    (QuestionKind.TRUE_FALSE, "Les femmes et les hommes migrants ont les mêmes besoins.",
     ["Faux"], ["Vrai"]),
    (QuestionKind.SINGLE, "Un indicateur sensible au genre est :",
     ["Désagrégé par sexe"], ["Exprimé en dirhams", "Mesuré une seule fois"]),
]


def add_bank(training_id: int) -> None:
    for position, (kind, text, correct, wrong) in enumerate(QUESTIONS):
        question = Question(training_id=training_id, kind=kind, text=text, points=Decimal(1),
                            explanation=f"Explication {position + 1}.", position=position)
        question.choices = (
            [Choice(text=t, is_correct=True, position=i) for i, t in enumerate(correct)]
            + [Choice(text=t, is_correct=False, position=5 + i) for i, t in enumerate(wrong)])
        db.session.add(question)
    db.session.flush()


def answer(phone, picks: dict[str, list[str]]) -> None:
    """Tick the given choices (by text) of the given questions (by text)."""
    for text, choices in picks.items():
        block = phone.locator("fieldset.question", has_text=text)
        for choice in choices:
            block.locator("label.choice", has_text=choice).click()


def fits_the_phone(phone) -> bool:
    return phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_phone_checks_in_takes_both_tests_and_sees_its_scores(live_server, browser):
    expert = factories.user(Role.EXPERT)
    session = factories.session(start=local_today(), title="Atelier genre Berkane")
    add_bank(session.training_id)
    morning = session.half_days[0]
    morning.window_override = WindowOverride.OPEN
    person = factories.participant(first_name="Fatima", last_name="Amrani", phone="+212661000001")
    factories.registration(session, person)
    db.session.commit()

    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    trainer = laptop.new_page()
    log_in(trainer, live_server, expert)
    trainer.goto(f"{live_server}/sessions/{session.id}")
    trainer.click("button:has-text('Ouvrir le pré-test')")
    trainer.wait_for_selector("text=Pré-test ouvert")
    projection = f"{live_server}/sessions/{session.id}/half-days/{morning.id}/project"
    trainer.goto(projection)
    assert trainer.inner_text("#test-label") == "Pré-test"
    checkin_url = decode_qr(trainer.locator("#qr").screenshot())
    test_url = decode_qr(trainer.locator("#test-qr").screenshot())
    assert test_url.startswith(f"{live_server}/t/")

    # The phone checks in, then goes on to the pre-test from the confirmation page.
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(checkin_url)
    phone.fill("input[name=contact]", "06 61 00 00 01")
    phone.click("text=Continuer")
    phone.click("button.big")
    phone.wait_for_selector("text=Présence enregistrée")
    phone.click("text=Passer le pré-test")
    phone.wait_for_selector("text=Bonjour F. A.")
    assert fits_the_phone(phone)
    answer(phone, {"Le genre désigne": ["Le sexe biologique"],
                   "Quels publics": ["Les MRE"],
                   "mêmes besoins": ["Faux"],
                   "indicateur sensible": ["Désagrégé par sexe"]})
    phone.click("text=Envoyer mes réponses")
    phone.wait_for_selector("text=Merci, vos réponses sont enregistrées")
    assert "50,0" in phone.inner_text("main")
    assert "Explication 1." not in phone.inner_text("main")

    # The trainer opens the post-test on the session page; the projection follows.
    trainer.goto(f"{live_server}/sessions/{session.id}")
    trainer.click("button:has-text('Ouvrir le post-test')")
    trainer.wait_for_selector("text=Post-test ouvert")
    trainer.goto(projection)
    assert trainer.inner_text("#test-label") == "Post-test"
    assert decode_qr(trainer.locator("#test-qr").screenshot()) == test_url

    # The phone scans the test's code: it is recognised, takes the post-test, sees both scores.
    phone.goto(test_url)
    phone.wait_for_selector("h1:has-text('Post-test')")
    answer(phone, {"Le genre désigne": ["Les rôles construits"],
                   "Quels publics": ["Les MRE", "Les ressortissant·e·s"],
                   "mêmes besoins": ["Faux"],
                   "indicateur sensible": ["Désagrégé par sexe"]})
    phone.click("text=Envoyer mes réponses")
    phone.wait_for_selector("text=Vos résultats")
    scores = phone.inner_text("dl.scores")
    assert "50,0" in scores and "100,0" in scores
    assert "Progression : +50 points" in phone.inner_text("main")
    assert "Explication 1." in phone.inner_text("main")
    assert fits_the_phone(phone)
    if os.environ.get("SCREENSHOTS"):
        phone.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "post-test.png"),
                         full_page=True)
    laptop.close()
