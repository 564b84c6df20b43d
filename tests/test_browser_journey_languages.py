"""The whole participant journey on a 360 px Chromium, in Arabic and in English: scan, identify,
the newcomer's form (sent empty first, then filled), the confirmation, the pre-test, the
post-test's result and the satisfaction questionnaire. At every step the page has the right
<html lang dir>, fits the phone, offers the language switch, stays within the participant
pages' weight budget and shows no French apart from the data typed in French. Screenshots go to
the test's tmp_path (and to $SCREENSHOTS when set), to look at the right-to-left layout."""
from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest

from benchmarks.page_weight import BUDGET_BYTES
from tests import factories
from tests.leftover_french import french_left
from tests.test_browser_checkin import PHONE
from trainings.assessments import taking
from trainings.assessments.attempts import session_test
from trainings.assessments.models import Choice, Question, QuestionKind
from trainings.clock import local_today
from trainings.extensions import db
from trainings.phone import links
from trainings.schedule.models import WindowOverride

pytestmark = pytest.mark.browser

# The session's data, typed by staff in their language (French for the title, the
# participant's own words): only the interface must change language.
TITLE = "Atelier genre et migration — Berkane"
QUESTIONS = {
    "ar": [("ما هو النوع الاجتماعي؟", ["الأدوار التي يبنيها المجتمع"], ["الجنس البيولوجي"]),
           ("مؤشر حساس للنوع الاجتماعي:", ["مصنف حسب الجنس"], ["مقاس مرة واحدة"])],
    "en": [("Gender means:", ["The roles society builds"], ["Biological sex"]),
           ("A gender-sensitive indicator is:", ["Disaggregated by sex"], ["Measured once"])],
}


class Journey:
    def __init__(self, phone, base_url: str, language: str, folder: Path, typed: list[str]):
        self.phone, self.base_url, self.language = phone, base_url, language
        self.folder, self.typed = folder, typed
        self.host = urlparse(base_url).netloc

    def weight(self, html: str) -> int:
        """The page's HTML and everything it loads (style sheets, images, scripts), as a phone
        with an empty cache downloads them; all from our own host."""
        total = len(html.encode())
        urls = self.phone.evaluate("""() => [
            ...[...document.querySelectorAll('link[rel=stylesheet], link[rel=icon]')]
                .map(e => e.href),
            ...[...document.querySelectorAll('img, script[src]')].map(e => e.src)]""")
        for url in urls:
            if url.startswith("data:"):
                total += len(url)
                continue
            assert urlparse(url).netloc == self.host, url
            total += len(self.phone.context.request.get(url).body())
        return total

    def check(self, step: str) -> None:
        phone, language = self.phone, self.language
        assert phone.evaluate("document.documentElement.lang") == language, step
        assert phone.evaluate("document.documentElement.dir") == (
            "rtl" if language == "ar" else "ltr"), step
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, step
        # The heading starts at the edge its direction reads from.
        h1, = phone.evaluate("""() => { const h = document.querySelector('h1');
            const r = document.createRange(); r.selectNodeContents(h);
            const box = h.getBoundingClientRect(), text = r.getBoundingClientRect();
            return [[box.left, box.right, text.left, text.right]]; }""")
        box_left, box_right, text_left, text_right = h1
        if language == "ar":
            assert text_right > box_right - 2, step
        else:
            assert text_left < box_left + 2, step
        # The switch, as plain links, on every page; the current language marked.
        assert phone.locator("nav.languages a[hreflang]").count() == 3, step
        assert phone.locator(
            f"nav.languages a[hreflang={language}][aria-current]").count() == 1, step
        text = phone.evaluate("document.body.innerText")
        left = french_left(text + "\n" + phone.title(), language, self.typed)
        assert not left, (step, left, text)
        assert self.weight(phone.content()) <= BUDGET_BYTES, step
        shot = self.folder / f"{language}-{step}.png"
        phone.screenshot(path=str(shot), full_page=True)
        if os.environ.get("SCREENSHOTS"):
            shutil.copy(shot, os.environ["SCREENSHOTS"])


def add_questions(training_id: int, language: str) -> list[str]:
    typed = []
    for position, (text, right, wrong) in enumerate(QUESTIONS[language]):
        question = Question(training_id=training_id, kind=QuestionKind.SINGLE, text=text,
                            points=Decimal(1), explanation=f"{text} — {right[0]}",
                            position=position)
        question.choices = ([Choice(text=t, is_correct=True, position=0) for t in right]
                            + [Choice(text=t, is_correct=False, position=1) for t in wrong])
        db.session.add(question)
        typed += [text, *right, *wrong, question.explanation]
    db.session.flush()
    return typed


def pick(phone, language: str, rightly: bool) -> None:
    for text, right, wrong in QUESTIONS[language]:
        block = phone.locator("fieldset.question", has_text=text)
        block.locator("label.choice", has_text=(right if rightly else wrong)[0]).click()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_whole_journey_in_arabic_and_in_english(app, live_server, browser, tmp_path,
                                                     language):
    session = factories.session(start=local_today(), title=TITLE)
    if language == "ar":
        session.language = "ar"  # the session's default: the phone asks for nothing
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    typed = [TITLE, "Aminata", "Diallo", "Association Tanmia Berkane", "Animatrice",
             *add_questions(session.training_id, language)]
    test = session_test(session)
    test.pre_open = True
    db.session.commit()
    with app.test_request_context():
        scan_url = links.checkin_url(links.checkin_token(half_day))
        test_url = f"{live_server}/t/{taking.test_token(session.id)}"
    scan_url = live_server + urlparse(scan_url).path

    phone = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    journey = Journey(phone, live_server, language, tmp_path, typed)

    phone.goto(scan_url + ("?lang=en" if language == "en" else ""))
    journey.check("1-scan")
    phone.fill("input[name=contact]", "0677889900")
    phone.click("form button[type=submit]")
    phone.wait_for_selector("input[name=first_name]")
    journey.check("2-newcomer")

    phone.click("button.big")  # nothing filled: the form says what is missing
    phone.wait_for_selector(".error")
    journey.check("3-newcomer-errors")
    phone.fill("input[name=first_name]", "Aminata")
    phone.fill("input[name=last_name]", "Diallo")
    phone.check("input[name=sex][value=female]")
    phone.fill("input[name=organization]", "Association Tanmia Berkane")
    phone.select_option("select[name=organization_kind]", "osc")
    phone.fill("input[name=function]", "Animatrice")
    phone.check("input[name=consent]")
    phone.click("button.big")
    phone.wait_for_selector("h1.ok")
    journey.check("4-confirmation")

    phone.click(".offers a")  # the pre-test, offered on the confirmation
    phone.wait_for_selector("fieldset.question")
    journey.check("5-pre-test")
    pick(phone, language, rightly=False)
    phone.click("form button[type=submit]")
    phone.wait_for_selector("h1.ok")
    journey.check("6-pre-test-sent")

    # The trainer opens the post-test and the questionnaire at the end of the training.
    test = session_test(session)
    test.pre_open, test.post_open, test.satisfaction_open = False, True, True
    db.session.commit()
    phone.goto(test_url)
    phone.wait_for_selector("fieldset.question")
    journey.check("7-post-test")
    pick(phone, language, rightly=True)
    phone.click("form button[type=submit]")
    phone.wait_for_selector("dl.scores")
    journey.check("8-result")
    assert "0" in phone.inner_text("dl.scores") and "100" in phone.inner_text("dl.scores")

    phone.click("main a.button")  # the questionnaire, offered with the result
    phone.wait_for_selector("fieldset.question")
    # The questionnaire's default items come in the participant's language too.
    journey.check("9-satisfaction")
    phone.locator("fieldset.question input[value='5']").first.click()
    phone.click("form button[type=submit]")
    phone.wait_for_selector("h1")
    journey.check("10-thanks")
    phone.context.close()
