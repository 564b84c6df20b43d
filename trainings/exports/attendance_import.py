"""Reading back an "Émargement" sheet filled on paper and typed into Excel: which person is on
each row and what was written in each half-day column. Pure: bytes in, plain data out; the
checks against the database are the service's."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from openpyxl.utils import get_column_letter

from trainings.exports.xlsx import (
    FIELD_KEYS, KEY_HALF_DAY, KEY_PARTICIPANT, KEY_SESSION, KEY_TOTALS,
)
from trainings.registry.normalize import fold
from trainings.spreadsheets import (  # noqa: F401  (part of this module's API)
    MissingColumns, SheetError, TooManyRows, UnreadableWorkbook, uploaded_workbook,
)

MAX_ROWS = 1000  # a session is a few dozen people; beyond this the file is a mistake
_KEYS_SEARCH_ROWS = 40  # the hidden keys row sits above the header row, near the top

# What people write on a paper sheet for "absent" and for "present, time not noted".
_ABSENT = {"", "absent", "absente", "absent.e", "absent e", "absent-e", "absents", "abs", "a",
           "-", "--", "—", "–", "0", "non", "n"}
_PRESENT = {"x", "p", "present", "presente", "present.e", "present e", "present-e", "oui", "o",
            "1", "✓", "✔", "v", "ok"}
_TIME = re.compile(r"^(\d{1,2})\s*[:hH.]\s*(\d{2})$")
_HOUR = re.compile(r"^(\d{1,2})\s*[hH]$")
# A presence as exported: "09:12 (QR code)", with the date when it is not the half-day's and
# the mark of a check-in outside its times: "03/12 07:51 (QR code) ¹".
_RECORDED = re.compile(r"^(?:\d{1,2}/\d{1,2} )?(\d{1,2}):(\d{2})\s*\(.*\)(?: [¹²])?$")


PaperSheetError = SheetError  # any error that refuses the whole file



class NotAnAttendanceSheet(PaperSheetError):
    """No sheet carries the hidden keys row of an exported "Émargement" sheet."""



@dataclass(frozen=True)
class Mark:
    """What a half-day cell says. kind: "absent", "start" (present, no time), "time",
    "recorded" (a presence exported from the platform) or "invalid"."""

    kind: str
    text: str = ""
    at: time | None = None
    day: date | None = None  # when the cell held a full date and time

    @property
    def present(self) -> bool:
        return self.kind in ("start", "time")


@dataclass
class PaperRow:
    row: int  # the row number Excel shows
    participant_id: str  # as written: digits, or anything else to be reported
    number: str
    last_name: str
    first_name: str
    marks: dict[int, Mark] = field(default_factory=dict)  # half-day id -> mark

    @property
    def identified(self) -> bool:
        return bool(self.participant_id or self.last_name or self.first_name)


@dataclass
class PaperSheet:
    session_id: int | None
    half_days: dict[int, str]  # half-day id -> column letter and heading, for messages
    rows: list[PaperRow]


def read_paper_sheet(data: bytes, absent_words: tuple[str, ...] = ()) -> PaperSheet:
    """The person rows of the first sheet carrying the keys row, with their half-day marks.
    absent_words: the translated word the export writes for an absence."""
    absent = _ABSENT | {_key(word) for word in absent_words}
    with uploaded_workbook(data, MAX_ROWS) as workbook:
        for ws in workbook.worksheets:
            keys_row = _find_keys_row(ws)
            if keys_row is not None:
                return _read(ws, keys_row, absent)
    raise NotAnAttendanceSheet()


def _find_keys_row(ws) -> int | None:
    for number, line in enumerate(ws.iter_rows(max_row=_KEYS_SEARCH_ROWS, values_only=True),
                                  start=1):
        if KEY_PARTICIPANT in line and any(
                isinstance(value, str) and value.startswith(KEY_HALF_DAY) for value in line):
            return number
    return None


@dataclass
class _Layout:
    """What the hidden keys row says of each column."""

    columns: dict[int, str] = field(default_factory=dict)  # 0-based column -> field key
    half_days: dict[int, int] = field(default_factory=dict)  # 0-based column -> half-day id
    headings: dict[int, str] = field(default_factory=dict)  # half-day id -> "E (lun. matin)"
    control: int | None = None  # the column of the session key, which marks the totals row
    session_id: int | None = None


def _layout(keys: tuple, header: tuple) -> _Layout:
    layout = _Layout()
    for index, key in enumerate(keys):
        if not isinstance(key, str):
            continue
        if key in FIELD_KEYS or key == KEY_PARTICIPANT:
            layout.columns[index] = key
        elif key.startswith(KEY_HALF_DAY) and key[len(KEY_HALF_DAY):].isdigit():
            half_day_id = int(key[len(KEY_HALF_DAY):])
            layout.half_days[index] = half_day_id
            heading = " ".join(_text(header[index]).split()) if index < len(header) else ""
            layout.headings[half_day_id] = f"{get_column_letter(index + 1)} ({heading})".strip()
        elif key.startswith(KEY_SESSION):
            layout.control = index
            suffix = key[len(KEY_SESSION):]
            layout.session_id = int(suffix) if suffix.isdigit() else None
    return layout


def _row(number: int, line: tuple, layout: _Layout, absent: set[str]) -> PaperRow:
    values = {key: _text(line[index]) if index < len(line) else ""
              for index, key in layout.columns.items()}
    marks = {half_day_id: read_mark(line[index] if index < len(line) else None, absent)
             for index, half_day_id in layout.half_days.items()}
    return PaperRow(row=number, participant_id=values.get(KEY_PARTICIPANT, ""),
                    number=values.get("number", ""), last_name=values.get("last_name", ""),
                    first_name=values.get("first_name", ""), marks=marks)


def _read(ws, keys_row: int, absent: set[str]) -> PaperSheet:
    keys = next(ws.iter_rows(min_row=keys_row, max_row=keys_row, values_only=True))
    header = next(ws.iter_rows(min_row=keys_row + 1, max_row=keys_row + 1, values_only=True),
                  ())
    layout = _layout(keys, header)
    rows: list[PaperRow] = []
    for number, line in enumerate(ws.iter_rows(min_row=keys_row + 2, values_only=True),
                                  start=keys_row + 2):
        control = layout.control
        if control is not None and control < len(line) and line[control] == KEY_TOTALS:
            break
        row = _row(number, line, layout, absent)
        if not row.identified and all(mark.kind == "absent" for mark in row.marks.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise TooManyRows(MAX_ROWS)
        rows.append(row)
    return PaperSheet(layout.session_id, layout.headings, rows)


def read_mark(value, absent: set[str] | frozenset[str] = frozenset(_ABSENT)) -> Mark:
    """A half-day cell as typed: a time (09:05, 9h05, 9h, an Excel time), a mark of presence
    without time (x, présent·e), an absence (empty, absent·e), or something invalid."""
    if value is None:
        return Mark("absent")
    for kind, reader in _READERS:  # bool before int: True is an int too
        if isinstance(value, kind):
            return reader(value)
    return _text_mark(" ".join(str(value).split()), absent)


def _datetime_mark(value: datetime) -> Mark:
    # A date and a time: the service checks that the date is the half-day's.
    return Mark("time", text=f"{value:%d/%m/%Y %H:%M}",
                at=value.time().replace(second=0, microsecond=0), day=value.date())


def _time_mark(value: time) -> Mark:
    return Mark("time", text=f"{value:%H:%M}", at=value.replace(second=0, microsecond=0))


def _duration_mark(value: timedelta) -> Mark:
    """A cell in a duration format ([h]:mm): 25:00 lands here."""
    minutes = int(value.total_seconds() // 60)
    if 0 <= minutes < 24 * 60:
        return Mark("time", text=_hhmm(minutes), at=time(minutes // 60, minutes % 60))
    return Mark("invalid", text=_hhmm(minutes))


def _bool_mark(value: bool) -> Mark:
    return Mark("start" if value else "absent", text=str(value))


def _number_mark(value: int | float) -> Mark:
    if value in (0, 1):
        return Mark("start" if value == 1 else "absent", text=str(int(value)))
    if 0 < value < 1:  # a time of day as Excel stores it: a fraction of a day
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return Mark("time", text=_hhmm(minutes), at=time(minutes // 60, minutes % 60))
    return Mark("invalid", text=_text(value))


_READERS = ((datetime, _datetime_mark), (time, _time_mark), (timedelta, _duration_mark),
            (bool, _bool_mark), (int | float, _number_mark))


def _text_mark(text: str, absent: set[str] | frozenset[str]) -> Mark:
    key = _key(text)
    if key in absent:
        return Mark("absent", text=text)
    if key in _PRESENT:
        return Mark("start", text=text)
    if match := _RECORDED.match(text):
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return Mark("recorded", text=text, at=time(hour, minute))
        return Mark("invalid", text=text)
    if match := _TIME.match(text) or _HOUR.match(text):
        hour = int(match[1])
        minute = int(match[2]) if match.re is _TIME else 0
        if hour < 24 and minute < 60:
            return Mark("time", text=text, at=time(hour, minute))
    return Mark("invalid", text=text)


def _key(text: str) -> str:
    """absent·e, Absent.e and ABSENT-E read alike."""
    return fold(text).replace("·", ".")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())
