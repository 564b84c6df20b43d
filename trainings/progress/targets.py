"""The targets of the progress report: listed, saved (one per indicator, group and year) and
removed. The view commits."""
from __future__ import annotations

import sqlalchemy as sa

from trainings.extensions import db
from trainings.progress.indicators import BY_KEY, DEFINITIONS
from trainings.progress.models import ProgressTarget

ORDER = {definition.key: position for position, definition in enumerate(DEFINITIONS)}
GROUP_ORDER = {"total": 0, "women": 1, "men": 2}


def all_targets() -> list[ProgressTarget]:
    """Newest year first, then in the order of the indicator table."""
    targets = db.session.scalars(sa.select(ProgressTarget)).all()
    return sorted(targets, key=lambda target: (-target.year, ORDER.get(target.indicator, 99),
                                               GROUP_ORDER.get(target.group, 9)))


def save_target(indicator: str, group: str, year: int, value: float,
                user_id: int | None) -> ProgressTarget:
    """Set the target of an indicator, group and year (replacing the one it had)."""
    if indicator not in BY_KEY:
        raise ValueError(indicator)
    group = group if BY_KEY[indicator].by_sex else "total"
    target = db.session.scalar(sa.select(ProgressTarget).where(
        ProgressTarget.indicator == indicator, ProgressTarget.group == group,
        ProgressTarget.year == year))
    if target is None:
        target = ProgressTarget(indicator=indicator, group=group, year=year)
        db.session.add(target)
    target.value = value
    target.updated_by_id = user_id
    db.session.flush()
    return target


def delete_target(target_id: int) -> None:
    target = db.get_or_404(ProgressTarget, target_id)
    db.session.delete(target)
    db.session.flush()
