"""The Excel sheet of a session's registrations: the blank template, and reading a filled one
into plain rows. Pure: bytes in, plain data out; no Flask, no database."""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from trainings.downloads.cells import cells
from trainings.registry.normalize import fold
from trainings.spreadsheets import (  # noqa: F401  (part of this module's API)
    MissingColumns, SheetError, TooManyRows, UnreadableWorkbook, uploaded_workbook,
)

# The header row is the file's contract with the reader below, hence fixed French text rather
# than translated labels: a template downloaded in any language must read back the same.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("last_name", "Nom"),
    ("first_name", "Prénom"),
    ("sex", "Sexe"),
    ("organization", "Organisation"),
    ("organization_kind", "Type d'organisation"),
    ("function", "Fonction"),
    ("phone", "Téléphone"),
    ("email", "E-mail"),
)
REQUIRED_COLUMNS = ("last_name", "first_name")
HEADERS = {key: header for key, header in COLUMNS}
_HEADER_KEYS = {fold(header): key for key, header in COLUMNS} | {
    "email": "email", "courriel": "email", "mail": "email", "tel": "phone",
    "prenoms": "first_name", "type": "organization_kind",
}
_WIDTHS = {"last_name": 20, "first_name": 20, "sex": 8, "organization": 32,
           "organization_kind": 30, "function": 24, "phone": 18, "email": 30}
SHEET_TITLE = "Inscriptions"
MAX_ROWS = 1000  # a session roster is a few dozen people; beyond this the file is a mistake

_SEXES = {"f": "female", "femme": "female", "female": "female",
          "h": "male", "homme": "male", "male": "male"}


RosterError = SheetError  # any error that refuses the whole file





class EmptyRoster(RosterError):
    pass


def template_workbook(help_title: str, help_rows: Sequence[Sequence[str]]) -> bytes:
    """The blank roster: the header row on the first sheet, explanations on a second one."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(cells(sheet, [header for _key, header in COLUMNS]))
    for index, (key, _header) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        column = sheet.column_dimensions[get_column_letter(index)]
        column.width = _WIDTHS[key]
        if key == "phone":
            column.number_format = "@"  # text, so that Excel keeps a leading 0 or +
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(help_title[:31])
    for row in help_rows:
        help_sheet.append(cells(help_sheet, row))
    if help_rows:
        help_sheet.cell(row=1, column=1).font = Font(bold=True)
    help_sheet.column_dimensions["A"].width = 45
    help_sheet.column_dimensions["B"].width = 60

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_roster(data: bytes) -> list[dict]:
    """The non-empty rows of the first sheet, as dicts of stripped strings keyed by COLUMNS
    keys, plus "row": the row number Excel shows."""
    with uploaded_workbook(data, MAX_ROWS) as workbook:
        return _rows(workbook.worksheets[0]) if workbook.worksheets else []


def _rows(sheet) -> list[dict]:
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None) or ()
    keys = [_HEADER_KEYS.get(fold(_text(cell))) for cell in header]
    missing = [HEADERS[key] for key in REQUIRED_COLUMNS if key not in keys]
    if missing:
        raise MissingColumns(missing)
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {key: "" for key, _header in COLUMNS}
        for key, cell in zip(keys, line):
            if key and not values[key]:
                values[key] = _text(cell)
        if not any(values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise TooManyRows(MAX_ROWS)
        rows.append({"row": number, **values})
    if not rows:
        raise EmptyRoster()
    return rows


def _text(cell) -> str:
    """A cell as Excel shows it, roughly: phones typed as numbers lose no digits."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return " ".join(str(cell).split())


def sex_code(text: str) -> str | None:
    """"female", "male" or None (empty) from F/H, Femme/Homme; ValueError otherwise."""
    key = fold(text)
    if not key:
        return None
    try:
        return _SEXES[key]
    except KeyError:
        raise ValueError(text) from None


def kind_code(text: str, kinds: Mapping[str, str]) -> str | None:
    """The organisation kind code from its code or its label, None when empty; ValueError
    when it is neither."""
    key = fold(text)
    if not key:
        return None
    for code, label in kinds.items():
        if key in (fold(code), fold(label)):
            return code
    raise ValueError(text)
