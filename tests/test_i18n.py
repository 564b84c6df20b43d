"""Pages in French, Arabic (right to left) or English: the ?lang= link and its cookie, the
session's default language on participants' pages, the staff member's preference, the
browser's Accept-Language, the switch, and catalogues compiled from what the code says."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests import factories
from tests.conftest import make_app
from tests.test_checkin_public import half_day, token_for  # noqa: F401
from tests.test_schedule import session_form
from tests.test_tests_public import room  # noqa: F401
from trainings import i18n
from trainings.auth.models import User
from trainings.extensions import db
from trainings.models import Role, Session

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "trainings" / "translations"


def html_tag(page: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert match, page[:200]
    return match.group(1), match.group(2)


def switch_links(page: str) -> dict[str, dict[str, str]]:
    """The language switch's links by language: href, lang and dir of each."""
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', page, re.S)
    assert nav, "no language switch"
    links = {}
    for attributes in re.findall(r"<a ([^>]*)>", nav.group(1)):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        links[attrs["hreflang"]] = {k: html.unescape(v) for k, v in attrs.items()}
    return links


def lang_cookie(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{i18n.COOKIE}="):
            return header
    return None


# Participants' pages ------------------------------------------------------------------------

def test_lang_ar_turns_a_participant_page_right_to_left_in_arabic(app, client, half_day):
    response = client.get(f"/c/{token_for(app, half_day)}?lang=ar")
    page = response.get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")
    assert "أكِّدوا حضوركم" in page and "Confirmez votre présence" not in page
    cookie = lang_cookie(response)
    assert cookie.startswith("lang=ar;")
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Secure" not in cookie
    assert "Max-Age=31536000" in cookie


def test_the_cookie_keeps_the_choice_on_the_next_pages(app, client, half_day):
    client.get("/c?lang=en")
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    assert html_tag(page) == ("en", "ltr")
    assert "Confirm your attendance" in page


def test_the_cookie_is_secure_behind_https(_schema):
    app = make_app(SESSION_COOKIE_SECURE=True)
    with app.app_context():
        response = app.test_client().get("/c?lang=ar")
    assert "Secure" in lang_cookie(response)


def test_the_session_default_language_applies_on_a_first_visit(app, client, half_day):
    half_day.session.language = "ar"
    db.session.commit()
    page = client.get(f"/c/{token_for(app, half_day)}",
                      headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")
    assert "أكِّدوا حضوركم" in page


def test_the_participant_s_own_choice_beats_the_session_default(app, client, half_day):
    half_day.session.language = "ar"
    db.session.commit()
    client.get("/c?lang=fr")
    page = client.get(f"/c/{token_for(app, half_day)}").get_data(as_text=True)
    assert html_tag(page) == ("fr", "ltr")
    assert "Confirmez votre présence" in page


@pytest.mark.parametrize("accept, expected", [
    ("en-US,en;q=0.9", "en"), ("ar-MA,ar;q=0.9,fr;q=0.8", "ar"), ("de-DE,es;q=0.5", "fr"),
    ("de,en;q=0.3,ar;q=0.6", "ar"), ("", "fr")])
def test_without_a_session_the_phone_s_accept_language_applies(client, accept, expected):
    page = client.get("/c", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert html_tag(page)[0] == expected


def test_the_test_pages_follow_the_session_default_language(client, room):
    room.session.language = "ar"
    db.session.commit()
    page = client.get(room.url).get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")


@pytest.mark.parametrize("value", ["xx", "AR-ma", "", "<script>", "e" * 2000, "fr&lang=ar"])
def test_an_invalid_lang_is_ignored(client, value):
    response = client.get("/c", query_string={"lang": value},
                          headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert html_tag(response.get_data(as_text=True)) == ("fr", "ltr")
    assert lang_cookie(response) is None


def test_the_switch_is_three_links_keeping_path_and_query(app, client, half_day):
    path = f"/c/{token_for(app, half_day)}"
    page = client.get(f"{path}?x=1&lang=en").get_data(as_text=True)
    links = switch_links(page)
    assert list(links) == ["fr", "ar", "en"]
    assert {code: (link["lang"], link["dir"]) for code, link in links.items()} == {
        "fr": ("fr", "ltr"), "ar": ("ar", "rtl"), "en": ("en", "ltr")}
    assert links["ar"]["href"] == f"{path}?x=1&lang=ar"
    assert links["en"].get("aria-current") == "true"
    assert ">العربية</a>" in page and ">Français</a>" in page and ">English</a>" in page
    # Following a link, as a phone without JavaScript does, gives that language.
    page = client.get(links["ar"]["href"]).get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")


def test_an_arabic_page_keeps_the_participant_layout_within_its_weight(app, client, half_day):
    page = client.get(f"/c/{token_for(app, half_day)}?lang=ar").get_data(as_text=True)
    assert "style=" not in page and "<script>" not in page
    assert len(page.encode()) < 12 * 1024


# Staff pages ---------------------------------------------------------------------------------

def test_lang_ar_on_a_staff_page(client, auth):
    auth.as_role(Role.EXPERT)
    page = client.get("/sessions/?lang=ar").get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")
    assert switch_links(page)["fr"]["href"] == "/sessions/?lang=fr"
    assert "تكوينات النوع الاجتماعي والهجرة" in page


def test_the_staff_member_s_preference_applies_everywhere(client, auth):
    user = auth.as_role(Role.EXPERT)
    client.get("/sessions/?lang=ar")  # a link followed earlier: the saved preference wins
    response = client.post("/account/language", data={"language": "en"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).language == "en"
    page = client.get("/sessions/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_tag(page) == ("en", "ltr")
    account = client.get("/account").get_data(as_text=True)
    assert re.search(r'<option selected value="en">|<option value="en" selected>', account)
    # Back to the browser's language.
    client.post("/account/language", data={"language": ""})
    assert db.session.get(User, user.id).language is None
    page = client.get("/sessions/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_tag(page) == ("ar", "rtl")


def test_an_unknown_language_preference_is_refused(client, auth):
    user = auth.as_role(Role.EXPERT)
    response = client.post("/account/language", data={"language": "xx"})
    assert response.status_code == 400
    assert db.session.get(User, user.id).language is None


def test_the_preference_needs_a_login(client):
    response = client.post("/account/language", data={"language": "ar"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_session_form_sets_the_participants_default_language(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    page = client.get("/sessions/new").get_data(as_text=True)
    assert "Langue par défaut des participants" in page
    assert client.post("/sessions/new", data=session_form(training.id, language="ar")
                       ).status_code == 302
    assert db.session.scalar(sa.select(Session.language)) == "ar"


def test_the_session_form_refuses_an_unknown_language(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    response = client.post("/sessions/new", data=session_form(training.id, language="xx"))
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_a_session_defaults_to_french(app):
    assert factories.session().language == "fr"


# Catalogues ----------------------------------------------------------------------------------

def translated(catalog) -> dict:
    """The translated messages; a plural message left untranslated, which the .mo holds as its
    French forms, counts as untranslated."""
    found = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string)
            if any(form and form not in message.id for form in forms):
                found[tuple(message.id)] = forms
        elif message.string:
            found[message.id] = message.string
    return found


@pytest.mark.parametrize("language", ["ar", "en"])
def test_each_committed_mo_is_its_po_compiled(language):
    """Run ./scripts/translations compile after editing a .po file: the application reads the
    .mo, not the .po."""
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po:
        expected = translated(read_po(po, locale=language))
    with open(folder / "messages.mo", "rb") as mo:
        compiled = translated(read_mo(mo))
    assert compiled == expected
    assert expected["Langue"]  # the test reads real catalogues


def test_the_template_holds_every_string_of_the_code_and_each_po_follows_it(tmp_path):
    """Run ./scripts/translations after adding or changing a string."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q",
         "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "-k", "lazy_ngettext:1,2", "-k", "ngettext:1,2", "-k", "npgettext:1c,2,3",
         "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)

    def ids(path: Path) -> set:
        with open(path, "rb") as file:
            return {message.id for message in read_po(file) if message.id}

    extracted = ids(fresh)
    assert ids(TRANSLATIONS / "messages.pot") == extracted
    for language in ("ar", "en"):
        assert ids(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po") == extracted


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_message_has_its_translation(language):
    """A string added without its Arabic and English translations fails here: fill them in
    trainings/translations/<language>/LC_MESSAGES/messages.po, then ./scripts/translations."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    untranslated = [message.id for message in catalog if message.id and (
        message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                 else [message.string]))]
    assert untranslated == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_translations_keep_the_placeholders_of_the_french(language):
    """A translation that drops or renames %(name)s would fail at run time (KeyError) or lose
    information: every named placeholder of the French is in the translation, and no other."""
    named = re.compile(r"%\(\w+\)[sd]")
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    wrong = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        if set(named.findall(message.id)) != set(named.findall(message.string)):
            wrong.append(message.id)
    assert wrong == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_babel_finds_no_error_in_the_catalogue(language):
    """What `pybabel compile` checks (python-format placeholders): an error there means a
    translation Babel would refuse to format. A bare « % » in French is written « %\u00a0des »."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    assert [(message.id, [str(e) for e in errors])
            for message, errors in catalog.check()] == []


def test_arabic_uses_western_digits():
    """Moroccan usage (ar_MA): 0-9 in Arabic text, never the Arabic-Indic digits."""
    with open(TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    eastern = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
    assert [m.id for m in catalog if m.id and eastern.search(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string)] == []


# Right to left ---------------------------------------------------------------------------------

PHYSICAL = re.compile(r"(margin|padding|border)-(left|right)|text-align:\s*(left|right)"
                      r"|float:\s*(left|right)|(?<![-\w])(left|right)\s*:")


@pytest.mark.parametrize("name", ["app.css", "checkin.css", "print.css"])
def test_the_stylesheets_use_logical_properties(name):
    """One stylesheet serves both directions: margin-inline-start, not margin-left."""
    css = (ROOT / "static" / "css" / name).read_text()
    css = css.replace("float:left;float:inline-start", "")  # a fallback for older phones
    assert PHYSICAL.findall(css) == []


def test_numbers_and_contacts_stay_left_to_right_in_arabic(app, client, half_day):
    page = client.get(f"/c/{token_for(app, half_day)}?lang=ar").get_data(as_text=True)
    contact = re.search(r'<input[^>]*name="contact"[^>]*>', page).group(0)
    assert 'dir="ltr"' in contact
    email = re.search(r'<input[^>]*type="email"[^>]*>', page).group(0)
    assert 'dir="ltr"' in email
    assert re.search(r'<bdi dir="ltr">\d\d:\d\d–\d\d:\d\d</bdi>', page)
    code = client.get("/c?lang=ar").get_data(as_text=True)
    assert 'dir="ltr"' in re.search(r'<input[^>]*name="code"[^>]*>', code).group(0)


def test_the_bdi_filter_escapes_what_it_isolates():
    assert str(i18n.bdi("<script>1</script>")) == \
        '<bdi dir="ltr">&lt;script&gt;1&lt;/script&gt;</bdi>'


# Dates and numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("language, number, month", [
    ("fr", "1\u202f234,5", "décembre"), ("ar", "1.234,5", "دجنبر"), ("en", "1,234.5", "December")])
def test_dates_and_numbers_follow_the_language_with_western_digits(app, language, number, month):
    from trainings.templating import date_fr, figure  # the app floor, imported late

    with app.test_request_context(f"/?lang={language}"):
        assert figure(1234.5) == number
        assert month in date_fr(date(2026, 12, 3))
        assert "2026" in date_fr(date(2026, 12, 3))


def test_the_participant_header_dates_the_half_day_in_the_page_s_language(app, client, half_day):
    page = client.get(f"/c/{token_for(app, half_day)}?lang=ar").get_data(as_text=True)
    header = re.search(r"<header>(.*?)</header>", page, re.S).group(1)
    assert re.search(r"[\u0600-\u06ff]", header.split("<br>")[1])  # the day and month in Arabic
    assert not re.search(r"[\u0660-\u0669]", page)  # no Eastern Arabic digits


def test_hostile_query_text_stays_inert_in_the_switch(client):
    hostile = '"><script>alert(1)</script>=HYPERLINK("x")'
    page = client.get("/c", query_string={"x": hostile, "lang": "ar"}).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    href = switch_links(page)["fr"]["href"]
    assert parse_qsl(urlsplit(href).query) == [("x", hostile), ("lang", "fr")]


def test_an_answer_to_a_test_form_offers_the_switch_back_to_the_test(client, room):
    """A form sent back with a problem (no contact given) is an answer to a POST: the switch
    opens the test's own address in the other language."""
    response = client.post(f"{room.url}/identify", data={"contact": ""})
    links = switch_links(response.get_data(as_text=True))
    assert links["ar"]["href"] == f"{room.url}?lang=ar"
    assert html_tag(client.get(links["ar"]["href"]).get_data(as_text=True)) == ("ar", "rtl")


def test_the_session_page_shows_the_participants_language(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    session.language = "ar"
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert '<dd><bdi lang="ar">العربية</bdi></dd>' in page


def test_the_switch_keeps_the_prefix_the_application_is_served_under(client):
    page = client.get("/c?lang=en", environ_overrides={"SCRIPT_NAME": "/formations"}
                      ).get_data(as_text=True)
    assert switch_links(page)["ar"]["href"] == "/formations/c?lang=ar"
