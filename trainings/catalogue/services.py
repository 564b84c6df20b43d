"""Queries and changes of the training catalogue."""
from __future__ import annotations

import sqlalchemy as sa

from trainings.catalogue import usage
from trainings.catalogue.models import Training
from trainings.extensions import db


def get_training(training_id: int) -> Training:
    return db.get_or_404(Training, training_id)


def title_taken(title: str, exclude_id: int | None = None) -> bool:
    query = sa.select(Training.id).where(sa.func.lower(Training.title) == title.strip().lower())
    if exclude_id:
        query = query.where(Training.id != exclude_id)
    return db.session.scalar(query) is not None


def trainings_with_counts() -> list[tuple[Training, int]]:
    """Every training with its number of sessions, in two queries."""
    trainings = list(db.session.scalars(sa.select(Training).order_by(Training.title)))
    sessions = usage.counts(usage.SESSIONS, [training.id for training in trainings])
    return [(training, sessions[training.id]) for training in trainings]


def save_training(training: Training, data: dict) -> Training:
    for key in ("title", "theme", "duration_hours", "objectives", "description"):
        setattr(training, key, data[key])
    training.title = training.title.strip()
    if training.id is None:
        db.session.add(training)
    db.session.flush()
    return training


def has_sessions(training: Training) -> bool:
    return usage.count(usage.SESSIONS, training.id) > 0
