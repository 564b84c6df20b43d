"""What makes a question of the bank well formed, for each kind. Pure: the question form and the
Excel import share these rules; problems are codes that the service words in French."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from trainings.registry.normalize import fold

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true-false"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)
LETTERS = "ABCDEF"
MAX_CHOICES = len(LETTERS)
CHOICE_MAX_LENGTH = 500
MAX_POINTS = Decimal("9999.99")  # Numeric(6, 2) of questions.points
TRUE_FALSE_CHOICES = ("Vrai", "Faux")


@dataclass(frozen=True)
class Problem:
    """Why a question cannot be saved: a code and the value at fault (a letter, a text)."""

    code: str
    value: str = ""


@dataclass(frozen=True)
class CleanQuestion:
    """A valid question: choices without blanks, correct ones as indices into them."""

    kind: str
    text: str
    choices: tuple[str, ...]
    correct: frozenset[int]
    points: Decimal
    explanation: str = ""


def letter(index: int) -> str:
    return LETTERS[index]


def parse_points(value) -> Decimal:
    """Points from a number or a French or English decimal text; ValueError when not one."""
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not points.is_finite():
        raise ValueError(value)
    return points


def clean_question(kind: str, text: str, slots: Sequence[str], correct_slots: Collection[int],
                   points: Decimal, explanation: str = "",
                   ) -> tuple[CleanQuestion | None, list[Problem]]:
    """Check a question given as up to six choice slots (A to F, blanks allowed) and the slots
    ticked as correct. Blank slots are dropped; a tick on a blank slot is a problem."""
    problems: list[Problem] = []
    text = (text or "").strip()
    slots = [(s or "").strip() for s in slots]
    if kind not in KINDS:
        return None, [Problem("unknown_kind", kind)]
    if not text:
        problems.append(Problem("no_text"))
    if len(slots) > MAX_CHOICES:
        problems.append(Problem("too_many_choices", str(MAX_CHOICES)))
        slots = slots[:MAX_CHOICES]
    if kind == TRUE_FALSE and not any(slots):
        slots = list(TRUE_FALSE_CHOICES)
    for index in sorted(set(correct_slots)):
        if not 0 <= index < len(slots) or not slots[index]:
            problems.append(Problem("correct_on_empty", letter(index) if 0 <= index < MAX_CHOICES
                                    else str(index + 1)))
    choices, correct = [], set()
    for index, choice in enumerate(slots):
        if not choice:
            continue
        if index in correct_slots:
            correct.add(len(choices))
        choices.append(choice)
    for choice in choices:
        if len(choice) > CHOICE_MAX_LENGTH:
            problems.append(Problem("choice_too_long", str(CHOICE_MAX_LENGTH)))
            break
    folded = [fold(c) for c in choices]
    duplicates = sorted({c for c, f in zip(choices, folded) if folded.count(f) > 1})
    if duplicates:
        problems.append(Problem("duplicate_choice", duplicates[0]))
    if kind == TRUE_FALSE:
        if sorted(folded) != sorted(fold(c) for c in TRUE_FALSE_CHOICES):
            problems.append(Problem("true_false_choices"))
    elif len(choices) < 2:
        problems.append(Problem("too_few_choices"))
    if kind in (SINGLE, TRUE_FALSE) and len(correct) != 1 and not any(
            p.code == "correct_on_empty" for p in problems):
        problems.append(Problem("one_correct", str(len(correct))))
    if kind == MULTIPLE and not correct and not any(
            p.code == "correct_on_empty" for p in problems):
        problems.append(Problem("some_correct"))
    if points is None or points <= 0 or points > MAX_POINTS or points != points.quantize(
            Decimal("0.01")):
        problems.append(Problem("points", "" if points is None else str(points)))
    if problems:
        return None, problems
    return CleanQuestion(kind, text, tuple(choices), frozenset(correct), points,
                         (explanation or "").strip()), []
