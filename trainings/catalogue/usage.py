"""How much the features above the catalogue use its trainings (sessions, question banks),
counted by those features: a Session belongs to a Training, so the schedule imports the
catalogue, and the catalogue may not import it. Each registers its counter when its blueprint is
imported."""
from __future__ import annotations

from collections.abc import Callable, Sequence

SESSIONS = "sessions"  # counted by the schedule
QUESTIONS = "questions"  # the question bank, counted by assessments

# Training ids -> {training id: count}, in one query; a training may be left out when 0.
Counter = Callable[[Sequence[int]], dict[int, int]]

_counters: dict[str, Counter] = {}


def add_counter(name: str, counter: Counter) -> None:
    """Add a feature's counter under the name of what it counts (adding it again replaces it)."""
    _counters[name] = counter


def counts(name: str, training_ids: Sequence[int]) -> dict[int, int]:
    """{training id: count} for each of these trainings; 0 when none, or when no feature
    counts `name`."""
    counter = _counters.get(name)
    found = counter(training_ids) if counter is not None and training_ids else {}
    return {training_id: found.get(training_id, 0) for training_id in training_ids}


def count(name: str, training_id: int) -> int:
    return counts(name, [training_id])[training_id]
