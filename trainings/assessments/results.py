"""A session's results, one row per person with their pre-test and post-test, and resetting
an attempt so that it can be taken again. Views commit."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from trainings.assessments.models import Attempt, AttemptReset, SessionTest
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.registry.models import Participant, Registration
from trainings.registry.normalize import fold
from trainings.schedule.models import Session



@dataclass
class ResultRow:
    participant: Participant
    registered: bool
    pre: Attempt | None = None
    post: Attempt | None = None

    @property
    def status(self) -> str:
        """"both", "pre", "post" or "none": which tests the person has taken."""
        if self.pre and self.post:
            return "both"
        return "pre" if self.pre else "post" if self.post else "none"


@dataclass
class SessionResults:
    rows: list[ResultRow]
    pass_mark: int
    n_pre: int
    n_post: int
    n_both: int


def session_results(session: Session) -> SessionResults:
    """One row per registered person and per person with an attempt, in a fixed number of
    queries."""
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.session_id == session.id))
    rows = {r.participant_id: ResultRow(r.participant, True) for r in registrations}
    attempts = db.session.scalars(
        sa.select(Attempt).where(Attempt.session_id == session.id)
        .options(joinedload(Attempt.participant), joinedload(Attempt.recorded_by)))
    for attempt in attempts:
        row = rows.setdefault(attempt.participant_id, ResultRow(attempt.participant, False))
        setattr(row, attempt.kind.value, attempt)
    test = db.session.get(SessionTest, session.id)
    ordered = sorted(rows.values(), key=lambda r: (fold(r.participant.last_name),
                                                   fold(r.participant.first_name),
                                                   r.participant.id))
    return SessionResults(
        ordered, test.pass_mark if test else 70,
        n_pre=sum(1 for r in ordered if r.pre), n_post=sum(1 for r in ordered if r.post),
        n_both=sum(1 for r in ordered if r.pre and r.post))


def get_attempt(session: Session, attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.session_id != session.id:
        abort(404)
    return attempt


def reset_attempt(attempt: Attempt, reason: str, user_id: int | None) -> AttemptReset:
    """Delete an attempt so that the person can take that test again; the log keeps who,
    why and the score it had."""
    log = AttemptReset(session_id=attempt.session_id, participant_id=attempt.participant_id,
                       kind=attempt.kind, percent=attempt.percent, reason=reason.strip(),
                       user_id=user_id)
    attempt_id = attempt.id
    db.session.add(log)
    db.session.delete(attempt)
    db.session.flush()
    # The reason is free text staff typed (it may name someone): the log keeps the reset's id.
    record(AuditEvent.TEST_RESET, actor_id=user_id, person_id=log.participant_id,
           session_id=log.session_id,
           details={"kind": str(log.kind), "reset_id": log.id, "attempt_id": attempt_id})
    return log
