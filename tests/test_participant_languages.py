"""The participant's pages and the API in Arabic and English beyond the happy path: the
check-in's steps after a form keep the language switch, form messages (WTForms' own included)
follow the session's default language, scores are written the language's way, error pages and
the 429 page have no French left, and the API's errors follow Accept-Language."""
from __future__ import annotations

import re
import secrets

import pytest
from flask_babel import force_locale, gettext
from limits import parse
from wtforms.i18n import get_translations

from tests import factories
from tests.leftover_french import FRENCH_WORDS, french_left, french_sentences
from tests.test_api import API, bearer
from tests.test_checkin_public import half_day, proof_of, token_for  # noqa: F401
from tests.test_i18n import html_tag, switch_links
from tests.test_tests_public import room  # noqa: F401
from trainings import i18n
from trainings.extensions import db
from trainings.models import Role
from trainings.schedule.models import WindowOverride

NOTICE = "/donnees-personnelles"


def visible_text(page: str) -> str:
    """The page's text as a reader sees it: no tags, no attribute values, no hidden fields."""
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_the_detector_finds_french_and_only_french():
    pieces = french_sentences("ar")
    assert "Envoyer mes réponses" in pieces and "Vous pouvez fermer cette page" in pieces
    assert "Présence enregistrée" not in pieces  # two words: the word list looks for those
    assert french_left("تم تسجيل حضوركم. Vous pouvez fermer cette page.", "ar")
    assert FRENCH_WORDS.search("Merci, vos réponses sont enregistrées")
    assert not french_left("Thank you, your answers are saved: Lesotho, lakes, delay.", "en")
    assert not french_left("Atelier genre et migration — Berkane", "en",
                           typed=["Atelier genre et migration — Berkane"])


# The check-in's steps after the scan --------------------------------------------------------

@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_check_in_form_s_answer_offers_the_switch_back_to_the_scan(app, client, half_day,
                                                                     language):
    scan = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    newcomer = client.post("/c/identify", data={"proof": proof_of(scan),
                                                "contact": "0677889900"})
    assert 'name="first_name"' in newcomer.text  # the newcomer's form
    href = switch_links(newcomer.text)[language]["href"]
    assert href.startswith("/c/p/") and href.endswith(f"?lang={language}")
    page = client.get(href)
    assert page.status_code == 200
    assert html_tag(page.text) == (language, i18n.direction(language))
    assert 'name="contact"' in page.text  # the scan's page again, now in that language
    assert not french_left(visible_text(page.text), language, typed=[half_day.session.title])


def test_the_switch_s_address_needs_a_genuine_proof(client, half_day):
    assert client.get("/c/p/forged").status_code == 404
    assert client.get(f"/c/p/{secrets.token_urlsafe(12)}").status_code == 404


def test_the_newcomer_s_form_errors_follow_the_session_s_language(app, client, half_day):
    """No ?lang= and a French phone: the session's default language (Arabic) names what is
    missing, WTForms' own message included."""
    half_day.session.language = "ar"
    db.session.commit()
    scan = client.get(f"/c/{token_for(app, half_day)}", headers={"Accept-Language": "fr"})
    newcomer = client.post("/c/identify", data={"proof": proof_of(scan.text),
                                                "contact": "0677889900"})
    sent_empty = client.post("/c/register", data={"proof": proof_of(newcomer.text)})
    assert sent_empty.status_code == 400
    assert html_tag(sent_empty.text) == ("ar", "rtl")
    required = get_translations(["ar"]).gettext("This field is required.")
    assert required != "This field is required." and required in sent_empty.text
    assert "Ce champ est requis" not in sent_empty.text
    assert not french_left(visible_text(sent_empty.text), "ar",
                           typed=[half_day.session.title])


# Numbers --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "decimals", "expected"), [
    ("#,##0\u00a0%", 1, "#,##0.0\u00a0%"), ("#,##0%", 1, "#,##0.0%"), ("#,##0%", 0, "#,##0%"),
    ("#,##0\u202f%", 2, "#,##0.00\u202f%")])
def test_a_percent_pattern_gets_its_decimals(pattern, decimals, expected):
    assert i18n.percent_pattern(pattern, decimals) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "62,5\u00a0%"), ("ar", "62,5%"), ("en", "62.5%")])
def test_a_score_is_written_the_language_s_way(app, language, expected):
    """Arabic keeps the sign against the number (a space would send it to the other end of a
    right-to-left line) and Western digits."""
    with app.test_request_context(f"/?lang={language}"):
        assert i18n.percent(62.5) == expected


# Error pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("url", ["/c/not-a-token", "/t/not-a-token", "/c/ok/forged",
                                 "/t/ok/forged", "/nowhere"])
def test_error_pages_have_no_french_left(client, language, url):
    page = client.get(f"{url}?lang={language}")
    assert page.status_code == 404
    assert html_tag(page.text) == (language, i18n.direction(language))
    assert not french_left(visible_text(page.text), language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_too_many_attempts_page_has_no_french_left(app, language):
    script = app.test_client()
    script.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    for _ in range(parse(app.config["RATELIMIT_CHECKIN_FAILURES"]).amount):
        script.get(f"/c/{secrets.token_urlsafe(16)}")
    page = script.get(f"/c/{secrets.token_urlsafe(16)}?lang={language}")
    assert page.status_code == 429
    assert html_tag(page.text) == (language, i18n.direction(language))
    assert not french_left(visible_text(page.text), language)


# The API ---------------------------------------------------------------------------------------

def french_and_translated(app, message: str, language: str) -> tuple[str, str]:
    with app.test_request_context(), force_locale(i18n.babel_locale(language)):
        return message, gettext(message)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_api_400_speaks_the_caller_s_language(app, client, language):
    user = factories.user(Role.COORDINATOR, "oriental")
    headers = bearer(user)
    db.session.commit()
    french = client.get(f"{API}/sessions?from=notadate", headers=headers).get_json()
    assert french_left(french["error"], language)  # no Accept-Language: French, the default
    answer = client.get(f"{API}/sessions?from=notadate",
                        headers={**headers, "Accept-Language": f"{language},fr;q=0.5"})
    assert answer.status_code == 400 and answer.get_json()["parameter"] == "from"
    message = answer.get_json()["error"]
    assert message != french["error"] and "notadate" in message
    assert not french_left(message.replace("notadate", ""), language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_api_401_speaks_the_caller_s_language(app, client, language):
    french = client.get(f"{API}/sessions").get_json()["error"]
    answer = client.get(f"{API}/sessions", headers={"Accept-Language": language})
    assert answer.status_code == 401
    _french, translated = french_and_translated(app, french, language)
    assert translated != french and answer.get_json()["error"] == translated
    assert "<token>" in translated  # the header to send, not the French word for it
    refused = client.get(f"{API}/sessions", headers={"Accept-Language": language,
                                                     "Authorization": "Bearer nope"})
    assert refused.status_code == 401
    assert not french_left(refused.get_json()["error"], language)


# The participant's other pages -------------------------------------------------------------------

@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_participant_s_other_pages_have_no_french_left(app, client, half_day, room,
                                                          language):
    """The typed code's page and its refusal, a closed check-in, a test not open, someone
    who is not a participant, and the personal data notice."""
    typed = [half_day.session.title, room.session.title]
    pages = {"code": client.get(f"/c?lang={language}"),
             "code refused": client.post(f"/c?lang={language}", data={"code": "ZZZZZZ"}),
             "unknown": client.post(f"{room.url}/identify?lang={language}",
                                    data={"contact": "0600000099"}),
             "notice": client.get(f"{NOTICE}?lang={language}")}
    half_day.window_override = WindowOverride.CLOSED
    room.test.pre_open = False
    db.session.commit()
    pages["closed"] = client.get(f"/c/{token_for(app, half_day)}?lang={language}")
    pages["no test open"] = client.get(f"{room.url}?lang={language}")
    for name, page in pages.items():
        assert page.status_code in (200, 400, 403, 404), name
        assert html_tag(page.text) == (language, i18n.direction(language)), name
        assert not french_left(visible_text(page.text), language, typed), name


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_registered_person_s_one_tap_and_its_confirmation_have_no_french_left(
        app, client, half_day, language):
    person = factories.participant(first_name="Fatima", last_name="Amrani",
                                   phone="+212661000077")
    factories.registration(half_day.session, person)
    db.session.commit()
    typed = [half_day.session.title]
    scan = client.get(f"/c/{token_for(app, half_day)}?lang={language}")
    confirm = client.post("/c/identify", data={"proof": proof_of(scan.text),
                                               "contact": "0661000077"})
    assert 'name="person"' in confirm.text  # the one tap, greeted by initials
    assert "/c/p/" in switch_links(confirm.text)[language]["href"]
    person_ref = re.search(r'name="person" type="hidden" value="([^"]+)"', confirm.text)
    done = client.post("/c/confirm", data={"proof": proof_of(confirm.text),
                                           "person": person_ref.group(1)})
    assert done.status_code == 302
    page = client.get(done.headers["Location"])
    for name, response in {"confirm": confirm, "done": page}.items():
        assert html_tag(response.text) == (language, i18n.direction(language)), name
        assert not french_left(visible_text(response.text), language, typed), name


def test_a_too_long_name_is_refused_in_the_session_s_language(app, client, half_day):
    """WTForms' Arabic catalogue lacks the plural forms of its Length message: ours says it,
    its number filled in after the translation."""
    half_day.session.language = "ar"
    db.session.commit()
    scan = client.get(f"/c/{token_for(app, half_day)}")
    newcomer = client.post("/c/identify", data={"proof": proof_of(scan.text),
                                                "contact": "0677889900"})
    too_long = client.post("/c/register", data={"proof": proof_of(newcomer.text),
                                                "first_name": "x" * 101, "last_name": "Diallo"})
    assert too_long.status_code == 400
    with app.test_request_context(), force_locale("ar_MA"):
        expected = gettext("Au plus %(max)d caractères.", max=100)
    assert "100" in expected and not french_left(expected, "ar")
    assert expected in too_long.text
    assert not french_left(visible_text(too_long.text), "ar", typed=[half_day.session.title])
    assert "Field cannot be longer" not in too_long.text
