"""The texts of tests in a language, without an application: French fallback, which questions lack
a translation, translations checked with the question, and the bank sheet's language columns."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from trainings.assessments import bank_sheet
from trainings.assessments.question_rules import (
    CHOICE_MAX_LENGTH, CleanQuestion, Problem, Translation, clean_question,
)
from trainings.assessments.translated import in_language, lacking, stored


def item(text="Oui", text_ar=None, text_en=None, **more):
    return SimpleNamespace(text=text, text_ar=text_ar, text_en=text_en, **more)


def test_a_text_in_the_language_else_in_french():
    choice = item("Oui", "نعم", None)
    assert in_language(choice, "ar") == "نعم"
    assert in_language(choice, "en") == "Oui"
    assert in_language(choice, "fr") == "Oui"
    assert in_language(choice, None) == "Oui" and in_language(choice, "xx") == "Oui"
    assert in_language(item("Oui", ""), "ar") == "Oui"  # a blank translation is none
    question = item("Q ?", explanation="Parce que.", explanation_ar="لأن.", explanation_en=None)
    assert in_language(question, "ar", "explanation") == "لأن."
    assert in_language(question, "en", "explanation") == "Parce que."


def test_blank_translations_are_stored_as_none():
    assert stored("  ") is None and stored(None) is None and stored(" نعم ") == "نعم"


def test_the_questions_lacking_a_translation():
    full = item("Q1", "س1", explanation="", explanation_ar=None,
                choices=[item("A", "أ"), item("B", "ب")])
    no_text = item("Q2", None, explanation="", choices=[item("A", "أ")])
    no_choice = item("Q3", "س3", explanation="", choices=[item("A", "أ"), item("B", None)])
    no_explanation = item("Q4", "س4", explanation="Car.", explanation_ar=None,
                          choices=[item("A", "أ")])
    questions = [full, no_text, no_choice, no_explanation]
    assert lacking(questions, "ar") == [no_text, no_choice, no_explanation]
    assert lacking(questions, "en") == questions
    assert lacking(questions, "fr") == []


def test_translated_choices_follow_the_french_ones_blanks_dropped():
    clean, problems = clean_question(
        "single", "Q ?", ["Oui", "", "Non"], {0}, Decimal(1), "",
        {"ar": ("س؟", ["نعم", "", "لا"], "لأن"), "en": ("", ["", "", ""], "")})
    assert problems == []
    assert clean.choices == ("Oui", "Non")
    assert clean.translations == {"ar": Translation("س؟", ("نعم", "لا"), "لأن")}
    assert clean.translated_choice("ar", 1) == "لا" and clean.translated_choice("en", 1) == ""


def test_a_true_false_question_keeps_its_translated_choices():
    clean, problems = clean_question("true-false", "Q ?", [""] * 6, {0}, Decimal(1), "",
                                     {"ar": ("", ["صحيح", "خطأ"], "")})
    assert problems == [] and clean.choices == ("Vrai", "Faux")
    assert clean.translations["ar"].choices == ("صحيح", "خطأ")


def test_a_translated_choice_needs_its_french_choice_and_a_length():
    _clean, problems = clean_question("single", "Q ?", ["Oui", "Non"], {0}, Decimal(1), "",
                                      {"ar": ("", ["نعم", "لا", "ربما"], "")})
    assert problems == [Problem("translation_on_empty", "C")]
    _clean, problems = clean_question("single", "Q ?", ["Oui", "Non"], {0}, Decimal(1), "",
                                      {"en": ("", ["x" * (CHOICE_MAX_LENGTH + 1)], "")})
    assert problems == [Problem("choice_too_long", str(CHOICE_MAX_LENGTH))]


_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                              blacklist_characters="\ufffe\uffff"), max_size=40).map(
    lambda t: " ".join(t.split()))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_text, _text, _text, _text), min_size=1, max_size=4))
def test_the_bank_sheet_round_trips_the_translations(texts):
    questions = []
    for n, (text_ar, choice_ar, text_en, explanation_en) in enumerate(texts):
        translations = {}
        if text_ar or choice_ar:
            translations["ar"] = Translation(text_ar, (choice_ar, ""), "")
        if text_en or explanation_en:
            translations["en"] = Translation(text_en, ("", ""), explanation_en)
        questions.append(CleanQuestion("single", f"Question {n} ?", (f"Oui {n}", f"Non {n}"),
                                       frozenset({0}), Decimal(1), "Car.", translations))
    rows = bank_sheet.read_bank(bank_sheet.bank_workbook(questions, "Aide", []))
    assert [row.problems for row in rows] == [[]] * len(questions)
    assert [row.question for row in rows] == questions
