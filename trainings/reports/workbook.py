"""The knowledge-gain workbook of a session or programme report: a formatted sheet with the
figures of docs/statistics.md and native Excel charts, a "Données" sheet of pseudonymous rows for
scripts, and a legend of the codes. Pure: plain data in, bytes out; every word from GainLabels."""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from trainings.downloads.cells import cells, write
from trainings.downloads.streamed_xlsx import set_right_to_left
from trainings.reports.report_data import Breakdown, GainReport, GainRow, PeopleCounts
from trainings.reports.statistics import (  # noqa: F401  (gain_bin: part of this module's API)
    N_BINS, SEX_GROUP, bin_counts, bin_label, gain_bin,
)

# The columns of the "Données" sheet: the contract with scripts and pivot tables, never translated.
DATA_COLUMNS = ("participant_code", "sex", "organization_kind", "region", "province", "training",
                "theme", "session_id", "session", "start_date", "end_date", "pre", "post", "gain")
# The legend sheet turning the codes of "Données" into words: machine keys too.
CODE_COLUMNS = ("field", "code", "label")

# What a figure of a group with n = 0, or an undefined figure, shows (docs/statistics.md).
EMPTY = "—"
SMALL_GROUP = 5  # n_paired below this is flagged "effectif faible"

COUNT, POINTS, RATIO, SHARE, P_VALUE = "0", "0.0", "0.00", "0.0%", "[<0.001]0.0E+00;0.000"
SHARE_DIFFERENCE = "+0.0%;-0.0%;0.0%"
# The rows of the gains table, in the order of docs/statistics.md, with the display format of each.
FIGURES: tuple[tuple[str, str], ...] = (
    ("n_pre", COUNT), ("n_post", COUNT), ("n_paired", COUNT),
    ("mean_pre", POINTS), ("mean_post", POINTS), ("mean_gain", POINTS),
    ("ci95_low", POINTS), ("ci95_high", POINTS),
    ("normalized_gain", RATIO), ("effect_size_dz", RATIO),
    ("improved", COUNT), ("stable", COUNT), ("declined", COUNT),
    ("share_pass_pre", SHARE), ("share_pass_post", SHARE), ("wilcoxon_p", P_VALUE),
)
_N_FIGURES = {"n_pre", "n_post", "n_paired"}
_PAIRED_COUNTS = {"improved", "stable", "declined"}

SEX_GROUPS = ("women", "men", "unknown")

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="EEF0F4")
_WRAP = Alignment(wrap_text=True, vertical="top")
_RIGHT = Alignment(horizontal="right")
_LABEL_WIDTH, _VALUE_WIDTH = 46, 12
# Column G: right of the gains and bin tables (four groups at most), above the wider tables that
# follow, which start below the charts' bottom edge.
_CHART_COLUMN = 7
_DATA_WIDTHS = {"participant_code": 16, "organization_kind": 22, "region": 12, "province": 20,
                "training": 30, "theme": 18, "session": 30, "start_date": 11, "end_date": 11}


@dataclass(frozen=True)
class GainLabels:
    """The words of the workbook, translated by the caller. `figures` holds one row heading per
    key of statistics.gain_summary's groups (the keys of docs/statistics.md); the code mappings
    (code -> word) fill the legend sheet, because "Données" keeps codes. `bin_below` and
    `bin_above` are templates with {low} and {high}, for the bins [low, high) and (low, high]."""

    gains_sheet: str
    data_sheet: str
    codes_sheet: str
    sessions: str
    pass_mark: str
    gains_table: str
    figures: Mapping[str, str]
    women: str
    men: str
    unknown: str
    total: str
    female: str
    male: str
    sex_unknown: str
    small_group: str
    small_group_flag: str
    gap_mean_gain: str
    gap_normalized_gain: str
    distribution_table: str
    gain_bin: str
    bin_below: str
    bin_above: str
    means_chart_title: str
    means_chart_x: str
    means_chart_y: str
    distribution_chart_title: str
    distribution_chart_x: str
    distribution_chart_y: str
    by_region: str
    by_theme: str
    region: str
    theme: str
    people_table: str
    people: str
    attendances: str
    share_of_women: str
    questions_table: str
    question: str
    n: str
    pre: str
    post: str
    difference: str
    satisfaction_table: str
    item: str
    mean_rating: str
    comments: str
    regions: Mapping[str, str] = field(default_factory=dict)
    provinces: Mapping[str, str] = field(default_factory=dict)
    themes: Mapping[str, str] = field(default_factory=dict)
    organization_kinds: Mapping[str, str] = field(default_factory=dict)
    right_to_left: bool = False  # the sheets shown from the right: the labels are in Arabic

    def __post_init__(self) -> None:
        missing = [key for key, _ in FIGURES if key not in self.figures]
        if missing:
            raise ValueError(f"GainLabels.figures lacks {', '.join(missing)}")

    def group(self, group: str) -> str:
        return str({"women": self.women, "men": self.men, "unknown": self.unknown,
                    "total": self.total}[group])


def gains_workbook(report: GainReport, labels: GainLabels) -> bytes:
    """The .xlsx of a gain report: the formatted sheet with its two charts, "Données" (one row
    per GainRow, unrounded, codes) and the legend of the codes."""
    workbook = Workbook()
    gains = workbook.active
    gains.title = _sheet_name(labels.gains_sheet)
    _write_gains_sheet(gains, report, labels)
    _write_data_sheet(workbook.create_sheet(_sheet_name(labels.data_sheet)), report.rows)
    _write_codes_sheet(workbook.create_sheet(_sheet_name(labels.codes_sheet)), report.rows,
                       labels)
    set_right_to_left(workbook, labels.right_to_left)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def gain_distribution(rows: Sequence[GainRow]) -> dict[str, list[int]]:
    """Counts of individual gains per bin (statistics.GAIN_BINS), for each sex group and the
    total (paired rows only)."""
    gains: dict[str, list[float]] = {group: [] for group in (*SEX_GROUPS, "total")}
    for row in rows:
        if row.gain is not None:
            gains[SEX_GROUP[row.sex]].append(row.gain)
            gains["total"].append(row.gain)
    return {group: bin_counts(values) for group, values in gains.items()}


def _sheet_name(name: str) -> str:
    return str(name)[:31]


# The formatted sheet ---------------------------------------------------------------------------

@dataclass
class _GainsTable:
    """Where the gains table landed: the chart reads its cells."""

    header_row: int
    figure_rows: dict[str, int]
    columns: dict[str, int]  # group -> column


def _has_attempts(figures: Mapping) -> bool:
    return bool(figures["n_pre"] or figures["n_post"])


def _shown_groups(show_unknown: bool) -> tuple[str, ...]:
    return ("women", "men", "unknown", "total") if show_unknown else ("women", "men", "total")


def _write_gains_sheet(ws, report: GainReport, labels: GainLabels) -> None:
    ws.column_dimensions["A"].width = _LABEL_WIDTH
    for column in range(2, 18):  # the questions table is the widest: 1 + 4 groups × 4
        ws.column_dimensions[get_column_letter(column)].width = _VALUE_WIDTH

    write(ws, 1, 1, str(report.title)).font = _TITLE
    row = 2
    for label, value in report.filters:
        write(ws, row, 1, str(label)).font = _BOLD
        write(ws, row, 2, str(value))
        row += 1
    write(ws, row, 1, labels.sessions).font = _BOLD
    write(ws, row, 2, report.n_sessions)
    write(ws, row + 1, 1, labels.pass_mark).font = _BOLD
    write(ws, row + 1, 2, report.summary["pass_mark"]).number_format = POINTS
    row += 3

    summary = report.summary
    groups = _shown_groups(_has_attempts(summary["groups"]["unknown"]))
    table = _write_gain_table(ws, row, summary, groups, labels)
    row = table.figure_rows["small_group"] + 2
    _write_gap(ws, row, summary["gap_women_minus_men"], labels)
    row += 3
    means_anchor = table.header_row
    distribution_anchor = row
    row = _write_distribution(ws, row, report.rows, groups, labels)
    for chart, anchor in ((_means_chart(ws, table, groups, summary, labels), means_anchor),
                          (_distribution_chart(ws, distribution_anchor, groups, summary, labels),
                           distribution_anchor)):
        if chart.series:  # without any pair there is nothing to draw
            ws.add_chart(chart, ws.cell(anchor, _CHART_COLUMN).coordinate)

    for key, title, heading in (("region", labels.by_region, labels.region),
                                ("theme", labels.by_theme, labels.theme)):
        parts = report.breakdowns.get(key)
        if parts:
            row = _write_breakdown(ws, row, parts, groups, title, heading, labels)
    if report.people is not None:
        row = _write_people(ws, row, report.people, labels)
    if report.questions:
        row = _write_questions(ws, row, report.questions, labels)
    if report.satisfaction:
        row = _write_satisfaction(ws, row, report.satisfaction, labels)

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _put(ws, row: int, column: int, value, number_format: str, empty: bool = False):
    """A number kept at full precision with its display format, or "—" when there is none."""
    if value is None or empty:
        cell = write(ws, row, column, EMPTY)
        cell.alignment = _RIGHT
    else:
        cell = write(ws, row, column, value)
        cell.number_format = number_format
    return cell


def _heading_row(ws, row: int, values: Sequence) -> None:
    for column, value in enumerate(values, start=1):
        cell = write(ws, row, column, value)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = _WRAP


def _figure_cell(ws, row: int, column: int, key: str, number_format: str, figures: Mapping):
    value = figures[key]
    if key in _N_FIGURES:
        empty = not value
    elif key in _PAIRED_COUNTS:
        empty = not figures["n_paired"]
    else:
        empty = False
    return _put(ws, row, column, value, number_format, empty)


def _write_gain_table(ws, row: int, summary: Mapping, groups: Sequence[str],
                      labels: GainLabels) -> _GainsTable:
    write(ws, row, 1, labels.gains_table).font = _BOLD
    header_row = row + 1
    _heading_row(ws, header_row, ["", *(labels.group(group) for group in groups)])
    columns = {group: column for column, group in enumerate(groups, start=2)}
    figure_rows = {}
    for line, (key, number_format) in enumerate(FIGURES, start=header_row + 1):
        figure_rows[key] = line
        write(ws, line, 1, labels.figures[key])
        for group, column in columns.items():
            _figure_cell(ws, line, column, key, number_format, summary["groups"][group])
    flag_row = header_row + len(FIGURES) + 1
    write(ws, flag_row, 1, labels.small_group).font = _BOLD
    for group, column in columns.items():
        n_paired = summary["groups"][group]["n_paired"]
        if not n_paired:
            _put(ws, flag_row, column, None, COUNT)
        elif n_paired < SMALL_GROUP:
            write(ws, flag_row, column, labels.small_group_flag).font = _BOLD
    figure_rows["small_group"] = flag_row
    return _GainsTable(header_row, figure_rows, columns)


def _write_gap(ws, row: int, gap: Mapping, labels: GainLabels) -> None:
    write(ws, row, 1, labels.gap_mean_gain).font = _BOLD
    _put(ws, row, 2, gap["mean_gain"], POINTS)
    write(ws, row + 1, 1, labels.gap_normalized_gain).font = _BOLD
    _put(ws, row + 1, 2, gap["normalized_gain"], RATIO)


def _write_distribution(ws, row: int, rows: Sequence[GainRow], groups: Sequence[str],
                        labels: GainLabels) -> int:
    """The bin counts the histogram reads: a title, a header, one line per bin."""
    counts = gain_distribution(rows)
    write(ws, row, 1, labels.distribution_table).font = _BOLD
    _heading_row(ws, row + 1, [labels.gain_bin, *(labels.group(group) for group in groups)])
    for index in range(N_BINS):
        line = row + 2 + index
        write(ws, line, 1, bin_label(index, labels.bin_below, labels.bin_above)).alignment = _RIGHT
        for column, group in enumerate(groups, start=2):
            write(ws, line, column, counts[group][index])
    return row + 2 + N_BINS + 1


def _series_title(ws, row: int, column: int) -> SeriesLabel:
    return SeriesLabel(strRef=StrRef(str(Reference(ws, min_col=column, min_row=row))))


def _set_text_categories(chart: BarChart, categories: Reference) -> None:
    """Categories that are words: a string reference (set_categories would make a numeric one)."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))


def _new_bar_chart(title: str, x_title: str, y_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.x_axis.title = x_title
    chart.y_axis.title = y_title
    # openpyxl 3.1 leaves <c:delete> out and Excel then hides both axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 16, 8
    return chart


def _means_chart(ws, table: _GainsTable, groups: Sequence[str], summary: Mapping,
                 labels: GainLabels) -> BarChart:
    """Mean pre and mean post side by side, one series per group read from the table's column;
    a group without pairs is left out, for a "—" would be drawn as a bar of 0."""
    chart = _new_bar_chart(labels.means_chart_title, labels.means_chart_x, labels.means_chart_y)
    chart.grouping = "clustered"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    pre_row, post_row = table.figure_rows["mean_pre"], table.figure_rows["mean_post"]
    for group in groups:
        if summary["groups"][group]["n_paired"]:
            column = table.columns[group]
            series = Series(Reference(ws, min_col=column, min_row=pre_row, max_row=post_row))
            series.tx = _series_title(ws, table.header_row, column)
            chart.series.append(series)
    _set_text_categories(chart, Reference(ws, min_col=1, min_row=pre_row, max_row=post_row))
    return chart


def _distribution_chart(ws, row: int, groups: Sequence[str], summary: Mapping,
                        labels: GainLabels) -> BarChart:
    """The histogram of individual gains, stacked by sex (the stack is the total); a sex group
    without pairs gets no series, so the legend lists only the groups drawn."""
    chart = _new_bar_chart(labels.distribution_chart_title, labels.distribution_chart_x,
                           labels.distribution_chart_y)
    chart.grouping, chart.overlap, chart.gapWidth = "stacked", 100, 20
    header_row, first, last = row + 1, row + 2, row + 1 + N_BINS
    for column, group in enumerate(groups, start=2):
        if group != "total" and summary["groups"][group]["n_paired"]:
            series = Series(Reference(ws, min_col=column, min_row=first, max_row=last))
            series.tx = _series_title(ws, header_row, column)
            chart.series.append(series)
    _set_text_categories(chart, Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height = 10
    return chart


def _group_heading_rows(ws, row: int, first: str, blocks: Sequence[tuple[str, Sequence[str]]]
                        ) -> None:
    """Two header lines: each block's title over its first column, then the sub-headings."""
    top, bottom = [first], [""]
    for title, headings in blocks:
        top.extend([title] + [""] * (len(headings) - 1))
        bottom.extend(headings)
    _heading_row(ws, row, top)
    _heading_row(ws, row + 1, bottom)


def _write_breakdown(ws, row: int, parts: Sequence[Breakdown], groups: Sequence[str],
                     title: str, heading: str, labels: GainLabels) -> int:
    write(ws, row, 1, title).font = _BOLD
    words = [labels.group(group) for group in groups]
    _group_heading_rows(ws, row + 1, heading, [
        (labels.figures["n_paired"], words), (labels.figures["mean_gain"], words),
        (labels.figures["normalized_gain"], [labels.total]),
        (labels.small_group, [""])])
    row += 3
    for part in parts:
        figures = part.summary["groups"]
        write(ws, row, 1, part.label)
        column = 2
        for group in groups:
            _put(ws, row, column, figures[group]["n_paired"], COUNT,
                 empty=not figures[group]["n_paired"])
            _put(ws, row, column + len(groups), figures[group]["mean_gain"], POINTS)
            column += 1
        column += len(groups)
        _put(ws, row, column, figures["total"]["normalized_gain"], RATIO)
        small = [labels.group(group) for group in groups
                 if 0 < figures[group]["n_paired"] < SMALL_GROUP]
        if small:
            write(ws, row, column + 1, ", ".join(small)).font = _BOLD
        row += 1
    return row + 1


def _write_people(ws, row: int, people: PeopleCounts, labels: GainLabels) -> int:
    show_unknown = bool(people.people.get("unknown") or people.attendances.get("unknown"))
    groups = _shown_groups(show_unknown)
    write(ws, row, 1, labels.people_table).font = _BOLD
    _heading_row(ws, row + 1, ["", *(labels.group(group) for group in groups)])
    for line, (label, counts) in enumerate(((labels.people, people.people),
                                            (labels.attendances, people.attendances)),
                                           start=row + 2):
        write(ws, line, 1, label)
        for column, group in enumerate(groups, start=2):
            count = counts.get(group, 0)
            _put(ws, line, column, count, COUNT, empty=not count)
    write(ws, row + 4, 1, labels.share_of_women)
    _put(ws, row + 4, 2, people.share_of_women, SHARE)
    return row + 6


def _write_questions(ws, row: int, questions: Sequence[Mapping], labels: GainLabels) -> int:
    show_unknown = any(question["groups"]["unknown"]["n"] for question in questions)
    groups = _shown_groups(show_unknown)
    write(ws, row, 1, labels.questions_table).font = _BOLD
    subheadings = [labels.n, labels.pre, labels.post, labels.difference]
    _group_heading_rows(ws, row + 1, labels.question,
                        [(labels.group(group), subheadings) for group in groups])
    row += 3
    for question in questions:
        write(ws, row, 1, question["text"]).alignment = _WRAP
        for index, group in enumerate(groups):
            figures = question["groups"][group]
            column = 2 + 4 * index
            empty = not figures["n"]
            _put(ws, row, column, figures["n"], COUNT, empty)
            _put(ws, row, column + 1, figures["pre"], SHARE, empty)
            _put(ws, row, column + 2, figures["post"], SHARE, empty)
            _put(ws, row, column + 3, figures["difference"], SHARE_DIFFERENCE, empty)
        row += 1
    return row + 1


def _write_satisfaction(ws, row: int, items: Sequence[Mapping], labels: GainLabels) -> int:
    show_unknown = any(item["groups"]["unknown"]["n"] for item in items)
    groups = _shown_groups(show_unknown)
    sex_words = {"female": labels.female, "male": labels.male, None: labels.sex_unknown}
    write(ws, row, 1, labels.satisfaction_table).font = _BOLD
    _group_heading_rows(ws, row + 1, labels.item,
                        [(labels.group(group), [labels.n, labels.mean_rating])
                         for group in groups])
    row += 3
    for item in items:
        write(ws, row, 1, item["text"]).alignment = _WRAP
        for index, group in enumerate(groups):
            figures = item["groups"][group]
            column = 2 + 2 * index
            _put(ws, row, column, figures["n"], COUNT, empty=not figures["n"])
            if item["kind"] == "scale":
                _put(ws, row, column + 1, figures["mean"], POINTS)
        row += 1
        if item["kind"] != "scale" and item.get("comments"):
            write(ws, row, 1, labels.comments).font = Font(italic=True)
            row += 1
            for sex, comment in item["comments"]:
                write(ws, row, 1, comment).alignment = Alignment(wrap_text=True, indent=1,
                                                                 vertical="top")
                write(ws, row, 2, str(sex_words.get(sex, labels.sex_unknown)))
                row += 1
    return row + 1


# The machine sheets ----------------------------------------------------------------------------

def _write_data_sheet(ws, rows: Sequence[GainRow]) -> None:
    """One line per participant and session, codes and unrounded scores, one header line.
    openpyxl writes a float with 16 significant digits: more than Excel's 15, no rounding."""
    ws.append(cells(ws, DATA_COLUMNS))
    for cell in ws[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for row in rows:
        ws.append(cells(ws, [row.participant_code, row.sex, row.organization_kind, row.region,
                             row.province, row.training, row.theme, row.session_id,
                             row.session_title, row.start_date, row.end_date, row.pre, row.post,
                             row.gain]))
    for index, name in enumerate(DATA_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _DATA_WIDTHS.get(name, 10)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DATA_COLUMNS))}{len(rows) + 1}"


def _write_codes_sheet(ws, rows: Sequence[GainRow], labels: GainLabels) -> None:
    """The word behind every code that "Données" uses, for a lookup in Excel."""
    ws.append(cells(ws, CODE_COLUMNS))
    for cell in ws[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    sexes = {"female": labels.female, "male": labels.male}
    for name, mapping in (("sex", sexes), ("organization_kind", labels.organization_kinds),
                          ("region", labels.regions), ("province", labels.provinces),
                          ("theme", labels.themes)):
        used = sorted({getattr(row, name) for row in rows} - {None, ""})
        for code in used:
            ws.append(cells(ws, [name, code, str(mapping.get(code, code))]))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 50
    ws.freeze_panes = "A2"
