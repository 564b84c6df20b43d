"""Scoring of a test attempt, exactly as docs/statistics.md defines it. Pure: no Flask, no database.

- Single choice / true-false: full points when the chosen answer is the correct one.
- Multiple choice: full points only when the chosen set equals the correct set.
- An unanswered question earns 0 and still counts in the maximum.
- The score is 100 * points earned / points possible, in [0, 100].
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class QuestionKey:
    """What scoring needs of a question: its id, points and the ids of its correct choices."""

    question_id: int
    points: Decimal
    correct: frozenset[int]


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    chosen: frozenset[int]
    correct: bool
    earned: Decimal
    points: Decimal


@dataclass(frozen=True)
class Score:
    earned: Decimal
    possible: Decimal
    results: tuple[QuestionResult, ...]

    @property
    def percent(self) -> float:
        """100 * earned / possible; a test without points scores 0."""
        if self.possible == 0:
            return 0.0
        return float(Decimal(100) * self.earned / self.possible)

    def passed(self, pass_mark: float) -> bool:
        return self.percent >= pass_mark


def score_attempt(keys: Iterable[QuestionKey],
                  answers: Mapping[int, Iterable[int]]) -> Score:
    """Score the answers (question id -> chosen choice ids) against the keys. Answers to
    questions that are not in the test are ignored; a missing answer earns nothing."""
    results = []
    for key in keys:
        chosen = frozenset(answers.get(key.question_id, ()))
        correct = bool(chosen) and chosen == key.correct
        results.append(QuestionResult(key.question_id, chosen, correct,
                                      key.points if correct else Decimal(0), key.points))
    earned = sum((r.earned for r in results), Decimal(0))
    possible = sum((r.points for r in results), Decimal(0))
    return Score(earned, possible, tuple(results))
