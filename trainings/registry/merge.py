"""Merging two records of one person into one. Everything that names the person (registrations,
check-ins, tests, ...) moves to the record kept; where the database holds one row per person and
thing (one check-in per half-day, one pre-test per session...) and both records have one, the
merge is refused and the reason named, for staff to settle first. The features above the
registry declare their tables here when their blueprint is imported, because the registry may
not import them; a table naming a person that nobody declared stops every merge."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy.orm import aliased

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.notice.notices import LegalBasis
from trainings.registry.models import Participant, PersonMerge, Registration


@dataclass(frozen=True)
class Reference:
    """A table whose rows name a person, as a merge moves them."""

    model: type
    label: object  # what its rows are, in the plural, for the merge page: "émargements"
    column: str = "participant_id"  # the column naming the person
    # The columns that, with participant_id, are unique: two rows with the same values, one
    # for each record, are a conflict. Empty: any number of rows per person.
    key: tuple[str, ...] = ()
    # The French sentences naming the conflicts, from their key values (one tuple each).
    describe: Callable[[list[tuple]], list[str]] | None = None
    # A conflict that holds nothing of its own (a registration to the same session): the
    # removed record's row is dropped instead of refusing the merge.
    collapse: bool = False

    @property
    def table(self) -> str:
        return self.model.__tablename__

    @property
    def person(self) -> sa.ColumnElement:
        return getattr(self.model, self.column)


_references: dict[str, Reference] = {}


def add_reference(reference: Reference) -> None:
    """Declare a table naming a person (declaring it again replaces it)."""
    _references[reference.table] = reference


add_reference(Reference(Registration, _l("inscriptions à des sessions"), key=("session_id",),
                        collapse=True))
# The history of a record follows it.
add_reference(Reference(PersonMerge, _l("fusions antérieures"), "kept_id"))


def labels() -> dict[str, object]:
    """The declared tables and the name of their rows, in the order they were declared."""
    return {table: reference.label for table, reference in _references.items()}


class MergeRefused(Exception):
    def __init__(self, reasons: Sequence[str]):
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


def undeclared_tables() -> list[str]:
    """Tables with a foreign key to a person that no feature declared: a merge would let the
    database delete their rows with the record removed."""
    return sorted({fk.parent.table.name for table in db.metadata.sorted_tables
                   for fk in table.foreign_keys
                   if fk.column.table.name == Participant.__tablename__
                   and table.name not in _references})


def _clashing_keys(reference: Reference, kept_id: int, removed_id: int) -> list[tuple]:
    """Key values both records have a row for."""
    model, other = reference.model, aliased(reference.model)
    columns = [getattr(model, name) for name in reference.key]
    return [tuple(row) for row in db.session.execute(
        sa.select(*columns).where(
            reference.person == removed_id,
            sa.exists().where(getattr(other, reference.column) == kept_id,
                              *[getattr(other, name) == getattr(model, name)
                                for name in reference.key]))
        .order_by(*columns))]


def conflicts(kept: Participant, removed: Participant) -> list[str]:
    """Why the two records cannot be merged as they are, in French; empty when they can."""
    if kept.id == removed.id:
        return [_("Choisissez deux fiches différentes.")]
    reasons = []
    for reference in _references.values():
        if not reference.key or reference.collapse:
            continue
        keys = _clashing_keys(reference, kept.id, removed.id)
        if keys and reference.describe is not None:
            reasons += reference.describe(keys)
    return reasons


def row_counts(people: Sequence[Participant]) -> dict[str, dict[int, int]]:
    """For each declared table, its number of rows naming each of the people."""
    ids = [person.id for person in people]
    counts = {}
    for reference in _references.values():
        rows = db.session.execute(sa.select(reference.person, sa.func.count())
                                  .where(reference.person.in_(ids)).group_by(reference.person))
        counts[reference.table] = {person_id: n for person_id, n in rows}
    return counts


# The fields of a record kept that the removed one fills in when the kept one has none.
FILLED_FIELDS = ("sex", "organization_id", "function", "phone", "email")


def _take_fields(kept: Participant, removed: Participant) -> list[str]:
    """Fill the kept record's blanks from the removed one; its consent is the earlier one.
    The contacts are unique: the removed record lets go of them first."""
    taken = [name for name in FILLED_FIELDS
             if getattr(kept, name) in (None, "") and getattr(removed, name) not in (None, "")]
    values = {name: getattr(removed, name) for name in taken}
    removed.phone = removed.email = None
    db.session.flush()
    for name, value in values.items():
        setattr(kept, name, value)
    consents = [at for at in (kept.consent_at, removed.consent_at) if at is not None]
    if consents and kept.consent_at != min(consents):
        kept.consent_at = min(consents)
        taken.append("consent_at")
    return taken + _take_basis(kept, removed)


BASIS_FIELDS = ("legal_basis", "informed_on", "notice_version")


def _take_basis(kept: Participant, removed: Participant) -> list[str]:
    """The kept record takes the removed one's legal basis (with its day informed and notice
    version) when it has none, or when both rest on the same one and only the removed record
    says when the person was informed."""
    unknown = kept.legal_basis is LegalBasis.UNKNOWN
    informed_later = (kept.legal_basis is removed.legal_basis and kept.informed_on is None
                      and removed.informed_on is not None)
    if removed.legal_basis is LegalBasis.UNKNOWN or not (unknown or informed_later):
        return []
    taken = [name for name in BASIS_FIELDS if getattr(kept, name) != getattr(removed, name)]
    for name in taken:
        setattr(kept, name, getattr(removed, name))
    return taken


def _move(reference: Reference, kept_id: int, removed_id: int) -> list[int]:
    """Give the removed record's rows to the kept one; the ids of the rows moved."""
    model = reference.model
    if reference.collapse:
        for key in _clashing_keys(reference, kept_id, removed_id):
            db.session.execute(sa.delete(model).where(
                reference.person == removed_id,
                *[getattr(model, name) == value for name, value in zip(reference.key, key)]))
    ids = list(db.session.scalars(sa.select(model.id).where(reference.person == removed_id)
                                  .order_by(model.id)))
    if ids:
        db.session.execute(sa.update(model).where(model.id.in_(ids))
                           .values({reference.column: kept_id}))
    return ids


def merge(kept: Participant, removed: Participant, user_id: int | None) -> PersonMerge:
    """Merge `removed` into `kept`, log it and delete `removed`; MergeRefused (nothing changed)
    when conflicts() names a reason. Flushes; the view commits."""
    undeclared = undeclared_tables()
    if undeclared:  # a bug, not a user's mistake: never lose rows silently
        raise RuntimeError(f"tables naming a person not declared to the merge: {undeclared}")
    reasons = conflicts(kept, removed)
    if reasons:
        raise MergeRefused(reasons)
    db.session.flush()
    moved: dict[str, list] = {reference.table: _move(reference, kept.id, removed.id)
                              for reference in _references.values()}
    moved = {table: ids for table, ids in moved.items() if ids}
    moved["fields"] = _take_fields(kept, removed)
    log = PersonMerge(kept_id=kept.id, removed_id=removed.id, user_id=user_id,
                      moved=json.dumps(moved, sort_keys=True))
    db.session.add(log)
    db.session.flush()
    record(AuditEvent.PERSON_MERGED, actor_id=user_id, person_id=kept.id,
           details={"removed_id": removed.id, "merge_id": log.id,
                    "moved": {table: len(ids) for table, ids in moved.items()
                              if table != "fields"},
                    "fields": sorted(moved["fields"])})
    # Rows moved by UPDATE statements: objects loaded before must be read again.
    db.session.expire_all()
    db.session.execute(sa.delete(Participant).where(Participant.id == removed.id))
    db.session.flush()
    return log


def moved_counts(log: PersonMerge) -> dict[str, int]:
    """The number of rows of each table a logged merge moved (without the fields taken)."""
    moved = json.loads(log.moved or "{}")
    return {table: len(ids) for table, ids in moved.items() if table != "fields"}


def surviving_id(participant_id: int) -> int | None:
    """The record a removed one lives on in (following later merges), for what still names the
    removed one: a phone's cookie, a printed badge. None when it was never merged."""
    survivor = None
    for _hop in range(10):  # a chain of merges is short; never loop on bad data
        kept_id = db.session.scalar(sa.select(PersonMerge.kept_id).where(
            PersonMerge.removed_id == participant_id).order_by(PersonMerge.id.desc()).limit(1))
        if kept_id is None:
            break
        survivor = participant_id = kept_id
    return survivor
