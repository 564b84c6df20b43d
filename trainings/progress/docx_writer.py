"""The progress report as a Word document the expert edits into her report: heading styles,
real Word tables, the charts as pictures; right to left in Arabic. Pure: plain data and
Labels in, bytes out; every free text (titles, venues) cleaned of what XML forbids."""
from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from trainings.downloads.cells import clean_text
from trainings.progress.figures import SessionHeld
from trainings.progress.report import ProgressReport
from trainings.progress.labels import DASH, Labels, figure_text, number, percent, target_text
from trainings.progress.summary import small_group_lines, summary_sentences


MARGIN_CM = 1.5
PAGE_WIDTH_CM = 29.7 - 2 * MARGIN_CM  # A4 landscape


def _text(value: object) -> str:
    return clean_text(str(value))


def _right_to_left(document) -> None:
    """Every paragraph and table of the document read right to left."""
    for paragraph in _paragraphs(document):
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    for table in document.tables:
        properties = table._tbl.tblPr
        style = properties.find(qn("w:tblStyle"))
        # The schema's order: right after the table's style.
        if style is not None:
            style.addnext(OxmlElement("w:bidiVisual"))
        else:
            properties.insert(0, OxmlElement("w:bidiVisual"))


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _table(document, header: Sequence[str], rows: Sequence[Sequence[str]],
           first_width: float = 6.0):
    """A Word table with a bold header row; the first column `first_width` cm wide, the
    others sharing the rest of a landscape page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = _text(text)
    others = (PAGE_WIDTH_CM - first_width) / (len(header) - 1)
    for index, column in enumerate(table.columns):
        column.width = Cm(first_width if index == 0 else others)  # the grid LibreOffice reads
        for cell in column.cells:
            cell.width = Cm(first_width if index == 0 else others)
    _repeat_header(table)
    return table


def _repeat_header(table) -> None:
    """The header row repeated at the top of every page the table spans."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _status(row, labels: Labels) -> str:
    if row.behind is None:
        return labels.no_target if row.target is None else DASH
    return labels.behind if row.behind else labels.on_track


def indicator_table_rows(report: ProgressReport, labels: Labels) -> list[list[str]]:
    """The indicator table as text, one line per indicator and group (shared with the
    workbook's readers): a small group's figure carries the flag."""
    lines = []
    for row in report.rows:
        value = figure_text(row.period, row.unit, labels.locale)
        if row.unit != "count" and row.period.small:
            value += f" ({labels.small_flag})"
        lines.append([labels.indicators[row.key], labels.groups[row.group], value,
                      figure_text(row.previous, row.unit, labels.locale),
                      figure_text(row.cumulative, row.unit, labels.locale),
                      target_text(row.target, row.unit, labels.locale),
                      DASH if row.progress is None else percent(row.progress, labels.locale),
                      _status(row, labels)])
    return lines


def indicator_header(labels: Labels) -> list[str]:
    return [labels.indicator, labels.group, labels.period, labels.previous, labels.cumulative,
            labels.target, labels.progress, labels.status]


def session_rows(sessions: Sequence[SessionHeld], labels: Labels) -> list[list[str]]:
    def dates(session: SessionHeld) -> str:
        start, end = f"{session.start_date:%d/%m/%Y}", f"{session.end_date:%d/%m/%Y}"
        return start if start == end else f"{start} – {end}"

    def place(session: SessionHeld) -> str:
        province = labels.provinces.get(session.province, session.province)
        return ", ".join(part for part in (session.venue, province) if part)

    return [[dates(session), session.title, place(session),
             *(number(session.people[group], labels.locale, 0)
               for group in ("women", "men", "unknown", "total")),
             DASH if session.mean_gain is None else
             number(session.mean_gain, labels.locale) + (
                 f" ({labels.small_flag})" if session.n_paired < 5 else "")]
            for session in sessions]


def _dates(report: ProgressReport) -> dict:
    return {"start": f"{report.period.start:%d/%m/%Y}", "end": f"{report.period.end:%d/%m/%Y}"}


def _period_section(document, report: ProgressReport, labels: Labels) -> None:
    document.add_heading(labels.period_heading, level=1)
    document.add_paragraph(labels.period_line % _dates(report))
    document.add_paragraph(labels.previous_line % {
        "start": f"{report.previous.start:%d/%m/%Y}", "end": f"{report.previous.end:%d/%m/%Y}"})
    document.add_paragraph(labels.cumulative_line % {
        "start": f"{report.start:%d/%m/%Y}" if report.start else DASH,
        "end": f"{report.period.end:%d/%m/%Y}"})
    for label, value in labels.selection:
        document.add_paragraph(_text(f"{label} : {value}"))


def _closing_sections(document, report: ProgressReport, labels: Labels) -> None:
    document.add_heading(labels.method_heading, level=1)
    for paragraph in labels.method:
        document.add_paragraph(paragraph % {"threshold": report.threshold})
    document.add_heading(labels.small_heading, level=1)
    warnings = small_group_lines(report, labels)
    for line in warnings or [labels.small_none]:
        document.add_paragraph(_text(line), style="List Bullet" if warnings else None)


def progress_docx(report: ProgressReport, labels: Labels, charts: Sequence[bytes]) -> bytes:
    """The Word document: period, summary, indicators, sessions held, charts (PNG pictures),
    method and small-group warnings."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(_text(labels.title), level=0)
    _period_section(document, report, labels)

    document.add_heading(labels.summary_heading, level=1)
    for sentence in summary_sentences(report, labels):
        document.add_paragraph(_text(sentence), style="List Bullet")

    document.add_heading(labels.indicators_heading, level=1)
    _table(document, indicator_header(labels), indicator_table_rows(report, labels))

    document.add_heading(labels.sessions_heading, level=1)
    if report.figures.sessions:
        _table(document, labels.session_columns, session_rows(report.figures.sessions, labels),
               first_width=4.0)
    else:
        document.add_paragraph(labels.no_sessions)

    document.add_heading(labels.charts_heading, level=1)
    for picture in charts:
        document.add_picture(io.BytesIO(picture), width=Cm(16))

    _closing_sections(document, report, labels)
    if labels.right_to_left:
        _right_to_left(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
