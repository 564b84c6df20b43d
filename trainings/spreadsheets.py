"""Reading workbooks that people upload: the errors every import shares, and opening an
untrusted file safely. Pure: no Flask, no database."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

# An .xlsx is a zip of XML parts. A small upload can decompress into gigabytes, or claim a
# sheet of a million rows that openpyxl would fill with empty cells: the archive and every
# sheet are measured first, reading at most these amounts, before openpyxl reads a cell.
MAX_ENTRIES = 250  # a workbook has a dozen parts, a few dozen with images
MAX_UNCOMPRESSED = 10 * 1024 * 1024  # all parts together; a 1,000-row sheet is under 2 MB
MAX_RATIO = 100  # ordinary sheet XML compresses 5 to 30 times
_RATIO_FLOOR = 1024 * 1024  # a small part may compress better; it cannot grow large anyway
MAX_COLUMNS = 256  # our sheets have a few dozen columns at most
# openpyxl builds each entry of the shared strings table slowly (tens of microseconds): 10 MB
# of tiny strings would keep a core busy for half a minute.
MAX_SHARED_STRINGS = 40_000
SHEET_MARGIN = 100  # rows of titles, headings, totals and blank lines around the data
# The imports read the first sheet (the paper attendance one, the first with its keys row);
# the others are bounded too, more loosely: an exported workbook sent back carries "Données",
# one line per person and half-day.
OTHER_SHEET_ROWS = 10_000
_CHUNK = 64 * 1024
_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW = re.compile(r"[0-9]{1,7}")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Tags as expat names them with namespace_separator=" ": openpyxl reads only these.
_WORKSHEET_TAG, _ROW_TAG, _CELL_TAG, _STRINGS_TAG, _STRING_TAG = (
    f"{_MAIN} {local}" for local in ("worksheet", "row", "c", "sst", "si"))


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


class TooManyColumns(SheetError):
    def __init__(self, limit: int):
        super().__init__(str(limit))
        self.limit = limit


class TooManyStrings(SheetError):
    def __init__(self, limit: int):
        super().__init__(str(limit))
        self.limit = limit


class ArchiveRefused(SheetError):
    """The zip around the sheets is refused before it is opened: limit says how far it may go."""

    def __init__(self, limit: int):
        super().__init__(str(limit))
        self.limit = limit


class TooLargeUncompressed(ArchiveRefused):
    pass


class TooManyEntries(ArchiveRefused):
    pass


class SuspiciousCompression(ArchiveRefused):
    pass


@dataclass(frozen=True)
class SheetSize:
    """What a sheet really holds, counted in its XML: its last row and last column, and its
    number of <row> elements."""

    rows: int
    columns: int
    count: int

    def longer_than(self, limit: int) -> bool:
        return self.rows > limit or self.count > limit


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip with too many parts, or which decompresses too large or too well. The
    declared sizes are checked first, then every part is decompressed, counting, and reading
    stops at the limit: a lying header cannot take more than MAX_UNCOMPRESSED."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise TooManyEntries(MAX_ENTRIES)
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED:
        raise TooLargeUncompressed(MAX_UNCOMPRESSED)
    for entry in entries:
        _check_ratio(entry.file_size, entry.compress_size)
    total = 0
    for entry in entries:
        size = 0
        with archive.open(entry) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if total > MAX_UNCOMPRESSED:
                    raise TooLargeUncompressed(MAX_UNCOMPRESSED)
                _check_ratio(size, entry.compress_size)


def _check_ratio(size: int, compressed: int) -> None:
    if size > _RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        raise SuspiciousCompression(MAX_RATIO)


class _SheetCounter:
    """Counts the rows and columns of a worksheet's XML as openpyxl will number them (an r
    attribute, or one more than the previous), refusing past the limits; builds no tree."""

    def __init__(self, max_rows: int, row_limit: int):
        self.is_sheet = False
        self.strings = 0
        self.max_rows = max_rows  # what the message says
        self.row_limit = row_limit  # what is allowed, margin included
        self.count = 0
        self.row = 0
        self.last_row = 0
        self.column = 0
        self.last_column = 0
        self.in_row = False

    def root(self, parser: expat.XMLParserType, name: str) -> None:
        """The first tag: a worksheet or the shared strings table is counted, anything else
        left at once."""
        if name == _WORKSHEET_TAG:
            self.is_sheet = True
            parser.StartElementHandler = self.start
        elif name == _STRINGS_TAG:
            parser.StartElementHandler = self.start_string
        else:
            raise _NotASheet()

    def start_string(self, name: str, _attributes: dict) -> None:
        if name == _STRING_TAG:
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise TooManyStrings(MAX_SHARED_STRINGS)

    def start(self, name: str, attributes: dict) -> None:
        if name == _CELL_TAG:
            if self.in_row:
                self._start_cell(attributes.get("r"))
        elif name == _ROW_TAG:
            self._start_row(attributes.get("r"))

    def end(self, name: str) -> None:
        if name == _ROW_TAG:
            self.in_row = False

    def _start_row(self, reference: str | None) -> None:
        self.count += 1
        if reference is None:
            self.row += 1
        elif _ROW.fullmatch(reference):
            self.row = int(reference)
        else:
            raise UnreadableWorkbook(f"row {reference[:20]!r}")
        if self.row > self.last_row:
            self.last_row = self.row
        if self.count > self.row_limit or self.row > self.row_limit:
            raise TooManyRows(self.max_rows)  # true: row_limit is never below max_rows
        self.in_row = True
        self.column = 0

    def _start_cell(self, reference: str | None) -> None:
        if reference is None:
            self.column += 1
        else:
            match = _CELL.fullmatch(reference)
            if match is None:
                raise UnreadableWorkbook(f"cell {reference[:20]!r}")
            self.column = _column_index(match.group(1))
        if self.column > self.last_column:
            if self.column > MAX_COLUMNS:
                raise TooManyColumns(MAX_COLUMNS)
            self.last_column = self.column


class _NotASheet(Exception):
    """The part's root is not <worksheet>: a drawing, a table, the styles..."""


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _refuse_declarations(*_args) -> None:
    raise UnreadableWorkbook("a sheet may not declare a DTD or entities")


def measure_sheet(part: io.BufferedIOBase, max_rows: int, row_limit: int | None = None,
                  any_root: bool = False) -> SheetSize | None:
    """Stream a worksheet's XML, never trusting its <dimension>: TooManyRows(max_rows) past
    row_limit (max_rows plus SHEET_MARGIN unless given), TooManyColumns past MAX_COLUMNS,
    stopping there. None for a part whose root is not <worksheet>, unless any_root: read no
    further than its first tag, or, for the shared strings table, TooManyStrings past
    MAX_SHARED_STRINGS."""
    if row_limit is None:
        row_limit = max_rows + SHEET_MARGIN
    counter = _SheetCounter(max_rows, max(row_limit, max_rows))
    counter.is_sheet = any_root
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start if any_root else (
        lambda name, _attributes: counter.root(parser, name))
    parser.EndElementHandler = counter.end
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    try:
        while chunk := part.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _NotASheet:
        return None
    except expat.ExpatError as error:
        raise UnreadableWorkbook(str(error)) from error
    if not counter.is_sheet:
        return None
    return SheetSize(counter.last_row, counter.last_column, counter.count)


def open_uploaded(data: bytes, max_rows: int) -> Workbook:
    """Open an uploaded .xlsx read-only, values rather than formulas, once its archive and
    every sheet have been measured (ArchiveRefused, TooManyRows, TooManyColumns); each sheet
    then reads only the rows and columns it really holds. UnreadableWorkbook for anything
    that cannot be parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            sizes = measure_sheets(archive, max_rows)
            workbook = _load(data)
            try:
                _bound_sheets(workbook, archive, sizes, max_rows)
            except BaseException:
                workbook.close()
                raise
            return workbook
    except SheetError:
        raise
    except Exception as error:  # any parser error on an untrusted file means "not readable"
        raise UnreadableWorkbook(str(error)) from error


def _load(data: bytes) -> Workbook:
    with warnings.catch_warnings():
        # openpyxl warns about features it ignores (styles, extensions): harmless here.
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def measure_sheets(archive: zipfile.ZipFile, max_rows: int) -> dict[str, SheetSize]:
    """Every worksheet of the archive, by its part name, measured before openpyxl opens it
    and refused past OTHER_SHEET_ROWS (which one is first is known once it is open); the
    shared strings table counted. Parts are found by their root, whatever their name."""
    sizes = {}
    for name in archive.namelist():
        with archive.open(name) as part:
            try:
                size = measure_sheet(part, max_rows, OTHER_SHEET_ROWS)
            except UnreadableWorkbook:
                if name.lower().endswith(".xml"):
                    raise
                continue  # an image, a printer setting: not XML, and not read as such
        if size is not None:
            sizes[name] = size
    return sizes


def _bound_sheets(workbook: Workbook, archive: zipfile.ZipFile, sizes: dict[str, SheetSize],
                  max_rows: int) -> None:
    """Refuse a first sheet longer than max_rows (and its margin); make every sheet read only
    the rows and columns counted."""
    for index, sheet in enumerate(workbook.worksheets):
        size = sizes.get(sheet._worksheet_path)
        if size is None:  # openpyxl reads rows whatever the part's name or root
            with archive.open(sheet._worksheet_path) as part:
                size = measure_sheet(part, max_rows, OTHER_SHEET_ROWS, any_root=True)
        if index == 0 and size.longer_than(max_rows + SHEET_MARGIN):
            raise TooManyRows(max_rows)
        # openpyxl pads every row to the <dimension> the file claims and yields empty rows
        # up to it: the counted size replaces it (read-only sheets have no public setter).
        sheet._max_row = size.rows or None
        sheet._max_column = size.columns or None


@contextmanager
def uploaded_workbook(data: bytes, max_rows: int) -> Iterator[Workbook]:
    """open_uploaded(), closed once read; any failure while reading that is not already a
    SheetError means the file is not readable (UnreadableWorkbook), never a 500."""
    workbook = open_uploaded(data, max_rows)
    try:
        yield workbook
    except SheetError:
        raise
    except Exception as error:  # a parser error deep in an untrusted file
        raise UnreadableWorkbook(str(error)) from error
    finally:
        workbook.close()
