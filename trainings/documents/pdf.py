"""Sign-in sheets and certificates of attendance as PDF (fpdf2). Pure: plain data and translated
labels in, bytes out; no Flask, no database, no request. Arabic is shaped and ordered right to
left (shaping.ShapingPdf)."""
from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import qrcode
from babel.dates import format_date
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

from trainings.attendance.timing import TIMING_MARKS
from trainings.documents.shaping import (
    ShapingPdf, is_right_to_left, keep_direction, needs_shaping, printable,
)
from trainings.exports.sheet_data import HalfDayColumn, PersonRow, Presence, SessionSheet

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
ELLIPSIS = "…"
NARROWEST_EM = 0.1  # the narrowest glyph of the fonts, zero-width marks aside, in em

# The signature pad's canvas (templates/checkin/_signature.html), in its own units.
SIGNATURE_BOX = (320.0, 140.0)
_PATH_COMMAND = re.compile(r"([MLml])\s*(-?\d+(?:\.\d+)?)[\s,]*(-?\d+(?:\.\d+)?)")
TYPED_PREFIX = "typed:"


@dataclass(frozen=True)
class CertificateData:
    """Everything one certificate of attendance prints, already translated where it is text."""

    full_name: str  # "Prénom NOM"
    training: str
    session_title: str
    start_date: date
    end_date: date
    venue: str
    province: str
    programme: str
    funders: str
    half_days_attended: tuple[str, ...]  # labels of the half-days attended, in order
    half_days_total: int
    verification_url: str
    issued_on: date


# Shared helpers ---------------------------------------------------------------------------------

def _new_pdf(orientation: str, font_dir: str, pdf_class: type[FPDF] = ShapingPdf) -> FPDF:
    pdf = pdf_class(orientation=orientation, unit="mm", format="A4")
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, os.path.join(font_dir, filename))
    pdf.set_font(FONT, size=9)
    return pdf


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with an ellipsis so that it holds in the width at the current font."""
    text = " ".join(printable(text).split())
    # No more characters than this hold in the width (zero-width marks aside): a text of 10 KB
    # is measured by its start only.
    longest = int(width / (pdf.font_size * NARROWEST_EM)) + 1
    if len(text) <= longest and pdf.get_string_width(text) <= width:
        return text
    text = text[:longest]
    # The longest start that holds with the ellipsis, by halving: a few measures rather than
    # one per character (shaped Arabic costs more to measure than French).
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle] + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def _wrap(pdf: FPDF, text: str, width: float, max_lines: int) -> list[str]:
    """Word-wrapped lines of at most the width; the last one cut with an ellipsis if need be."""
    text = printable(text)
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if pdf.get_string_width(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:  # more words than lines: the rest is cut on the last one
            rest = " ".join([lines.pop(), *words[index:]])
            lines.append(_fit(pdf, rest + " " + ELLIPSIS, width))
            current = ""
            break
    if current:
        lines.append(current)
    return [_fit(pdf, line, width) for line in keep_direction(text, lines)]


def _shrink_to_words(pdf: FPDF, text: str, width: float, smallest: float = 5.0) -> None:
    """A smaller font, down to `smallest`, until each word holds in the width: a narrow
    column's heading in another language ("الرقم" for "N°") is not cut."""
    words = printable(text).split()[:10]
    while pdf.font_size_pt > smallest and any(
            pdf.get_string_width(word) > width for word in words):
        pdf.set_font_size(pdf.font_size_pt - 0.5)


def _start(text: str) -> str:
    """Where a line of a table begins: on the right when it reads from the right."""
    return "R" if is_right_to_left(text) else "L"


def _date_span(start: date, end: date, labels: Mapping, locale: str) -> str:
    if start == end:
        return labels["dates_single"] % {"date": format_date(start, "d MMMM y", locale=locale)}
    return labels["dates_range"] % {"start": format_date(start, "d MMMM y", locale=locale),
                                    "end": format_date(end, "d MMMM y", locale=locale)}


def signature_strokes(path: str) -> list[list[tuple[float, float]]]:
    """The strokes of SVG path data made of M/L commands (absolute or relative), clamped to the
    signature box. Anything else in the data is ignored rather than trusted."""
    width, height = SIGNATURE_BOX
    strokes: list[list[tuple[float, float]]] = []
    x = y = 0.0
    for command, raw_x, raw_y in _PATH_COMMAND.findall(path or ""):
        dx, dy = float(raw_x), float(raw_y)
        if command.islower():
            dx, dy = x + dx, y + dy
        x, y = min(max(dx, 0.0), width), min(max(dy, 0.0), height)
        if command in "Mm" or not strokes:
            strokes.append([(x, y)])
        else:
            strokes[-1].append((x, y))
    return strokes


def _draw_signature(pdf: FPDF, path: str, x: float, y: float, w: float, h: float) -> None:
    """Scale the drawn strokes' bounding box into the cell, keeping their proportions."""
    strokes = signature_strokes(path)
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    top, bottom = min(p[1] for p in points), max(p[1] for p in points)
    # A minimum extent, so that a dot or a dash is not blown up to the size of the cell.
    span_x, span_y = max(right - left, 40.0), max(bottom - top, 20.0)
    scale = min(w / span_x, h / span_y)
    offset_x = x + (w - (right - left) * scale) / 2
    offset_y = y + (h - (bottom - top) * scale) / 2
    pdf.set_line_width(0.2)
    for stroke in strokes:
        placed = [(offset_x + (px - left) * scale, offset_y + (py - top) * scale)
                  for px, py in stroke]
        if len(placed) == 1:
            px, py = placed[0]
            pdf.line(px, py, px + 0.2, py)
        else:
            pdf.polyline(placed)


def _draw_typed_name(pdf: FPDF, name: str, x: float, y: float, w: float, h: float) -> None:
    """A typed signature, slanted like handwriting (the font has no italic of its own here)."""
    pdf.set_font(FONT, size=8)
    text = _fit(pdf, name, w - 2)
    base_x, base_y = x + 0.5, y + h / 2 + 1.2
    with pdf.skew(ax=15, ay=0, x=base_x, y=base_y):
        if needs_shaping(text):  # text() does not shape: a cell, on the baseline of text()
            pdf.set_xy(x, base_y - h / 2 - 0.3 * pdf.font_size)
            pdf.cell(w, h, text, align=_start(text))
        else:
            pdf.text(base_x, base_y, text)


# The sign-in sheet ------------------------------------------------------------------------------

MARGIN = 10.0
ROW_HEIGHT = 10.5
HEAD_HEIGHT = 12.0
TOTAL_HEIGHT = 5.5
LEGEND_HEIGHT = 4.5
MIN_BLANK_ROWS = 8
MAX_HALF_DAYS_PER_PAGE = 5
HALF_DAY_MAX_WIDTH = 42.0
# Identity columns and their base widths in millimetres; what the half-days leave goes to the
# last three.
IDENTITY_COLUMNS = (("number", 8.0), ("last_name", 25.0), ("first_name", 23.0), ("sex", 9.0),
                    ("organization", 30.0), ("function", 24.0), ("contact", 36.0))
STRETCHED = ("organization", "function", "contact")


class _SheetPdf(ShapingPdf):
    running_title = ""
    page_label = ""
    right_to_left = False  # the labels are in Arabic: the page reads from the right

    def header(self) -> None:
        self.set_font(FONT, size=7)
        self.set_text_color(90)
        self.set_xy(MARGIN, 5)
        self.cell(0, 4, _fit(self, self.running_title, self.epw),
                  align="R" if self.right_to_left else "L")
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_font(FONT, size=7)
        self.set_text_color(90)
        self.set_xy(MARGIN, self.h - 8)
        self.cell(0, 4, self.page_label % {"page": self.page_no(), "pages": "{nb}"},
                  align="L" if self.right_to_left else "R")
        self.set_text_color(0)


def half_day_groups(columns: Sequence[HalfDayColumn]) -> list[list[int]]:
    """Indexes of the half-days printed side by side: all of them when they fit, otherwise
    whole days packed up to MAX_HALF_DAYS_PER_PAGE."""
    if len(columns) <= MAX_HALF_DAYS_PER_PAGE:
        return [list(range(len(columns)))]
    days: dict[date, list[int]] = {}
    for index, column in enumerate(columns):
        days.setdefault(column.date, []).append(index)
    groups: list[list[int]] = [[]]
    for indexes in days.values():
        if groups[-1] and len(groups[-1]) + len(indexes) > MAX_HALF_DAYS_PER_PAGE:
            groups.append([])
        groups[-1].extend(indexes)
    return groups


def timing_legend(sheet: SessionSheet, legends: Mapping[str, str]) -> list[str]:
    """The footnotes of the marks of check-ins outside their half-day's times that the sheet
    uses: "¹ pointé plus de 30 min avant le début"."""
    used = {p.timing for row in sheet.rows for p in row.presences if p is not None and p.timing}
    return [f"{mark} {legends.get(timing, timing)}"
            for timing, mark in TIMING_MARKS.items() if timing in used]


class _SheetWriter:
    def __init__(self, sheet: SessionSheet, labels: Mapping, font_dir: str, locale: str,
                 right_to_left: bool = False):
        self.sheet, self.labels, self.locale = sheet, labels, locale
        self.right_to_left = right_to_left
        self.pdf = _new_pdf("L", font_dir, _SheetPdf)
        self.pdf.right_to_left = right_to_left
        self.pdf.running_title = " — ".join(
            part for part in (labels["title"], sheet.training, sheet.title) if part)
        self.pdf.page_label = labels["page"]
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(MARGIN, 12, MARGIN)
        self.bottom = self.pdf.h - 12
        self.group: list[int] = []
        self.widths: dict[str, float] = {}
        self.half_day_width = 0.0
        self.has_unknown = False
        self.legend: list[str] = []

    # Layout

    def _set_group(self, group: list[int]) -> None:
        self.group = group
        widths = dict(IDENTITY_COLUMNS)
        room = self.pdf.epw - sum(widths.values())
        self.half_day_width = min(HALF_DAY_MAX_WIDTH, room / max(len(group), 1))
        spare = room - self.half_day_width * len(group)
        for key in STRETCHED:
            widths[key] += spare / len(STRETCHED)
        self.widths = widths

    @property
    def identity_width(self) -> float:
        return sum(self.widths.values())

    def _x(self, x: float, width: float) -> float:
        """Where a box of the table begins on the page: x is measured from the side the page
        reads from (the right in Arabic, where the first column then stands)."""
        return self.pdf.w - x - width if self.right_to_left else x

    def _fits(self, height: float) -> bool:
        return self.pdf.get_y() + height <= self.bottom

    def _new_page(self, with_summary: bool = False) -> None:
        self.pdf.add_page()
        self.pdf.set_y(12)
        if with_summary:
            self._summary()
        self._table_head()

    def _ensure(self, height: float) -> None:
        if not self._fits(height):
            self._new_page()

    # Blocks

    def _summary(self) -> None:
        pdf, sheet, labels = self.pdf, self.sheet, self.labels
        start = "R" if self.right_to_left else "L"
        pdf.set_font(FONT, "B", 14)
        pdf.cell(0, 7, labels["title"], align=start, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "B", 9)
        if sheet.programme:
            pdf.cell(0, 5, _fit(pdf, sheet.programme, pdf.epw), align=start,
                     new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=8)
        if sheet.funders:
            pdf.cell(0, 4.5, _fit(pdf, labels["funders"] % {"funders": sheet.funders}, pdf.epw),
                     align=start, new_x="LMARGIN", new_y="NEXT")
        place = ", ".join(part for part in (sheet.province, sheet.region) if part)
        facts = [
            (labels["training"], sheet.training), (labels["session"], sheet.title),
            (labels["dates"], _date_span(sheet.start_date, sheet.end_date, labels, self.locale)),
            (labels["venue"], sheet.venue), (labels["place"], place),
            (labels["trainers"], sheet.trainers),
        ]
        half = pdf.epw / 2
        top = pdf.get_y() + 1
        for index, (label, value) in enumerate(facts):
            y = top + (index // 2) * 4.5
            pdf.set_font(FONT, "B", 8)
            # The label first in reading order: on the left in French, on the right in Arabic.
            label_text = f"{label}: " if self.right_to_left else f"{label} : "
            label_width = pdf.get_string_width(label_text) + 0.5
            value_width = half - label_width - 2
            x = self._x(MARGIN + (index % 2) * half, half)
            label_x = x + half - label_width if self.right_to_left else x
            value_x = x + 2 if self.right_to_left else x + label_width
            pdf.set_xy(label_x, y)
            pdf.cell(label_width, 4.5, label_text, align=start)
            pdf.set_font(FONT, size=8)
            pdf.set_xy(value_x, y)
            pdf.cell(value_width, 4.5, _fit(pdf, value, value_width - 2), align=start)
        pdf.set_xy(MARGIN, top + math.ceil(len(facts) / 2) * 4.5 + 1)
        pdf.set_font(FONT, size=7)
        pdf.set_text_color(90)
        pdf.cell(0, 4, _fit(pdf, labels["instructions"], pdf.epw), align=start,
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.ln(1)

    def _table_head(self) -> None:
        pdf, labels = self.pdf, self.labels
        y = pdf.get_y()
        x = MARGIN
        pdf.set_fill_color(230, 230, 235)
        pdf.set_font(FONT, "B", 7)
        for key, width in self.widths.items():
            pdf.rect(self._x(x, width), y, width, HEAD_HEIGHT, style="DF")
            _shrink_to_words(pdf, labels["columns"][key], width - 1.5)
            lines = _wrap(pdf, labels["columns"][key], width - 1.5, 3)
            self._lines(lines, self._x(x, width), y, width, HEAD_HEIGHT, 3.0, align="C")
            pdf.set_font(FONT, "B", 7)
            x += width
        for index in self.group:
            column = self.sheet.half_days[index]
            pdf.rect(self._x(x, self.half_day_width), y, self.half_day_width, HEAD_HEIGHT,
                     style="DF")
            lines = [format_date(column.date, "EEE d MMM y", locale=self.locale),
                     column.period_label, f"{column.start:%H:%M}–{column.end:%H:%M}"]
            pdf.set_font(FONT, "B", 7)
            left = self._x(x, self.half_day_width)
            self._lines([_fit(pdf, lines[0], self.half_day_width - 1.5)], left, y + 0.3,
                        self.half_day_width, 4, 3.0, align="C")
            pdf.set_font(FONT, size=7)
            self._lines([_fit(pdf, line, self.half_day_width - 1.5) for line in lines[1:]],
                        left, y + 4, self.half_day_width, HEAD_HEIGHT - 4, 3.0, align="C")
            pdf.set_font(FONT, "B", 7)
            x += self.half_day_width
        pdf.set_y(y + HEAD_HEIGHT)

    def _lines(self, lines: list[str], x: float, y: float, w: float, h: float,
               line_height: float, align: str = "") -> None:
        """Lines of text centred vertically in a box; without an alignment, each begins on the
        side it reads from."""
        top = y + (h - line_height * len(lines)) / 2
        for number, line in enumerate(lines):
            self.pdf.set_xy(x, top + number * line_height)
            self.pdf.cell(w, line_height, line, align=align or _start(line))

    def _row(self, number: int, row: PersonRow | None) -> None:
        pdf = self.pdf
        self._ensure(ROW_HEIGHT)
        y = pdf.get_y()
        x = MARGIN
        pdf.set_font(FONT, size=7)
        cells = self._identity_cells(number, row)
        for key, width in self.widths.items():
            pdf.rect(self._x(x, width), y, width, ROW_HEIGHT)
            lines = cells.get(key, [])
            inner = width - 1.5
            if key == "contact":
                lines = [_fit(pdf, line, inner) for line in lines[:2]]
            else:
                lines = [wrapped for line in lines for wrapped in _wrap(pdf, line, inner, 2)]
            self._lines(lines, self._x(x, width), y, width, ROW_HEIGHT, 3.2,
                        align="C" if key in ("number", "sex") else "")
            x += width
        for index in self.group:
            left = self._x(x, self.half_day_width)
            pdf.rect(left, y, self.half_day_width, ROW_HEIGHT)
            presence = row.presences[index] if row else None
            if presence is not None:
                self._presence(presence, self.sheet.half_days[index], left, y)
            x += self.half_day_width
        pdf.set_y(y + ROW_HEIGHT)

    def _identity_cells(self, number: int, row: PersonRow | None) -> dict[str, list[str]]:
        if row is None:
            return {"number": [str(number)]}
        return {"number": [str(number)], "last_name": [row.last_name],
                "first_name": [row.first_name], "sex": [row.sex],
                "organization": [row.organization], "function": [row.function],
                "contact": [value for value in (row.phone, row.email) if value]}

    def _presence(self, presence: Presence, column: HalfDayColumn, x: float, y: float) -> None:
        pdf = self.pdf
        at = presence.at
        when = f"{at:%H:%M}" if at.date() == column.date else f"{at:%d/%m %H:%M}"
        method = self.labels["methods"].get(presence.method, presence.method_label)
        pdf.set_font(FONT, size=6)
        pdf.set_xy(x, y + 0.3)
        # The mark of a check-in outside the half-day's times is never cut off.
        mark = f" {TIMING_MARKS[presence.timing]}" if presence.timing else ""
        room = self.half_day_width - 1.5 - pdf.get_string_width(mark)
        pdf.cell(self.half_day_width, 2.8, _fit(pdf, f"{when} · {method}", room) + mark,
                 align="R" if self.right_to_left else "L")
        signature = presence.signature or ""
        box = (x + 1, y + 3.4, self.half_day_width - 2, ROW_HEIGHT - 4.2)
        if signature.startswith(TYPED_PREFIX):
            _draw_typed_name(pdf, signature[len(TYPED_PREFIX):].strip(), *box)
        elif signature:
            _draw_signature(pdf, signature, *box)

    def _totals(self) -> None:
        pdf, labels, sheet = self.pdf, self.labels, self.sheet
        totals = {index: sheet.totals(index) for index in self.group}
        # A person whose sex is not recorded is counted in the total and shown apart.
        lines = ["women", "men"] + (["unknown"] if self.has_unknown else []) + ["total"]
        self._ensure(self._totals_height())
        pdf.ln(1)
        for attribute in lines:
            y = pdf.get_y()
            pdf.set_font(FONT, "B", 7)
            pdf.set_xy(self._x(MARGIN, self.identity_width), y)
            pdf.cell(self.identity_width, TOTAL_HEIGHT, labels[attribute],
                     align="L" if self.right_to_left else "R", border=1)
            x = MARGIN + self.identity_width
            pdf.set_font(FONT, size=8)
            for index in self.group:
                count = totals[index]
                # Nobody checked in yet: the cell is left to be filled in by hand.
                value = str(getattr(count, attribute)) if count.total else ""
                pdf.set_xy(self._x(x, self.half_day_width), y)
                pdf.cell(self.half_day_width, TOTAL_HEIGHT, value, align="C", border=1)
                x += self.half_day_width
            pdf.set_y(y + TOTAL_HEIGHT)
        if self.legend:
            pdf.set_font(FONT, size=7)
            pdf.cell(0, LEGEND_HEIGHT, _fit(pdf, "    ".join(self.legend), pdf.epw),
                     align="R" if self.right_to_left else "L", new_x="LMARGIN", new_y="NEXT")

    def _totals_height(self) -> float:
        return (TOTAL_HEIGHT * (4 if self.has_unknown else 3) + 1
                + (LEGEND_HEIGHT if self.legend else 0))

    def write(self) -> bytes:
        groups = half_day_groups(self.sheet.half_days) if self.sheet.half_days else [[]]
        self.has_unknown = any(row.sex not in ("F", "H") for row in self.sheet.rows)
        self.legend = timing_legend(self.sheet, self.labels.get("timings", {}))
        for group in groups:
            self._set_group(group)
            self._new_page(with_summary=True)
            for row in self.sheet.rows:
                self._row(row.number, row)
            number = len(self.sheet.rows)
            # Blank rows for walk-ins: at least a few, then as many as the last page holds above
            # the totals (which never stand alone on a page).
            blank = 0
            while not (blank >= MIN_BLANK_ROWS and self._fits(self._totals_height())
                       and not self._fits(ROW_HEIGHT + self._totals_height())):
                number += 1
                blank += 1
                self._row(number, None)
            if self.group:
                self._totals()
        return bytes(self.pdf.output())


def signin_sheet_pdf(sheet: SessionSheet, labels: Mapping, font_dir: str,
                     locale: str = "fr", right_to_left: bool = False) -> bytes:
    """The session's sign-in sheet, landscape A4: people registered, then blank rows for
    walk-ins, one column per half-day with the check-in time, method and signature.
    right_to_left: the labels are in Arabic; the table then runs from the right."""
    return _SheetWriter(sheet, labels, font_dir, locale, right_to_left).write()


# Certificates of attendance ----------------------------------------------------------------------

CERT_MARGIN = 20.0
QR_SIZE = 38.0


def qr_image(data: str):
    """The QR code of the data as a black-and-white PIL image."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=8)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image(image_factory=PilImage).get_image()


def _at_most_lines(pdf: FPDF, text: str, lines: int) -> str:
    """The text cut, if need be, to what a few lines of the page hold: however long the names
    typed in, a certificate stays on its page."""
    return _fit(pdf, text, pdf.epw * lines)


def _certificate_page(pdf: FPDF, certificate: CertificateData, labels: Mapping,
                      locale: str, right_to_left: bool = False) -> None:
    pdf.add_page()
    width = pdf.epw
    # The paragraphs begin on the side the page reads from; French keeps its justified text.
    start = "R" if right_to_left else "J"
    pdf.set_font(FONT, "B", 11)
    if certificate.programme:
        pdf.multi_cell(width, 5.5, _at_most_lines(pdf, certificate.programme, 2), align="C",
                       new_x="LMARGIN", new_y="NEXT")
    if certificate.funders:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(width, 5, labels["funders"] % {
            "funders": _at_most_lines(pdf, certificate.funders, 2)},
            align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_line_width(0.4)
    pdf.line(CERT_MARGIN + 30, pdf.get_y(), pdf.w - CERT_MARGIN - 30, pdf.get_y())

    pdf.set_y(max(pdf.get_y() + 18, 70))
    pdf.set_font(FONT, "B", 24)
    pdf.cell(width, 12, labels["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)

    pdf.set_font(FONT, size=12)
    place = ", ".join(part for part in (certificate.venue, certificate.province) if part)
    statement = labels["statement"] % {
        "name": _at_most_lines(pdf, certificate.full_name, 1),
        "training": _at_most_lines(pdf, certificate.training, 2),
        "session": _at_most_lines(pdf, certificate.session_title, 1),
        "dates": _date_span(certificate.start_date, certificate.end_date, labels, locale),
        "place": _at_most_lines(pdf, place, 1),
    }
    pdf.multi_cell(width, 7, statement, align=start, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(width, 6, labels["attended"] % {
        "count": len(certificate.half_days_attended), "total": certificate.half_days_total},
        align=start, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    for half_day in certificate.half_days_attended:
        # The list indented from the side it reads from.
        pdf.set_x(CERT_MARGIN if right_to_left else CERT_MARGIN + 5)
        pdf.multi_cell(width - 5, 5.5, f"• {half_day}", align=start,
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(width, 6, labels["closing"], align=start, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(width, 6, labels["issued"] % {
        "date": format_date(certificate.issued_on, "d MMMM y", locale=locale)},
        align=start, new_x="LMARGIN", new_y="NEXT")

    # The verification code at the foot of the page, whatever the length of the text above.
    top = pdf.h - CERT_MARGIN - QR_SIZE - 16
    pdf.set_font(FONT, size=8)
    pdf.set_xy(CERT_MARGIN, top - 6)
    pdf.cell(width, 5, labels["verify"], align="C")
    pdf.image(qr_image(certificate.verification_url), x=(pdf.w - QR_SIZE) / 2, y=top,
              w=QR_SIZE, h=QR_SIZE)
    pdf.set_xy(CERT_MARGIN, top + QR_SIZE + 1)
    pdf.set_font(FONT, size=7)
    pdf.multi_cell(width, 3.5, certificate.verification_url, align="C")


def certificates_pdf(certificates: Sequence[CertificateData], labels: Mapping, font_dir: str,
                     locale: str = "fr", right_to_left: bool = False) -> bytes:
    """One portrait A4 page per certificate of attendance, each with its verification QR code.
    right_to_left: the labels are in Arabic; the paragraphs then begin on the right."""
    pdf = _new_pdf("P", font_dir)
    pdf.set_margins(CERT_MARGIN, CERT_MARGIN, CERT_MARGIN)
    pdf.set_auto_page_break(False)
    for certificate in certificates:
        _certificate_page(pdf, certificate, labels, locale, right_to_left)
    return bytes(pdf.output())
