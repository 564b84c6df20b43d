"""Hostile .xlsx files, built small in memory: a zip whose sheet decompresses to a gigabyte of
empty rows, a sheet whose <dimension> claims the whole grid, a million rows. The zip is
written by hand so that the sheet's deflate stream can be one compressed block repeated."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _parts(base: bytes | None = None) -> dict[str, bytes]:
    """The parts of base, or of an ordinary one-sheet workbook, as openpyxl writes it."""
    if base is None:
        buffer = io.BytesIO()
        Workbook().save(buffer)
        base = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _zip(entries: Iterable[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc, declared uncompressed size) entries."""
    out = io.BytesIO()
    central = []
    for name, raw, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw),
                              size, len(encoded), 0))
        out.write(encoded)
        out.write(raw)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc,
                                   len(raw), size, len(encoded), 0, 0, 0, 0, 0, offset)
                       + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    return out.getvalue()


def workbook_with_sheet(head: bytes, block: bytes = b"", repeat: int = 0, tail: bytes = b"",
                        declared_size: int | None = None, level: int = 9,
                        base: bytes | None = None, part: str = SHEET) -> bytes:
    """A workbook whose sheet XML is head + block * repeat + tail, without ever holding
    block * repeat: the block is deflated once, flushed so that it stands alone, and its
    compressed bytes repeated. declared_size: the size the zip claims, if it should lie;
    base, part: the workbook and the sheet replaced, if not the first of a blank one."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    raw = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    if repeat:
        alone = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = alone.compress(block) + alone.flush(zlib.Z_FULL_FLUSH)
        raw += packed * repeat
        # The CRC of block * repeat is left out: a reader that stops early never checks it,
        # and one that reads to the end has already been fooled.
    raw += compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * repeat + len(tail)
    entries = [(name, _deflate(data), zlib.crc32(data), len(data))
               for name, data in _parts(base).items() if name != part]
    entries.append((part, raw, crc, size if declared_size is None else declared_size))
    return _zip(entries)


def empty_rows_bomb(rows: int = 200_000_000, declared_size: int | None = None) -> bytes:
    """About 1.2 MB on disk, 1.2 GB of <row/> once decompressed."""
    per_block = 100_000
    return workbook_with_sheet(_HEAD + b"<sheetData>", b"<row/>" * per_block,
                               rows // per_block, b"</sheetData></worksheet>",
                               declared_size=declared_size)


def lying_dimension(rows: Iterable[Iterable[str]] = ()) -> bytes:
    """A couple of KB whose <dimension> claims every cell of Excel's grid, A1:XFD1048576,
    while the sheet holds only rows (inline strings)."""
    body = b"".join(
        b"<row>" + b"".join(b'<c t="inlineStr"><is><t>' + value.encode() + b"</t></is></c>"
                            for value in row) + b"</row>"
        for row in rows)
    return workbook_with_sheet(_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData>' + body
                               + b"</sheetData></worksheet>")


def million_rows(rows: int = 1_000_000) -> bytes:
    """A few tens of KB: a million rows of one number each."""
    per_block = 10_000
    return workbook_with_sheet(_HEAD + b'<dimension ref="A1:A%d"/><sheetData>' % rows,
                               b'<row><c t="n"><v>1</v></c></row>' * per_block,
                               rows // per_block, b"</sheetData></worksheet>")


def numbered_rows(rows: int, base: bytes | None = None, part: str = SHEET) -> bytes:
    """Rows numbered 1..rows, each with a cell holding its number: compresses as a real
    sheet does (about 10 times), so that neither the size nor the ratio refuses it."""
    body = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n)
                    for n in range(1, rows + 1))
    return workbook_with_sheet(_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>",
                               level=1, base=base, part=part)


def many_parts(count: int) -> bytes:
    """An ordinary workbook padded with count tiny extra parts."""
    entries = [(name, _deflate(data), zlib.crc32(data), len(data))
               for name, data in _parts().items()]
    entries += [(f"xl/media/pad{n}.bin", _deflate(b"x"), zlib.crc32(b"x"), 1)
                for n in range(count)]
    return _zip(entries)


def many_strings(count: int) -> bytes:
    """An ordinary workbook whose shared strings table holds count tiny strings."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    parts = _parts(buffer.getvalue())
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main">' + b"".join(b"<si><t>%d</t></si>" % n for n in range(count)) + b"</sst>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return _zip((name, _deflate(data), zlib.crc32(data), len(data))
                for name, data in parts.items())
