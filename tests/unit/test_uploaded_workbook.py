"""Opening an uploaded workbook: hostile archives and sheets are refused before openpyxl reads
them, within a bounded time and memory, and ordinary files still read."""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from tests import hostile_xlsx
from trainings import spreadsheets
from trainings.registry import roster_sheet
from trainings.spreadsheets import (
    SuspiciousCompression, TooLargeUncompressed, TooManyColumns, TooManyEntries, TooManyRows,
    UnreadableWorkbook, open_uploaded, uploaded_workbook,
)

MEMORY_LIMIT = 100 * 1024 * 1024
_HEAD = hostile_xlsx._HEAD


def refusal(data: bytes, max_rows: int = 1000) -> tuple[Exception, float, int]:
    """The error opening data raises, the seconds it took (measured apart: tracemalloc slows
    Python down) and the peak of memory allocated."""
    started = time.perf_counter()
    with pytest.raises(spreadsheets.SheetError):
        open_uploaded(data, max_rows)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(spreadsheets.SheetError) as caught:
            open_uploaded(data, max_rows)
        return caught.value, seconds, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sheet(body: bytes) -> bytes:
    return hostile_xlsx.workbook_with_sheet(_HEAD + b"<sheetData>" + body
                                            + b"</sheetData></worksheet>")


def test_a_gigabyte_of_empty_rows_is_refused_from_its_declared_size():
    data = hostile_xlsx.empty_rows_bomb()
    assert len(data) < 2 * 1024 * 1024  # under the upload limit: it reaches the reader
    error, seconds, peak = refusal(data)
    assert isinstance(error, TooLargeUncompressed)
    assert error.limit == spreadsheets.MAX_UNCOMPRESSED
    assert peak < MEMORY_LIMIT
    assert seconds < 2  # typically 0.01 s


@pytest.mark.parametrize("declared", [1000, 9 * 1024 * 1024])
def test_a_bomb_that_declares_a_small_size_is_read_no_further_than_declared(declared):
    error, seconds, peak = refusal(hostile_xlsx.empty_rows_bomb(declared_size=declared))
    # The declared size is what zipfile lets out; past it the checksum no longer matches.
    assert isinstance(error, UnreadableWorkbook)
    assert peak < MEMORY_LIMIT
    assert seconds < 2  # typically 0.1 s


def test_decompressing_stops_at_the_limit_whatever_the_header_says(monkeypatch):
    """Sizes taken from the header are only a first check: the parts are counted as they are
    decompressed, and the reading stops once the total passes MAX_UNCOMPRESSED."""
    data = hostile_xlsx.empty_rows_bomb(rows=2_000_000)  # 12 MB once decompressed
    monkeypatch.setattr(spreadsheets, "MAX_RATIO", 10**6)
    read: list[int] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        part = real_open(self, name, *args, **kwargs)
        if getattr(name, "filename", name) == hostile_xlsx.SHEET:
            part._left = 10**9  # zipfile would otherwise stop at the declared size
            original = part.read

            def read_chunk(size=-1):
                chunk = original(size)
                read.append(len(chunk))
                return chunk
            part.read = read_chunk
        return part

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.getinfo(hostile_xlsx.SHEET).file_size = 1000  # what a lying header would say
        with pytest.raises(TooLargeUncompressed):
            spreadsheets.check_archive(archive)
    # The sheet read on well past its declared 1000 bytes, up to the limit (less the other
    # parts, a few KB) and no more than one chunk beyond it, not its 12 MB.
    limit = spreadsheets.MAX_UNCOMPRESSED
    assert limit - 100_000 < sum(read) <= limit + 65536


def test_a_lying_dimension_is_ignored_and_only_the_real_cells_are_read():
    data = hostile_xlsx.lying_dimension([["Nom", "Prénom"], ["Alaoui", "Fatima"]])
    assert len(data) < 10_000
    started = time.perf_counter()
    with uploaded_workbook(data, 1000) as workbook:
        ws = workbook.worksheets[0]
        assert isinstance(ws, ReadOnlyWorksheet)  # openpyxl's streaming mode
        assert (ws.max_row, ws.max_column) == (2, 2)  # counted, not the claimed 1048576, 16384
        assert list(ws.iter_rows(values_only=True)) == [("Nom", "Prénom"), ("Alaoui", "Fatima")]
    assert roster_sheet.read_roster(data)[0]["last_name"] == "Alaoui"
    assert time.perf_counter() - started < 2  # typically 0.05 s; minutes before the fix


def test_a_million_rows_are_refused_without_being_read():
    data = hostile_xlsx.million_rows()
    assert len(data) < 300_000
    error, seconds, peak = refusal(data)
    assert isinstance(error, TooLargeUncompressed)
    assert peak < MEMORY_LIMIT
    assert seconds < 2  # typically 0.01 s


def test_rows_are_counted_in_the_sheet_and_the_count_stops_at_the_limit():
    """A sheet within every size limit but of 100,000 rows: refused by counting its rows, and
    the counting stops a little past the limit rather than reading on."""
    data = hostile_xlsx.numbered_rows(100_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        spreadsheets.check_archive(archive)  # the archive alone is acceptable
    error, seconds, peak = refusal(data)
    assert isinstance(error, TooManyRows) and error.limit == 1000
    assert peak < MEMORY_LIMIT
    assert seconds < 2  # typically 0.1 s: 5 MB decompressed, OTHER_SHEET_ROWS rows counted


def test_measure_sheet_stops_reading_at_the_limit():
    body = b"<row/>" * 1_000_000
    part = io.BytesIO(_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>")
    with pytest.raises(TooManyRows):
        spreadsheets.measure_sheet(part, 1000)
    assert part.tell() <= 128 * 1024  # two chunks of 64 KB, not the 6 MB


def test_the_limit_counts_rows_with_their_margin():
    limit = 1000 + spreadsheets.SHEET_MARGIN
    assert open_uploaded(hostile_xlsx.numbered_rows(limit), 1000).worksheets[0].max_row == limit
    with pytest.raises(TooManyRows):
        open_uploaded(hostile_xlsx.numbered_rows(limit + 1), 1000)


@pytest.mark.parametrize("body", [
    b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>',  # a single cell, far down
    b'<row r="2000"/>',  # an empty row, far down
])
def test_a_row_far_down_is_refused(body):
    error, seconds, _peak = refusal(sheet(body))
    assert isinstance(error, TooManyRows)
    assert seconds < 2


@pytest.mark.parametrize("body", [
    b'<row r="1"><c r="XFD1"><v>1</v></c></row>',  # the last column of Excel
    b"<row>" + b"<c/>" * 257 + b"</row>",  # 257 cells without references
])
def test_a_cell_far_right_is_refused(body):
    error, _seconds, _peak = refusal(sheet(body))
    assert isinstance(error, TooManyColumns) and error.limit == spreadsheets.MAX_COLUMNS


def test_the_widest_allowed_row_reads():
    with uploaded_workbook(sheet(b'<row r="1"><c r="IV1"><v>1</v></c></row>'), 10) as workbook:
        assert list(workbook.worksheets[0].values) == [(None,) * 255 + (1,)]


def test_an_archive_of_too_many_parts_is_refused():
    error, _seconds, _peak = refusal(hostile_xlsx.many_parts(spreadsheets.MAX_ENTRIES))
    assert isinstance(error, TooManyEntries)


def test_a_part_compressed_beyond_reason_is_refused():
    data = sheet(b"<row/>" * 400_000)  # 2.4 MB of XML in about 3 KB: within the size limit
    error, _seconds, _peak = refusal(data, max_rows=10**6)
    assert isinstance(error, SuspiciousCompression) and error.limit == spreadsheets.MAX_RATIO


@pytest.mark.parametrize("body", [
    b'<row r="' + b"9" * 10_000 + b'"/>',  # a 10 KB row number
    b'<row><c r="=HYPERLINK(1)"/></row>',
])
def test_nonsense_references_are_unreadable(body):
    error, _seconds, _peak = refusal(sheet(body))
    assert isinstance(error, UnreadableWorkbook)


def test_a_sheet_declaring_entities_is_unreadable():
    data = hostile_xlsx.workbook_with_sheet(
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row><c t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData>"
        b"</worksheet>")
    error, _seconds, _peak = refusal(data)
    assert isinstance(error, UnreadableWorkbook)


def test_an_ordinary_roster_of_the_full_size_still_reads():
    rows = [[f"Nom{n}", f"Prénom{n}", "F", "Asso", "", "", "", ""] for n in range(1000)]
    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation",
                            "Fonction", "Téléphone", "E-mail"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = roster_sheet.read_roster(buffer.getvalue())
    assert len(read) == 1000 and read[-1]["last_name"] == "Nom999"


def test_rows_repeating_one_number_are_counted_all_the_same():
    error, seconds, _peak = refusal(sheet(b'<row r="1"/>' * 2000))
    assert isinstance(error, TooManyRows)
    assert seconds < 2


def two_sheets(first_rows: int, second_rows: int) -> bytes:
    workbook = Workbook()
    for n in range(first_rows):
        workbook.active.append([f"Nom{n}"])
    data = workbook.create_sheet("Données")
    for n in range(second_rows):
        data.append([n, "Alaoui", "<script>alert(1)</script>"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_other_sheets_of_an_exported_workbook_may_be_longer():
    """The "Données" sheet of an exported workbook has a line per person and half-day: sent
    back, it does not refuse the file, and it reads no further than its real rows."""
    with uploaded_workbook(two_sheets(2, 1500), 1000) as workbook:
        assert workbook.worksheets[0].max_row == 2
        data = workbook.worksheets[1]
        assert (data.max_row, data.max_column) == (1500, 3)
        assert list(data.values)[-1] == (1499, "Alaoui", "<script>alert(1)</script>")


def test_the_other_sheets_are_bounded_too():
    data = hostile_xlsx.numbered_rows(spreadsheets.OTHER_SHEET_ROWS + 1, base=two_sheets(2, 1),
                                      part="xl/worksheets/sheet2.xml")
    error, _seconds, _peak = refusal(data)
    assert isinstance(error, TooManyRows) and error.limit == 1000


def test_a_sheet_part_under_another_root_is_measured_all_the_same():
    data = hostile_xlsx.workbook_with_sheet(
        b'<foo xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b"<row><c><v>1</v></c></row>" * 2000 + b"</sheetData></foo>")
    error, _seconds, _peak = refusal(data)
    assert isinstance(error, TooManyRows)


def test_a_table_of_too_many_shared_strings_is_refused_before_openpyxl_builds_it():
    """openpyxl takes tens of microseconds per shared string: 480,000 of them, 10 MB, kept a
    core busy for half a minute."""
    error, seconds, peak = refusal(hostile_xlsx.many_strings(480_000))
    assert isinstance(error, spreadsheets.TooManyStrings)
    assert error.limit == spreadsheets.MAX_SHARED_STRINGS
    assert peak < MEMORY_LIMIT
    assert seconds < 2  # typically 0.1 s


def test_a_table_of_shared_strings_within_the_limit_is_read():
    with uploaded_workbook(hostile_xlsx.many_strings(1000), 1000) as workbook:
        assert workbook.worksheets[0].max_row is None  # a blank sheet, read as such
