"""What makes a question of the bank well formed, for each kind. Pure: the question form and the
Excel import share these rules; problems are codes that the service words in French."""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
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
class Translation:
    """A question in another language: its text, its choices aligned with the French ones
    ("" where a choice is not translated), its explanation; blanks mean the French text."""

    text: str = ""
    choices: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class CleanQuestion:
    """A valid question: choices without blanks, correct ones as indices into them."""

    kind: str
    text: str
    choices: tuple[str, ...]
    correct: frozenset[int]
    points: Decimal
    explanation: str = ""
    # By language ("ar", "en"): only languages with at least one text.
    translations: Mapping[str, Translation] = field(default_factory=dict)

    def translated_choice(self, language: str, index: int) -> str:
        translation = self.translations.get(language)
        if translation is None or index >= len(translation.choices):
            return ""
        return translation.choices[index]


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


@dataclass(frozen=True)
class _Draft:
    """A question as typed, its blank slots dropped: what every rule below reads."""

    kind: str
    text: str
    slots: tuple[str, ...]  # at most MAX_CHOICES, blanks kept (their letters matter)
    too_many_slots: bool
    correct_slots: frozenset[int]
    points: Decimal | None

    @property
    def choices(self) -> list[str]:
        return [choice for choice in self.slots if choice]

    @property
    def correct(self) -> set[int]:
        """The correct choices as indices into `choices`."""
        filled = [index for index, choice in enumerate(self.slots) if choice]
        return {position for position, index in enumerate(filled) if index in self.correct_slots}

    @property
    def ticked_blanks(self) -> list[int]:
        return [index for index in sorted(self.correct_slots)
                if not 0 <= index < len(self.slots) or not self.slots[index]]


def _text_rule(draft: _Draft) -> list[Problem]:
    return [] if draft.text else [Problem("no_text")]


def _slot_count_rule(draft: _Draft) -> list[Problem]:
    return [Problem("too_many_choices", str(MAX_CHOICES))] if draft.too_many_slots else []


def _ticked_blank_rule(draft: _Draft) -> list[Problem]:
    return [Problem("correct_on_empty", letter(index) if 0 <= index < MAX_CHOICES
                    else str(index + 1)) for index in draft.ticked_blanks]


def _choice_length_rule(draft: _Draft) -> list[Problem]:
    too_long = any(len(choice) > CHOICE_MAX_LENGTH for choice in draft.choices)
    return [Problem("choice_too_long", str(CHOICE_MAX_LENGTH))] if too_long else []


def _duplicate_rule(draft: _Draft) -> list[Problem]:
    folded = [fold(choice) for choice in draft.choices]
    duplicates = sorted({choice for choice, key in zip(draft.choices, folded)
                         if folded.count(key) > 1})
    return [Problem("duplicate_choice", duplicates[0])] if duplicates else []


def _choices_of_kind_rule(draft: _Draft) -> list[Problem]:
    if draft.kind == TRUE_FALSE:
        expected = sorted(fold(choice) for choice in TRUE_FALSE_CHOICES)
        same = sorted(fold(choice) for choice in draft.choices) == expected
        return [] if same else [Problem("true_false_choices")]
    return [Problem("too_few_choices")] if len(draft.choices) < 2 else []


def _correct_count_rule(draft: _Draft) -> list[Problem]:
    if draft.ticked_blanks:  # already said, letter by letter
        return []
    n_correct = len(draft.correct)
    if draft.kind in (SINGLE, TRUE_FALSE) and n_correct != 1:
        return [Problem("one_correct", str(n_correct))]
    if draft.kind == MULTIPLE and not n_correct:
        return [Problem("some_correct")]
    return []


def _points_rule(draft: _Draft) -> list[Problem]:
    points = draft.points
    if points is None:
        return [Problem("points", "")]
    if points <= 0 or points > MAX_POINTS or points != points.quantize(Decimal("0.01")):
        return [Problem("points", str(points))]
    return []


# Checked in this order; the problems come out in it.
RULES = (_text_rule, _slot_count_rule, _ticked_blank_rule, _choice_length_rule, _duplicate_rule,
         _choices_of_kind_rule, _correct_count_rule, _points_rule)


def _translations(kept: Sequence[str],
                  given: Mapping[str, tuple[str, Sequence[str], str]],
                  ) -> tuple[dict[str, Translation], list[Problem]]:
    """The translations, their choice slots aligned on the kept French choices; a translated
    choice whose French slot is blank, or too long, is a problem."""
    translations, problems = {}, []
    filled = [index for index, choice in enumerate(kept) if choice]
    for language, (text, choice_slots, explanation) in given.items():
        stripped = [(slot or "").strip() for slot in choice_slots][:MAX_CHOICES]
        for index, slot in enumerate(stripped):
            if slot and index not in filled:
                problems.append(Problem("translation_on_empty", letter(index)))
            if len(slot) > CHOICE_MAX_LENGTH:
                problems.append(Problem("choice_too_long", str(CHOICE_MAX_LENGTH)))
        choices = tuple(stripped[i] if i < len(stripped) else "" for i in filled)
        translation = Translation((text or "").strip(), choices, (explanation or "").strip())
        if translation.text or any(choices) or translation.explanation:
            translations[language] = translation
    return translations, problems


def clean_question(kind: str, text: str, slots: Sequence[str], correct_slots: Collection[int],
                   points: Decimal, explanation: str = "",
                   translations: Mapping[str, tuple[str, Sequence[str], str]] | None = None,
                   ) -> tuple[CleanQuestion | None, list[Problem]]:
    """Check a question given as up to six choice slots (A to F, blanks allowed) and the slots
    ticked as correct. Blank slots are dropped; a tick on a blank slot is a problem.
    Translations, by language: (text, choice slots aligned with the French ones,
    explanation)."""
    if kind not in KINDS:
        return None, [Problem("unknown_kind", kind)]
    stripped = tuple((slot or "").strip() for slot in slots)
    kept = stripped[:MAX_CHOICES]
    if kind == TRUE_FALSE and not any(kept):
        kept = TRUE_FALSE_CHOICES
    draft = _Draft(kind, (text or "").strip(), kept, len(stripped) > MAX_CHOICES,
                   frozenset(correct_slots), points)
    problems = [problem for rule in RULES for problem in rule(draft)]
    translated, translation_problems = _translations(kept, translations or {})
    problems += translation_problems
    if problems:
        return None, problems
    return CleanQuestion(kind, draft.text, tuple(draft.choices), frozenset(draft.correct),
                         points, (explanation or "").strip(), translated), []
