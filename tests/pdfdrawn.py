"""What the pages of a PDF made by fpdf2 draw, read back from their content streams: the text
lines as the eye meets them, left to right (so Arabic comes out last letter first), and the
characters whose glyphs the embedded fonts hold (Arabic presentation forms when the letters are
joined, the bare letters when they are not)."""
from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _shown(operands, operator: bytes) -> bytes | None:
    """The character codes a text-showing operator draws (TJ: justified lines)."""
    if operator == b"Tj":
        return operands[0].original_bytes
    if operator == b"TJ":
        return b"".join(item.original_bytes for item in operands[0]
                        if hasattr(item, "original_bytes"))
    return None


def _codes(raw: bytes) -> list[int]:
    return [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]


def _to_unicode(font) -> dict[int, str]:
    """A font's character codes and the text each stands for (fpdf2 writes bfchar pairs)."""
    cmap = font["/ToUnicode"].get_data().decode("latin-1")
    return {int(code, 16): bytes.fromhex(text).decode("utf-16-be")
            for block in _BFCHAR.findall(cmap) for code, text in _PAIR.findall(block)}


def _pieces(reader: PdfReader, page_number: int) -> list[tuple[float, float, str]]:
    """(baseline, left, text) of each string the page shows, in the order drawn."""
    page = reader.pages[page_number]
    fonts = {name: _to_unicode(font.get_object())
             for name, font in page["/Resources"]["/Font"].items()}
    pieces: list[tuple[float, float, str]] = []
    font: dict[int, str] = {}
    x = y = 0.0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            font = fonts[operands[0]]
        elif operator == b"Td":  # fpdf2 opens a text object for each string: Td is absolute
            x, y = float(operands[0]), float(operands[1])
        elif operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif (raw := _shown(operands, operator)) is not None:
            text = "".join(font.get(code, "\ufffd") for code in _codes(raw))
            pieces.append((round(y, 1), x, text))
    return pieces


def drawn_pieces(content: bytes, page_number: int = 0) -> list[list[str]]:
    """The strings drawn on each baseline of the page, top to bottom, each line left to right.
    A French text is one string; a shaped one is drawn glyph by glyph."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for y, x, text in _pieces(PdfReader(io.BytesIO(content)), page_number):
        lines.setdefault(y, []).append((x, text))
    return [[text for _, text in sorted(lines[y], key=lambda piece: piece[0])]
            for y in sorted(lines, reverse=True)]


def drawn_lines(content: bytes, page_number: int = 0) -> list[str]:
    """The text of each baseline of the page as drawn, left to right."""
    return ["".join(pieces) for pieces in drawn_pieces(content, page_number)]


def drawn_glyphs(content: bytes) -> set[str]:
    """The characters of the glyphs the document draws, by the embedded fonts' own character
    maps: a joined Arabic letter is drawn with the glyph of its presentation form (U+FB50 to
    U+FEFC), a letter left alone with that of the bare letter (which is also its isolated
    form)."""
    reader = PdfReader(io.BytesIO(content))
    characters: set[str] = set()
    for page in reader.pages:
        codes: dict[str, set[int]] = {}
        name = ""
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                name = operands[0]
            elif (raw := _shown(operands, operator)) is not None:
                codes.setdefault(name, set()).update(_codes(raw))
        for name, used in codes.items():
            descendant = page["/Resources"]["/Font"][name]["/DescendantFonts"][0].get_object()
            cid_to_gid = descendant["/CIDToGIDMap"].get_data()
            font = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_data()))
            order, reverse = font.getGlyphOrder(), font["cmap"].buildReversed()
            for code in used:
                glyph = order[int.from_bytes(cid_to_gid[2 * code:2 * code + 2], "big")]
                characters.update(chr(point) for point in reverse.get(glyph, ()))
    return characters


def drawn_lines_placed(content: bytes, page_number: int = 0) -> list[tuple[float, str]]:
    """Each baseline's leftmost position (in points from the page's left edge) and its text as
    drawn, left to right: where a line begins shows which side it was aligned to."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for y, x, text in _pieces(PdfReader(io.BytesIO(content)), page_number):
        lines.setdefault(y, []).append((x, text))
    placed = []
    for y in sorted(lines, reverse=True):
        pieces = sorted(lines[y], key=lambda piece: piece[0])
        placed.append((pieces[0][0], "".join(text for _, text in pieces)))
    return placed
