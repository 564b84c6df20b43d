"""Workbooks written straight as XML text into their zip, line after line, for sheets too long
for openpyxl's cell-by-cell writing. Knows sheets, widths and typed values, not what they mean.
Pure: no Flask, no database."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from trainings.downloads.cells import clean_text, starts_like_formula

# Only the few parts of the Office Open XML format a table needs: sheets, bold, date and
# quote-prefix styles, a frozen header and a filter. Strings are inline, as write-only openpyxl
# would otherwise spend its time on per-cell objects.

ZIP_LEVEL = 1  # the XML is repetitive: the fastest level already divides it by ten or more
_EXCEL_EPOCH = datetime(1899, 12, 30)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Styles:
    """The indices in styles.xml's cellXfs of the styles a streamed sheet uses: by default
    those of StreamedWorkbook's styles.xml."""

    bold: str = "1"
    date: str = "2"
    datetime: str = "3"
    quoted: str = "4"  # text with Excel's quote prefix: kept as text when edited
    bold_quoted: str = "5"


class StreamedSheet:
    """One worksheet's XML, written line by line to a binary stream. A line holds str, int,
    float, bool, date, datetime and None; anything else is written as its str()."""

    BATCH = 500  # lines joined before each write
    TEXTS = 4096  # texts kept with their XML: titles, places, names come back line after line

    def __init__(self, out: IO[bytes], widths: Sequence[float] = (), frozen_header: bool = False,
                 auto_filter: bool = False, styles: Styles = Styles(),
                 right_to_left: bool = False) -> None:
        """widths: of the first columns, in order. frozen_header: the first line stays in view.
        auto_filter: a filter over the first line's columns, down to the last line.
        right_to_left: the sheet shown from the right, column A on the right (Arabic)."""
        self.out = out
        self.styles = styles
        self._bold_style = {False: "", True: f' s="{styles.bold}"'}
        self.auto_filter = auto_filter
        self.row = 0
        self.columns = 0  # the first line's length: the filter's width
        self.letters: list[str] = []
        self.pending: list[str] = []
        self.texts: dict[tuple[str, bool], str] = {}  # (text, bold) -> the cell's XML after r
        view = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                if frozen_header else "")
        rtl = ' rightToLeft="1"' if right_to_left else ""
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(widths, start=1))
        self._write(f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                    f'<sheetViews><sheetView{rtl} workbookViewId="0">{view}</sheetView>'
                    f'</sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))

    def _letters(self, count: int) -> list[str]:
        while len(self.letters) < count:
            self.letters.append(get_column_letter(len(self.letters) + 1))
        return self.letters

    def append(self, values: Sequence, bold: bool = False) -> None:
        """One line; None and empty strings leave the cell empty."""
        self.row += 1
        n = self.row
        if n == 1:
            self.columns = len(values)
        bold_style = self._bold_style[bold]
        letters = self._letters(len(values))
        cells = []
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{letters[index]}{n}"
            kind = type(value)
            if kind is str:  # the usual cells first: this loop writes every cell of an export
                cells.append(self._text_cell(ref, value, bold))
            elif kind is int or kind is float:
                cells.append(f'<c r="{ref}"{bold_style}><v>{value!r}</v></c>')
            else:
                cells.append(self._other_cell(ref, value, bold, bold_style))
        self.pending.append(f'<row r="{n}">{"".join(cells)}</row>')
        if len(self.pending) >= self.BATCH:
            self._flush()

    def _other_cell(self, ref: str, value, bold: bool, bold_style: str) -> str:
        kind = type(value)
        if kind is bool:
            return f'<c r="{ref}" t="b"{bold_style}><v>{int(value)}</v></c>'
        if kind is datetime:
            serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86400
            return f'<c r="{ref}" s="{self.styles.datetime}"><v>{serial!r}</v></c>'
        if kind is date:
            return (f'<c r="{ref}" s="{self.styles.date}">'
                    f'<v>{(value - _EXCEL_EPOCH.date()).days}</v></c>')
        if isinstance(value, (int, float)):  # Decimal is not one: written as text
            return f'<c r="{ref}"{bold_style}><v>{float(value)!r}</v></c>'
        return self._text_cell(ref, str(value), bold)

    def _text_cell(self, ref: str, text: str, bold: bool) -> str:
        """An inline string: never a formula, whatever it starts with (no <f> element), and
        with the quote prefix when it starts like one (cells.starts_like_formula); nothing for
        a text that only held characters XML forbids."""
        tail = self.texts.get((text, bold))
        if tail is None:
            if len(self.texts) >= self.TEXTS:
                self.texts.clear()
            tail = self.texts[text, bold] = self._text_tail(text, bold)
        return f'<c r="{ref}"{tail}' if tail else ""

    def _text_tail(self, text: str, bold: bool) -> str:
        text = clean_text(text)
        if not text:
            return ""
        if starts_like_formula(text):
            style = f' s="{self.styles.bold_quoted if bold else self.styles.quoted}"'
        else:
            style = f' s="{self.styles.bold}"' if bold else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f' t="inlineStr"{style}><is><t{space}>{escape(text)}</t></is></c>'

    def _flush(self) -> None:
        self._write("".join(self.pending))
        self.pending.clear()

    @property
    def filter_range(self) -> str | None:
        """"A1:W1001": the filter's cells, when the sheet has one and a line."""
        if not (self.auto_filter and self.row):
            return None
        return f"A1:{get_column_letter(max(self.columns, 1))}{self.row}"

    def close(self) -> None:
        self._flush()
        tail = f'<autoFilter ref="{self.filter_range}"/>' if self.filter_range else ""
        self._write(f"</sheetData>{tail}</worksheet>")


class Pipe:
    """A binary output that cannot seek, whose bytes are taken away as they come, to be sent
    while the rest is still being written. zipfile then writes each entry's CRC and sizes after
    its data (a data descriptor) instead of going back to its header."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0  # bytes written and not yet taken

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: what is written waits for take()."""

    def take(self) -> bytes:
        """The bytes written since the last call."""
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


class StreamedWorkbook:
    """A new workbook written to a path, a seekable binary file or a Pipe: its sheets streamed
    one after another, in any order, then the parts around them when it closes.

        with StreamedWorkbook(target, ["Summary", "Data"]) as book:
            with book.sheet("Data", widths=(30, 12), frozen_header=True, auto_filter=True) as data:
                data.append(("name", "count"), bold=True)
                ...
            with book.sheet("Summary") as summary:
                ...

    Sheet names are the caller's: at most 31 characters, none of []:*?/\\ (Excel's rules).
    right_to_left: every sheet shown from the right (the reader's language is Arabic)."""

    def __init__(self, target: str | IO[bytes], sheet_names: Sequence[str],
                 right_to_left: bool = False) -> None:
        if len(set(sheet_names)) != len(sheet_names) or not sheet_names:
            raise ValueError(f"a workbook needs sheets of different names: {sheet_names!r}")
        self.sheet_names = list(sheet_names)
        self.right_to_left = right_to_left
        self.filters: dict[str, str] = {}  # sheet name -> its filter's cells
        self._written: set[str] = set()
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)

    @contextmanager
    def sheet(self, name: str, widths: Sequence[float] = (), frozen_header: bool = False,
              auto_filter: bool = False) -> Iterator[StreamedSheet]:
        """The sheet of that name: its lines go into the file as they are appended, and it
        is finished when the block ends."""
        if name not in self.sheet_names or name in self._written:
            raise ValueError(f"no sheet {name!r} left to write")
        part = f"xl/worksheets/sheet{self.sheet_names.index(name) + 1}.xml"
        # force_zip64: a streamed part's size is not known beforehand and may pass 2 GB.
        with self._zip.open(part, "w", force_zip64=True) as out:
            sheet = StreamedSheet(out, widths, frozen_header, auto_filter,
                                  right_to_left=self.right_to_left)
            yield sheet
            sheet.close()
        self._written.add(name)
        if sheet.filter_range:
            self.filters[name] = sheet.filter_range

    def close(self) -> None:
        """The content types, relationships, workbook and styles, and the zip's directory."""
        try:
            missing = [name for name in self.sheet_names if name not in self._written]
            if missing:
                raise ValueError(f"sheets never written: {missing!r}")
            _write_package(self._zip, self.sheet_names, self.filters)
        finally:
            self._zip.close()

    def abandon(self) -> None:
        """Close the unfinished file, its sheets' writing already ended: it lacks the parts
        around the sheets, so no spreadsheet program opens it as a whole workbook."""
        self._zip.close()

    def __enter__(self) -> StreamedWorkbook:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:  # the error goes on; the unfinished file is only closed
            self.abandon()


def _write_package(book: zipfile.ZipFile, sheet_names: Sequence[str],
                   filters: Mapping[str, str]) -> None:
    """Everything around the sheets: content types, relationships, workbook, styles."""
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheet_names) + 1))
    book.writestr("[Content_Types].xml", (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f'{sheets}</Types>'))
    book.writestr("_rels/.rels", (
        f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
    book.writestr("xl/workbook.xml", _workbook(sheet_names, filters))
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheet_names) + 1))
    book.writestr("xl/_rels/workbook.xml.rels", (
        f'{_XML}<Relationships xmlns="{_PKG_REL}">{links}<Relationship '
        f'Id="rId{len(sheet_names) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        '</Relationships>'))
    book.writestr("xl/styles.xml", _STYLES_XML)


def _workbook(sheet_names: Sequence[str], filters: Mapping[str, str]) -> str:
    """workbook.xml: the sheets in order, and the defined name Excel gives each filter."""
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheet_names, start=1))
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
        f'{_filter_reference(name, filters[name])}</definedName>'
        for index, name in enumerate(sheet_names) if name in filters)
    defined = f"<definedNames>{names}</definedNames>" if names else ""
    return (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            f'</bookViews><sheets>{entries}</sheets>{defined}</workbook>')


def _filter_reference(sheet_name: str, cells: str) -> str:
    """'Données'!$A$1:$W$1001, as the filter's defined name holds it."""
    absolute = ":".join("$" + re.sub(r"(\d+)", r"$\1", part) for part in cells.split(":"))
    return escape("'" + sheet_name.replace("'", "''") + "'!" + absolute)


# The cellXfs in the order of Styles' indices: normal, bold, date, date-time, quoted, bold quoted.
_STYLES_XML = (
    f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
    '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0"/></cellStyleXfs><cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' quotePrefix="1"/></cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


# Streaming one sheet of a workbook another writer saved -----------------------------------------
# openpyxl writes the small sheets with all their formatting, and the long one as a header and
# a sample line whose cells carry the styles the streamed lines then reuse.

def set_right_to_left(workbook, right_to_left: bool) -> None:
    """Every sheet of an openpyxl workbook shown from the right, or from the left."""
    for ws in workbook.worksheets:
        ws.sheet_view.rightToLeft = right_to_left or None


def cell_styles(package: bytes, sheet_name: str) -> dict[str, str]:
    """The style index (in styles.xml's cellXfs) of each cell of that sheet: "A1" -> "3"."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        root = ElementTree.fromstring(source.read(_sheet_part(source, sheet_name)))
    return {cell.get("r"): cell.get("s", "0") for cell in root.iter(f"{{{_MAIN}}}c")}


@contextmanager
def replaced_sheet(package: bytes, sheet_name: str, target: IO[bytes],
                   styles: Styles, widths: Sequence[float] = (), frozen_header: bool = False,
                   auto_filter: bool = False, right_to_left: bool = False
                   ) -> Iterator[StreamedSheet]:
    """Copy the workbook to target, the sheet of that name written anew from the lines
    appended in the block, in the given styles of the workbook's styles.xml. The sheet's
    filter is not added to the workbook's defined names."""
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as book:
        part = _sheet_part(source, sheet_name)
        for info in source.infolist():
            if info.filename != part:
                book.writestr(info, source.read(info.filename))
                continue
            with book.open(part, "w", force_zip64=True) as out:
                sheet = StreamedSheet(out, widths, frozen_header, auto_filter, styles,
                                      right_to_left)
                yield sheet
                sheet.close()


def _sheet_part(package: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip entry of the sheet of that name, through the workbook's relationships."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    links = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target") for link in links}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets[sheet.get(f"{{{_REL}}}id")]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(sheet_name)
