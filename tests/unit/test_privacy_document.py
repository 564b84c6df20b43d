"""The pure cores of a person's export: the document and its PDF, without an application."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from tests.pdfdrawn import drawn_glyphs
from trainings.privacy import document, pdf
from trainings.registry.models import Sex

FONT_DIR = str(Path(__file__).resolve().parents[2] / "static" / "fonts")
AT = datetime(2026, 12, 3, 15, 4, 5, 123456, tzinfo=timezone.utc)


def labels() -> dict:
    words = {key: key.capitalize() for key in (
        "title", "intro", "empty", "personne", "nom", "prenom", "signature", "reponses",
        "question", "reponse", "correcte", *document.SECTIONS)}
    return {**words, "generated": "Établi le %(when)s", "yes": "oui", "no": "non"}


def test_plain_values_are_what_json_holds():
    assert document.plain({"le": AT, "du": date(2026, 1, 2), "points": Decimal("1.50"),
                           "sexe": Sex.FEMALE, "liste": (1, None, True)}) == {
        "le": "2026-12-03T15:04:05Z", "du": "2026-01-02", "points": 1.5, "sexe": "female",
        "liste": [1, None, True]}


def test_the_document_has_every_section_even_empty_ones():
    built = document.person_document({"nom": "Alaoui"}, {"tests": [{"score": 50.0}]}, AT)
    assert list(built) == ["format", "genere_le", "personne", *document.SECTIONS]
    assert built["tests"] == [{"score": 50.0}] and built["inscriptions"] == []
    with pytest.raises(ValueError):
        document.person_document({}, {"inconnue": []}, AT)


def test_json_keeps_what_people_typed_as_typed():
    hostile = ['=HYPERLINK("http://x")', "<script>alert(1)</script>", "فاطمة الزهراء 2026",
               "x" * 10_000, "tab\tnul\x00"]
    built = document.person_document({"nom": hostile[0]}, {"satisfaction": [
        {"commentaire": text} for text in hostile]}, AT)
    back = json.loads(document.document_json(built).decode("utf-8"))
    assert [r["commentaire"] for r in back["satisfaction"]] == hostile
    assert "فاطمة" in document.document_json(built).decode("utf-8")  # not \\u-escaped


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_prints_every_section_and_survives_hostile_text():
    built = document.person_document(
        {"nom": '=HYPERLINK("http://x")', "prenom": "فاطمة"},
        {"emargements": [{"signature": "M 10 10 L 60 40 L 120 20"},
                         {"signature": "typed:Fatima Alaoui"}],
         "tests": [{"reponses": [{"question": "<script>alert(1)</script>", "reponse": "Oui",
                                  "correcte": True}]}],
         "satisfaction": [{"commentaire": "y" * 10_000 + "\x01"}]}, AT)
    content = pdf.person_pdf(built, labels(), FONT_DIR)
    text = _text(content)
    assert content.startswith(b"%PDF")
    for section in document.SECTIONS:
        assert section.capitalize() in text
    assert '=HYPERLINK("http://x")' in text and "<script>alert(1)</script>" in text
    assert "فاطمة" in text and "Fatima Alaoui" in text and "oui" in text
    # the Arabic name is shaped: its letters joined, drawn as presentation forms
    assert any(0xFE70 <= ord(glyph) <= 0xFEFF for glyph in drawn_glyphs(content))
    assert "y" * 10_000 not in text.replace("\n", "")  # cut on the page
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) <= 3
