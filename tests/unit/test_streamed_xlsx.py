"""The streamed workbook writer, without an application: a workbook written as XML text opens in
openpyxl with its sheets, values, types, styles, frozen header and filter, and every text stays
text exactly as the formula-safe cell helper (downloads.cells) keeps it."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from hypothesis import given, strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tests.unit.test_cells import AWKWARD, HOSTILE, ORDINARY
from trainings.downloads.cells import MAX_LENGTH, cells, set_value
from trainings.downloads.streamed_xlsx import (
    StreamedSheet, StreamedWorkbook, Styles, cell_styles, replaced_sheet,
)

TEN_KB = "ten kilobytes " * 732


def streamed(*sheets: tuple[str, list[list]], **options) -> bytes:
    """A workbook of the named sheets, each a bold header line then the lines, written in
    reverse order (the export writes its last sheet first); options go to every sheet."""
    buffer = io.BytesIO()
    with StreamedWorkbook(buffer, [name for name, _ in sheets]) as book:
        for name, lines in reversed(sheets):
            with book.sheet(name, **options) as sheet:
                sheet.append(lines[0], bold=True)
                for line in lines[1:]:
                    sheet.append(line)
    return buffer.getvalue()


def opened(data: bytes):
    return load_workbook(io.BytesIO(data))


def one_line(values: list) -> list:
    """The cells of a line written after a header, read back."""
    ws = opened(streamed(("S", [["h"], values]))).active
    return list(ws.iter_rows(min_row=2, max_row=2, max_col=len(values)))[0]


# Sheets, values and types -----------------------------------------------------------------------

def test_a_two_sheet_workbook_opens_with_its_sheets_in_order_and_its_values():
    book = opened(streamed(
        ("Synthèse", [["Total", 3]]),
        ("Données", [["name", "count", "day"], ["Alaoui", 1, date(2026, 12, 7)],
                     ["Benali", 2, date(2026, 12, 8)]])))
    assert book.sheetnames == ["Synthèse", "Données"]
    assert [c.value for c in book["Synthèse"][1]] == ["Total", 3]
    data = book["Données"]
    assert [[c.value for c in row] for row in data.iter_rows()] == [
        ["name", "count", "day"], ["Alaoui", 1, datetime(2026, 12, 7)],
        ["Benali", 2, datetime(2026, 12, 8)]]


def test_numbers_booleans_dates_and_empty_cells_keep_their_types():
    moment = datetime(2026, 12, 7, 9, 12, 30)
    line = one_line([3, -1, 2.5, -0.25, 0, True, date(2026, 12, 7), moment,
                     moment.replace(tzinfo=timezone.utc), None, "", 10**15])
    assert [c.data_type for c in line[:9]] == ["n", "n", "n", "n", "n", "b", "d", "d", "d"]
    assert [c.value for c in line] == [3, -1, 2.5, -0.25, 0, True, datetime(2026, 12, 7),
                                       moment, moment, None, None, 10**15]
    assert line[6].number_format == "yyyy-mm-dd"
    assert line[7].number_format == "yyyy-mm-dd h:mm:ss"
    assert not any(c.quotePrefix for c in line)


def test_what_is_neither_a_number_nor_a_date_is_written_as_its_text():
    [decimal, text] = one_line([Decimal("1.50"), "=x"])
    assert (decimal.value, decimal.data_type) == ("1.50", "s")
    assert (text.value, text.data_type, text.quotePrefix) == ("=x", "s", True)


def test_the_header_is_bold_and_the_lines_are_not():
    ws = opened(streamed(("S", [["name", "=total"], ["Alaoui", "=x"]]))).active
    assert ws["A1"].font.b and ws["B1"].font.b and ws["B1"].quotePrefix
    assert not ws["A2"].font.b and not ws["B2"].font.b and ws["B2"].quotePrefix


def test_more_lines_than_one_batch_are_all_written():
    lines = [[n, f"person {n % 7}"] for n in range(StreamedSheet.BATCH * 2 + 7)]
    ws = opened(streamed(("S", [["n", "name"], *lines]))).active
    assert ws.max_row == len(lines) + 1
    assert [c.value for c in ws[ws.max_row]] == lines[-1]


def test_every_part_is_well_formed_xml():
    data = streamed(("L'équipe & co", [["a <b>", "c"], ["&", "'\""]]), ("Données", [["x"]]),
                    frozen_header=True, auto_filter=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))  # raises on malformed XML


# Widths, frozen header and filter -------------------------------------------------------------

def test_widths_frozen_header_and_filter_are_where_they_were_asked():
    data = streamed(("Données", [["name", "count", "day"], ["Alaoui", 1, None], ["B", 2, None]]),
                    widths=(30, 12.5), frozen_header=True, auto_filter=True)
    ws = opened(data).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (30, 12.5)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        workbook = package.read("xl/workbook.xml").decode()
    assert ('<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            "'Données'!$A$1:$C$3</definedName>") in workbook


def test_a_sheet_without_options_has_no_frozen_pane_nor_filter():
    data = streamed(("S", [["a", "b"], [1, 2]]))
    ws = opened(data).active
    assert ws.freeze_panes is None
    assert ws.auto_filter.ref is None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"definedName" not in package.read("xl/workbook.xml")


def test_the_filter_spans_the_header_and_only_the_sheets_that_asked_for_it():
    buffer = io.BytesIO()
    with StreamedWorkbook(buffer, ["Synthèse", "L'équipe"]) as book:
        with book.sheet("L'équipe", auto_filter=True) as sheet:
            sheet.append(["a", "b"], bold=True)
            sheet.append([1, 2, 3, 4])  # longer than the header: the filter stays on A:B
        with book.sheet("Synthèse") as sheet:
            sheet.append(["x"])
    book = opened(buffer.getvalue())
    assert book["L'équipe"].auto_filter.ref == "A1:B2"
    assert book["Synthèse"].auto_filter.ref is None
    with zipfile.ZipFile(buffer) as package:
        assert "'L''équipe'!$A$1:$B$2" in package.read("xl/workbook.xml").decode()


def test_a_sheet_of_the_header_alone_filters_the_header():
    ws = opened(streamed(("S", [["a", "b", "c"]]), auto_filter=True)).active
    assert ws.auto_filter.ref == "A1:C1"


# Texts someone typed: exactly what downloads.cells makes of them --------------------------------

@pytest.mark.parametrize("typed, shown", HOSTILE, ids=[repr(t) for t, _ in HOSTILE])
def test_a_text_starting_like_a_formula_stays_text_with_the_quote_prefix(typed, shown):
    [cell] = one_line([typed])
    assert (cell.value, cell.data_type, cell.quotePrefix) == (shown, "s", True)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "+1", "-1", "@SUM(1)"])
def test_the_four_formula_starts_give_no_formula_anywhere(text):
    book = opened(streamed(("S", [[text], [text, f"\x01{text}"]])))
    found = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in found] == [text] * 3
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


def test_ordinary_text_is_written_unchanged_without_prefix():
    line = one_line(ORDINARY)
    assert [c.value for c in line] == ORDINARY
    assert {c.data_type for c in line} == {"s"}
    assert not any(c.quotePrefix for c in line)


@pytest.mark.parametrize("typed, shown", AWKWARD, ids=[repr(t[:20]) for t, _ in AWKWARD])
def test_awkward_texts_survive_a_round_trip(typed, shown):
    [cell] = one_line([typed])
    assert (cell.value, cell.data_type) == (shown, "s")


def test_arabic_with_digits_ten_kilobytes_and_control_characters():
    arabic = "فاطمة الزهراء 2026 - ١٢٣"
    line = one_line([arabic, TEN_KB, "a\x00b\x01c\x1fd", "\x01\x02", "  espaces  "])
    assert [c.value for c in line] == [arabic, TEN_KB, "abcd", None, "  espaces  "]
    assert len(line[1].value) == 10_248


def test_a_text_longer_than_a_cell_holds_is_cut_as_the_helper_cuts_it():
    [cell] = one_line(["x" * (MAX_LENGTH + 10)])
    assert cell.value == "x" * MAX_LENGTH


def write_only_cell(text: str):
    """The text put into a cell by downloads.cells in openpyxl's write-only mode, read back."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet()
    ws.append(cells(ws, ["h"]))
    ws.append(cells(ws, [text]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(buffer).worksheets[0]["A2"]


@given(st.text(max_size=40) | st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", " "])
       .flatmap(lambda start: st.text(max_size=10).map(lambda rest: start + rest)))
def test_any_text_reads_back_as_the_cell_helper_writes_it(text):
    [cell] = one_line([text])
    expected = write_only_cell(text)
    assert (cell.value, cell.quotePrefix) == (expected.value, expected.quotePrefix)
    if expected.value is not None:  # what cleans to nothing is no cell here, an empty one there
        assert cell.data_type == expected.data_type == "s"


def test_texts_come_out_the_same_whatever_the_text_cache_holds(monkeypatch):
    lines = [["h"], *([f"name {n % 5}", "=x", n] for n in range(50))]
    cached = streamed(("S", lines))
    monkeypatch.setattr(StreamedSheet, "TEXTS", 2)
    with zipfile.ZipFile(io.BytesIO(cached)) as a, \
            zipfile.ZipFile(io.BytesIO(streamed(("S", lines)))) as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")


# Using the workbook ---------------------------------------------------------------------------

def test_sheet_names_must_differ():
    with pytest.raises(ValueError):
        StreamedWorkbook(io.BytesIO(), ["A", "A"])


def test_every_sheet_is_written_once_before_the_workbook_closes():
    book = StreamedWorkbook(io.BytesIO(), ["A", "B"])
    with book.sheet("A") as sheet:
        sheet.append(["x"])
    with pytest.raises(ValueError), book.sheet("A"):
        pass
    with pytest.raises(ValueError), book.sheet("C"):
        pass
    with pytest.raises(ValueError, match="'B'"):
        book.close()


def test_an_error_while_lines_stream_reaches_the_caller():
    def lines():
        yield ["a"]
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError, match="database gone"):
        streamed(("S", [["h"], *lines()]))
    buffer = io.BytesIO()
    with pytest.raises(RuntimeError), StreamedWorkbook(buffer, ["S"]) as book:
        with book.sheet("S") as sheet:
            for line in lines():
                sheet.append(line)
    with zipfile.ZipFile(buffer) as package:  # closed, but no workbook.xml: not a workbook
        assert "xl/workbook.xml" not in package.namelist()


def test_a_workbook_can_be_written_to_a_path(tmp_path):
    path = tmp_path / "book.xlsx"
    with StreamedWorkbook(str(path), ["S"]) as book, book.sheet("S") as sheet:
        sheet.append(["a", 1])
    assert [c.value for c in load_workbook(path).active[1]] == ["a", 1]


# One sheet of an openpyxl workbook streamed ---------------------------------------------------

def openpyxl_package() -> bytes:
    """A first sheet openpyxl formats, and a second one holding a bold header and a sample
    line whose cells carry the date, date-time and quote-prefix styles."""
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active["A1"] = "kept as openpyxl wrote it"
    workbook.active["A1"].font = Font(italic=True)
    data = workbook.create_sheet("Données")
    header = set_value(data.cell(1, 1), "name")
    header.font = Font(bold=True)
    data.cell(2, 1, date(2026, 1, 1))
    data.cell(2, 2, datetime(2026, 1, 1, 9))
    set_value(data.cell(2, 3), "=")
    set_value(data.cell(2, 4), "=").font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_cell_styles_gives_each_cell_its_style_index():
    found = cell_styles(openpyxl_package(), "Données")
    assert set(found) == {"A1", "A2", "B2", "C2", "D2"}
    assert len(set(found.values())) == 5  # five different styles
    with pytest.raises(KeyError):
        cell_styles(openpyxl_package(), "Absent")


def test_a_replaced_sheet_streams_its_lines_in_the_workbook_styles():
    package = openpyxl_package()
    found = cell_styles(package, "Données")
    styles = Styles(bold=found["A1"], date=found["A2"], datetime=found["B2"],
                    quoted=found["C2"], bold_quoted=found["D2"])
    buffer = io.BytesIO()
    with replaced_sheet(package, "Données", buffer, styles, widths=(20,), frozen_header=True,
                        auto_filter=True) as sheet:
        sheet.append(["name", "day", "at", "=h"], bold=True)
        sheet.append(["-1", date(2026, 12, 7), datetime(2026, 12, 7, 9, 12), 4])
    book = opened(buffer.getvalue())
    assert book.sheetnames == ["Cover", "Données"]
    cover = book["Cover"]
    assert (cover["A1"].value, cover["A1"].font.i) == ("kept as openpyxl wrote it", True)
    ws = book["Données"]
    assert [c.value for c in ws[1]] == ["name", "day", "at", "=h"]
    assert ws["A1"].font.b and ws["D1"].font.b and ws["D1"].quotePrefix
    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].quotePrefix) == ("-1", "s", True)
    assert ws["B2"].value == datetime(2026, 12, 7) and ws["B2"].is_date
    assert ws["C2"].value == datetime(2026, 12, 7, 9, 12) and ws["C2"].is_date
    assert ws["D2"].value == 4
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D2"
    assert ws.column_dimensions["A"].width == 20
