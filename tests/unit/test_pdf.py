"""Sign-in sheets and certificates as PDF, without an application: text read back with pypdf,
and as drawn (Arabic right to left, its letters joined) from the pages' content."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from tests.pdfdrawn import drawn_glyphs, drawn_lines, drawn_pieces
from trainings.documents import pdf
from trainings.documents.services import certificate_labels, sheet_labels
from trainings.documents.shaping import ShapingPdf
from trainings.exports.sheet_data import HalfDayColumn, PersonRow, Presence, SessionSheet

FONT_DIR = str(Path(__file__).resolve().parents[2] / "static" / "fonts")
DRAWN = "M10 100L40 20L70 110L100 30M150 60l30 10l30 -20"


def half_days(days: int = 2) -> list[HalfDayColumn]:
    columns = []
    for day in range(days):
        on = date(2026, 12, 7 + day)
        columns.append(HalfDayColumn(2 * day + 1, on, "morning", "matin", time(9), time(12, 30)))
        columns.append(HalfDayColumn(2 * day + 2, on, "afternoon", "après-midi", time(14),
                                     time(17)))
    return columns


def presence(hour: int = 8, minute: int = 52, method: str = "qr", signature: str | None = None,
             day: int = 7) -> Presence:
    return Presence(at=datetime(2026, 12, day, hour, minute), method=method,
                    method_label="QR code (téléphone)", recorded_by="", signature=signature)


def person(number: int, last_name: str, first_name: str, sex: str = "F",
           presences: list | None = None, columns: int = 4) -> PersonRow:
    return PersonRow(number=number, participant_id=100 + number, last_name=last_name,
                     first_name=first_name, sex=sex, organization="Association Tanmia",
                     organization_kind="Association locale (OSC)", function="Animatrice",
                     phone=f"+2126000000{number:02d}", email=f"p{number}@example.org",
                     walk_in=False, presences=presences or [None] * columns)


def make_sheet(rows: list[PersonRow], days: int = 2) -> SessionSheet:
    return SessionSheet(
        session_id=1, programme="Programme d’appui à la régionalisation",
        funders="AFD, Union européenne", training="Genre et migration", theme="Genre",
        title="Atelier Nador", start_date=date(2026, 12, 7),
        end_date=date(2026, 12, 6 + days), venue="Salle de la Wilaya", province="Nador",
        region="Oriental", trainers="Experte genre", certificate_threshold=80,
        half_days=half_days(days), rows=rows)


def pages_text(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def sheet_pdf(sheet: SessionSheet) -> bytes:
    return pdf.signin_sheet_pdf(sheet, sheet_labels(), FONT_DIR)


# Sign-in sheet -----------------------------------------------------------------------------

def test_the_sheet_lists_people_half_days_and_check_in_times():
    rows = [person(1, "EL AMRANI", "Fatima-Zahra", presences=[presence(8, 52), None, None, None]),
            person(2, "BENALI", "Youssef", "H",
                   presences=[presence(9, 5, "badge"), presence(14, 1, "manual"), None, None])]
    text = " ".join(pages_text(sheet_pdf(make_sheet(rows))))
    for expected in ("Feuille de présence", "Programme d’appui à la régionalisation",
                     "AFD, Union européenne", "Genre et migration", "Atelier Nador",
                     "Salle de la Wilaya", "Nador, Oriental", "Experte genre",
                     "EL AMRANI", "Fatima-Zahra", "BENALI", "Youssef", "Association Tanmia",
                     "+212600000001", "p2@example.org",
                     "lun. 7 déc. 2026", "mar. 8 déc. 2026", "matin", "après-midi",
                     "09:00–12:30", "14:00–17:00",
                     "08:52 · QR code", "09:05 · badge", "14:01 · manuel"):
        assert expected in text, expected
    assert "N° Nom Prénom" in text


def test_a_check_in_recorded_another_day_shows_its_date():
    rows = [person(1, "EL AMRANI", "Fatima", presences=[None, None, presence(10, 0, day=9),
                                                        None])]
    assert "09/12 10:00" in pages_text(sheet_pdf(make_sheet(rows)))[0]


def test_check_ins_outside_the_times_are_marked_and_explained_under_the_totals():
    early = replace(presence(7, 51), timing="early")
    late = replace(presence(10, 0, day=9), timing="late")
    rows = [person(n, f"NOM{n:02d}", "Prénom", presences=[presence(), None, None, None])
            for n in range(1, 40)]
    rows += [person(40, "TÔT", "Awa", presences=[early, None, late, None])]
    pages = pages_text(sheet_pdf(make_sheet(rows)))
    everything = " ".join(pages)
    assert "07:51 · QR code ¹" in everything and "09/12 10:00 · QR code ²" in everything
    assert "08:52 · QR code ¹" not in everything and everything.count("¹") == 2
    # The legend follows the totals, on the same page.
    assert pages[-1].index("Total présent·e·s") < pages[-1].index(
        "¹ pointé plus de 30 min avant le début ² pointé après la fin")


def test_no_legend_without_such_check_ins():
    rows = [person(1, "A", "Aicha", "F", [presence(), None, None, None])]
    assert "pointé" not in " ".join(pages_text(sheet_pdf(make_sheet(rows))))


def test_totals_of_women_men_and_all_per_half_day():
    rows = [person(1, "A", "Aicha", "F", [presence(), presence(), None, None]),
            person(2, "B", "Brahim", "H", [presence(), None, None, None]),
            person(3, "C", "Chaima", "F", [presence(), None, None, None])]
    text = pages_text(sheet_pdf(make_sheet(rows)))[-1]
    # Half-days without any check-in are left blank, to be counted by hand on paper.
    assert "Femmes (F) 2 1 Hommes (H) 1 0 Total présent·e·s 3 1" in text
    assert "non renseigné" not in text


def test_a_person_without_recorded_sex_is_counted_apart_and_in_the_total():
    rows = [person(1, "A", "Aicha", "F", [presence(), None, None, None]),
            person(2, "X", "Sami", "", [presence(), None, None, None])]
    text = pages_text(sheet_pdf(make_sheet(rows)))[-1]
    assert "Femmes (F) 1 Hommes (H) 0 Sexe non renseigné 1 Total présent·e·s 2" in text


def test_forty_people_run_over_pages_with_the_header_row_on_each():
    rows = [person(n, f"NOM{n:02d}", f"Prénom{n:02d}", "F" if n % 2 else "H",
                   [presence(), None, presence(), None]) for n in range(1, 41)]
    pages = pages_text(sheet_pdf(make_sheet(rows)))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "N° Nom Prénom Sexe (F/H) Organisation Fonction Téléphone / e-mail" in text
        assert "lun. 7 déc. 2026 matin 09:00–12:30" in text
        assert f"page {number} / {len(pages)}" in text
    everything = " ".join(pages)
    assert all(everything.count(f"NOM{n:02d}") == 1 for n in range(1, 41))
    assert "Femmes (F) 20 20 Hommes (H) 20 20 Total présent·e·s 40 40" in pages[-1]
    # The summary block is printed once, on the first page.
    assert sum("Formateur·rice·s" in text for text in pages) == 1


def test_blank_numbered_rows_follow_for_walk_ins_and_a_small_session_fits_one_page():
    rows = [person(n, f"NOM{n}", "Prénom") for n in range(1, 4)]
    (text,) = pages_text(sheet_pdf(make_sheet(rows)))
    blank_rows = text.split("p3@example.org", 1)[1].split("Femmes (F)", 1)[0]
    numbers = [int(n) for n in blank_rows.split()]
    assert numbers[:pdf.MIN_BLANK_ROWS] == list(range(4, 4 + pdf.MIN_BLANK_ROWS))


def test_a_drawn_signature_is_drawn_as_lines():
    unsigned = make_sheet([person(1, "A", "Aicha", presences=[presence(), None, None, None])])
    signed = make_sheet([person(1, "A", "Aicha",
                                presences=[presence(signature=DRAWN), None, None, None])])

    def line_operators(content: bytes) -> int:
        page = PdfReader(io.BytesIO(content)).pages[0]
        return len(re.findall(rb"\sl\s", page.get_contents().get_data()))

    assert line_operators(sheet_pdf(signed)) >= line_operators(sheet_pdf(unsigned)) + 5


def test_a_typed_signature_shows_the_name():
    rows = [person(1, "A", "Aicha",
                   presences=[presence(signature="typed:Aïcha Ben Saïd"), None, None, None])]
    assert "Aïcha Ben Saïd" in pages_text(sheet_pdf(make_sheet(rows)))[0]


def test_signature_paths_are_parsed_clamped_and_garbage_ignored():
    assert pdf.signature_strokes("M10 10L20 20l5 5M-5 500L400 -1") == [
        [(10.0, 10.0), (20.0, 20.0), (25.0, 25.0)], [(0.0, 140.0), (320.0, 0.0)]]
    assert pdf.signature_strokes("<script>alert(1)</script>") == []
    sheet = make_sheet([person(1, "A", "Aicha",
                               presences=[presence(signature="M1 1"), presence(signature="L"),
                                          presence(signature="M 5,5 L 6,6"), None])])
    assert pages_text(sheet_pdf(sheet))


def test_long_sessions_split_half_days_by_whole_days():
    columns = half_days(3)
    assert pdf.half_day_groups(columns) == [[0, 1, 2, 3], [4, 5]]
    assert pdf.half_day_groups(half_days(2)) == [[0, 1, 2, 3]]
    rows = [person(1, "EL AMRANI", "Fatima", presences=[presence()] * 6, columns=6)]
    text = " ".join(pages_text(sheet_pdf(make_sheet(rows, days=3))))
    assert "mer. 9 déc. 2026" in text
    assert text.count("EL AMRANI") == 2  # once per group of half-days


def test_a_session_without_half_days_still_prints_its_list():
    sheet = replace(make_sheet([person(1, "EL AMRANI", "Fatima", columns=0)]), half_days=[])
    (text,) = pages_text(sheet_pdf(sheet))
    assert "EL AMRANI" in text and "Total" not in text


# Certificates ------------------------------------------------------------------------------

def certificate(name: str = "Fatima-Zahra EL AMRANI", **changes) -> pdf.CertificateData:
    data = pdf.CertificateData(
        full_name=name, training="Genre et migration : l’approche genre",
        session_title="Atelier Nador", start_date=date(2026, 12, 7), end_date=date(2026, 12, 8),
        venue="Salle de la Wilaya", province="Nador", programme="Programme d’appui",
        funders="AFD, Union européenne",
        half_days_attended=("lundi 7 décembre 2026, matin (09:00–12:30)",
                            "lundi 7 décembre 2026, après-midi (14:00–17:00)",
                            "mardi 8 décembre 2026, matin (09:00–12:30)",
                            "mardi 8 décembre 2026, après-midi (14:00–17:00)"),
        half_days_total=4,
        verification_url="https://formations.example.org/attestation/WzEsMl0.sig-" + name[:3],
        issued_on=date(2026, 12, 9))
    return replace(data, **changes)


def certificates_pdf(*certificates: pdf.CertificateData) -> bytes:
    return pdf.certificates_pdf(list(certificates), certificate_labels(), FONT_DIR)


def test_one_page_per_certificate_with_the_facts():
    content = certificates_pdf(certificate("Fatima-Zahra EL AMRANI"),
                               certificate("Youssef BENALI"))
    first, second = pages_text(content)
    assert "Fatima-Zahra EL AMRANI" in first and "Youssef BENALI" in second
    for expected in ("Attestation de présence", "Programme d’appui", "AFD, Union européenne",
                     "Nous attestons que Fatima-Zahra EL AMRANI a participé à la formation "
                     "« Genre et migration : l’approche genre »",
                     "du 7 décembre 2026 au 8 décembre 2026", "Salle de la Wilaya, Nador",
                     "Demi-journées de présence : 4 sur 4",
                     "mardi 8 décembre 2026, après-midi (14:00–17:00)", "9 décembre 2026"):
        assert expected in first.replace("\u00a0", " "), expected


def test_a_one_day_session_reads_le():
    content = certificates_pdf(certificate(end_date=date(2026, 12, 7)))
    assert "le 7 décembre 2026" in pages_text(content)[0]


def test_each_certificate_carries_its_link_printed_and_as_a_qr_code():
    data = [certificate("Fatima-Zahra EL AMRANI"), certificate("Youssef BENALI")]
    reader = PdfReader(io.BytesIO(certificates_pdf(*data)))
    for page, certificate_data in zip(reader.pages, data):
        assert certificate_data.verification_url in page.extract_text()
        (image,) = page.images
        decoded = zxingcpp.read_barcodes(image.image)
        assert [code.text for code in decoded] == [certificate_data.verification_url]


@pytest.mark.parametrize("url", ["http://192.168.1.20:5000/attestation/" + "x" * 120])
def test_a_long_link_still_fits_under_the_code(url):
    page = PdfReader(io.BytesIO(certificates_pdf(certificate(verification_url=url)))).pages[0]
    assert url in "".join(page.extract_text().split())


# Arabic ------------------------------------------------------------------------------------

ARABIC_NAME = "فاطمة الزهراء العلوي"
# فاطمة with its letters joined: feh initial, alef final, tah initial, meem medial, teh marbuta
# final (the glyphs of the Arabic presentation forms).
FATIMA_JOINED = set("\ufed3\ufe8e\ufec3\ufee4\ufe94")


def seen(text: str) -> str:
    """Arabic (without digits or ligatures) as the eye meets it, left to right: last letter
    first."""
    return text[::-1]


def drawn_text(content: bytes, page_number: int = 0) -> str:
    return "\n".join(drawn_lines(content, page_number))


def test_an_arabic_name_on_a_certificate_reads_right_to_left_with_joined_letters():
    content = certificates_pdf(certificate(ARABIC_NAME))
    assert (f"Nous attestons que {seen(ARABIC_NAME)} a participé à la formation"
            in drawn_text(content))
    # Copied or searched, the name comes back in reading order.
    assert f"Nous attestons que {ARABIC_NAME}" in pages_text(content)[0]
    glyphs = drawn_glyphs(content)
    assert FATIMA_JOINED <= glyphs
    assert not {"\u0641", "\u0645"} & glyphs  # feh, meem: never alone in the name


def test_a_latin_name_is_drawn_as_before_and_french_lines_are_not_shaped():
    latin = certificates_pdf(certificate("Fatima-Zahra EL AMRANI"))
    assert "Nous attestons que Fatima-Zahra EL AMRANI a participé" in drawn_text(latin)
    # Shaped text is drawn glyph by glyph; French is drawn a line at a time, as it always was.
    assert all(len(pieces) == 1 for pieces in drawn_pieces(latin))
    arabic = certificates_pdf(certificate(ARABIC_NAME))
    drawn_whole = {"".join(pieces) for pieces in drawn_pieces(arabic) if len(pieces) == 1}
    assert {"Attestation de présence", "Demi-journées de présence : 4 sur 4",
            "Fait le 9 décembre 2026"} <= drawn_whole  # only the paragraphs with Arabic...
    (line,) = [pieces for pieces in drawn_pieces(arabic) if "Nous attestons que " in pieces]
    assert line[-1].startswith(" a participé à la formation")  # ...and only the Arabic in them


def test_arabic_with_digits_reads_right_in_french_lines_and_alone():
    content = certificates_pdf(certificate("Aya", training="تكوين 2030"))
    assert f"Aya a participé à la formation « 2030 {seen('تكوين')} » (session" in (
        drawn_text(content).replace("\u00a0", " "))
    rows = [replace(person(1, "EL AMRANI", "Fatima"), organization="Association جمعية 2030",
                    function="جمعية 2030")]
    text = drawn_text(sheet_pdf(make_sheet(rows)))
    assert f"Association 2030 {seen('جمعية')}" in text  # in a French cell
    assert f"{seen('جمعية')}2030 {seen('جمعية')}" in text  # then alone in the next cell


def test_arabic_names_and_typed_signature_on_the_sheet():
    rows = [person(1, "العلوي", "فاطمة الزهراء",
                   presences=[presence(signature="typed:فاطمة العلوي"), None, None, None]),
            person(2, "EL AMRANI", "Fatima")]
    content = sheet_pdf(make_sheet(rows))
    lines = drawn_lines(content)
    assert any(f"1{seen('العلوي')}{seen('فاطمة الزهراء')}F" in line for line in lines)
    assert seen("فاطمة العلوي") in lines
    assert any("2EL AMRANIFatimaF" in line for line in lines)
    assert FATIMA_JOINED <= drawn_glyphs(content)


# Hostile text ------------------------------------------------------------------------------

TEN_KB = ("=HYPERLINK(\"http://evil\",\"x\") جمعية 2030 <script>alert(1)</script> " * 200)[:10_240]
HOSTILE = ('=HYPERLINK("http://evil","x")', "<script>alert(1)</script>", "Fa\x01ti\x1fma\x7f",
           "فاطمة الزهراء 2026", "\u202eEL AMRANI", "a\tb\nc", TEN_KB)
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # not \n


def hostile_sheet() -> SessionSheet:
    """Each hostile text in every free-text field of one row or another and of the session."""
    n = len(HOSTILE)
    rows = [replace(person(k + 1, HOSTILE[k], HOSTILE[(k + 1) % n],
                           presences=[presence(signature="typed:" + HOSTILE[(k + 2) % n]),
                                      presence(signature=HOSTILE[(k + 3) % n]), None, None]),
                    organization=HOSTILE[(k + 4) % n], function=HOSTILE[(k + 5) % n],
                    phone=HOSTILE[(k + 6) % n], email=HOSTILE[k])
            for k in range(n)]
    return replace(make_sheet(rows), programme=TEN_KB, funders=TEN_KB, training=HOSTILE[4],
                   title=TEN_KB, venue=HOSTILE[0], trainers=HOSTILE[2])


def test_hostile_text_in_every_field_of_the_sheet_prints_cut_and_harmless():
    content = sheet_pdf(hostile_sheet())
    pages = [drawn_text(content, number) for number in range(len(pages_text(content)))]
    assert len(pages) <= 2  # 10 KB fields are cut, not spread over pages
    text = "\n".join(pages)
    assert not CONTROLS.search(text)
    for expected in ('=HYPERLINK("http://evil","x")', "<script>alert(1)</script>", "Fatima",
                     f"2026 {seen('فاطمة الزهراء')}", "EL AMRANI", "a b c"):
        assert expected in text, expected
    assert "INARMA LE" not in text  # the override typed before the name is not obeyed
    assert text.count("…") >= 7


def test_hostile_text_in_every_field_of_a_certificate_prints_cut_and_harmless():
    long = dict(training=TEN_KB, session_title=TEN_KB, venue=TEN_KB, programme=TEN_KB,
                funders=TEN_KB)
    content = certificates_pdf(*(certificate(name, **long) for name in HOSTILE))
    assert len(pages_text(content)) == len(HOSTILE)  # one page each, however long the texts
    for number in range(len(HOSTILE)):
        text = drawn_text(content, number)
        assert not CONTROLS.search(text)
        assert "Nous attestons que " in text and "Demi-journées de présence : 4 sur 4" in text
    assert "Nous attestons que EL AMRANI a participé à la formation" in drawn_text(content, 4)
    assert "Nous attestons que Fatima a participé" in drawn_text(content, 2)


def test_a_text_of_10_kb_is_cut_in_a_few_measures(monkeypatch):
    measures = []
    measure = ShapingPdf.get_string_width
    monkeypatch.setattr(ShapingPdf, "get_string_width",
                        lambda self, text, *args, **kwargs: measures.append(len(text))
                        or measure(self, text, *args, **kwargs))
    sheet = make_sheet([replace(person(1, "EL AMRANI", "Fatima"), organization=TEN_KB)])
    assert "…" in drawn_text(sheet_pdf(sheet))
    # Each measure of a cut holds at most a few hundred characters, and there are a handful.
    long_measures = [length for length in measures if length > 100]
    assert 0 < len(long_measures) <= 40 and max(long_measures) < 400
