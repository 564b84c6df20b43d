"""The formula-safe cell helper, without an application: what someone typed stays text, shown as
typed, in a saved and re-opened workbook; what the application counts stays a number."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from trainings.downloads.cells import (
    MAX_LENGTH, cells, clean_text, set_value, starts_like_formula, write,
)

# What a walk-in could type as a name, and the text the re-opened cell must hold: a carriage
# return comes back as the line feed XML makes of it.
HOSTILE = [
    ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),
    ("+1", "+1"),
    ("-1", "-1"),
    ("@SUM(1)", "@SUM(1)"),
    ("\tX", "\tX"),
    ("\rX", "\nX"),
    ("=1+1", "=1+1"),
]
ORDINARY = ["Fatima", "Commune d'Oujda", "Élue", "0612345678", "N° 3", "a=b", "1+1", "x-y"]
AWKWARD = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("فاطمة الزهراء 2026", "فاطمة الزهراء 2026"),
    ("a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"),
    ("\x01=1+1", "=1+1"),  # the control character gone, the text still starts like a formula
    ("ligne 1\r\nligne 2", "ligne 1\nligne 2"),
    ("#N/A", "#N/A"),  # openpyxl would make it an error cell
    ("#DIV/0!", "#DIV/0!"),
    ("  espaces  ", "  espaces  "),
    ("& < > \" '", "& < > \" '"),
    ("ten kilobytes " * 732, "ten kilobytes " * 732),
]


def write_each(values: list, how: str) -> list:
    """Write the values on one line, in one of the three ways the writers use, save the
    workbook, open it again and return the line's cells."""
    workbook = Workbook(write_only=how == "write-only")
    ws = workbook.create_sheet() if how == "write-only" else workbook.active
    if how == "cell":
        for column, value in enumerate(values, start=1):
            write(ws, 1, column, value)
    else:
        ws.append(cells(ws, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][1])


WAYS = ["cell", "append", "write-only"]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("typed, shown", HOSTILE, ids=[repr(t) for t, _ in HOSTILE])
def test_a_text_starting_like_a_formula_stays_text_with_the_quote_prefix(how, typed, shown):
    [cell] = write_each([typed], how)
    assert cell.data_type == "s"
    assert cell.value == shown
    assert cell.quotePrefix  # Excel keeps it as text when the cell is edited


@pytest.mark.parametrize("how", WAYS)
def test_ordinary_text_is_written_unchanged_without_prefix(how):
    line = write_each(ORDINARY, how)
    assert [cell.value for cell in line] == ORDINARY
    assert {cell.data_type for cell in line} == {"s"}
    assert not any(cell.quotePrefix for cell in line)


@pytest.mark.parametrize("how", WAYS)
def test_numbers_dates_and_booleans_stay_what_they_are(how):
    values = [3, -1, 2.5, -0.25, 0, True, date(2026, 12, 7), datetime(2026, 12, 7, 9, 12)]
    line = write_each(values, how)
    assert [cell.data_type for cell in line] == ["n", "n", "n", "n", "n", "b", "d", "d"]
    assert [cell.value for cell in line[:6]] == [3, -1, 2.5, -0.25, 0, True]
    assert line[6].value == datetime(2026, 12, 7)
    assert line[7].value == datetime(2026, 12, 7, 9, 12)
    assert not any(cell.quotePrefix for cell in line)


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("typed, shown", AWKWARD, ids=[repr(t[:20]) for t, _ in AWKWARD])
def test_awkward_texts_survive_a_round_trip(how, typed, shown):
    [cell] = write_each([typed], how)
    assert cell.data_type == "s"
    assert cell.value == shown


def test_plain_openpyxl_fails_where_the_helper_does_not():
    """The reason for the helper: openpyxl alone makes a formula of "=…" and refuses a control
    character."""
    ws = Workbook().active
    ws["A1"] = "=1+1"
    assert ws["A1"].data_type == "f"
    with pytest.raises(IllegalCharacterError):
        ws["A2"] = "a\x01b"
    assert write(ws, 1, 1, "=1+1").data_type == "s"
    assert write(ws, 2, 1, "a\x01b").value == "ab"


def test_a_cell_written_again_keeps_the_prefix_only_while_it_needs_it():
    ws = Workbook().active
    assert write(ws, 1, 1, "=1").quotePrefix
    assert not write(ws, 1, 1, "un").quotePrefix
    assert write(ws, 1, 1, 5).value == 5


def test_set_value_returns_the_cell_it_filled():
    ws = Workbook().active
    cell = ws.cell(1, 1)
    assert set_value(cell, "+33") is cell
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("+33", "s", True)


def test_none_leaves_the_cell_empty():
    ws = Workbook().active
    assert write(ws, 1, 1, None).value is None
    assert cells(ws, [None, 1, "a"])[:2] == [None, 1]


@pytest.mark.parametrize("text, starts", [
    ("=A1", True), ("+212 6", True), ("-", True), ("@x", True), ("\tx", True), ("\rx", True),
    ("\nx", True), ("", False), ("x=1", False), (" =1", False), ("#N/A", False),
    ("\N{MINUS SIGN}10", False),
])
def test_starts_like_formula(text, starts):
    assert starts_like_formula(text) is starts


def test_clean_text_removes_what_xml_forbids_and_keeps_the_rest():
    assert clean_text("a\x00\x07\x0b\x0c\x0e\x1f\ufffe\uffff\ud800b") == "ab"
    assert clean_text("tab\tline\nreturn\r\nalone\r") == "tab\tline\nreturn\nalone\n"
    assert clean_text("é ü ß ’ — فاطمة 😀") == "é ü ß ’ — فاطمة 😀"


def test_clean_text_cuts_what_a_cell_cannot_hold():
    assert clean_text("x" * (MAX_LENGTH + 10)) == "x" * MAX_LENGTH
