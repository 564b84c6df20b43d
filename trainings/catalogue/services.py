"""Queries and changes of the training catalogue."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from trainings.catalogue.models import Training
from trainings.extensions import db
from trainings.schedule.models import Session


def get_training(training_id: int) -> Training:
    return db.session.get(Training, training_id) or abort(404)


def title_taken(title: str, exclude_id: int | None = None) -> bool:
    query = sa.select(Training.id).where(sa.func.lower(Training.title) == title.strip().lower())
    if exclude_id:
        query = query.where(Training.id != exclude_id)
    return db.session.scalar(query) is not None


def trainings_with_counts() -> list[tuple[Training, int]]:
    """Every training with its number of sessions, in one query."""
    count = sa.func.count(Session.id)
    rows = db.session.execute(
        sa.select(Training, count).outerjoin(Session, Session.training_id == Training.id)
        .group_by(Training.id).order_by(Training.title)
    )
    return [(training, n) for training, n in rows]


def save_training(training: Training, data: dict) -> Training:
    for key in ("title", "theme", "duration_hours", "objectives", "description"):
        setattr(training, key, data[key])
    training.title = training.title.strip()
    if training.id is None:
        db.session.add(training)
    db.session.flush()
    return training


def has_sessions(training: Training) -> bool:
    return db.session.scalar(
        sa.select(sa.func.count(Session.id)).where(Session.training_id == training.id)) > 0
