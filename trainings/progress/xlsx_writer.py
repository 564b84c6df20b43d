"""The progress report as a workbook: the indicator table and the sessions held, as numbers
Excel can compute with, native charts of people trained and of the mean gain by sex, and a
« Données » sheet of unrounded figures. Pure: plain data and Labels in, bytes out; every text
through the safe cell writer (trainings.downloads.cells)."""
from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from trainings.downloads.cells import write
from trainings.progress.docx_writer import indicator_header
from trainings.progress.report import ProgressReport
from trainings.progress.indicators import Figure, IndicatorRow

FORMATS = {"count": "0", "percent": "0.0%", "points": "0.0", "rating": "0.00"}
SEX_GROUPS = ("women", "men", "unknown", "total")


def _number(figure: Figure, unit: str) -> float | None:
    if figure.value is None:
        return None
    return figure.value / 100 if unit == "percent" else figure.value


def _put(ws, row: int, column: int, value, number_format: str | None = None):
    cell = write(ws, row, column, value)
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def _heading(ws, row: int, values: Sequence[str]) -> None:
    for column, value in enumerate(values, start=1):
        write(ws, row, column, value).font = Font(bold=True)


def _status(row: IndicatorRow, labels) -> str:
    if row.behind is None:
        return labels.no_target if row.target is None else ""
    return labels.behind if row.behind else labels.on_track


def _indicator_line(ws, line: int, row: IndicatorRow, labels) -> None:
    number_format = FORMATS[row.unit]
    _put(ws, line, 1, labels.indicators[row.key])
    _put(ws, line, 2, labels.groups[row.group])
    for column, figure in enumerate((row.period, row.previous, row.cumulative), start=3):
        _put(ws, line, column, _number(figure, row.unit), number_format)
    target = None if row.target is None else (
        row.target / 100 if row.unit == "percent" else row.target)
    _put(ws, line, 6, target, number_format)
    _put(ws, line, 7, None if row.progress is None else row.progress / 100, "0.0%")
    _put(ws, line, 8, _status(row, labels))
    if row.unit != "count" and row.period.small:
        _put(ws, line, 9, labels.small_flag)


def _chart(ws, title: str, first_row: int, last_row: int, anchor: str) -> None:
    chart = BarChart()
    chart.title = title
    chart.add_data(Reference(ws, min_col=3, max_col=5, min_row=first_row - 1, max_row=last_row),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=first_row, max_row=last_row))
    chart.width, chart.height = 16, 8
    ws.add_chart(chart, anchor)


def _chart_block(ws, line: int, key: str, title: str, report: ProgressReport, labels) -> int:
    """A small table of one indicator by sex (period, previous, cumulative) and its chart."""
    _heading(ws, line, ["", labels.group, labels.period, labels.previous, labels.cumulative])
    first = line + 1
    rows = [row for row in report.rows if row.key == key]
    for offset, row in enumerate(rows):
        _put(ws, first + offset, 2, labels.groups[row.group])
        for column, figure in enumerate((row.period, row.previous, row.cumulative), start=3):
            _put(ws, first + offset, column, _number(figure, row.unit), FORMATS[row.unit])
    _chart(ws, title, first, first + len(rows) - 1, f"K{line}")
    return first + max(len(rows), 16) + 1


def _indicators_sheet(ws, report: ProgressReport, labels) -> None:
    write(ws, 1, 1, labels.title).font = Font(bold=True, size=14)
    line = 2
    for label, value in ((labels.period_heading, labels.period_line % {
            "start": f"{report.period.start:%d/%m/%Y}", "end": f"{report.period.end:%d/%m/%Y}"}),
            *labels.selection):
        _put(ws, line, 1, label)
        _put(ws, line, 2, value)
        line += 1
    line += 1
    _heading(ws, line, indicator_header(labels))
    for row in report.rows:
        line += 1
        _indicator_line(ws, line, row, labels)
    line += 2
    line = _chart_block(ws, line, "people_trained", labels.chart_people, report, labels)
    _chart_block(ws, line, "mean_gain", labels.chart_gain, report, labels)
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 18


def _sessions_sheet(ws, report: ProgressReport, labels) -> None:
    _heading(ws, 1, labels.session_columns)
    for line, session in enumerate(report.figures.sessions, start=2):
        _put(ws, line, 1, f"{session.start_date:%d/%m/%Y} – {session.end_date:%d/%m/%Y}")
        _put(ws, line, 2, session.title)
        _put(ws, line, 3, ", ".join(part for part in (
            session.venue, labels.provinces.get(session.province, session.province)) if part))
        for column, group in enumerate(SEX_GROUPS, start=4):
            _put(ws, line, column, session.people[group], "0")
        _put(ws, line, 8, session.mean_gain, "0.0")
        if session.n_paired < 5:
            _put(ws, line, 9, labels.small_flag)
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 30


DATA_KEYS = ("indicator", "group", "unit", "period", "n", "small_group", "previous",
             "cumulative", "year_to_date", "target", "progress", "behind")


def _data_sheet(ws, report: ProgressReport, labels) -> None:
    """Unrounded figures, one line per indicator and group, codes and not words."""
    ws.append(list(labels.data_columns or DATA_KEYS))
    for row in report.rows:
        ws.append([row.key, row.group, row.unit, row.period.value, row.period.n,
                   row.unit != "count" and row.period.small, row.previous.value,
                   row.cumulative.value, row.year_to_date.value, row.target, row.progress,
                   row.behind])


def progress_xlsx(report: ProgressReport, labels) -> bytes:
    workbook = Workbook()
    indicators_ws = workbook.active
    indicators_ws.title = labels.indicators_sheet[:31]
    _indicators_sheet(indicators_ws, report, labels)
    _sessions_sheet(workbook.create_sheet(labels.sessions_sheet[:31]), report, labels)
    _data_sheet(workbook.create_sheet(labels.data_sheet[:31]), report, labels)
    if labels.right_to_left:
        for ws in workbook.worksheets:
            ws.sheet_view.rightToLeft = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
