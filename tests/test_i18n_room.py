"""What the room reads (projection, posters): in French and in Arabic, each line with its lang
and dir, when the session's participants default to Arabic, whatever the staff member's
language; otherwise in the staff member's language alone."""
from __future__ import annotations

import html as html_module
import re

import pytest
from flask_babel import force_locale, format_date, gettext
from markupsafe import escape

from tests import factories
from trainings.attendance.models import CheckInMethod
from trainings.attendance.services import record_check_in
from trainings.extensions import db
from trainings.models import Role, Sex
from trainings.schedule.models import WindowOverride

HOSTILE_TITLE = '<script>alert(1)</script> =HYPERLINK("x") جمعية 2030'


def in_language(app, message: str, language: str, **values) -> str:
    with app.test_request_context(), force_locale({"ar": "ar_MA", "fr": "fr_MA"}[language]):
        return gettext(message, **values)


def lines(page: str, language: str) -> list[str]:
    """The texts of the page's lines marked with that language and its direction."""
    direction = "rtl" if language == "ar" else "ltr"
    found = re.findall(rf'<span class="in-language" lang="{language}" dir="{direction}">(.*?)'
                       r'</span>(?=<span class="in-language"|</)', page, flags=re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", text)) for text in found]


def staff_in(auth, language: str | None):
    user = factories.user(Role.EXPERT)
    user.language = language
    auth.login(user)


@pytest.fixture
def arabic_session():
    session = factories.session(title=HOSTILE_TITLE)
    session.language = "ar"
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    person = factories.participant(sex=Sex.FEMALE)
    factories.registration(session, person)
    record_check_in(half_day.id, person.id, CheckInMethod.QR)
    db.session.commit()
    return session


@pytest.mark.parametrize("staff_language", ["fr", "en", "ar"])
def test_projection_is_bilingual_when_the_session_defaults_to_arabic(app, client, auth,
                                                                     arabic_session,
                                                                     staff_language):
    staff_in(auth, staff_language)
    half_day = arabic_session.half_days[0]
    page = client.get(f"/sessions/{arabic_session.id}/half-days/{half_day.id}/project").text
    scan = ("Scannez le QR code avec l'appareil photo de votre téléphone pour pointer "
            "votre présence.")
    for message in (scan, "Femmes", "Hommes", "Émargement"):
        assert in_language(app, message, "fr") in lines(page, "fr"), message
        assert in_language(app, message, "ar") in lines(page, "ar"), message
    # The half-day in both languages, its date formatted in each.
    with app.test_request_context(), force_locale("ar_MA"):
        arabic_date = format_date(half_day.date, "EEEE d MMMM y")
    assert any(line.startswith(arabic_date) for line in lines(page, "ar"))
    with app.test_request_context(), force_locale("fr_MA"):
        french_date = format_date(half_day.date, "EEEE d MMMM y")
    assert any(line.startswith(french_date) for line in lines(page, "fr"))
    # The session's title, typed by staff, is shown as text, never as markup.
    assert "<script>alert(1)</script>" not in page
    assert str(escape(HOSTILE_TITLE)) in page


def test_posters_are_bilingual_when_the_session_defaults_to_arabic(app, client, auth,
                                                                  arabic_session):
    staff_in(auth, "fr")
    page = client.get(f"/sessions/{arabic_session.id}/posters").text
    for message in ("Pointez votre présence", "Ou ouvrez ce lien :"):
        assert lines(page, "fr").count(in_language(app, message, "fr")) == len(
            arabic_session.half_days)
        assert lines(page, "ar").count(in_language(app, message, "ar")) == len(
            arabic_session.half_days)


@pytest.mark.parametrize("staff_language", ["fr", "ar"])
def test_a_french_session_shows_the_room_the_staff_language_only(app, client, auth,
                                                                staff_language):
    session = factories.session()
    assert session.language == "fr"
    half_day = session.half_days[0]
    db.session.commit()
    staff_in(auth, staff_language)
    for path in (f"/sessions/{session.id}/half-days/{half_day.id}/project",
                 f"/sessions/{session.id}/posters"):
        page = client.get(path).text
        assert 'class="in-language"' not in page
        other = "fr" if staff_language == "ar" else "ar"
        title = "Pointez votre présence" if "posters" in path else "Femmes"
        assert in_language(app, title, staff_language) in page
        assert in_language(app, title, other) not in page
