"""Bringing a package's records into this database, for one session: the kit's on a laptop,
the results' on the central server. Each record is found again by its uid, so a second intake
of the same records adds nothing; a record whose place is already taken by another one (the
same person checked in on both sides, a test already entered from paper) keeps this
database's and is reported as a conflict. Every outcome is counted in a Report, which the
preview shows and the audit log keeps."""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from trainings.assessments.models import (
    Answer, Attempt, AttemptReset, Choice, Question, SatisfactionAnswer, SatisfactionItem,
    SatisfactionResponse,
)
from trainings.attendance.models import CheckIn, OutOfWindowLog
from trainings.auth.models import User
from trainings.extensions import db
from trainings.field import records
from trainings.registry.models import Organization, Participant, Registration
from trainings.registry.normalize import normalize_email, normalize_phone
from trainings.schedule.models import HalfDay, Session


@dataclass(frozen=True)
class WalkIn:
    """A person made on the laptop: matched to someone known here, or new."""

    typed_name: str
    matched_name: str | None  # None: a new person
    matched_by: str | None  # "phone" or "email"


@dataclass(frozen=True)
class Conflict:
    kind: str  # "check-in", "attempt", "satisfaction", "half-day-moved", "half-day-gone"...
    person: str
    detail: dict


@dataclass
class Report:
    added: Counter = field(default_factory=Counter)
    already: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    walk_ins: list[WalkIn] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(self.added.values()) + sum(self.removed.values())

    def counts(self) -> dict:
        """For the audit log: numbers only, never a name."""
        return {"added": dict(self.added), "already": dict(self.already),
                "removed": dict(self.removed), "conflicts": len(self.conflicts),
                "walk_ins_matched": sum(1 for w in self.walk_ins if w.matched_name),
                "walk_ins_new": sum(1 for w in self.walk_ins if not w.matched_name)}


def _uid(value) -> uuid.UUID:
    return uuid.UUID(str(value))


def _name(person: Participant | dict) -> str:
    if isinstance(person, dict):
        return " ".join(f"{person.get('first_name', '')} {person.get('last_name', '')}".split())
    return " ".join(f"{person.first_name} {person.last_name}".split())


class Intake:
    """The records of one session coming in. `update` (a kit on the laptop): what the package
    says of the plan and the people replaces what this database holds; otherwise (results on
    the central server) this database's plan and people stay as they are."""

    def __init__(self, session: Session, update: bool = True):
        self.session = session
        self.update = update
        self.report = Report()
        self.day_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.person_names: dict[int, str] = {}
        self.organization_ids: dict[tuple[str, str], int] = {}
        self.user_ids: dict[str, int] = {}
        self.typed_names: dict[int, str] = {}  # a walk-in matched by contact: the name typed

    # --- the plan and the people ---------------------------------------------------------

    def half_days(self, items: list[dict]) -> None:
        existing = db.session.scalars(sa.select(HalfDay).where(
            HalfDay.session_id == self.session.id)).all()
        by_uid = {str(row.uid): row for row in existing}
        by_slot = {(row.date, row.period): row for row in existing}
        for item in items:
            values = records.values(HalfDay, item, records.HALF_DAY)
            row = by_uid.get(item["uid"]) or by_slot.get((values["date"], values["period"]))
            if row is None:
                row = HalfDay(session_id=self.session.id, **values)
                db.session.add(row)
                self.report.added["half_days"] += 1
            elif self.update:
                for name, value in values.items():
                    setattr(row, name, value)
            elif (row.date, row.period, row.starts_at) != (
                    values["date"], values["period"], values["starts_at"]):
                self.report.conflicts.append(Conflict("half-day-moved", "", {
                    "field": item["date"], "here": row.date.isoformat(),
                    "period": str(row.period.value)}))
            db.session.flush()
            by_uid[str(row.uid)] = row
            by_slot[(row.date, row.period)] = row
            self.day_ids[item["uid"]] = row.id

    def organizations(self, items: list[dict]) -> None:
        for item in items:
            values = records.values(Organization, item, records.ORGANIZATION)
            key = (values["name"], values["region"])
            row = db.session.scalar(sa.select(Organization).where(
                Organization.name == key[0], Organization.region == key[1]))
            if row is None:
                row = Organization(**values)
                db.session.add(row)
                db.session.flush()
                self.report.added["organizations"] += 1
            self.organization_ids[key] = row.id

    def people(self, items: list[dict]) -> None:
        for item in items:
            values = records.values(Participant, item, records.PARTICIPANT)
            organization = item["organization"]
            values["organization_id"] = (self.organization_ids[tuple(organization)]
                                         if organization else None)
            row = db.session.scalar(sa.select(Participant).where(
                Participant.uid == values["uid"]))
            if row is None:
                row = self._person_by_contact(item, values)
            elif self.update:
                self._refresh(row, values)
            self.person_ids[item["uid"]] = row.id
            self.person_names[row.id] = _name(row)

    def _person_by_contact(self, item: dict, values: dict) -> Participant:
        """A person this database does not know by uid: someone it knows by phone or e-mail,
        or a new person."""
        phone, email = normalize_phone(values["phone"]), normalize_email(values["email"])
        matched, how = None, None
        if phone:
            matched, how = db.session.scalar(sa.select(Participant).where(
                Participant.phone == phone)), "phone"
        if matched is None and email:
            matched, how = db.session.scalar(sa.select(Participant).where(
                Participant.email == email)), "email"
        if matched is not None:
            if self.update:
                self._refresh(matched, values)
            else:
                self.report.walk_ins.append(WalkIn(_name(item), _name(matched), how))
                self.typed_names[matched.id] = _name(item)
            return matched
        row = Participant(**(values | {"phone": phone, "email": email}))
        db.session.add(row)
        db.session.flush()
        self.report.added["participants"] += 1
        if not self.update:
            self.report.walk_ins.append(WalkIn(_name(item), None, None))
        return row

    @staticmethod
    def _refresh(row: Participant, values: dict) -> None:
        for name, value in values.items():
            if name not in ("created_at",):
                setattr(row, name, value)
        db.session.flush()

    def registrations(self, items: list[dict]) -> None:
        existing = db.session.scalars(sa.select(Registration).where(
            Registration.session_id == self.session.id)).all()
        by_uid = {str(row.uid) for row in existing}
        by_person = {row.participant_id for row in existing}
        for item in items:
            person_id = self.person_ids[item["participant"]]
            if item["uid"] in by_uid or person_id in by_person:
                self.report.already["registrations"] += 1
                continue
            values = records.values(Registration, item, records.REGISTRATION)
            registration = Registration(session_id=self.session.id, participant_id=person_id,
                                        **values)
            if person_id in self.typed_names:  # flagged for staff, as on the check-in page
                registration.contact_match_name = self.typed_names[person_id][:201] or "?"
                registration.needs_review = True
            db.session.add(registration)
            by_person.add(person_id)
            self.report.added["registrations"] += 1
        db.session.flush()

    def users_by_email(self) -> None:
        self.user_ids = {email.lower(): user_id for user_id, email in db.session.execute(
            sa.select(User.id, User.email)).all()}

    def _user(self, email: str | None) -> int | None:
        return self.user_ids.get(email.lower()) if email else None

    # --- what was recorded -----------------------------------------------------------------

    def records(self, data: dict) -> dict[str, int]:
        self._check_ins(data["check_ins"])
        self._out_of_window(data["out_of_window"])
        self._attempts(data["attempts"])
        self._resets(data["resets"])
        self._satisfaction(data["satisfaction_responses"])
        db.session.flush()
        return dict(self.report.added)

    def _known(self, model, items: list[dict]) -> set[str]:
        uids = [_uid(item["uid"]) for item in items]
        found = set()
        for start in range(0, len(uids), 500):
            found.update(str(u) for u in db.session.scalars(
                sa.select(model.uid).where(model.uid.in_(uids[start:start + 500]))))
        return found

    def _check_ins(self, items: list[dict]) -> None:
        known = self._known(CheckIn, items)
        taken = {(row.half_day_id, row.participant_id): row for row in db.session.scalars(
            sa.select(CheckIn).join(HalfDay).where(HalfDay.session_id == self.session.id))}
        for item in items:
            if item["uid"] in known:
                self.report.already["check_ins"] += 1
                continue
            day_id = self.day_ids[item["half_day"]]
            person_id = self.person_ids[item["participant"]]
            values = records.values(CheckIn, item, records.CHECK_IN)
            other = taken.get((day_id, person_id))
            if other is not None:
                self.report.conflicts.append(Conflict("check-in", self.person_names[person_id], {
                    "here": other.checked_in_at.isoformat(),
                    "field": values["checked_in_at"].isoformat()}))
                continue
            row = CheckIn(half_day_id=day_id, participant_id=person_id,
                          recorded_by_id=self._user(item["recorded_by"]), **values)
            db.session.add(row)
            taken[(day_id, person_id)] = row
            self.report.added["check_ins"] += 1

    def _out_of_window(self, items: list[dict]) -> None:
        known = self._known(OutOfWindowLog, items)
        for item in items:
            if item["uid"] in known:
                self.report.already["out_of_window"] += 1
                continue
            values = records.values(OutOfWindowLog, item, records.OUT_OF_WINDOW)
            person = item["participant"]
            db.session.add(OutOfWindowLog(
                half_day_id=self.day_ids[item["half_day"]], user_id=self._user(item["user"]),
                participant_id=self.person_ids[person] if person else None, **values))
            self.report.added["out_of_window"] += 1

    def _attempts(self, items: list[dict]) -> None:
        known = self._known(Attempt, items)
        taken = {(row.participant_id, row.kind): row for row in db.session.scalars(
            sa.select(Attempt).where(Attempt.session_id == self.session.id))}
        questions, choices = self._question_ids()
        for item in items:
            if item["uid"] in known:
                self.report.already["attempts"] += 1
                continue
            values = records.values(Attempt, item, records.ATTEMPT)
            person_id = self.person_ids[item["participant"]]
            other = taken.get((person_id, values["kind"]))
            if other is not None:
                self.report.conflicts.append(Conflict("attempt", self.person_names[person_id], {
                    "kind": values["kind"].value, "method": other.method.value,
                    "here": round(other.percent, 1), "field": round(values["percent"], 1)}))
                continue
            attempt = Attempt(session_id=self.session.id, participant_id=person_id,
                              recorded_by_id=self._user(item["recorded_by"]), **values)
            attempt.answers = [self._answer(answer, questions, choices)
                               for answer in item["answers"]]
            db.session.add(attempt)
            taken[(person_id, values["kind"])] = attempt
            self.report.added["attempts"] += 1

    def _question_ids(self) -> tuple[dict[str, int], dict[str, int]]:
        training_id = self.session.training_id
        questions = {str(uid): id_ for id_, uid in db.session.execute(
            sa.select(Question.id, Question.uid).where(Question.training_id == training_id))}
        choices = {str(uid): id_ for id_, uid in db.session.execute(
            sa.select(Choice.id, Choice.uid).join(Question)
            .where(Question.training_id == training_id))}
        return questions, choices

    @staticmethod
    def _answer(item: dict, questions: dict[str, int], choices: dict[str, int]) -> Answer:
        values = records.values(Answer, item, records.ANSWER)
        chosen = sorted(choices[uid] for uid in item["chosen"])
        return Answer(question_id=questions[item["question"]],
                      chosen=",".join(str(c) for c in chosen), **values)

    def _resets(self, items: list[dict]) -> None:
        known = self._known(AttemptReset, items)
        for item in items:
            if item["uid"] in known:
                self.report.already["resets"] += 1
                continue
            values = records.values(AttemptReset, item, records.RESET)
            db.session.add(AttemptReset(session_id=self.session.id,
                                        participant_id=self.person_ids[item["participant"]],
                                        user_id=self._user(item["user"]), **values))
            self.report.added["resets"] += 1

    def _satisfaction(self, items: list[dict]) -> None:
        known = self._known(SatisfactionResponse, items)
        taken = set(db.session.scalars(sa.select(SatisfactionResponse.participant_id).where(
            SatisfactionResponse.session_id == self.session.id)))
        item_ids = {str(uid): id_ for id_, uid in db.session.execute(
            sa.select(SatisfactionItem.id, SatisfactionItem.uid))}
        for item in items:
            if item["uid"] in known:
                self.report.already["satisfaction_responses"] += 1
                continue
            person_id = self.person_ids[item["participant"]]
            if person_id in taken:
                self.report.conflicts.append(Conflict("satisfaction",
                                                      self.person_names[person_id], {}))
                continue
            values = records.values(SatisfactionResponse, item, records.SATISFACTION)
            response = SatisfactionResponse(session_id=self.session.id, participant_id=person_id,
                                            **values)
            response.answers = [
                SatisfactionAnswer(item_id=item_ids[answer["item"]],
                                   **records.values(SatisfactionAnswer, answer,
                                                    records.SATISFACTION_ANSWER))
                for answer in item["answers"]]
            db.session.add(response)
            taken.add(person_id)
            self.report.added["satisfaction_responses"] += 1

    # --- what was undone on the laptop -----------------------------------------------------

    def removals(self, removed: dict[str, list[str]]) -> None:
        """Delete here the kit's records that were undone on the laptop (a check-in cancelled,
        a test reset so the person could take it again)."""
        for kind, model in (("check_ins", CheckIn), ("attempts", Attempt),
                            ("satisfaction_responses", SatisfactionResponse)):
            uids = [_uid(value) for value in removed.get(kind, [])]
            rows = db.session.scalars(sa.select(model).where(model.uid.in_(uids))).all()
            for row in rows:
                if self._in_session(row):
                    db.session.delete(row)
                    self.report.removed[kind] += 1
        db.session.flush()

    def _in_session(self, row) -> bool:
        if isinstance(row, CheckIn):
            return row.half_day.session_id == self.session.id
        return row.session_id == self.session.id
