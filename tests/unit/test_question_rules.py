"""The rules of a well-formed question, per kind, without an application."""
from __future__ import annotations

from decimal import Decimal

import pytest

from trainings.assessments.question_rules import (
    MULTIPLE, SINGLE, TRUE_FALSE, clean_question, parse_points,
)


def codes(kind, slots, correct, text="Question ?", points=Decimal(1)):
    question, problems = clean_question(kind, text, slots, correct, points)
    assert (question is None) == bool(problems)
    return [p.code for p in problems]


def test_single_choice_needs_exactly_one_correct_answer():
    assert codes(SINGLE, ["a", "b", "c"], {1}) == []
    assert codes(SINGLE, ["a", "b", "c"], {0, 1}) == ["one_correct"]
    assert codes(SINGLE, ["a", "b", "c"], set()) == ["one_correct"]


def test_multiple_choice_needs_at_least_one_correct_answer():
    assert codes(MULTIPLE, ["a", "b", "c"], {0, 2}) == []
    assert codes(MULTIPLE, ["a", "b", "c"], set()) == ["some_correct"]


def test_at_least_two_choices():
    assert codes(SINGLE, ["a", "", ""], {0}) == ["too_few_choices"]


def test_true_false_has_exactly_vrai_and_faux():
    assert codes(TRUE_FALSE, ["Vrai", "Faux"], {1}) == []
    assert codes(TRUE_FALSE, ["Oui", "Non"], {0}) == ["true_false_choices"]
    assert codes(TRUE_FALSE, ["Vrai", "Faux", "Peut-être"], {0}) == ["true_false_choices"]
    assert codes(TRUE_FALSE, ["Vrai", "Faux"], {0, 1}) == ["one_correct"]


def test_true_false_without_choices_gets_vrai_and_faux():
    question, problems = clean_question(TRUE_FALSE, "La terre est plate.", ["", ""], {1},
                                        Decimal(1))
    assert problems == []
    assert question.choices == ("Vrai", "Faux") and question.correct == {1}


def test_blank_slots_are_dropped_and_correct_answers_follow_their_choice():
    question, problems = clean_question(MULTIPLE, "?", ["a", "", "c", "", "e"], {2, 4},
                                        Decimal(1))
    assert question.choices == ("a", "c", "e")
    assert question.correct == {1, 2}


def test_a_correct_answer_on_an_empty_choice_is_named():
    question, problems = clean_question(SINGLE, "?", ["a", "b", ""], {2}, Decimal(1))
    assert [(p.code, p.value) for p in problems] == [("correct_on_empty", "C")]


def test_text_points_and_duplicates():
    assert codes(SINGLE, ["a", "b"], {0}, text="  ") == ["no_text"]
    assert codes(SINGLE, ["a", "b"], {0}, points=Decimal(0)) == ["points"]
    assert codes(SINGLE, ["a", "b"], {0}, points=Decimal("1.005")) == ["points"]
    assert codes(SINGLE, ["Oui", "oui"], {0}) == ["duplicate_choice"]
    assert codes("essay", ["a", "b"], {0}) == ["unknown_kind"]


@pytest.mark.parametrize("value, expected", [("1,5", Decimal("1.5")), (2, Decimal(2)),
                                             (" 3 ", Decimal(3)), (0.5, Decimal("0.5"))])
def test_points_are_read_the_french_or_english_way(value, expected):
    assert parse_points(value) == expected


@pytest.mark.parametrize("value", ["deux", "", "nan", True])
def test_points_that_are_not_a_number(value):
    with pytest.raises(ValueError):
        parse_points(value)
