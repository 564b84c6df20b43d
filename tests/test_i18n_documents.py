"""PDFs in the reader's language: the sign-in sheet in the staff member's, laid out from the
right in Arabic with an Arabic name kept in reading order; certificates in the language chosen
(the session's by default); the public check in the participant's language."""
from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, format_date, gettext
from pypdf import PdfReader

from tests import audit, factories
from tests.pdfdrawn import drawn_glyphs, drawn_lines, drawn_lines_placed
from trainings.attendance.models import CheckInMethod
from trainings.attendance.services import record_check_in
from trainings.extensions import db
from trainings.models import Role, Sex

ARABIC_LAST, ARABIC_FIRST = "العلوي", "فاطمة الزهراء"
# فاطمة with its letters joined: the glyphs of the Arabic presentation forms.
FATIMA_JOINED = set("\ufed3\ufe8e\ufec3\ufee4\ufe94")
PAGE_WIDTH_PT = {"portrait": 595.28, "landscape": 841.89}
URL = re.compile(r"https?://\S+/attestation/\S+")


def seen(text: str) -> str:
    """Arabic (without digits) as the eye meets it, left to right: last letter first."""
    return text[::-1]


def translated(app, message: str, language: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        text = gettext(message, **values)
    if language != "fr":
        assert text != message % values if values else text != message
    return text


def pages_text(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def world():
    """Two days: Fatima (Arabic name) came to all four half-days, Youssef to one."""
    session = factories.session(region="oriental", days=2, title="Atelier genre Nador",
                                venue="Salle de la Wilaya")
    fatima = factories.participant(first_name=ARABIC_FIRST, last_name=ARABIC_LAST)
    youssef = factories.participant(first_name="Youssef", last_name="Benali", sex=Sex.MALE)
    for person in (fatima, youssef):
        factories.registration(session, person)
    for half_day in session.half_days:
        record_check_in(half_day.id, fatima.id, CheckInMethod.QR)
    record_check_in(session.half_days[0].id, youssef.id, CheckInMethod.MANUAL)
    db.session.commit()
    return {"session": session, "fatima": fatima, "youssef": youssef}


def staff_in(auth, language: str | None, role=Role.EXPERT):
    user = factories.user(role)
    user.language = language
    auth.login(user)
    return user


def download(client, url: str, **query) -> bytes:
    response = client.get(url, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return response.data


# The sign-in sheet ---------------------------------------------------------------------------

def test_sign_in_sheet_in_arabic_for_a_staff_member_reading_arabic(app, client, auth, world):
    staff_in(auth, "ar")
    content = download(client, f"/sessions/{world['session'].id}/signin-sheet.pdf")
    text = pages_text(content)[0]
    # Extracted back in reading order: the labels in Arabic, the Arabic name as typed.
    for label in ("Feuille de présence", "Formation", "Prénom", "Dates"):
        assert translated(app, label, "ar") in text, label
    assert "Feuille de présence" not in text
    assert ARABIC_LAST in text and ARABIC_FIRST in text
    # The table runs from the right: on Fatima's row, as drawn left to right, her first name,
    # then her last name, then her number at the right end.
    row = re.compile(re.escape(f"{seen(ARABIC_FIRST)}{seen(ARABIC_LAST)}") + r"\d+$")
    lines = drawn_lines(content)
    assert any(row.search(line) for line in lines)
    assert FATIMA_JOINED <= drawn_glyphs(content)
    # The narrow columns' headings, longer in Arabic, are set smaller rather than cut.
    assert seen(translated(app, "N°", "ar")) in lines
    # The title begins at the right margin.
    title = translated(app, "Feuille de présence", "ar")
    (x, _line), = [(x, line) for x, line in drawn_lines_placed(content) if line == seen(title)]
    assert x > PAGE_WIDTH_PT["landscape"] / 2


@pytest.mark.parametrize("language", ["fr", None])
def test_sign_in_sheet_in_french_runs_from_the_left(client, auth, world, language):
    staff_in(auth, language)
    content = download(client, f"/sessions/{world['session'].id}/signin-sheet.pdf")
    text = pages_text(content)[0]
    assert "Feuille de présence" in text and "Prénom" in text
    row = re.compile(r"^\d+" + re.escape(f"{seen(ARABIC_LAST)}{seen(ARABIC_FIRST)}"))
    assert any(row.search(line) for line in drawn_lines(content))
    (x, _line), = [(x, line) for x, line in drawn_lines_placed(content)
                   if line == "Feuille de présence"]
    assert x < 40


def test_sign_in_sheet_in_english(app, client, auth, world):
    staff_in(auth, "en")
    text = pages_text(download(client, f"/sessions/{world['session'].id}/signin-sheet.pdf"))[0]
    assert translated(app, "Feuille de présence", "en") in text
    assert "Feuille de présence" not in text


# Certificates --------------------------------------------------------------------------------

def certificate_url(world, person: str = "fatima") -> str:
    return f"/sessions/{world['session'].id}/participants/{world[person].id}/certificate.pdf"


def test_a_certificate_printed_in_arabic_reads_right_to_left(app, client, auth, world):
    staff_in(auth, "fr")  # whatever the staff member reads
    content = download(client, certificate_url(world), language="ar")
    text = pages_text(content)[0]
    assert translated(app, "Attestation de présence", "ar") in text
    assert "Attestation de présence" not in text and "Nous attestons" not in text
    # The name in reading order inside the Arabic sentence, its letters joined.
    statement_start = translated(app, "Nous attestons que %(name)s a participé à la formation "
                                 "«\u00a0%(training)s\u00a0» (session «\u00a0%(session)s\u00a0»),"
                                 " %(dates)s, à %(place)s.", "ar",
                                 name="@@", training="", session="", dates="", place="")
    before_name = statement_start.split("@@")[0]
    assert f"{before_name}{ARABIC_FIRST} {ARABIC_LAST}" in text
    assert FATIMA_JOINED <= drawn_glyphs(content)
    # Dates in Arabic with Western digits, and the half-days in Arabic too.
    with app.test_request_context(), force_locale("ar_MA"):
        start = format_date(world["session"].start_date, "d MMMM y")
    assert re.search(r"\d{4}", start) and visual(start) in "\n".join(drawn_lines(content))
    with app.test_request_context(), force_locale("ar_MA"):
        morning = gettext("matin")
    assert morning != "matin" and visual(morning) in "\n".join(drawn_lines(content))
    assert "matin" not in text
    # Every paragraph ends at the right margin: the closing line begins right of the middle.
    closing = translated(app, "Cette attestation est délivrée pour servir et valoir ce "
                         "que de droit.", "ar")
    last_word = seen(_bare(closing).split()[-1].strip("."))  # drawn first, on the left
    placed = drawn_lines_placed(content)
    (x, _line), = [(x, line) for x, line in placed if last_word in line]
    assert x > 150


def visual(text: str) -> str:
    """A short Arabic text with numbers as drawn left to right: the words in reverse order,
    each Arabic word's letters reversed, numbers kept."""
    return " ".join(word if word.isascii() else seen(word) for word in reversed(text.split()))


def _bare(text: str) -> str:
    """Arabic without its vowel marks (drawn apart from their letters)."""
    return re.sub("[\u064b-\u065f]", "", text)


def test_a_certificate_in_french_is_laid_out_as_before(client, auth, world):
    staff_in(auth, "ar")  # the staff member's own language does not decide it
    content = download(client, certificate_url(world), language="fr")
    text = pages_text(content)[0]
    assert "Attestation de présence" in text
    assert f"Nous attestons que {ARABIC_FIRST} {ARABIC_LAST}" in text
    assert "a participé à la formation" in text
    placed = drawn_lines_placed(content)
    (x, _line), = [(x, line) for x, line in placed if line.startswith("Cette attestation")]
    assert x < 60  # the left margin (20 mm)


def test_a_certificate_in_english(client, auth, world):
    staff_in(auth, "fr")
    text = pages_text(download(client, certificate_url(world), language="en"))[0]
    assert "Attestation de présence" not in text and ARABIC_LAST in text


def test_certificates_default_to_the_session_language(app, client, auth, world):
    world["session"].language = "ar"
    db.session.commit()
    staff_in(auth, "fr")
    content = download(client, f"/sessions/{world['session'].id}/certificates.pdf")
    assert translated(app, "Attestation de présence", "ar") in pages_text(content)[0]
    (log,) = audit.downloads()
    assert log.details["language"] == "ar"


def test_the_session_page_offers_the_language_with_the_session_default(client, auth, world):
    world["session"].language = "ar"
    db.session.commit()
    staff_in(auth, "fr")
    page = client.get(f"/sessions/{world['session'].id}").get_data(as_text=True)
    assert "Langue de l&#39;attestation" in page or "Langue de l'attestation" in page
    assert re.search(r'<option selected value="ar">|<option value="ar" selected>', page)
    assert f'action="/sessions/{world["session"].id}/certificates.pdf"' in page


def test_an_unknown_certificate_language_is_refused_and_nothing_is_downloaded(client, auth,
                                                                              world):
    staff_in(auth, "fr")
    response = client.get(certificate_url(world), query_string={"language": "xx"},
                          follow_redirects=True)
    assert response.request.path == f"/sessions/{world['session'].id}"
    assert "Langue de l&#39;attestation inconnue" in response.get_data(as_text=True)
    assert audit.downloads() == []


# The public check ----------------------------------------------------------------------------

def test_the_certificate_check_follows_the_participant_language(app, client, auth, world):
    staff_in(auth, "fr")
    text = pages_text(download(client, certificate_url(world), language="fr"))[0]
    path = urlsplit(URL.search(text).group(0)).path
    client.post("/logout")
    phone = app.test_client()
    response = phone.get(path, headers={"Accept-Language": "ar-MA,ar;q=0.9"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert translated(app, "Attestation authentique", "ar") in html
    assert f"{ARABIC_FIRST} {ARABIC_LAST}" in html
    french = app.test_client().get(path, headers={"Accept-Language": "fr-FR"})
    assert "Attestation authentique" in french.get_data(as_text=True)


# Hostile text, laid out from the right --------------------------------------------------------

def test_hostile_text_on_an_arabic_sheet_and_certificate_prints_cut_and_harmless(app):
    from tests.unit.test_pdf import (
        CONTROLS, FONT_DIR, HOSTILE, TEN_KB, certificate, hostile_sheet,
    )
    from trainings.documents import pdf
    from trainings.documents.services import certificate_labels, sheet_labels

    with app.test_request_context(), force_locale("ar_MA"):
        sheet = pdf.signin_sheet_pdf(hostile_sheet(), sheet_labels(), FONT_DIR, "ar_MA", True)
        long = dict(training=TEN_KB, session_title=TEN_KB, venue=TEN_KB, programme=TEN_KB,
                    funders=TEN_KB)
        certificates = pdf.certificates_pdf([certificate(name, **long) for name in HOSTILE],
                                            certificate_labels(), FONT_DIR, "ar_MA", True)
    sheet_pages = pages_text(sheet)
    assert len(sheet_pages) <= 2  # 10 KB fields are cut, not spread over pages
    drawn = "\n".join(line for number in range(len(sheet_pages))
                      for line in drawn_lines(sheet, number))
    assert not CONTROLS.search(drawn)
    for expected in ('=HYPERLINK("http://evil","x")', "<script>alert(1)</script>", "EL AMRANI"):
        assert expected in drawn, expected
    assert "INARMA LE" not in drawn  # the override typed before the name is not obeyed
    assert len(pages_text(certificates)) == len(HOSTILE)  # one page each
    for number in range(len(HOSTILE)):
        assert not CONTROLS.search("\n".join(drawn_lines(certificates, number)))
