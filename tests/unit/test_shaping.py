"""Which texts the PDFs shape, what they strip from them, and the runs fpdf2 is given, so that
Arabic reads right to left and a number inside it stays in its place."""
from __future__ import annotations

import pytest
from fpdf.enums import TextDirection
from hypothesis import given, settings, strategies as st

from trainings.documents.shaping import (
    LEFT_TO_RIGHT_MARK, RIGHT_TO_LEFT_MARK, bidi_runs, keep_direction, needs_shaping, printable,
)

LTR, RTL = TextDirection.LTR, TextDirection.RTL


@pytest.mark.parametrize("text", ["فاطمة", "Association جمعية", "שלום", "\ufedf\ufefc",
                                  "x\u200fy"])
def test_right_to_left_script_is_shaped(text):
    assert needs_shaping(text)


@pytest.mark.parametrize("text", ["Fatima-Zahra EL AMRANI", "Aïcha Ben Saïd — Œuvre « x »",
                                  "ⵜⴰⵎⴰⵣⵉⵖⵜ", "+212 6 00 00 00 01", "", "😀"])
def test_other_text_is_drawn_as_before(text):
    assert not needs_shaping(text)


def test_controls_and_explicit_direction_characters_are_stripped():
    assert printable("Fa\x01ti\x1fma\x7f\x9f") == "Fatima"
    assert printable("\u202eEL AMRANI\u202c \u2067x\u2069 \u202aa\u202b") == "EL AMRANI x a"
    assert printable("a\tb\nc\r\nd\x0be\u2028f") == "a b c  d e f"
    assert printable("\ud800x\uffff") == "x"


def test_letters_joiners_and_marks_are_kept():
    text = "فاطمة\u200d \u200c \u200f\u200e é 😀 جمعية 2030"
    assert printable(text) == text


def test_a_number_inside_arabic_in_a_french_line_joins_the_arabic_run():
    # fpdf2 reverses each run of right-to-left fragments as a block: the number must be one of
    # them, handed over back to front so that the shaper draws it in its own order.
    assert bidi_runs("Organisation : جمعية 2030.") == (
        LTR, (("Organisation : ", LTR), ("جمعية ", RTL), ("0302", RTL), (".", LTR)))


def test_an_arabic_paragraph_keeps_its_numbers_and_latin_words_left_to_right():
    assert bidi_runs("جمعية Tanmia 2030") == (RTL, (("جمعية ", RTL), ("Tanmia 2030", LTR)))


def test_french_is_one_run_and_keeps_the_page_count_alias():
    assert bidi_runs("page 1 / {nb}", alias="{nb}") == (LTR, (("page 1 / {nb}", LTR),))


def test_wrapped_lines_keep_the_direction_of_their_paragraph():
    arabic = "جمعية Tanmia"
    assert keep_direction(arabic, ["جمعية", "Tanmia"]) == ["جمعية", RIGHT_TO_LEFT_MARK + "Tanmia"]
    french = "Association جمعية"
    assert keep_direction(french, ["Association", "جمعية"]) == [
        "Association", LEFT_TO_RIGHT_MARK + "جمعية"]
    assert keep_direction("EL AMRANI", ["EL", "AMRANI"]) == ["EL", "AMRANI"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from(["فاطمة", " ", "2030", "(", ")", "«", "»", "Tanmia", "\u202e",
                                   "\u2067", "\u2069", "%", "-", ".", "\u00a0", "\n"]),
                  max_size=20).map("".join))
def test_any_text_splits_into_runs_of_its_own_characters(text):
    text = printable(text)
    direction, runs = bidi_runs(text)
    assert direction in (LTR, RTL)
    assert sorted("".join(run for run, _ in runs)) == sorted(text)
    assert all(run for run, _ in runs)
