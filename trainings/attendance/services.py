"""Check-in queries and changes: the window of a half-day, recording a check-in exactly once,
the counters of the projection page and the session's roster. Views commit."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import format_date, gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from trainings.attendance import timing
from trainings.attendance.models import (
    METHOD_LABELS, CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog,
)
from trainings.attendance.window import (  # noqa: F401  (window_bounds, window_is_open: here too)
    Window, WindowState, window, window_bounds, window_is_open,
)
from trainings.audit.log import record
from trainings.paging import Page
from trainings.audit.models import AuditEvent
from trainings.auth.models import User
from trainings.clock import local_today, to_local, utcnow
from trainings.extensions import db
from trainings.phone import links
from trainings.phone.tokens import CodeMatch
from trainings.notice import notices
from trainings import observability
from trainings.notice.notices import LegalBasis
from trainings.registry import merge
from trainings.registry.models import (
    SEX_LABELS, Organization, Participant, Registration, RegistrationSource, Sex,
)
from trainings.registry.normalize import contact_key, fold, normalize_email, normalize_phone
from trainings.schedule.models import HalfDay, Session, WindowOverride


def closed_notice(status: Window, today: date | None = None) -> str:
    """Why check-in is closed, and until or since when, in local time: what the projector and the
    participant's page say. The date is given when it is not today."""
    today = today or local_today()

    def when(instant: datetime) -> dict:
        local = to_local(instant)
        return {"time": local.strftime("%H:%M"),
                "date": format_date(local.date(), "EEEE d MMMM")}

    if status.state is WindowState.NOT_YET:
        opens = when(status.opens_at)
        if to_local(status.opens_at).date() == today:
            return _("Le pointage ouvrira à %(time)s.", **opens)
        return _("Le pointage ouvrira le %(date)s à %(time)s.", **opens)
    if status.state is WindowState.OVER:
        closed = when(status.closes_at)
        if to_local(status.closes_at).date() == today:
            return _("La demi-journée est terminée : le pointage a fermé à %(time)s.", **closed)
        return _("La demi-journée est terminée : le pointage a fermé le %(date)s à %(time)s.",
                 **closed)
    if status.state is WindowState.CLOSED_BY_STAFF:
        return _("La formatrice ou le formateur a fermé le pointage.")
    return ""


def set_window(half_day: HalfDay, override: WindowOverride | None, user_id: int | None = None,
               reason: str | None = None) -> None:
    """Open, close or return to automatic a half-day's check-in; an opening given a reason (one
    outside its times, see opening_timing) goes to the out-of-window log."""
    half_day.window_override = override
    if override == WindowOverride.OPEN and reason:
        log_out_of_window(half_day.id, OutOfWindowAct.OPENED, reason, user_id)
    db.session.flush()


def opening_timing(half_day: HalfDay, now: datetime | None = None) -> timing.Timing | None:
    """Not None when opening the check-in by hand now asks for a reason: on another day, or
    more than two hours before the start."""
    return timing.opening_timing(now or utcnow(), half_day.date, half_day.starts_at)


def staff_timing(half_day: HalfDay, now: datetime | None = None) -> timing.Timing | None:
    """Whether a check-in staff make now falls before or after the automatic window (and then
    asks for a reason), whatever the window's state by hand: the sign-in sheet flags it."""
    return timing.check_in_timing(now or utcnow(), half_day.starts_at, half_day.ends_at)


def log_out_of_window(half_day_id: int, act: OutOfWindowAct, reason: str, user_id: int | None,
                      participant_id: int | None = None) -> OutOfWindowLog:
    entry = OutOfWindowLog(half_day_id=half_day_id, act=act, reason=reason.strip(),
                           user_id=user_id, participant_id=participant_id, created_at=utcnow())
    db.session.add(entry)
    db.session.flush()
    return entry


def last_reason(half_day_id: int, user_id: int) -> str:
    """The reason this account last gave for a check-in at this half-day: offered again, so
    that checking in a row of people from the paper sheet asks for it once."""
    return db.session.scalar(
        sa.select(OutOfWindowLog.reason)
        .where(OutOfWindowLog.half_day_id == half_day_id, OutOfWindowLog.user_id == user_id,
               OutOfWindowLog.act != OutOfWindowAct.OPENED)
        .order_by(OutOfWindowLog.id.desc()).limit(1)) or ""


def record_staff_check_in(half_day: HalfDay, participant_id: int, method: CheckInMethod,
                          user_id: int, reason: str | None = None) -> tuple[CheckIn, bool]:
    """A check-in by staff (roster or badge): record_check_in, and when it is new, an entry in
    the audit log and, outside the window, its reason in the out-of-window log."""
    check_in, created = record_check_in(half_day.id, participant_id, method,
                                        recorded_by_id=user_id)
    if created:
        badge = method == CheckInMethod.BADGE
        record(AuditEvent.CHECK_IN_BADGE if badge else AuditEvent.CHECK_IN_MANUAL,
               actor_id=user_id, person_id=participant_id, session_id=half_day.session_id,
               details={"half_day_id": half_day.id, "outside_window": bool(reason)})
        if reason:
            act = OutOfWindowAct.BADGE if badge else OutOfWindowAct.MANUAL
            log_out_of_window(half_day.id, act, reason, user_id, participant_id)
    return check_in, created


def current_half_day(session: Session, now: datetime | None = None) -> HalfDay | None:
    """The half-day whose window is open now (the first one, should two overlap)."""
    return next((h for h in session.half_days if window_is_open(h, now)), None)


def _insert(model):
    """INSERT … ON CONFLICT DO NOTHING for the database in use."""
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def record_check_in(half_day_id: int, participant_id: int, method: CheckInMethod,
                    recorded_by_id: int | None = None, signature: str | None = None,
                    ) -> tuple[CheckIn, bool]:
    """Check a person in once: (the check-in, True) when new, (the earlier one, False) when
    they were already checked in. Safe under concurrent scans: the database arbitrates.
    A new check-in costs one statement: the INSERT returns the row it made."""
    created = db.session.scalars(
        _insert(CheckIn).values(half_day_id=half_day_id, participant_id=participant_id,
                                method=method, recorded_by_id=recorded_by_id,
                                checked_in_at=utcnow(), signature=signature)
        .on_conflict_do_nothing(index_elements=["half_day_id", "participant_id"])
        .returning(CheckIn)
    ).one_or_none()
    if created is not None:
        observability.count_check_ins(method)
        return created, True
    return db.session.scalar(sa.select(CheckIn).where(
        CheckIn.half_day_id == half_day_id, CheckIn.participant_id == participant_id)), False


def check_in_of(half_day_id: int, participant_id: int) -> CheckIn | None:
    """The person's check-in at the half-day, or None."""
    return db.session.scalar(sa.select(CheckIn).where(
        CheckIn.half_day_id == half_day_id, CheckIn.participant_id == participant_id))


def ensure_registration(session_id: int, participant_id: int, source: RegistrationSource,
                        needs_review: bool = False) -> bool:
    """Register a person to a session unless they already are; True when newly registered."""
    new_id = db.session.execute(
        _insert(Registration).values(session_id=session_id, participant_id=participant_id,
                                     source=source, needs_review=needs_review,
                                     created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["session_id", "participant_id"])
        .returning(Registration.id)
    ).scalar()
    return new_id is not None


def undo_check_in(half_day_id: int, participant_id: int, user_id: int | None = None) -> bool:
    """Remove a person's check-in at the half-day; True (and an entry in the audit log, with
    how and when they had checked in) when there was one."""
    removed = db.session.execute(sa.delete(CheckIn).where(
        CheckIn.half_day_id == half_day_id, CheckIn.participant_id == participant_id)
        .returning(CheckIn.method, CheckIn.checked_in_at)).one_or_none()
    if removed is None:
        return False
    session_id = db.session.scalar(sa.select(HalfDay.session_id).where(HalfDay.id == half_day_id))
    record(AuditEvent.CHECK_IN_UNDONE, actor_id=user_id, person_id=participant_id,
           session_id=session_id,
           details={"half_day_id": half_day_id, "method": str(removed.method),
                    "checked_in_at": removed.checked_in_at.isoformat()})
    return True


@dataclass
class Counters:
    """Present people of one half-day by sex, against the number registered."""

    women: int = 0
    men: int = 0
    unknown: int = 0
    registered: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.unknown

    def as_dict(self) -> dict:
        return {"women": self.women, "men": self.men, "unknown": self.unknown,
                "total": self.total, "registered": self.registered}


def counters(half_day: HalfDay) -> Counters:
    """Two queries, whatever the size of the session."""
    result = Counters()
    rows = db.session.execute(
        sa.select(Participant.sex, sa.func.count()).select_from(CheckIn)
        .join(Participant, Participant.id == CheckIn.participant_id)
        .where(CheckIn.half_day_id == half_day.id).group_by(Participant.sex))
    for sex, n in rows:
        if sex == Sex.FEMALE:
            result.women = n
        elif sex == Sex.MALE:
            result.men = n
        else:
            result.unknown = n
    result.registered = db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration)
        .where(Registration.session_id == half_day.session_id))
    return result


@dataclass
class Roster:
    """Who is registered to a session and who was present at each half-day, as ORM objects (the
    sign-in sheets read the signatures); the roster page reads the lighter roster_page()."""

    half_days: list[HalfDay]
    registrations: list[Registration]
    # by (participant id, half-day id)
    check_ins: dict[tuple[int, int], CheckIn] = field(default_factory=dict)


def roster(session: Session) -> Roster:
    """Three queries: half-days, registrations with their people, check-ins."""
    half_days = list(db.session.scalars(
        sa.select(HalfDay).where(HalfDay.session_id == session.id)
        .order_by(HalfDay.date, HalfDay.starts_at)))
    registrations = list(db.session.scalars(
        sa.select(Registration).join(Registration.participant)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name)))
    # CheckIn.recorded_by is loaded in the same query (a joined relationship).
    check_ins = db.session.scalars(
        sa.select(CheckIn).join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .where(HalfDay.session_id == session.id))
    return Roster(half_days, registrations,
                  {(c.participant_id, c.half_day_id): c for c in check_ins})


@dataclass(frozen=True)
class OutOfWindowLine:
    """One entry of the out-of-window log, as the sign-in sheets show it."""

    half_day_id: int
    act: OutOfWindowAct
    at: datetime  # UTC
    by: str  # the staff member's name or e-mail; empty when the account was deleted
    person: str  # the person checked in ("NOM Prénom"); empty for an opening
    reason: str


def out_of_window_log(session: Session) -> list[OutOfWindowLine]:
    """The session's out-of-window log, oldest first, in one query."""
    rows = db.session.execute(
        sa.select(OutOfWindowLog.half_day_id, OutOfWindowLog.act, OutOfWindowLog.created_at,
                  User.name, User.email, Participant.last_name, Participant.first_name,
                  OutOfWindowLog.reason)
        .join(HalfDay, HalfDay.id == OutOfWindowLog.half_day_id)
        .outerjoin(User, User.id == OutOfWindowLog.user_id)
        .outerjoin(Participant, Participant.id == OutOfWindowLog.participant_id)
        .where(HalfDay.session_id == session.id)
        .order_by(OutOfWindowLog.created_at, OutOfWindowLog.id))
    return [OutOfWindowLine(half_day_id, act, at, name or email or "",
                            f"{last.upper()} {first}" if last is not None else "", reason)
            for half_day_id, act, at, name, email, last, first, reason in rows]


# The page of the out-of-window log: a bounded number of lines at a time, newest first.
LOG_PER_PAGE = 50


@dataclass(frozen=True)
class LogEntry:
    """One line of the page « Pointages hors créneau »: names only, never contacts."""

    day: date
    period: str  # "morning" / "afternoon"
    act: OutOfWindowAct
    person: str  # "NOM Prénom"; empty for an opening
    reason: str
    by: str  # the staff member's name or e-mail; empty when the account was deleted
    at: datetime  # UTC


def out_of_window_page(session: Session, page: int, per_page: int = LOG_PER_PAGE,
                       ) -> Page[LogEntry]:
    """The page-th page of the session's out-of-window log, newest first, in two queries
    whatever its length (a page past the end is empty)."""
    in_session = HalfDay.session_id == session.id
    total = db.session.scalar(
        sa.select(sa.func.count(OutOfWindowLog.id))
        .join(HalfDay, HalfDay.id == OutOfWindowLog.half_day_id).where(in_session))
    page = max(1, page)
    rows = db.session.execute(
        sa.select(HalfDay.date, HalfDay.period, OutOfWindowLog.act, Participant.last_name,
                  Participant.first_name, OutOfWindowLog.reason, User.name, User.email,
                  OutOfWindowLog.created_at)
        .select_from(OutOfWindowLog)
        .join(HalfDay, HalfDay.id == OutOfWindowLog.half_day_id)
        .outerjoin(User, User.id == OutOfWindowLog.user_id)
        .outerjoin(Participant, Participant.id == OutOfWindowLog.participant_id)
        .where(in_session)
        .order_by(OutOfWindowLog.created_at.desc(), OutOfWindowLog.id.desc())
        .limit(per_page).offset((page - 1) * per_page))
    return Page([LogEntry(day, period.value, act,
                          f"{last.upper()} {first}" if last is not None else "", reason,
                          name or email or "", at)
                 for day, period, act, last, first, reason, name, email, at in rows],
                page, total or 0, per_page)


# Check-ins staff made or typed in: the roster says who.
STAFF_METHODS = frozenset({CheckInMethod.MANUAL, CheckInMethod.BADGE, CheckInMethod.PAPER})


@dataclass(frozen=True)
class RosterCell:
    """One person at one half-day, as the roster page prints it; absent when time is empty."""

    action: str  # where its button posts: check in when absent, undo when present
    time: str = ""  # local HH:MM
    how: str = ""  # the method, and the staff member for a staff check-in


@dataclass
class RosterLine:
    """One registered person: who, and a cell per half-day in the order of the half-days."""

    registration_id: int
    participant_id: int
    full_name: str
    sex: str  # its label
    organization: str
    needs_review: bool
    cells: list[RosterCell]
    # The name a newcomer typed whose phone or e-mail was this person's, until reviewed.
    contact_match_name: str | None = None


@dataclass
class RosterPage:
    half_days: list[HalfDay]
    lines: list[RosterLine]
    totals: dict[int, Counters]  # by half-day id


def roster_page(session: Session, check_in_url: str, undo_url: str) -> RosterPage:
    """The roster page's table with its strings ready, for 3,000 cells at 500 people over 6
    half-days: three queries of plain columns whatever the size (ORM objects cost more than the
    page), each label translated once, each button's URL from a str.format pattern with {h}
    (half-day id) and {p} (participant id)."""
    half_days = list(db.session.scalars(
        sa.select(HalfDay).where(HalfDay.session_id == session.id)
        .order_by(HalfDay.date, HalfDay.starts_at)))
    people = db.session.execute(
        sa.select(Registration.id, Participant.id, Participant.last_name, Participant.first_name,
                  Participant.sex, Organization.name, Registration.needs_review,
                  Registration.contact_match_name)
        .join(Participant, Participant.id == Registration.participant_id)
        .outerjoin(Organization, Organization.id == Participant.organization_id)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)).all()
    check_ins = db.session.execute(
        sa.select(CheckIn.participant_id, CheckIn.half_day_id, CheckIn.checked_in_at,
                  CheckIn.method, User.name, User.email)
        .join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .outerjoin(User, User.id == CheckIn.recorded_by_id)
        .where(HalfDay.session_id == session.id))
    hows: dict[tuple[CheckInMethod, str], str] = {}
    present: dict[tuple[int, int], RosterCell] = {}
    for participant_id, half_day_id, at, method, staff_name, staff_email in check_ins:
        staff = (staff_name or staff_email or "") if method in STAFF_METHODS else ""
        how = hows.get((method, staff))
        if how is None:
            how = str(METHOD_LABELS[method])
            if staff:
                how += " · " + _("par %(name)s", name=staff)
            hows[(method, staff)] = how
        present[(participant_id, half_day_id)] = RosterCell(
            undo_url.format(h=half_day_id, p=participant_id), to_local(at).strftime("%H:%M"),
            how)
    totals = {h.id: Counters(registered=len(people)) for h in half_days}
    sex_labels = {sex: str(label) for sex, label in SEX_LABELS.items()}
    lines = []
    for (registration_id, participant_id, last_name, first_name, sex, organization, review,
         typed_name) in people:
        cells = []
        for half_day in half_days:
            cell = present.get((participant_id, half_day.id))
            if cell is None:
                cells.append(RosterCell(check_in_url.format(h=half_day.id, p=participant_id)))
                continue
            cells.append(cell)
            counter = totals[half_day.id]
            if sex == Sex.FEMALE:
                counter.women += 1
            elif sex == Sex.MALE:
                counter.men += 1
            else:
                counter.unknown += 1
        # The name as Participant.full_name writes it.
        lines.append(RosterLine(registration_id, participant_id,
                                f"{last_name.upper()} {first_name}", sex_labels[sex],
                                organization or "", review or typed_name is not None, cells,
                                typed_name))
    return RosterPage(half_days, lines, totals)


def has_check_ins(half_day_id: int) -> bool:
    return bool(db.session.scalar(
        sa.select(sa.exists().where(CheckIn.half_day_id == half_day_id))))


def registration_for(session: Session, participant_id: int) -> Registration | None:
    """The person's registration to the session, or None: only they may be checked in."""
    return db.session.scalar(sa.select(Registration).where(
        Registration.session_id == session.id, Registration.participant_id == participant_id))


def badge_registration(session: Session, participant_id: int,
                       ) -> tuple[Registration | None, int]:
    """The registration to the session of the person a badge names, and their id: the record
    kept when the badge's was merged into another since it was printed."""
    registration = registration_for(session, participant_id)
    if registration is None and (survivor := merge.surviving_id(participant_id)) is not None:
        return registration_for(session, survivor), survivor
    return registration, participant_id


def mark_reviewed(registration: Registration) -> None:
    """Staff checked the walk-in or the matched contact: nothing is flagged any more."""
    registration.needs_review = False
    registration.contact_match_name = None
    db.session.flush()


# The participant's own check-in ---------------------------------------------------------------

def half_day_of_code(typed: str) -> tuple[HalfDay | None, CodeMatch]:
    """Today's half-day whose typed code this is, and how: the code shown now (FRESH) wins over
    one shown earlier (EXPIRED); (None, NONE) when it is no half-day's code."""
    expired = None
    half_days = db.session.scalars(sa.select(HalfDay).where(HalfDay.date == local_today())
                                   .options(joinedload(HalfDay.session)))
    for half_day in half_days:
        match = links.match_code(half_day, typed)
        if match is CodeMatch.FRESH:
            return half_day, match
        if match is CodeMatch.EXPIRED and expired is None:
            expired = half_day
    return expired, CodeMatch.NONE if expired is None else CodeMatch.EXPIRED


def find_person(participant_id: int | None) -> Participant | None:
    """The participant with this id (e.g. the one a phone's cookie names), or the record it was
    merged into; None when there is none, or when the record was anonymised."""
    if participant_id is None:
        return None
    person = db.session.get(Participant, participant_id)
    if person is None and (survivor := merge.surviving_id(participant_id)) is not None:
        person = db.session.get(Participant, survivor)
    if person is not None and person.erased_at is not None:
        return None  # anonymised: the phone that remembered them no longer names anyone
    return person


def find_by_contact(contact: str) -> Participant | None:
    """The participant whose e-mail or phone this is (both are unique and stored normalised:
    0661234567, 06 61 23 45 67 and 00212661234567 find +212661234567), or None."""
    key = contact_key(contact)
    if key is None:
        return None
    column = Participant.email if key[0] == "email" else Participant.phone
    return db.session.scalar(sa.select(Participant).where(column == key[1]))


ORGANIZATION_SUGGESTIONS = 30  # names offered under the walk-in form's organisation field
ORGANIZATION_CANDIDATES = 8  # known organisations proposed when a typed name matches none


def session_organization_names(session_id: int, limit: int = ORGANIZATION_SUGGESTIONS,
                               ) -> list[str]:
    """The organisations of the people registered to the session, the most represented first:
    what a newcomer in that room most likely belongs to. At most `limit`, so that the walk-in
    page does not grow with the registry."""
    return list(db.session.scalars(
        sa.select(Organization.name)
        .join(Participant, Participant.organization_id == Organization.id)
        .join(Registration, Registration.participant_id == Participant.id)
        .where(Registration.session_id == session_id)
        .group_by(Organization.id, Organization.name)
        .order_by(sa.func.count().desc(), Organization.name).limit(limit)))


@dataclass
class OrganizationMatch:
    """What a name typed on the walk-in form designates: a known organisation, a new one to
    create (`organization` None, `candidates` empty), or known ones to choose from."""

    organization: Organization | None = None
    candidates: list[sa.Row] = field(default_factory=list)  # (id, name), when asking


def match_walk_in_organization(name: str, choice: str | None, region: str,
                               ) -> OrganizationMatch:
    """The organisation a newcomer typed, matched on the server (no list is sent to the phone):
    the one they picked among the candidates offered (`choice`, an id of the region), else the
    known one of the region with that name whatever its accents, case and spacing; else, unless
    they chose to create it ("new"), up to ORGANIZATION_CANDIDATES known ones whose name holds
    every word they typed, for them to choose from."""
    name = " ".join((name or "").split())
    if choice and choice.isdigit():
        picked = db.session.scalar(sa.select(Organization).where(
            Organization.id == int(choice), Organization.region == region))
        if picked is not None:
            return OrganizationMatch(picked)
    if not name:
        return OrganizationMatch()
    key = fold(name)
    known = db.session.execute(sa.select(Organization.id, Organization.name)
                               .where(Organization.region == region)
                               .order_by(Organization.name)).all()
    same = next((row.id for row in known if fold(row.name) == key), None)
    if same is not None:
        return OrganizationMatch(db.session.get(Organization, same))
    words = [word for word in key.split() if len(word) >= 3]
    if choice == "new" or not words:
        return OrganizationMatch()
    candidates = [row for row in known if all(word in fold(row.name) for word in words)]
    return OrganizationMatch(candidates=candidates[:ORGANIZATION_CANDIDATES])


def _walk_in_sex(answer: str) -> Sex | None:
    """Femme, Homme, or None for "Je préfère ne pas répondre" (reports count it apart)."""
    return Sex(answer) if answer in {sex.value for sex in Sex} else None


def walk_in_owner(data: dict) -> Participant | None:
    """The known person whose e-mail or phone a newcomer typed (the e-mail first), or None."""
    for value in (data.get("email"), data.get("phone")):
        if value and value.strip() and (person := find_by_contact(value)) is not None:
            return person
    return None


def _walk_in_organization(session: Session, data: dict) -> Organization | None:
    """The organisation a newcomer named that no known one matched, created for the region; the
    one a simultaneous newcomer created under that name, should they collide."""
    name = " ".join((data.get("organization") or "").split())
    if not name:
        return None
    try:
        with db.session.begin_nested():
            organization = Organization(name=name, kind=data.get("organization_kind") or "other",
                                        region=session.region)
            db.session.add(organization)
        return organization
    except IntegrityError:
        return db.session.scalar(sa.select(Organization).where(
            Organization.name == name, Organization.region == session.region))


def register_walk_in(session: Session, data: dict, organization: Organization | None = None,
                     ) -> tuple[Participant, bool]:
    """A person nobody registered: recorded with their consent (the notice's current version,
    whose sentence the form showed), flagged for the trainer. Without a known organisation, the name they typed becomes a new one of the region.
    (the person, False); or (the person another request just recorded with the same phone or
    e-mail, True): a double tap on the form, whose second request the database refuses."""
    if organization is None:
        organization = _walk_in_organization(session, data)
    person = Participant(
        first_name=data["first_name"].strip(), last_name=data["last_name"].strip(),
        sex=_walk_in_sex(data["sex"]), organization_id=organization.id if organization else None,
        function=(data.get("function") or "").strip(), phone=normalize_phone(data.get("phone")),
        email=normalize_email(data.get("email")), region=session.region, consent_at=utcnow(),
        legal_basis=LegalBasis.CONSENT, notice_version=notices.CURRENT_VERSION,
    )
    try:
        with db.session.begin_nested():
            db.session.add(person)
    except IntegrityError:
        winner = walk_in_owner(data)
        if winner is None:
            raise
        return winner, True
    return person, False


def check_in_participant(half_day: HalfDay, person: Participant, signature: str | None,
                         ) -> tuple[CheckIn, bool]:
    """The participant checks themself in: registered on the spot (flagged) if they were not."""
    ensure_registration(half_day.session_id, person.id, RegistrationSource.WALK_IN,
                        needs_review=True)
    return record_check_in(half_day.id, person.id, CheckInMethod.QR, signature=signature)


def check_in_matched_walk_in(half_day: HalfDay, person: Participant, data: dict,
                             signature: str | None) -> tuple[CheckIn, bool]:
    """A newcomer whose phone or e-mail is a known person's: checked in as that person, and,
    when this records something new, the match flagged for staff with the name typed (the
    newcomer is told nothing of it). A second tap of the same newcomer records nothing new and
    flags nothing."""
    check_in, created = check_in_participant(half_day, person, signature)
    if created:
        typed = " ".join(f"{data.get('first_name') or ''} {data.get('last_name') or ''}".split())
        db.session.execute(sa.update(Registration).where(
            Registration.session_id == half_day.session_id,
            Registration.participant_id == person.id,
        ).values(contact_match_name=typed[:201] or "?"))
    return check_in, created


# The participant's confirmation is the request a whole room sends at once: its two statements
# are built once (with bound parameters) rather than on every request.
_SELF_CHECK_IN_CONTEXT = (
    sa.select(HalfDay.id, HalfDay.session_id, HalfDay.starts_at, HalfDay.ends_at,
              HalfDay.window_override, Session.require_signature,
              sa.exists().where(Registration.session_id == HalfDay.session_id,
                                Registration.participant_id == sa.bindparam("participant_id"))
              .label("registered"),
              CheckIn.id.label("check_in_id"), CheckIn.checked_in_at)
    .join(Session, Session.id == HalfDay.session_id)
    .join(Participant, Participant.id == sa.bindparam("participant_id"))
    .outerjoin(CheckIn, sa.and_(CheckIn.half_day_id == HalfDay.id,
                                CheckIn.participant_id == sa.bindparam("participant_id")))
    .where(HalfDay.id == sa.bindparam("half_day_id"))
)
_self_check_in_inserts: dict[str, sa.Insert] = {}


def self_check_in_context(half_day_id: int, participant_id: int) -> sa.Row | None:
    """What the participant's confirmation needs, in one statement: the half-day's window
    (id, session_id, starts_at, ends_at, window_override, as window_is_open reads them),
    whether its session asks for a signature, whether the person is registered to the session,
    and their earlier check-in at this half-day (check_in_id, checked_in_at; None when there
    is none). None when the half-day or the person does not exist."""
    # Through the session's connection: plain rows, without the ORM's per-statement work.
    return db.session.connection().execute(_SELF_CHECK_IN_CONTEXT, {
        "half_day_id": half_day_id, "participant_id": participant_id}).one_or_none()


def _self_check_in_insert() -> sa.Insert:
    dialect = db.session.get_bind().dialect.name
    statement = _self_check_in_inserts.get(dialect)
    if statement is None:
        table = CheckIn.__table__
        statement = _self_check_in_inserts[dialect] = (
            (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
            .values(half_day_id=sa.bindparam("half_day_id"),
                    participant_id=sa.bindparam("participant_id"),
                    method=CheckInMethod.QR, checked_in_at=sa.bindparam("checked_in_at"),
                    signature=sa.bindparam("signature"))
            .on_conflict_do_nothing(index_elements=["half_day_id", "participant_id"])
            .returning(table.c.id))
    return statement


_quick_self_check_ins: dict[str, sa.Insert] = {}


def _quick_self_check_in_statement() -> sa.Insert:
    """INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING (SQLite ≥ 3.35 and PostgreSQL): the
    row is made only when the half-day and the person exist, the window is open (the trainer's
    override, else from 30 minutes before the start to the end, as window.window decides) and
    the signature is there when the session asks for one. It returns the new id, the half-day's
    session and whether the person is registered to it."""
    dialect = db.session.get_bind().dialect.name
    statement = _quick_self_check_ins.get(dialect)
    if statement is not None:
        return statement
    table = CheckIn.__table__
    now = sa.bindparam("now", type_=HalfDay.starts_at.type)
    opens_by = sa.bindparam("opens_by", type_=HalfDay.starts_at.type)  # now + 30 minutes
    window_open = sa.or_(
        HalfDay.window_override == WindowOverride.OPEN,
        sa.and_(HalfDay.window_override.is_(None), HalfDay.starts_at <= opens_by,
                HalfDay.ends_at >= now))
    source = (
        sa.select(HalfDay.id, Participant.id, sa.bindparam("method", type_=table.c.method.type),
                  now, sa.bindparam("signature", type_=sa.Text),
                  sa.bindparam("uid", type_=table.c.uid.type))
        .join(Session, Session.id == HalfDay.session_id)
        .join(Participant, Participant.id == sa.bindparam("participant_id"))
        .where(HalfDay.id == sa.bindparam("half_day_id"), window_open,
               sa.or_(Session.require_signature.is_(False),
                      sa.bindparam("signed", type_=sa.Boolean))))
    # RETURNING names the new row by its table (SQLite renders bare column names there).
    session_id = sa.literal_column(
        "(SELECT h.session_id FROM half_days AS h WHERE h.id = check_ins.half_day_id)",
        sa.Integer)
    registered = sa.literal_column(
        "EXISTS (SELECT 1 FROM registrations AS r JOIN half_days AS h"
        " ON h.session_id = r.session_id"
        " WHERE h.id = check_ins.half_day_id AND r.participant_id = check_ins.participant_id)",
        sa.Boolean)
    statement = _quick_self_check_ins[dialect] = (
        (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
        .from_select(["half_day_id", "participant_id", "method", "checked_in_at", "signature",
                      "uid"], source, include_defaults=False)
        .on_conflict_do_nothing(index_elements=["half_day_id", "participant_id"])
        .returning(table.c.id, session_id.label("session_id"),
                   registered.label("registered")))
    return statement


def quick_self_check_in(half_day_id: int, participant_id: int, signature: str | None,
                        ) -> int | None:
    """The participant's confirmation in one statement when it records a new check-in (the
    room's common case; a person not yet registered is then registered on the spot, flagged,
    in a second one): the new check-in's id. None when it recorded nothing (no such half-day
    or person, window closed, signature missing, or already checked in): self_check_in_context
    then tells why, and self_check_in decides."""
    now = utcnow()
    row = db.session.connection().execute(_quick_self_check_in_statement(), {
        "half_day_id": half_day_id, "participant_id": participant_id, "now": now,
        "opens_by": now + timing.OPENS_BEFORE_START, "method": CheckInMethod.QR,
        "signature": signature, "signed": signature is not None, "uid": uuid.uuid4(),
    }).one_or_none()
    if row is None:
        return None
    if not row.registered:
        ensure_registration(row.session_id, participant_id, RegistrationSource.WALK_IN,
                            needs_review=True)
    observability.count_check_ins(CheckInMethod.QR)
    return row.id


def self_check_in(context: sa.Row, participant_id: int, signature: str | None,
                  ) -> tuple[int, bool]:
    """check_in_participant for the participant's own phone, given self_check_in_context:
    (the check-in's id, True when new). One INSERT for a registered person; a second one,
    registering them on the spot (flagged), when they were not; none when already present."""
    if context.check_in_id is not None:
        return context.check_in_id, False
    if not context.registered:
        ensure_registration(context.session_id, participant_id, RegistrationSource.WALK_IN,
                            needs_review=True)
    new_id = db.session.connection().execute(_self_check_in_insert(), {
        "half_day_id": context.id, "participant_id": participant_id,
        "checked_in_at": utcnow(), "signature": signature}).scalar()
    if new_id is not None:
        observability.count_check_ins(CheckInMethod.QR)
        return new_id, True
    # Another request of the same person won the race between our SELECT and this INSERT.
    return db.session.scalar(sa.select(CheckIn.id).where(
        CheckIn.half_day_id == context.id, CheckIn.participant_id == participant_id)), False
