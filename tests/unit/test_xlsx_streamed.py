"""The export of many sessions written while it is sent: the same workbook as the one written to
a file, its first bytes before any line is read, and a failure midway that leaves no file that
looks whole. Without an application."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from tests.unit.test_xlsx import LABELS, data_row
from trainings.exports import xlsx

FILTERS = [("Période", "du 01/12/2026 au 31/12/2026"), ("Formation", "=HYPERLINK(\"x\")")]
HOSTILE = ["=1+2", "+212612345678", "-2+3", "@SUM(A1:A9)", "=HYPERLINK(\"http://x\",\"y\")",
           "\x07Nom\x1b avec \x00contrôle", "<script>alert(1)</script>", "مريم بنت ٣ و 12",
           " espace autour ", "é" * 10_000, "\x01\x02", "Ali & <Co> \"Fils\""]


def hostile_row(n: int) -> tuple:
    row = list(data_row(n))
    text = HOSTILE[n % len(HOSTILE)]
    for column in ("session", "last_name", "first_name", "organization", "function"):
        row[xlsx.DATA_COLUMNS.index(column)] = text
    return tuple(row)


def written_to_a_file(rows, filters=FILTERS) -> bytes:
    buffer = io.BytesIO()
    xlsx.consolidated_workbook(rows, buffer, LABELS, filters)
    return buffer.getvalue()


def parts(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return [(name, archive.read(name)) for name in archive.namelist()]


def cells(package: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(package))
    return {ws.title: [tuple((c.value, c.font.b, c.number_format, c.quotePrefix) for c in row)
                       for row in ws.iter_rows()] for ws in book.worksheets}


def test_streamed_workbook_is_the_one_written_to_a_file_part_for_part():
    rows = [hostile_row(n) for n in range(600)]
    streamed = b"".join(xlsx.consolidated_chunks(iter(rows), LABELS, FILTERS, chunk_size=4096))
    expected = written_to_a_file(iter(rows))
    # Every part of the package byte for byte, in the same order; only the zip around them
    # differs: sizes after each entry's data (a data descriptor), as a stream can't go back.
    assert parts(streamed) == parts(expected)
    with zipfile.ZipFile(io.BytesIO(streamed)) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())
    assert cells(streamed) == cells(expected)
    data = load_workbook(io.BytesIO(streamed))["Données"]
    assert data.cell(2 + 9, 2).value == "é" * 10_000
    assert data.cell(2 + 0, 13).value == "=1+2" and data.cell(2 + 0, 13).data_type == "s"


def test_streamed_workbook_without_lines_is_the_one_written_to_a_file():
    streamed = b"".join(xlsx.consolidated_chunks(iter(()), LABELS))
    assert parts(streamed) == parts(written_to_a_file(iter(()), ()))


def test_first_piece_leaves_before_any_line_is_read_and_the_next_before_the_last():
    fetched = []

    def lines():
        for n in range(20_000):
            fetched.append(n)
            yield data_row(n)

    fetched_at_each_piece = []
    pieces = []
    for piece in xlsx.consolidated_chunks(lines(), LABELS, chunk_size=16 * 1024):
        fetched_at_each_piece.append(len(fetched))
        pieces.append(piece)
    assert pieces[0].startswith(b"PK\x03\x04")  # the first entry's header
    assert fetched_at_each_piece[0] == 0
    assert 0 < fetched_at_each_piece[1] < 20_000
    assert len(pieces) > 5
    data = load_workbook(io.BytesIO(b"".join(pieces)), read_only=True)["Données"]
    assert sum(1 for _row in data.iter_rows(values_only=True)) == 20_001


def test_a_failure_midway_leaves_a_file_no_program_takes_for_a_whole_workbook():
    def lines():
        for n in range(5000):
            yield data_row(n)
        raise ConnectionError("base de données perdue")

    pieces = []
    with pytest.raises(ConnectionError):
        for piece in xlsx.consolidated_chunks(lines(), LABELS, chunk_size=4096):
            pieces.append(piece)
    sent = b"".join(pieces)
    assert len(pieces) > 2 and sent.startswith(b"PK\x03\x04")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(sent))
    with pytest.raises(Exception):
        load_workbook(io.BytesIO(sent))


def test_an_abandoned_download_stops_reading_lines():
    fetched = []

    def lines():
        for n in range(10_000):
            fetched.append(n)
            yield (*data_row(n)[:20], datetime(2026, 12, 7, 9), "QR code", "", "")

    source = lines()
    pieces = xlsx.consolidated_chunks(source, LABELS, chunk_size=4096)
    next(pieces)
    next(pieces)
    pieces.close()  # the reader went away: no error, nothing more is read
    read = len(fetched)
    assert 0 < read < 10_000
    assert next(pieces, None) is None and len(fetched) == read
    assert source.gi_frame is None  # the lines' source closed (a query's cursor with it)
