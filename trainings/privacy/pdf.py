"""The export of one person's data as a readable PDF, in the labels' language (right-aligned
when labels["rtl"], for Arabic). Pure: the document
(document.person_document) and translated labels in, bytes out. Arabic is shaped and ordered
right to left (documents.shaping.ShapingPdf); a long text is cut on the page (the JSON keeps it
whole)."""
from __future__ import annotations

from collections.abc import Mapping

from fpdf import FPDF

from trainings.documents.pdf import FONT, TYPED_PREFIX, _draw_signature, _fit, _new_pdf
from trainings.privacy.document import SECTIONS

MARGIN = 15.0
LINE = 5.0
MAX_LINES_PER_VALUE = 8  # a value of 10 KB prints as eight lines and an ellipsis
SIGNATURE_SIZE = (48.0, 21.0)


def _text(value, labels: Mapping) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _line(pdf: FPDF, text: str, indent: float = 0.0) -> None:
    """A paragraph, indented from the side the text starts on (the right in Arabic)."""
    width = pdf.epw - indent
    rtl = getattr(pdf, "rtl", False)
    pdf.set_x(MARGIN if rtl else MARGIN + indent)
    pdf.multi_cell(width, LINE, _fit(pdf, text, width * MAX_LINES_PER_VALUE),
                   align="R" if rtl else "L", new_x="LMARGIN", new_y="NEXT")


def _signature(pdf: FPDF, stored: str, labels: Mapping, indent: float) -> None:
    if stored.startswith(TYPED_PREFIX):
        _line(pdf, f"{labels['signature']} : {stored[len(TYPED_PREFIX):]}", indent)
        return
    _line(pdf, f"{labels['signature']} :", indent)
    width, height = SIGNATURE_SIZE
    if pdf.get_y() + height > pdf.h - MARGIN:
        pdf.add_page()
    top = pdf.get_y()
    left = pdf.w - MARGIN - indent - width if getattr(pdf, "rtl", False) else MARGIN + indent
    pdf.rect(left, top, width, height)
    _draw_signature(pdf, stored, left, top, width, height)
    pdf.set_y(top + height + 1)


def _record(pdf: FPDF, record: Mapping, labels: Mapping, indent: float = 4.0) -> None:
    for key, value in record.items():
        label = labels.get(key, key)
        if key == "signature" and isinstance(value, str) and value:
            _signature(pdf, value, labels, indent)
        elif isinstance(value, list):
            _line(pdf, f"{label} :", indent)
            for item in value:
                if isinstance(item, Mapping):
                    _line(pdf, " · ".join(f"{labels.get(k, k)} : {_text(v, labels)}"
                                          for k, v in item.items()), indent + 5)
                else:
                    _line(pdf, _text(item, labels), indent + 5)
        elif isinstance(value, Mapping):
            _line(pdf, f"{label} : " + " · ".join(f"{labels.get(k, k)} : {_text(v, labels)}"
                                                  for k, v in value.items()), indent)
        else:
            _line(pdf, f"{label} : {_text(value, labels)}", indent)


def _heading(pdf: FPDF, text: str, size: int = 12) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(pdf.epw, LINE + 1, text, align="R" if getattr(pdf, "rtl", False) else "L",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)


def person_pdf(document: Mapping, labels: Mapping, font_dir: str) -> bytes:
    """Portrait A4 pages: the identity, then each section, its records one after another."""
    pdf = _new_pdf("P", font_dir)
    pdf.rtl = bool(labels.get("rtl"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.add_page()
    _heading(pdf, labels["title"], 16)
    _line(pdf, labels["generated"] % {"when": document["genere_le"]})
    _line(pdf, labels["intro"])
    _heading(pdf, labels["personne"])
    _record(pdf, document["personne"], labels)
    for section in SECTIONS:
        records = document.get(section) or []
        _heading(pdf, f"{labels[section]} ({len(records)})")
        if not records:
            _line(pdf, labels["empty"], 4.0)
        for number, record in enumerate(records, 1):
            pdf.set_font(FONT, "B", 9)
            _line(pdf, f"{number}.", 2.0)
            pdf.set_font(FONT, size=9)
            _record(pdf, record, labels)
    return bytes(pdf.output())
