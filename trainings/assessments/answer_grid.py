"""The Excel sheet of paper tests typed in by staff: one row per participant, one column per
question holding the chosen letter(s). Building the template of a session's test and reading a
filled one back. Pure: plain data in, plain data out; the checks against the database are the
service's."""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from trainings.assessments.bank_sheet import parse_letters
from trainings.assessments.question_rules import LETTERS, MULTIPLE, TRUE_FALSE, Problem
from trainings.downloads.cells import cells, clean_text
from trainings.registry.normalize import fold
from trainings.spreadsheets import (  # noqa: F401  (part of this module's API)
    MissingColumns, SheetError, TooManyRows, UnreadableWorkbook, uploaded_workbook,
)

# The header row and the hidden keys row above it are the file's contract with the reader,
# hence fixed text rather than translated labels.
SHEET_TITLE = "Réponses"
HEADER_ID, HEADER_LAST_NAME, HEADER_FIRST_NAME = "ID", "Nom", "Prénom"
KEY_PARTICIPANT = "participant_id"
KEY_QUESTION = "question="
KEY_SESSION = "session="
KEY_KIND = "test="
MAX_ROWS = 1000  # a session is a few dozen people; beyond this the file is a mistake
_HEADER_SEARCH_ROWS = 10
_QUESTION_HEADER = re.compile(r"^q\s*(\d{1,3})$")


PaperSheetError = SheetError  # any error that refuses the whole file





@dataclass(frozen=True)
class PaperQuestion:
    id: int
    text: str
    kind: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class PaperPerson:
    id: int
    last_name: str
    first_name: str


@dataclass(frozen=True)
class QuestionColumn:
    number: int  # n of the "Qn" heading
    question_id: int | None  # from the hidden keys row, when the file is the platform's
    letter: str  # the column letter, for messages


@dataclass
class PaperRow:
    row: int  # the row number Excel shows
    participant_id: str  # as written
    last_name: str
    first_name: str
    answers: dict[int, str] = field(default_factory=dict)  # question number -> cell text

    @property
    def blank(self) -> bool:
        """No answer at all: the person did not take this test on paper."""
        return not any(self.answers.values())


@dataclass
class PaperSheet:
    session_id: int | None
    kind: str | None
    columns: list[QuestionColumn]
    rows: list[PaperRow]


# Writing ------------------------------------------------------------------------------------

def template_workbook(session_id: int, kind: str, title: str,
                      questions: Sequence[PaperQuestion], people: Sequence[PaperPerson],
                      questions_title: str, questions_help: Sequence[str]) -> bytes:
    """The sheet to fill: a title line, the hidden keys row, the header row (ID, Nom, Prénom,
    Q1...), one row per person; a second sheet lists each question and its lettered choices."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(cells(sheet, [title]))
    sheet.cell(row=1, column=1).font = Font(bold=True)
    sheet.append(cells(sheet, [KEY_PARTICIPANT, None, None,
                               *(f"{KEY_QUESTION}{q.id}" for q in questions),
                               f"{KEY_SESSION}{session_id}", f"{KEY_KIND}{kind}"]))
    sheet.row_dimensions[2].hidden = True
    sheet.append(cells(sheet, [HEADER_ID, HEADER_LAST_NAME, HEADER_FIRST_NAME,
                               *(f"Q{n}" for n in range(1, len(questions) + 1))]))
    for index in range(1, len(questions) + 4):
        sheet.cell(row=3, column=index).font = Font(bold=True)
    for n, question in enumerate(questions, start=1):
        sheet.cell(row=3, column=n + 3).comment = Comment(_describe(question), "", 200, 320)
    for person in people:
        sheet.append(cells(sheet, [person.id, person.last_name, person.first_name]))
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 22
    for n in range(1, len(questions) + 1):
        column = sheet.column_dimensions[get_column_letter(n + 3)]
        column.width = 7
        column.number_format = "@"  # letters are text
    sheet.freeze_panes = "D4"

    listing = workbook.create_sheet(questions_title[:31])
    for line in questions_help:
        listing.append(cells(listing, [line]))
    listing.append([])
    for n, question in enumerate(questions, start=1):
        listing.append(cells(listing, [f"Q{n}", question.text]))
        listing.cell(row=listing.max_row, column=1).font = Font(bold=True)
        for index, choice in enumerate(question.choices):
            listing.append(cells(listing, [None, f"{LETTERS[index]}. {choice}"]))
    listing.column_dimensions["A"].width = 8
    listing.column_dimensions["B"].width = 90
    for row in listing.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _describe(question: PaperQuestion) -> str:
    lines = [question.text]
    lines += [f"{LETTERS[i]}. {choice}" for i, choice in enumerate(question.choices)]
    return clean_text("\n".join(lines))  # a comment is no formula, but XML all the same


# Reading ------------------------------------------------------------------------------------

def read_answers(data: bytes) -> PaperSheet:
    """The header row (ID ... Q1 ...), the keys row above it when present, and every row
    below it that names someone or holds an answer."""
    with uploaded_workbook(data, MAX_ROWS) as workbook:
        if not workbook.worksheets:
            raise MissingColumns([HEADER_ID, "Q1"])
        return _read(list(workbook.worksheets[0].iter_rows(values_only=True)))


def _header_index(lines: list[tuple]) -> int:
    """The row of the headings: the first, near the top, with an "ID" column."""
    index = next((i for i, line in enumerate(lines[:_HEADER_SEARCH_ROWS])
                  if "id" in {fold(_text(cell)) for cell in line}), None)
    if index is None:
        raise MissingColumns([HEADER_ID])
    return index


def _suffix_id(key: str, prefix: str) -> int | None:
    """The id in a machine key such as "question:12", None when it is not one."""
    suffix = key[len(prefix):]
    return int(suffix) if key.startswith(prefix) and suffix.isdigit() else None


def _question_columns(header: tuple, keys: tuple) -> tuple[list[QuestionColumn], dict[int, int]]:
    """The question columns (Q1, Q2…) with their question ids when the keys row gives them,
    and each question number's 0-based column."""
    columns: list[QuestionColumn] = []
    by_number: dict[int, int] = {}
    for index, cell in enumerate(header):
        match = _QUESTION_HEADER.match(fold(_text(cell)))
        if match and int(match.group(1)) not in by_number:
            by_number[int(match.group(1))] = index
            key = _text(keys[index]) if index < len(keys) else ""
            columns.append(QuestionColumn(int(match.group(1)), _suffix_id(key, KEY_QUESTION),
                                          get_column_letter(index + 1)))
    if not columns:
        raise MissingColumns(["Q1"])
    return columns, by_number


def _template_of(keys: tuple) -> tuple[int | None, str | None]:
    """The session id and the test kind the template was made for, from its keys row."""
    session_id = kind = None
    for key in (_text(k) for k in keys):
        if _suffix_id(key, KEY_SESSION) is not None:
            session_id = _suffix_id(key, KEY_SESSION)
        elif key.startswith(KEY_KIND):
            kind = key[len(KEY_KIND):]
    return session_id, kind


def _read(lines: list[tuple]) -> PaperSheet:
    header_index = _header_index(lines)
    header = lines[header_index]
    keys = lines[header_index - 1] if header_index > 0 else ()
    if KEY_PARTICIPANT not in keys:
        keys = ()
    names: dict[str, int] = {}
    for index, cell in enumerate(header):
        names.setdefault(fold(_text(cell)), index)
    columns, by_number = _question_columns(header, keys)
    session_id, kind = _template_of(keys)
    last_index = names.get(fold(HEADER_LAST_NAME))
    first_index = names.get(fold(HEADER_FIRST_NAME))
    rows: list[PaperRow] = []
    for number, line in enumerate(lines[header_index + 1:], start=header_index + 2):
        row = PaperRow(number, _cell(line, names["id"]), _cell(line, last_index),
                       _cell(line, first_index),
                       {n: _cell(line, index) for n, index in by_number.items()})
        if not (row.participant_id or row.last_name or row.first_name or not row.blank):
            continue
        if len(rows) == MAX_ROWS:
            raise TooManyRows(MAX_ROWS)
        rows.append(row)
    return PaperSheet(session_id, kind, columns, rows)


def check_answer(text: str, kind: str, choices: Sequence[str],
                 ) -> tuple[frozenset[int], Problem | None]:
    """The choice indices a cell names for a question, or the problem: "not_letters" (not a
    letter), "no_such_choice" (a letter beyond the question's choices), "one_answer" (several
    letters for a single-choice or true/false question)."""
    try:
        indices = parse_letters(text, choices if kind == TRUE_FALSE else None)
    except ValueError as error:
        return frozenset(), Problem("not_letters", str(error))
    beyond = sorted(i for i in indices if i >= len(choices))
    if beyond:
        return frozenset(), Problem("no_such_choice", LETTERS[beyond[0]])
    if kind != MULTIPLE and len(indices) > 1:
        return frozenset(), Problem("one_answer", ",".join(LETTERS[i] for i in sorted(indices)))
    return indices, None


def _cell(line: tuple, index: int | None) -> str:
    return _text(line[index]) if index is not None and index < len(line) else ""


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Vrai" if cell else "Faux"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())
