"""The progress report's writers, pure: a report of plain data and Labels in, a Word document,
a workbook and PNG charts out; hostile free text kept as text. No app."""
from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from datetime import date

from docx import Document
from openpyxl import load_workbook
from PIL import Image

from trainings.progress import docx_writer, pngcharts, xlsx_writer
from trainings.progress.figures import PeriodFigures, SessionHeld
from trainings.progress.indicators import DEFINITIONS, indicator_rows
from trainings.progress.labels import Labels
from trainings.progress.periods import Period
from trainings.progress.report import ProgressReport
from trainings.progress.summary import summary_sentences

FONT = os.path.join(os.path.dirname(__file__), "..", "..", "static", "fonts", "DejaVuSans.ttf")
HOSTILE = "=HYPERLINK(\"http://x\")\x01<script>قاعة 12" + "é" * 10_000


def labels(**changes) -> Labels:
    """Every word as its own field name; sentences with their placeholders."""
    values = {field.name: field.name for field in dataclasses.fields(Labels)}
    values.update(
        locale="fr_MA", right_to_left=False,
        groups={"women": "Femmes", "men": "Hommes", "unknown": "NR", "total": "Total"},
        indicators={definition.key: definition.key for definition in DEFINITIONS},
        period_line="%(start)s-%(end)s", previous_line="%(start)s-%(end)s",
        cumulative_line="%(start)s-%(end)s",
        summary_people="%(people)s personnes formées, dont %(women)s femmes (%(share)s).",
        summary_sessions="%(sessions)s/%(half_days)s", summary_gain="%(gain)s (%(n)s)",
        summary_completion="%(rate)s ≥ %(threshold)s", summary_behind="%(indicators)s",
        session_columns=("d", "s", "p", "f", "h", "nr", "t", "g"), method=("m %(threshold)s",),
        small_line="%(indicator)s %(group)s %(n)s", data_columns=(), kinds={}, regions={},
        provinces={"oujda-angad": "Oujda"}, selection=(("Région", HOSTILE),))
    values.update(changes)
    return Labels(**values)


def report() -> ProgressReport:
    session = SessionHeld(1, HOSTILE, HOSTILE, "oujda-angad", "oriental", "pac",
                          date(2027, 2, 1), date(2027, 2, 2), ["osc"], 4,
                          {"women": 58, "men": 37, "unknown": 1, "total": 96}, 12.5, 3)
    figures = PeriodFigures(
        sessions=[session], people={"women": 58, "men": 37, "unknown": 1, "total": 96},
        attendances={"women": 200, "men": 130, "unknown": 2, "total": 332},
        gains={"total": {"n_paired": 3, "mean_gain": 12.5, "mean_pre": 40, "mean_post": 52.5,
                         "ci95_low": 1.0, "ci95_high": 24.0, "share_pass_post": 0.5},
               "women": {"n_paired": 2, "mean_gain": 10.0, "mean_pre": 45, "mean_post": 55},
               "men": {"n_paired": 1, "mean_gain": 17.5, "mean_pre": 30, "mean_post": 47.5},
               "unknown": {"n_paired": 0}},
        gains_by_sex={"women": [10.0, 10.0], "men": [17.5]})
    empty = PeriodFigures()
    rows = indicator_rows(figures, empty, figures, figures, {("people_trained", "total"): 600},
                          0.5)
    return ProgressReport(None, None, Period(date(2027, 1, 1), date(2027, 3, 31)),
                          Period(date(2026, 10, 1), date(2026, 12, 31)), date(2026, 1, 12), 80,
                          figures, figures, rows, 2027)


def test_the_summary_is_built_from_the_figures():
    sentences = summary_sentences(report(), labels())
    assert sentences[0] == "96 personnes formées, dont 58 femmes (60,4\u00a0%)."
    assert "people_trained" in sentences[-1]  # 96 by 31 March, 300 expected of 600: behind


def test_the_word_document_holds_real_tables_and_hostile_text_as_text():
    document = Document(io.BytesIO(docx_writer.progress_docx(report(), labels(), [])))
    indicators, sessions = document.tables
    assert len(indicators.rows) == 1 + sum(4 if d.by_sex else 1 for d in DEFINITIONS)
    shown = HOSTILE.replace("\x01", "")
    assert sessions.rows[1].cells[1].text == shown
    assert sessions.rows[1].cells[2].text == f"{shown}, Oujda"
    assert sessions.rows[1].cells[7].text == "12,5 (small_flag)"  # 3 pairs: a small group
    assert f"Région : {shown}" in [p.text for p in document.paragraphs]


def test_the_arabic_document_reads_right_to_left():
    content = docx_writer.progress_docx(report(), labels(right_to_left=True, locale="ar_MA"), [])
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert xml.count("<w:bidiVisual/>") == 2 and "<w:bidi/>" in xml


def test_the_workbook_keeps_hostile_text_as_text_and_has_native_charts():
    book = load_workbook(io.BytesIO(xlsx_writer.progress_xlsx(report(), labels())))
    cell = book["sessions_sheet"].cell(2, 2)
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == HOSTILE.replace("\x01", "")
    assert len(book["indicators_sheet"]._charts) == 2
    data = list(book["data_sheet"].iter_rows(values_only=True))
    assert data[0][:3] == ("indicator", "group", "unit")
    people = next(row for row in data if row[:2] == ("people_trained", "total"))
    assert people[3] == 96 and people[9] == 600 and people[11] is True


def test_the_charts_are_pictures():
    rows = report()
    bars = [("Femmes", rows.figures.gains["women"]), ("Total", rows.figures.gains["total"])]
    for picture in (pngcharts.scores_png(bars, "Scores", "Pré", "Post", FONT),
                    pngcharts.histogram_png(rows.figures.gains_by_sex, "Gains",
                                            {"women": "Femmes", "men": "Hommes"}, FONT)):
        image = Image.open(io.BytesIO(picture))
        assert image.format == "PNG" and image.size == (pngcharts.WIDTH, pngcharts.HEIGHT)
