"""Attendance workbooks: a session's sign-in sheet ("Émargement", "Synthèse", "Données") and the
export of many sessions, streamed straight into the file's XML by downloads.streamed_xlsx. Pure:
plain data in, bytes out; no Flask, no database. Every word shown comes from the caller's Labels
(translated there)."""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from trainings.downloads import streamed_xlsx
from trainings.downloads.cells import set_value, write
from trainings.downloads.streamed_xlsx import StreamedSheet, StreamedWorkbook

from trainings.attendance.timing import TIMING_MARKS

if TYPE_CHECKING:
    from trainings.exports.sheet_data import Presence, SessionSheet, StaffAct

# The hidden row above the header row and the hidden column after "ID" are the sheet's contract
# with the paper re-entry (attendance_import.py): machine keys, never translated.
FIELD_KEYS = ("number", "last_name", "first_name", "sex", "organization", "organization_kind",
              "function", "phone", "email")
KEY_HALF_DAY = "half_day="
KEY_PARTICIPANT = "participant_id"
KEY_SESSION = "session="
KEY_TOTALS = "totals"

# The columns of every "Données" sheet: stable names for pivot tables and scripts.
DATA_COLUMNS = ("session_id", "session", "training", "theme", "region", "province",
                "half_day_id", "date", "period", "start", "end", "participant_id", "last_name",
                "first_name", "sex", "organization", "organization_kind", "function", "walk_in",
                "present", "checked_in_at", "method", "recorded_by", "timing")
_COLUMN = {name: index for index, name in enumerate(DATA_COLUMNS)}

_FIELD_WIDTHS = (5, 22, 18, 6, 28, 26, 20, 16, 28)
_DATA_WIDTHS = {"session": 30, "training": 30, "theme": 28, "province": 26, "date": 11,
                "last_name": 20, "first_name": 16, "organization": 28, "organization_kind": 28,
                "function": 20, "checked_in_at": 17, "method": 14, "recorded_by": 20}
_DATA_COLUMN_WIDTHS = tuple(_DATA_WIDTHS.get(name, 12) for name in DATA_COLUMNS)
_SUMMARY_WIDTHS = (42, 14, 14, 14, 14)  # the consolidated "Synthèse": labels, then counts
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF0F4")
_SEXES = ("F", "H", "")  # the order of every table: women, men, not recorded
HEADER_BLOCK_LINES = 8  # programme, training, session, dates, venue, place, trainers, funders


@dataclass(frozen=True)
class Labels:
    """The words of the workbooks, translated by the caller."""

    attendance_sheet: str
    summary_sheet: str
    data_sheet: str
    title: str
    entry_help: str
    programme: str
    training: str
    session: str
    dates: str
    venue: str
    place: str
    trainers: str
    funders: str
    number: str
    last_name: str
    first_name: str
    sex: str
    organization: str
    organization_kind: str
    function: str
    phone: str
    email: str
    participant_id: str
    absent: str
    women_present: str
    men_present: str
    unknown_present: str
    total_present: str
    women: str
    men: str
    unknown: str
    total: str
    no_organization: str
    registered_table: str
    participants_table: str
    attendances_table: str
    rate_table: str
    half_day: str
    registered: str
    present: str
    rate: str
    consolidated_title: str
    by_sex_table: str
    people: str
    attendances: str
    sessions: str
    methods: Mapping[str, str] = field(default_factory=dict)  # method code -> short label
    # Check-ins outside a half-day's times ("early", "late"): the legend of their mark.
    timing_legends: Mapping[str, str] = field(default_factory=dict)
    opened_by_hand: str = ""  # the "Synthèse" column of half-days opened early, with the reason
    staff_acts_table: str = ""  # the "Synthèse" table of staff check-ins outside the times
    staff_acts_columns: Sequence[str] = ()  # half-day, when, act, by, person, reason
    right_to_left: bool = False  # the sheets shown from the right: the labels are in Arabic


# The session workbook -------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceLayout:
    """Where things are on the "Émargement" sheet (1-based rows and columns)."""

    header_row: int
    first_half_day_column: int
    id_column: int
    first_data_row: int
    last_data_row: int  # == header_row when nobody is registered
    first_totals_row: int

    @property
    def keys_row(self) -> int:
        return self.header_row - 1

    @property
    def control_column(self) -> int:
        return self.id_column + 1


def attendance_layout(sheet: SessionSheet) -> AttendanceLayout:
    # The title, the header block, the help line, the hidden keys row, then the header row.
    header_row = 1 + HEADER_BLOCK_LINES + 1 + 1 + 1
    first_half_day = len(FIELD_KEYS) + 1
    id_column = first_half_day + len(sheet.half_days)
    last_data_row = header_row + len(sheet.rows)
    return AttendanceLayout(header_row, first_half_day, id_column, header_row + 1,
                            last_data_row, last_data_row + 2)


def session_workbook(sheet: SessionSheet, labels: Labels, for_entry: bool = False) -> bytes:
    """The three sheets of one session. for_entry: the blank grid to type a paper sheet back
    (absences left empty, the help line filled in)."""
    workbook = Workbook()
    attendance = workbook.active
    attendance.title = labels.attendance_sheet[:31]
    _write_attendance(attendance, sheet, labels, for_entry)
    _write_session_summary(workbook.create_sheet(labels.summary_sheet[:31]), sheet, labels)
    # "Données" holds one line per person and half-day (3,000 for 500 people over three days):
    # openpyxl only writes its header and a sample line, whose styles the streamed lines reuse.
    data = workbook.create_sheet(labels.data_sheet[:31])
    _start_data_sheet(data)
    data.append(_style_sample(data))
    streamed_xlsx.set_right_to_left(workbook, labels.right_to_left)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_streamed_data(buffer.getvalue(), labels.data_sheet[:31],
                               _session_data_rows(sheet, labels), labels.right_to_left)


def half_day_heading(day: date, period_label: str, start, end) -> str:
    return f"{day:%d/%m/%Y}\n{period_label}\n{start:%H:%M}–{end:%H:%M}"


def presence_text(presence: Presence | None, labels: Labels, for_entry: bool = False,
                  day: date | None = None) -> str:
    """"09:12 (QR code)", with the date when it is not the half-day's (day) and the mark of a
    check-in outside the half-day's times: "03/12 07:51 (QR code) ¹"; or the absent word
    (nothing on the blank grid)."""
    if presence is None:
        return "" if for_entry else labels.absent
    method = labels.methods.get(presence.method, presence.method_label)
    when = f"{presence.at:%H:%M}" if day is None or presence.at.date() == day \
        else f"{presence.at:%d/%m %H:%M}"
    mark = TIMING_MARKS.get(presence.timing, "") if presence.timing else ""
    return f"{when} ({method})" + (f" {mark}" if mark else "")


def timing_legend(sheet: SessionSheet, labels: Labels) -> list[str]:
    """The legend of the marks the sheet uses: "¹ pointé plus de 30 min avant le début"."""
    used = {p.timing for row in sheet.rows for p in row.presences if p is not None and p.timing}
    return [f"{mark} {labels.timing_legends.get(timing, timing)}"
            for timing, mark in TIMING_MARKS.items() if timing in used]


def _write_attendance(ws, sheet: SessionSheet, labels: Labels, for_entry: bool) -> None:
    layout = attendance_layout(sheet)
    _write_session_block(ws, sheet, labels)
    if for_entry:
        write(ws, layout.header_row - 2, 1, labels.entry_help).font = Font(italic=True)
    _write_headings(ws, sheet, labels, layout)
    _write_people(ws, sheet, labels, layout, for_entry)
    last_row = _write_totals(ws, sheet, labels, layout)
    _set_columns_and_print(ws, sheet, layout, last_row)


def _write_session_block(ws, sheet: SessionSheet, labels: Labels) -> None:
    """The title and what an auditor checks first: programme, training, session, dates, place,
    trainers and funders."""
    write(ws, 1, 1, labels.title).font = Font(bold=True, size=14)
    place = ", ".join(part for part in (sheet.province, sheet.region) if part)
    training = f"{sheet.training} ({sheet.theme})" if sheet.theme else sheet.training
    dates = _dates(sheet.start_date, sheet.end_date)
    block = ((labels.programme, sheet.programme), (labels.training, training),
             (labels.session, sheet.title), (labels.dates, dates), (labels.venue, sheet.venue),
             (labels.place, place), (labels.trainers, sheet.trainers),
             (labels.funders, sheet.funders))
    assert len(block) == HEADER_BLOCK_LINES
    for row, (label, value) in enumerate(block, start=2):
        write(ws, row, 1, label).font = _BOLD  # overflows into the empty column B
        write(ws, row, 3, value)


def _write_headings(ws, sheet: SessionSheet, labels: Labels, layout: AttendanceLayout) -> None:
    """The hidden row of machine keys (read back by attendance_import) and the headings."""
    keys = [*FIELD_KEYS, *(f"{KEY_HALF_DAY}{c.id}" for c in sheet.half_days), KEY_PARTICIPANT,
            f"{KEY_SESSION}{sheet.session_id}"]
    for column, key in enumerate(keys, start=1):
        write(ws, layout.keys_row, column, key)
    ws.row_dimensions[layout.keys_row].hidden = True

    headings = [labels.number, labels.last_name, labels.first_name, labels.sex,
                labels.organization, labels.organization_kind, labels.function, labels.phone,
                labels.email,
                *(half_day_heading(c.date, c.period_label, c.start, c.end)
                  for c in sheet.half_days),
                labels.participant_id]
    for column, heading in enumerate(headings, start=1):
        cell = write(ws, layout.header_row, column, heading)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[layout.header_row].height = 45


def _write_people(ws, sheet: SessionSheet, labels: Labels, layout: AttendanceLayout,
                  for_entry: bool) -> None:
    for row, person in enumerate(sheet.rows, start=layout.first_data_row):
        values = [person.number, person.last_name, person.first_name, person.sex,
                  person.organization, person.organization_kind, person.function, person.phone,
                  person.email]
        for column, value in enumerate(values, start=1):
            write(ws, row, column, value)
        ws.cell(row, 8).number_format = "@"  # a phone stays text: its leading 0 or + is kept
        for index, presence in enumerate(person.presences):
            cell = write(ws, row, layout.first_half_day_column + index,
                         presence_text(presence, labels, for_entry,
                                       sheet.half_days[index].date) or None)
            cell.number_format = "@"  # a time typed back stays as typed
        write(ws, row, layout.id_column, person.participant_id)


def _write_totals(ws, sheet: SessionSheet, labels: Labels, layout: AttendanceLayout) -> int:
    """Women, men, not recorded and all present per half-day; returns the last row written."""
    totals = [sheet.totals(index) for index in range(len(sheet.half_days))]
    lines = ((labels.women_present, [t.women for t in totals]),
             (labels.men_present, [t.men for t in totals]),
             (labels.unknown_present, [t.unknown for t in totals]),
             (labels.total_present, [t.total for t in totals]))
    for row, (label, counts) in enumerate(lines, start=layout.first_totals_row):
        write(ws, row, 1, label).font = _BOLD
        for index, count in enumerate(counts):
            write(ws, row, layout.first_half_day_column + index, count).font = _BOLD
        write(ws, row, layout.control_column, KEY_TOTALS)
    last_row = layout.first_totals_row + len(lines) - 1
    # The footnotes of the marks, under the totals (which end what the paper re-entry reads).
    for row, legend in enumerate(timing_legend(sheet, labels), start=last_row + 2):
        write(ws, row, 1, legend).font = Font(italic=True)
        last_row = row
    return last_row


def _set_columns_and_print(ws, sheet: SessionSheet, layout: AttendanceLayout,
                           last_row: int) -> None:
    """Column widths, frozen headings, a filter, and one A4 landscape page wide."""
    last_letter = get_column_letter(layout.id_column)
    for column, width in enumerate(_FIELD_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for index in range(len(sheet.half_days)):
        ws.column_dimensions[get_column_letter(layout.first_half_day_column + index)].width = 17
    ws.column_dimensions[last_letter].width = 8
    ws.column_dimensions[get_column_letter(layout.control_column)].hidden = True

    ws.freeze_panes = ws.cell(layout.first_data_row, 4).coordinate  # header and names stay
    ws.auto_filter.ref = f"A{layout.header_row}:{last_letter}{layout.last_data_row}"
    ws.print_title_rows = f"{layout.header_row}:{layout.header_row}"
    ws.print_area = f"A1:{last_letter}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _dates(start: date, end: date) -> str:
    return f"{start:%d/%m/%Y}" if start == end else f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


class SexTable:
    """Counts by row label (an organisation kind) and sex, in the order F, H, not recorded."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, label: str, sex: str, n: int = 1) -> None:
        line = self.counts.setdefault(label, [0, 0, 0])
        line[_SEXES.index(sex) if sex in _SEXES else 2] += n

    def totals(self) -> list[int]:
        return [sum(line[i] for line in self.counts.values()) for i in range(3)]

    def rows(self, labels: Labels) -> list[list]:
        """A header line, one line per label (alphabetical, "no organisation" last), the total."""
        ordered = sorted(self.counts, key=lambda label: (label == "", label.casefold()))
        lines: list[list] = [[labels.organization_kind, labels.women, labels.men, labels.unknown,
                              labels.total]]
        for label in ordered:
            counts = self.counts[label]
            lines.append([label or labels.no_organization, *counts, sum(counts)])
        totals = self.totals()
        lines.append([labels.total, *totals, sum(totals)])
        return lines


def _append(ws, values: Sequence, bold: bool = False, formats: Mapping[int, str] | None = None,
            ) -> None:
    """Append one line to a normal, a write-only or a streamed sheet, in bold or with number
    formats (not on a streamed sheet), every value put in by set_value."""
    if isinstance(ws, StreamedSheet):
        ws.append(values, bold)
        return
    cells = []
    for index, value in enumerate(values):
        cell = set_value(WriteOnlyCell(ws), value)
        if bold:
            cell.font = _BOLD
        if formats and index in formats:
            cell.number_format = formats[index]
        cells.append(cell)
    ws.append(cells)


def _append_table(ws, title: str, lines: list[list], total_line: bool = True) -> None:
    """A title, a bold header line, the lines, the last one in bold when it is a total."""
    _append(ws, [title], bold=True)
    _append(ws, lines[0], bold=True)
    for line in lines[1:-1] if total_line else lines[1:]:
        _append(ws, line)
    if total_line:
        _append(ws, lines[-1], bold=True)
    _append(ws, [])


def _write_session_summary(ws, sheet: SessionSheet, labels: Labels) -> None:
    registered, participants, attendances = SexTable(), SexTable(), SexTable()
    for person in sheet.rows:
        registered.add(person.organization_kind, person.sex)
        present = sum(presence is not None for presence in person.presences)
        if present:
            participants.add(person.organization_kind, person.sex)
            attendances.add(person.organization_kind, person.sex, present)

    _append(ws, [labels.summary_sheet, sheet.title], bold=True)
    _append(ws, [])
    _append_table(ws, labels.registered_table, registered.rows(labels))
    _append_table(ws, labels.participants_table, participants.rows(labels))
    _append_table(ws, labels.attendances_table, attendances.rows(labels))

    _append(ws, [labels.rate_table], bold=True)
    _append(ws, [labels.half_day, labels.registered, labels.women, labels.men, labels.unknown,
                 labels.present, labels.rate, labels.opened_by_hand], bold=True)
    for index, column in enumerate(sheet.half_days):
        totals = sheet.totals(index)
        rate = totals.total / len(sheet.rows) if sheet.rows else 0
        _append(ws, [_heading_line(column), len(sheet.rows), totals.women, totals.men,
                     totals.unknown, totals.total, rate,
                     " ; ".join(_staff_act_text(act) for act in column.openings) or None],
                formats={6: "0.0%"})
    _write_staff_acts(ws, sheet, labels)
    ws.column_dimensions["A"].width = 42
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 14


def _heading_line(column) -> str:
    return half_day_heading(column.date, column.period_label, column.start,
                            column.end).replace("\n", " ")


def _staff_act_text(act: StaffAct) -> str:
    """"03/12/2026 07:51, Nadia B. : the reason"."""
    by = f", {act.by}" if act.by else ""
    return f"{act.at:%d/%m/%Y %H:%M}{by} : {act.reason}"


def _write_staff_acts(ws, sheet: SessionSheet, labels: Labels) -> None:
    """The people staff checked in outside a half-day's times, with the reason they gave."""
    lines = [[_heading_line(column), act.at.replace(tzinfo=None), act.act_label, act.by,
              act.person, act.reason]
             for column in sheet.half_days for act in column.staff_check_ins]
    if not lines:
        return
    _append(ws, [])
    _append(ws, [labels.staff_acts_table], bold=True)
    _append(ws, list(labels.staff_acts_columns), bold=True)
    for line in lines:
        _append(ws, line, formats={1: "dd/mm/yyyy hh:mm"})


def timing_code(timing: str | None) -> str:
    """The "timing" cell of "Données": "early" or "late" as the sign-in sheet marks them, empty
    inside the window; a plain str, as the streamed writer writes str cells, not enums."""
    return str(timing) if timing else ""


def _session_data_rows(sheet: SessionSheet, labels: Labels) -> Iterator[list]:
    """The "Données" lines of a session: every registered person at every half-day."""
    for index, column in enumerate(sheet.half_days):
        for person in sheet.rows:
            presence = person.presences[index]
            yield [
                sheet.session_id, sheet.title, sheet.training, sheet.theme, sheet.region,
                sheet.province, column.id, column.date, column.period_label,
                f"{column.start:%H:%M}", f"{column.end:%H:%M}", person.participant_id,
                person.last_name, person.first_name, person.sex, person.organization,
                person.organization_kind, person.function, int(person.walk_in),
                int(presence is not None),
                presence.at.replace(tzinfo=None) if presence else None,
                labels.methods.get(presence.method, presence.method_label) if presence else "",
                presence.recorded_by if presence else "",
                timing_code(presence.timing) if presence else "",
            ]


# A line with a date and a date-time where "Données" has them, and texts with the quote prefix
# (plain and bold) in the next two columns, written by openpyxl so that its styles exist;
# _with_streamed_data replaces it.
_SAMPLE_COLUMNS = {"date": _COLUMN["date"], "datetime": _COLUMN["checked_in_at"],
                   "quoted": _COLUMN["date"] + 1, "bold_quoted": _COLUMN["date"] + 2}


def _style_sample(ws) -> list:
    line: list = [None] * len(DATA_COLUMNS)
    line[_SAMPLE_COLUMNS["date"]] = date(2026, 1, 1)
    line[_SAMPLE_COLUMNS["datetime"]] = datetime(2026, 1, 1, 9, 0)
    line[_SAMPLE_COLUMNS["quoted"]] = set_value(WriteOnlyCell(ws), "=")
    bold_quoted = line[_SAMPLE_COLUMNS["bold_quoted"]] = set_value(WriteOnlyCell(ws), "=")
    bold_quoted.font = _BOLD
    return line


def _start_data_sheet(ws) -> None:
    """Column widths, frozen header and the header line."""
    for index, width in enumerate(_DATA_COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    _append(ws, DATA_COLUMNS, bold=True)


# The export of many sessions ------------------------------------------------------------------

@dataclass
class ConsolidatedSummary:
    """What the "Synthèse" of a consolidated export shows, counted while the rows stream."""

    attendances: int = 0
    sessions: set[int] = field(default_factory=set)
    people_by_sex: dict[str, set[int]] = field(
        default_factory=lambda: {sex: set() for sex in _SEXES})
    attendances_by_sex: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SEXES, 0))
    people_by_kind: SexTable = field(default_factory=SexTable)
    attendances_by_kind: SexTable = field(default_factory=SexTable)
    _people_seen: set[int] = field(default_factory=set)

    def add(self, row: Sequence) -> None:
        person, sex = row[_COLUMN["participant_id"]], row[_COLUMN["sex"]] or ""
        kind = row[_COLUMN["organization_kind"]] or ""
        self.attendances += 1
        self.sessions.add(row[_COLUMN["session_id"]])
        self.attendances_by_sex[sex if sex in _SEXES else ""] += 1
        self.attendances_by_kind.add(kind, sex)
        if person not in self._people_seen:
            self._people_seen.add(person)
            self.people_by_sex[sex if sex in _SEXES else ""].add(person)
            self.people_by_kind.add(kind, sex)

    @property
    def people(self) -> int:
        return len(self._people_seen)


def consolidated_workbook(rows: Iterable[Sequence], target: str | IO[bytes], labels: Labels,
                          filters: Sequence[tuple[str, str]] = ()) -> ConsolidatedSummary:
    """Write "Synthèse" and "Données" (one line per attendance, in DATA_COLUMNS order) to a path
    or a seekable binary file. The lines go into the compressed file as they come: memory stays
    flat. Not through openpyxl, whose cell-by-cell writing (about 2,000 lines a second)
    made an export of a programme's 100,000 attendances outlast the server's timeout."""
    summary = ConsolidatedSummary()
    with StreamedWorkbook(target, _consolidated_sheets(labels), labels.right_to_left) as book:
        for _line in _write_consolidated(book, rows, labels, filters, summary):
            pass
    return summary


def consolidated_chunks(rows: Iterable[Sequence], labels: Labels,
                        filters: Sequence[tuple[str, str]] = (),
                        summary: ConsolidatedSummary | None = None,
                        chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The same workbook as consolidated_workbook, as the pieces of its file: the first as soon
    as the file starts, before any line is read, then one whenever chunk_size bytes are
    written, so that a response sends it while the lines are still being read. If reading the
    lines fails, the error goes on and the file stops where it was: without the zip's
    directory, no program takes it for a whole workbook. summary: counted as the lines go."""
    summary = ConsolidatedSummary() if summary is None else summary
    pipe = streamed_xlsx.Pipe()
    book = StreamedWorkbook(pipe, _consolidated_sheets(labels), labels.right_to_left)
    lines = _write_consolidated(book, rows, labels, filters, summary)
    try:
        next(lines, None)  # the header line: the zip's first entry has begun
        yield pipe.take()
        for _line in lines:
            if pipe.size >= chunk_size:
                yield pipe.take()
        book.close()
    except BaseException:  # a failed line, or the response abandoned by its reader
        lines.close()
        if hasattr(rows, "close"):  # a generator of lines: its query is closed now
            rows.close()
        book.abandon()
        raise
    yield pipe.take()


def _consolidated_sheets(labels: Labels) -> list[str]:
    return [labels.summary_sheet[:31], labels.data_sheet[:31]]


def _write_consolidated(book: StreamedWorkbook, rows: Iterable[Sequence], labels: Labels,
                        filters: Sequence[tuple[str, str]], summary: ConsolidatedSummary
                        ) -> Iterator[None]:
    """Write both sheets into book, pausing after the header line and after every line."""
    summary_name, data_name = _consolidated_sheets(labels)
    # "Données" first: "Synthèse" shows what is counted while its lines stream.
    with book.sheet(data_name, _DATA_COLUMN_WIDTHS, frozen_header=True,
                    auto_filter=True) as data:
        data.append(DATA_COLUMNS, bold=True)
        yield
        for row in rows:
            data.append(row)
            summary.add(row)
            yield
    with book.sheet(summary_name, _SUMMARY_WIDTHS) as summary_sheet:
        _write_consolidated_summary(summary_sheet, summary, labels, filters)


def _write_consolidated_summary(ws, summary: ConsolidatedSummary, labels: Labels,
                                filters: Sequence[tuple[str, str]]) -> None:
    _append(ws, [labels.consolidated_title], bold=True)
    for label, value in filters:
        _append(ws, [label, value])
    _append(ws, [labels.sessions, len(summary.sessions)])
    _append(ws, [])
    people = [len(summary.people_by_sex[sex]) for sex in _SEXES]
    attendances = [summary.attendances_by_sex[sex] for sex in _SEXES]
    _append_table(ws, labels.by_sex_table, [
        ["", labels.women, labels.men, labels.unknown, labels.total],
        [labels.people, *people, sum(people)],
        [labels.attendances, *attendances, sum(attendances)],
    ], total_line=False)
    _append_table(ws, labels.participants_table, summary.people_by_kind.rows(labels))
    _append_table(ws, labels.attendances_table, summary.attendances_by_kind.rows(labels))


# The session's "Données", streamed ----------------------------------------------------------

def _with_streamed_data(package: bytes, sheet_name: str, rows: Iterable[Sequence],
                        right_to_left: bool = False) -> bytes:
    """The workbook openpyxl saved, its data sheet (header and style sample line) rewritten
    with every line streamed as XML, in the styles openpyxl gave the sample's cells."""
    found = streamed_xlsx.cell_styles(package, sheet_name)
    styles = streamed_xlsx.Styles(bold=found["A1"], **{
        name: found[f"{get_column_letter(index + 1)}2"]
        for name, index in _SAMPLE_COLUMNS.items()})
    buffer = io.BytesIO()
    with streamed_xlsx.replaced_sheet(package, sheet_name, buffer, styles, _DATA_COLUMN_WIDTHS,
                                      frozen_header=True, auto_filter=True,
                                      right_to_left=right_to_left) as data:
        data.append(DATA_COLUMNS, bold=True)
        for row in rows:
            data.append(row)
    return buffer.getvalue()
