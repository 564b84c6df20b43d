"""The Excel sheet of a training's question bank: writing it, and reading a filled one into
checked questions, one row per question. Pure: bytes in, plain data out; no Flask, no database."""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trainings.assessments.question_rules import (
    LETTERS, MULTIPLE, SINGLE, TRUE_FALSE, CleanQuestion, Problem, clean_question, parse_points,
)
from trainings.downloads.cells import cells
from trainings.forms_common import has_control_characters
from trainings.registry.normalize import fold
from trainings.spreadsheets import (  # noqa: F401  (part of this module's API)
    MissingColumns, SheetError, TooManyRows, UnreadableWorkbook, uploaded_workbook,
)

# The header row is the file's contract with the reader below, hence fixed French text rather
# than translated labels: a sheet exported in any language must read back the same.
CHOICE_HEADERS = tuple(f"Choix {letter}" for letter in LETTERS)
# Optional columns of the texts in Arabic and English: a file without them still reads.
LANGUAGE_WORDS = {"ar": "arabe", "en": "anglais"}


def translated_headers(language: str) -> tuple[str, ...]:
    """The question's, choices' and explanation's columns in a language: "Question (arabe)"."""
    word = LANGUAGE_WORDS[language]
    return tuple(f"{header} ({word})" for header in ("Question", *CHOICE_HEADERS, "Explication"))


HEADERS = ("Type", "Question", *CHOICE_HEADERS, "Bonnes réponses", "Points", "Explication",
           *(header for language in LANGUAGE_WORDS for header in translated_headers(language)))
REQUIRED_HEADERS = ("Type", "Question", "Choix A", "Choix B", "Bonnes réponses")
KIND_WORDS = {SINGLE: "choix unique", MULTIPLE: "choix multiple", TRUE_FALSE: "vrai-faux"}
SHEET_TITLE = "Questions"
MAX_ROWS = 500  # a bank holds a few dozen questions; beyond this the file is a mistake
_WIDTHS = {"Type": 16, "Question": 50, "Bonnes réponses": 16, "Points": 8, "Explication": 40}


def _kind_key(text: str) -> str:
    return " ".join(re.sub(r"[-/_()]", " ", fold(text)).split())


_KINDS = {_kind_key(word): kind for kind, word in KIND_WORDS.items()} | {
    _kind_key(word): kind for word, kind in (
        ("unique", SINGLE), ("choix simple", SINGLE), ("qcu", SINGLE), ("single", SINGLE),
        ("multiple", MULTIPLE), ("choix multiples", MULTIPLE), ("qcm", MULTIPLE),
        ("vrai ou faux", TRUE_FALSE), ("vf", TRUE_FALSE), ("v/f", TRUE_FALSE),
        ("true-false", TRUE_FALSE))}
_HEADER_KEYS = {fold(header): header for header in HEADERS} | {
    "bonne reponse": "Bonnes réponses", "reponses": "Bonnes réponses",
    "reponse": "Bonnes réponses", "explications": "Explication", "point": "Points",
}


BankSheetError = SheetError  # any error that refuses the whole file





class EmptyBank(BankSheetError):
    pass


@dataclass
class BankRow:
    """One question row as read: the checked question, or the problems that refuse it."""

    row: int  # the row number Excel shows
    question: CleanQuestion | None
    problems: list[Problem] = field(default_factory=list)


# Writing ------------------------------------------------------------------------------------

def bank_workbook(questions: Sequence[CleanQuestion], help_title: str,
                  help_rows: Sequence[Sequence[str]]) -> bytes:
    """The bank as a sheet to edit in Excel (no questions: the blank template), with a help
    sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(cells(sheet, HEADERS))
    for question in questions:
        slots = list(question.choices) + [""] * (len(LETTERS) - len(question.choices))
        translated = []
        for language in LANGUAGE_WORDS:
            translation = question.translations.get(language)
            choices = list(translation.choices) if translation else []
            translated += [translation.text if translation else "",
                           *(choices + [""] * (len(LETTERS) - len(choices))),
                           translation.explanation if translation else ""]
        sheet.append(cells(sheet, [
            KIND_WORDS[question.kind], question.text, *(s or None for s in slots),
            ",".join(LETTERS[i] for i in sorted(question.correct)), _number(question.points),
            question.explanation or None, *(text or None for text in translated)]))
    for index, header in enumerate(HEADERS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(header, 22)
    arabic = {index for index, header in enumerate(HEADERS) if header in translated_headers("ar")}
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            # Excel's reading order 2: right to left, for the Arabic columns.
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       readingOrder=2 if index in arabic else 0)
    sheet.freeze_panes = "C2"
    kinds = DataValidation(type="list", formula1='"{}"'.format(",".join(KIND_WORDS.values())),
                           allow_blank=True)
    kinds.add(f"A2:A{MAX_ROWS + 1}")
    sheet.add_data_validation(kinds)

    help_sheet = workbook.create_sheet(help_title[:31])
    for row in help_rows:
        help_sheet.append(cells(help_sheet, row))
    if help_rows:
        help_sheet.cell(row=1, column=1).font = Font(bold=True)
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(points: Decimal) -> int | float:
    return int(points) if points == points.to_integral_value() else float(points)


# Reading ------------------------------------------------------------------------------------

def read_bank(data: bytes) -> list[BankRow]:
    """Every non-empty row of the first sheet, checked as a question."""
    with uploaded_workbook(data, MAX_ROWS) as workbook:
        return _rows(workbook.worksheets[0]) if workbook.worksheets else []


def _rows(sheet) -> list[BankRow]:
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None) or ()
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _HEADER_KEYS.get(fold(_text(cell)))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED_HEADERS if name not in columns]
    if missing:
        raise MissingColumns(missing)
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {name: _text(line[index], keep_lines=name in _MULTILINE_HEADERS)
                  if index < len(line) else "" for name, index in columns.items()}
        if not any(values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise TooManyRows(MAX_ROWS)
        rows.append(check_row(number, values))
    if not rows:
        raise EmptyBank()
    return rows


_MULTILINE_HEADERS = ("Question", "Explication") + tuple(
    header for language in LANGUAGE_WORDS for header in translated_headers(language)
    if header.startswith(("Question", "Explication")))


def check_row(number: int, values: dict[str, str]) -> BankRow:
    """A row's cells (keyed by header) as a question, or its problems."""
    problems: list[Problem] = [
        Problem("control_characters", header) for header, value in values.items()
        if has_control_characters(value, multiline=header in _MULTILINE_HEADERS)]
    kind = _KINDS.get(_kind_key(values.get("Type", "")))
    if kind is None:
        problems.append(Problem("unknown_kind", values.get("Type", "")))
    slots = [values.get(header, "") for header in CHOICE_HEADERS]
    points = Decimal(1)
    raw_points = values.get("Points", "")
    if raw_points:
        try:
            points = parse_points(raw_points)
        except ValueError:
            problems.append(Problem("points", str(raw_points)))
            points = None
    true_false_slots = (slots if any(slots) else ["Vrai", "Faux"]) if kind == TRUE_FALSE else None
    try:
        correct = parse_letters(values.get("Bonnes réponses", ""), true_false_slots)
    except ValueError as error:
        problems.append(Problem("not_letters", str(error)))
        correct = frozenset()
    if kind is None:
        return BankRow(number, None, problems)
    translations = {}
    for language in LANGUAGE_WORDS:
        text, *choices, explanation = (values.get(header, "")
                                       for header in translated_headers(language))
        translations[language] = (text, choices, explanation)
    question, rule_problems = clean_question(kind, values.get("Question", ""), slots, correct,
                                             points if points is not None else Decimal(1),
                                             values.get("Explication", ""), translations)
    if points is None:
        rule_problems = [p for p in rule_problems if p.code != "points"]
    problems.extend(rule_problems)
    return BankRow(number, None if problems else question, problems)


_SEPARATORS = re.compile(r"[,;/+&.\s]+|\bet\b")


def parse_letters(text: str, true_false_choices: Sequence[str] | None = None) -> frozenset[int]:
    """Choice indices named by letters: "A", "A,C", "AC", "a ; c", "A et C". For a true/false
    question (its choices given), also "Vrai", "Faux", "V" or "F". ValueError(token) for
    anything else."""
    words = {}
    if true_false_choices is not None:
        for index, choice in enumerate(true_false_choices):
            key = fold(choice)
            if key:
                words[key] = index
                words.setdefault(key[0], index)
    indices: set[int] = set()
    for token in _SEPARATORS.split(fold(text)):
        if not token:
            continue
        if token in words:
            indices.add(words[token])
        elif all(c in LETTERS.lower() for c in token):
            indices.update(LETTERS.lower().index(c) for c in token)
        else:
            raise ValueError(token.upper())
    return frozenset(indices)


def _text(cell, keep_lines: bool = False) -> str:
    """A cell as Excel shows it, roughly."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Vrai" if cell else "Faux"  # Excel turns a typed VRAI / FAUX into a boolean
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell)
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    return " ".join(text.split())
