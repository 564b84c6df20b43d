"""Reading workbooks that people upload: the errors every import shares, and opening an
untrusted file safely. Pure: no Flask, no database."""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.workbook import Workbook


@dataclass
class RowError:
    """A faulty row of an import, as Excel numbers it, and why it is refused."""

    row: int
    problems: list[str]


class SheetError(Exception):
    """The file as a whole cannot be read as the sheet expected."""


class UnreadableWorkbook(SheetError):
    pass


class MissingColumns(SheetError):
    def __init__(self, headers: list[str]):
        super().__init__(", ".join(headers))
        self.headers = headers


class TooManyRows(SheetError):
    def __init__(self, limit: int):
        super().__init__(str(limit))
        self.limit = limit


def open_uploaded(data: bytes) -> Workbook:
    """Open an uploaded .xlsx read-only, values rather than formulas; UnreadableWorkbook for
    anything openpyxl cannot parse."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it ignores (styles, extensions): harmless here.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any parser error on an untrusted file means "not readable"
        raise UnreadableWorkbook(str(error)) from error


@contextmanager
def uploaded_workbook(data: bytes) -> Iterator[Workbook]:
    """open_uploaded(), closed once read; any failure while reading that is not already a
    SheetError means the file is not readable (UnreadableWorkbook), never a 500."""
    workbook = open_uploaded(data)
    try:
        yield workbook
    except SheetError:
        raise
    except Exception as error:  # a parser error deep in an untrusted file
        raise UnreadableWorkbook(str(error)) from error
    finally:
        workbook.close()
