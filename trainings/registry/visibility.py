"""Who may see a person, change them, delete their record and read their phone and e-mail: the
one rule every page, import, scan, workbook and the API apply (docs/guide-utilisateur.md,
"Qui voit et modifie une personne").

- Admins and experts work nationally: they see, change and delete everyone, contacts included.
- A coordinator's people are those of their region (the record's region) and those registered
  to at least one session of their region. They see and change these people, contacts
  included, and no one else: anyone else answers like an unknown id (404), and is never named
  nor confirmed to exist (the roster import, the badge scan and the duplicate checks included).
  A coordinator deletes a record only when it holds nothing of another region: deleting it
  would otherwise erase another region's registrations, check-ins and tests.
- Observers (monitoring and evaluation) read every region but never a phone number or an
  e-mail, on a page, in a workbook, a PDF or the API.
"""
from __future__ import annotations

import sqlalchemy as sa

from trainings.auth.models import Role
from trainings.extensions import db
from trainings.registry.models import Participant, Registration
from trainings.schedule.models import Session

EDITORS = frozenset({Role.ADMIN, Role.EXPERT, Role.COORDINATOR})
# The roles that organise sessions and so need to reach people: they read phones and e-mails of
# the people they may see. Observers and reports never need them.
CONTACT_ROLES = frozenset({Role.ADMIN, Role.EXPERT, Role.COORDINATOR})


def sees_contacts(role: Role) -> bool:
    """Whether an account of this role reads the phones and e-mails of the people it sees."""
    return role in CONTACT_ROLES


def visible_condition(scope: str | None):
    """SQL condition on Participant: the person is one an account of this scope (a region, or
    None for every region) may see."""
    if scope is None:
        return sa.true()
    in_region_session = (
        sa.select(Registration.id).join(Session, Session.id == Registration.session_id)
        .where(Registration.participant_id == Participant.id, Session.region == scope)
        .exists()
    )
    return sa.or_(Participant.region == scope, in_region_session)


def may_see(person: Participant, scope: str | None) -> bool:
    if scope is None or person.region == scope:
        return True
    return bool(db.session.scalar(
        sa.select(visible_condition(scope)).where(Participant.id == person.id)))


def may_change(person: Participant, role: Role, scope: str | None) -> bool:
    """Edit the record, merge it with another: any editor who may see the person."""
    return role in EDITORS and may_see(person, scope)


def holds_other_regions(person: Participant, scope: str | None) -> bool:
    """Whether the person is registered to a session outside the region `scope` (None: never),
    every check-in and test attempt hanging on such a registration."""
    if scope is None:
        return False
    return db.session.scalar(
        sa.select(Registration.id).join(Session, Session.id == Registration.session_id)
        .where(Registration.participant_id == person.id, Session.region != scope).limit(1)
    ) is not None


def may_delete(person: Participant, role: Role, scope: str | None) -> bool:
    """Delete the record with everything it holds: who may change it, when it holds nothing of
    another region than the account's."""
    return may_change(person, role, scope) and not holds_other_regions(person, scope)
