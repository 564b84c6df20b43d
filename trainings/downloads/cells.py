"""Workbook cells that hold what the application means: a text someone typed (a name, a
comment, a question) is written as text, never as a formula Excel would run, and never with a
character XML forbids. Every workbook writer puts its values through here. Pure: no Flask, no
database."""
from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

# The first characters that make Excel read a typed entry as a formula (=, +, -, @), with the
# tab and carriage return that OWASP's advice on formula injection adds, and the line feed a
# carriage return becomes here. openpyxl makes a formula of any str starting with "=" (and an
# error of "#N/A" and the like): set_value keeps every str text, and gives these ones Excel's
# quote prefix too (what a leading apostrophe gives a typed entry), so that Excel still keeps
# them text after someone edits the cell and presses Enter.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_LENGTH = 32767  # the most characters an Excel cell holds
# XML 1.0 allows no control character but tab, line feed and carriage return, no lone surrogate
# and neither U+FFFE nor U+FFFF: openpyxl refuses the first (IllegalCharacterError) and writes
# the others into a file no XML reader opens.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A carriage return cannot survive a file: XML readers, Excel's among them, turn it into a line
# feed. It is turned into one here, so that every writer gives the same text.
_CARRIAGE_RETURN = re.compile("\r\n?")
_TO_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")  # both of the above


def clean_text(text: str) -> str:
    """The text as a cell can hold it: characters XML forbids removed, line breaks as "\\n",
    at most MAX_LENGTH characters."""
    if _TO_CLEAN.search(text):  # one search for the usual text, which has nothing to clean
        text = _CARRIAGE_RETURN.sub("\n", _NOT_XML.sub("", text))
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH]


def starts_like_formula(text: str) -> bool:
    """Whether Excel would make a formula of this text typed into a cell."""
    return text.startswith(FORMULA_STARTS)


def set_value(cell, value):
    """Put a value into an openpyxl cell (of a normal or a write-only sheet) and return the
    cell: a str, cleaned, as text (data type "s"), with the quote prefix when it starts like a
    formula; numbers, dates, booleans and None as openpyxl writes them."""
    if isinstance(value, str):
        text = clean_text(str(value))
        cell.value = text
        cell.data_type = "s"  # not "f" for "=…", not "e" for "#N/A"
        quoted = starts_like_formula(text)
        if quoted or cell.quotePrefix:  # a cell written again drops a prefix it no longer needs
            cell.quotePrefix = quoted
    else:
        cell.value = value
    return cell


def write(ws, row: int, column: int, value):
    """ws.cell(row, column, value) of a normal sheet, the value put in by set_value."""
    return set_value(ws.cell(row=row, column=column), value)


def cells(ws, values: Iterable) -> list:
    """A line for ws.append (normal or write-only sheet): every str as a cell set_value
    filled, other values as they are."""
    return [set_value(WriteOnlyCell(ws), value) if isinstance(value, str) else value
            for value in values]
