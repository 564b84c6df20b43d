"""The attendance of a session as plain data, ready for any writer (Excel, PDF).

Built once from the database (a constant number of queries), then handed to pure writers that
know nothing of Flask or SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import current_app
from flask_babel import format_date

from trainings import places
from trainings.attendance import services as attendance
from trainings.attendance.models import METHOD_LABELS, OUT_OF_WINDOW_ACT_LABELS, OutOfWindowAct
from trainings.attendance.timing import check_in_timing
from trainings.clock import to_local
from trainings.registry.models import SEX_SHORT
from trainings.schedule.models import PERIOD_LABELS, Session


@dataclass(frozen=True)
class StaffAct:
    """An act of staff outside a half-day's times, with the reason they gave (the log)."""

    at: datetime  # local time
    by: str  # staff name or e-mail
    act: str  # "opened", "manual", "badge"
    act_label: str
    person: str  # "NOM Prénom" of the person checked in; empty for an opening
    reason: str


@dataclass(frozen=True)
class HalfDayColumn:
    id: int
    date: date
    period: str  # "morning" / "afternoon"
    period_label: str  # "matin" / "après-midi"
    start: time  # local (Africa/Casablanca)
    end: time
    # Check-in opened by hand early or on another day, with the reason given (the log).
    openings: tuple[StaffAct, ...] = ()
    # People checked in by staff outside the half-day's times, with the reason given.
    staff_check_ins: tuple[StaffAct, ...] = ()

    @property
    def label(self) -> str:
        return (f"{format_date(self.date, 'EEE d MMM y')} {self.period_label} "
                f"{self.start:%H:%M}–{self.end:%H:%M}")


@dataclass(frozen=True)
class Presence:
    at: datetime  # local time of the check-in
    method: str  # "qr", "badge", "manual", "paper"
    method_label: str
    recorded_by: str  # staff name or e-mail; empty for a self check-in
    signature: str | None  # SVG path data, "typed:<name>", or None
    # "early" (more than 30 minutes before the start) or "late" (after the end): flagged.
    timing: str | None = None


@dataclass
class PersonRow:
    number: int
    participant_id: int
    last_name: str
    first_name: str
    sex: str  # "F", "H" or "" (not recorded)
    organization: str
    organization_kind: str  # label
    function: str
    phone: str
    email: str
    walk_in: bool
    presences: list[Presence | None]  # one per half-day column, None when absent


@dataclass
class Totals:
    women: int = 0
    men: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.unknown


@dataclass
class SessionSheet:
    session_id: int
    programme: str
    funders: str
    training: str
    theme: str
    title: str
    start_date: date
    end_date: date
    venue: str
    province: str
    region: str
    trainers: str
    certificate_threshold: int
    half_days: list[HalfDayColumn]
    rows: list[PersonRow] = field(default_factory=list)

    def totals(self, index: int) -> Totals:
        """Present women / men / not recorded at the half-day of this column."""
        result = Totals()
        for row in self.rows:
            if row.presences[index] is not None:
                if row.sex == "F":
                    result.women += 1
                elif row.sex == "H":
                    result.men += 1
                else:
                    result.unknown += 1
        return result


def _staff_acts(session: Session) -> dict[int, list[StaffAct]]:
    """The out-of-window log by half-day id."""
    acts: dict[int, list[StaffAct]] = {}
    for line in attendance.out_of_window_log(session):
        acts.setdefault(line.half_day_id, []).append(StaffAct(
            to_local(line.at), line.by, line.act.value, str(OUT_OF_WINDOW_ACT_LABELS[line.act]),
            line.person, line.reason))
    return acts


def session_sheet(session: Session, contacts: bool = False) -> SessionSheet:
    """The session's sign-in sheet as plain data; the people's phones and e-mails only when
    contacts is true (registry.visibility.sees_contacts of the account downloading it)."""
    roster = attendance.roster(session)
    acts = _staff_acts(session)
    columns = [
        HalfDayColumn(h.id, h.date, h.period.value, str(PERIOD_LABELS[h.period]),
                      to_local(h.starts_at).time(), to_local(h.ends_at).time(),
                      tuple(a for a in acts.get(h.id, ()) if a.act == OutOfWindowAct.OPENED),
                      tuple(a for a in acts.get(h.id, ()) if a.act != OutOfWindowAct.OPENED))
        for h in roster.half_days
    ]
    times = {h.id: (h.starts_at, h.ends_at) for h in roster.half_days}
    sheet = SessionSheet(
        session_id=session.id,
        programme=current_app.config.get("PROGRAMME_NAME", ""),
        funders=current_app.config.get("PROGRAMME_FUNDERS", ""),
        training=session.training.title, theme=places.label(places.THEMES, session.training.theme),
        title=session.title, start_date=session.start_date, end_date=session.end_date,
        venue=session.venue, province=places.label(
            {c: lbl for c, (_r, lbl) in places.PROVINCES.items()}, session.province),
        region=places.label(places.REGIONS, session.region), trainers=session.trainers,
        certificate_threshold=session.certificate_threshold, half_days=columns,
    )
    for number, registration in enumerate(roster.registrations, start=1):
        person = registration.participant
        organization = person.organization
        presences = []
        for column in columns:
            check_in = roster.check_ins.get((person.id, column.id))
            presences.append(None if check_in is None else Presence(
                at=to_local(check_in.checked_in_at), method=check_in.method.value,
                method_label=str(METHOD_LABELS[check_in.method]),
                recorded_by=(check_in.recorded_by.name or check_in.recorded_by.email)
                if check_in.recorded_by else "",
                signature=check_in.signature,
                timing=check_in_timing(check_in.checked_in_at, *times[column.id])))
        sheet.rows.append(PersonRow(
            number=number, participant_id=person.id, last_name=person.last_name.upper(),
            first_name=person.first_name, sex=SEX_SHORT[person.sex],
            organization=organization.name if organization else "",
            organization_kind=places.label(places.ORGANIZATION_KINDS,
                                           organization.kind if organization else None),
            function=person.function, phone=(person.phone or "") if contacts else "",
            email=(person.email or "") if contacts else "",
            walk_in=registration.source.value == "walk-in", presences=presences))
    return sheet
