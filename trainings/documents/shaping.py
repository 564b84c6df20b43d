"""Arabic in the PDFs: letters joined by HarfBuzz and runs ordered right to left by the Unicode
bidirectional algorithm, only in the texts that hold right-to-left script, so that French text
is drawn and costs what it did. Pure: fpdf2 and text, no Flask."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from fpdf import FPDF
from fpdf.bidi import BidiParagraph, auto_detect_base_direction
from fpdf.enums import TextDirection
from fpdf.line_break import Fragment

# Hebrew, Arabic (with its supplements and extensions), Syriac, Thaana, N'Ko and the other
# right-to-left blocks, Arabic presentation forms, the right-to-left and Arabic letter marks.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f"
                            "\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Nothing in a printed line needs them, and a stray one garbles it: C0 and C1 controls (tabs and
# line breaks become spaces), explicit bidirectional embeddings, overrides and isolates (an
# override typed into a name would reverse the rest of a certificate's sentence), lone
# surrogates and non-characters.
_SPACES = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff\ufffe\uffff]")
_TO_CLEAN = re.compile(f"{_SPACES.pattern}|{_UNPRINTABLE.pattern}")

LEFT_TO_RIGHT_MARK, RIGHT_TO_LEFT_MARK = "\u200e", "\u200f"  # invisible, once shaped


def needs_shaping(text: str) -> bool:
    """Whether the text holds right-to-left script, whose letters must be joined and reordered."""
    return _RIGHT_TO_LEFT.search(text) is not None


def printable(text: str) -> str:
    """The text without the characters that have no business in a printed line."""
    if _TO_CLEAN.search(text) is None:  # one search for the usual text, with nothing to clean
        return text
    return _UNPRINTABLE.sub("", _SPACES.sub(" ", text))


def is_right_to_left(text: str) -> bool:
    """Whether a paragraph of this text reads from the right: its first strong letter does."""
    return auto_detect_base_direction(text) == TextDirection.RTL


def keep_direction(paragraph: str, lines: list[str]) -> list[str]:
    """The lines a paragraph was wrapped into, each marked, where it needs it, to read in the
    paragraph's direction rather than in that of its own first letter."""
    right_to_left = is_right_to_left(paragraph)
    mark = RIGHT_TO_LEFT_MARK if right_to_left else LEFT_TO_RIGHT_MARK
    return [line if is_right_to_left(line) == right_to_left else mark + line for line in lines]


@lru_cache(maxsize=4096)  # a text is measured, often twice, before it is drawn
def bidi_runs(text: str, alias: str | None = None
              ) -> tuple[TextDirection, tuple[tuple[str, TextDirection], ...]]:
    """The paragraph's direction and its runs of one embedding level, in logical order, as
    fpdf2 draws them: each run shaped in its direction, then the runs of each direction
    reversed as a block on each line (fpdf2 2.8.9's reordering knows two levels).

    A number inside an Arabic run of a French line sits one level deeper (2) than the Arabic
    (1); fpdf2 alone takes it for part of the French text and prints "جمعية 2030" backwards.
    Such a run is handed over as right to left with its characters reversed: it then joins the
    Arabic run's block and comes out of the shaper in its own reading order. Explicit
    embeddings are stripped beforehand (printable), so no deeper level occurs."""
    direction = auto_detect_base_direction(text)
    paragraph = BidiParagraph(text=text, base_direction=direction, preserve_bn_chars=True,
                              alias=alias)
    runs: list[tuple[str, TextDirection]] = []
    for level, characters in groupby(paragraph.get_characters(),
                                     key=lambda character: character.embedding_level):
        run = "".join(character.character for character in characters)
        if paragraph.sentinel:  # fpdf2's stand-in for the page-count alias "{nb}"
            run = run.replace(paragraph.sentinel, alias or "")
        if level % 2:
            runs.append((run, TextDirection.RTL))
        elif level > paragraph.base_embedding_level + 1:  # left to right inside right to left
            runs.append((run[::-1], TextDirection.RTL))
        else:
            runs.append((run, TextDirection.LTR))
    return direction, tuple(runs)


class ShapingPdf(FPDF):
    """An FPDF that cleans every text it prints or measures and shapes those that need it.

    fpdf2 normalises each text before it measures or draws it (cell, multi_cell,
    get_string_width): that is where shaping is switched on or off for that text. text() does
    not shape: draw right-to-left text with cell()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_text_shaping(True)
        self._shaping = self.text_shaping
        self.text_shaping = None

    def normalize_text(self, text: str) -> str:
        text = printable(text)
        self.text_shaping = dict(self._shaping) if needs_shaping(text) else None
        return super().normalize_text(text)

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> tuple[Fragment, ...]:
        if not self.text_shaping:
            return tuple(super()._preload_bidirectional_text(text, markdown))
        direction, runs = bidi_runs(text, self.str_alias_nb_pages)
        shaping = self.text_shaping
        shaping["paragraph_direction"] = direction
        fragments: list[Fragment] = []
        for run, run_direction in runs:
            # The French of a French line is drawn as it always was, unshaped, in one string;
            # only the right-to-left runs and what they hold go through HarfBuzz.
            plain = direction == run_direction == TextDirection.LTR
            self.text_shaping = None if plain else shaping
            shaping["fragment_direction"] = run_direction
            fragments.extend(self._preload_font_styles(run, markdown))
        self.text_shaping = shaping
        return tuple(fragments)
