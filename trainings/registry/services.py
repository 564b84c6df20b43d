"""Queries and changes of organisations, participants and registrations; views commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy.orm import selectinload

from trainings import places
from trainings.access import check_region
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.forms_common import has_control_characters, upload_refusal
from trainings.notice import notices
from trainings.notice.notices import LegalBasis
from trainings.registry import roster_sheet, visibility
from trainings.registry.models import (
    Organization, Participant, PersonMerge, Registration, RegistrationSource, Sex,
)
from trainings.registry.normalize import (
    email_is_valid, fold, normalize_email, normalize_phone, phone_is_valid,
)
from trainings.schedule.models import Session
from trainings.spreadsheets import RowError

# The form and filter value for "sex not recorded": an empty value would read as "not chosen".
SEX_UNKNOWN = "unknown"
SOURCE_LABELS = {
    RegistrationSource.STAFF: _l("Saisie"),
    RegistrationSource.IMPORT: _l("Import Excel"),
    RegistrationSource.WALK_IN: _l("Sur place"),
}


# Organisations ------------------------------------------------------------------------------

def scoped_organizations(scope: str | None) -> sa.Select:
    """Organisations an account of this scope may see: a region's, or every one for None."""
    query = sa.select(Organization)
    if scope:
        query = query.where(Organization.region == scope)
    return query


def filtered_organizations(q: str = "", kind: str | None = None, region: str | None = None, *,
                           scope: str | None) -> sa.Select:
    query = scoped_organizations(scope)
    if q:
        query = query.where(Organization.name.icontains(q, autoescape=True))
    if kind:
        query = query.where(Organization.kind == kind)
    if region:
        query = query.where(Organization.region == region)
    return query.order_by(Organization.name, Organization.id)


def participant_counts(organizations: list[Organization]) -> dict[int, int]:
    """Number of participants of each organisation, in one query."""
    ids = [org.id for org in organizations]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Participant.organization_id, sa.func.count(Participant.id))
        .where(Participant.organization_id.in_(ids)).group_by(Participant.organization_id)
    )
    return {organization_id: n for organization_id, n in rows}


def get_organization(organization_id: int, scope: str | None) -> Organization:
    """The organisation, or 404; 403 when it lies outside the account's scope (a region, or
    None for all)."""
    organization = db.get_or_404(Organization, organization_id)
    check_region(organization.region, scope)
    return organization


def organization_name_taken(name: str, region: str, exclude_id: int | None = None) -> bool:
    query = sa.select(Organization.id).where(
        sa.func.lower(Organization.name) == name.strip().lower(), Organization.region == region)
    if exclude_id:
        query = query.where(Organization.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def save_organization(organization: Organization, data: dict) -> Organization:
    organization.name = data["name"].strip()
    organization.kind = data["kind"]
    organization.region = data["region"]
    organization.province = data["province"] or None
    if organization.id is None:
        db.session.add(organization)
    db.session.flush()
    return organization


def organization_has_participants(organization: Organization) -> bool:
    return db.session.scalar(sa.select(Participant.id).where(
        Participant.organization_id == organization.id).limit(1)) is not None


def delete_organization(organization: Organization) -> None:
    db.session.delete(organization)
    db.session.flush()


def organization_choices(scope: str | None,
                         current: Organization | None = None) -> list[tuple[int, str]]:
    """Organisations in scope for a participant's select; the current one is always kept."""
    query = scoped_organizations(scope).order_by(Organization.name, Organization.region)
    if current is not None and scope:
        query = sa.select(Organization).where(sa.or_(
            Organization.region == scope, Organization.id == current.id,
        )).order_by(Organization.name, Organization.region)
    organizations = db.session.scalars(query)
    if scope:
        return [(org.id, org.name) for org in organizations]
    return [(org.id, f"{org.name} ({places.label(places.REGIONS, org.region)})")
            for org in organizations]


# Participants -------------------------------------------------------------------------------

@dataclass
class ParticipantFilters:
    q: str = ""
    sex: str | None = None
    region: str | None = None
    kind: str | None = None


def scoped_participants(scope: str | None) -> sa.Select:
    """Participants an account of this scope may see: for a region, its own and those of its
    sessions; every one for None."""
    query = sa.select(Participant)
    if scope:
        query = query.where(visibility.visible_condition(scope))
    return query


def _search(query: sa.Select, q: str, contacts: bool = True) -> sa.Select:
    """Every word must match a name, the organisation or, for an account that reads contacts,
    the e-mail or the phone (by digits): a search must not confirm a contact to the others."""
    for word in q.split():
        conditions = [Participant.last_name.icontains(word, autoescape=True),
                      Participant.first_name.icontains(word, autoescape=True),
                      Organization.name.icontains(word, autoescape=True)]
        if contacts:
            conditions.append(Participant.email.icontains(word, autoescape=True))
        digits = "".join(c for c in word if c.isdecimal())
        if digits and contacts:
            # Numbers are stored +212661234567: 0661… or 00212… match without their zeros.
            conditions.append(Participant.phone.contains(digits.lstrip("0") or digits))
        query = query.where(sa.or_(*conditions))
    return query


def filtered_participants(filters: ParticipantFilters, scope: str | None,
                          contacts: bool = True) -> sa.Select:
    """The list of people: in scope, matching the filters; contacts: whether the search may
    match phones and e-mails (visibility.sees_contacts)."""
    query = scoped_participants(scope).outerjoin(
        Organization, Organization.id == Participant.organization_id)
    query = _search(query, filters.q, contacts)
    if filters.sex == SEX_UNKNOWN:
        query = query.where(Participant.sex.is_(None))
    elif filters.sex:
        query = query.where(Participant.sex == Sex(filters.sex))
    if filters.region:
        query = query.where(Participant.region == filters.region)
    if filters.kind:
        query = query.where(Organization.kind == filters.kind)
    return query.order_by(Participant.last_name, Participant.first_name, Participant.id)


def participant_visible(person: Participant, scope: str | None) -> bool:
    return visibility.may_see(person, scope)


def get_participant(participant_id: int, scope: str | None) -> Participant:
    """The participant, or 404: unknown, or out of the account's scope (a region, or None for
    all), which is answered alike so that an id tells nothing of who exists elsewhere."""
    person = db.get_or_404(Participant, participant_id)
    if not visibility.may_see(person, scope):
        abort(404)
    return person


def contact_refusals(email: str | None, phone: str | None, exclude_id: int | None,
                     scope: str | None) -> dict[str, str]:
    """The form's error for an e-mail or a phone already another person's, by field. The
    record is named only to an account that may see it; anyone else gets a neutral refusal,
    which says neither whose contact it is nor where."""
    refusals = {}
    for name, column, value, seen, unseen in (
            ("email", Participant.email, email,
             _("Cette adresse e-mail est déjà celle d'une autre personne enregistrée."),
             _("Cette adresse e-mail ne peut pas être enregistrée sur cette fiche. Si la "
               "personne a déjà une fiche, demandez à une experte de l'inscrire.")),
            ("phone", Participant.phone, phone,
             _("Ce numéro de téléphone est déjà celui d'une autre personne enregistrée."),
             _("Ce numéro de téléphone ne peut pas être enregistré sur cette fiche. Si la "
               "personne a déjà une fiche, demandez à une experte de l'inscrire."))):
        owner = _contact_owner(column, value, exclude_id)
        if owner is not None:
            refusals[name] = seen if visibility.may_see(owner, scope) else unseen
    return refusals


def _contact_owner(column, value: str | None, exclude_id: int | None) -> Participant | None:
    if not value:
        return None
    query = sa.select(Participant).where(column == value)
    if exclude_id:
        query = query.where(Participant.id != exclude_id)
    return db.session.scalar(query.limit(1))


@dataclass
class Duplicate:
    """A recorded person who may be the one about to be recorded, and why."""

    person: Participant
    visible: bool  # False: out of the account's scope, not to be named to it
    reasons: list[str] = field(default_factory=list)


def _same_phone(phone: str | None) -> list[Participant]:
    """People with this number, including numbers stored in another form before numbers were
    normalised (the migration leaves those that would have collided, for staff to merge)."""
    phone = normalize_phone(phone)
    if not phone:
        return []
    people = db.session.scalars(sa.select(Participant).where(sa.or_(
        Participant.phone == phone, ~Participant.phone.startswith("+"))))
    return [person for person in people if normalize_phone(person.phone) == phone]


def _same_name_and_organization(data: dict) -> list[Participant]:
    if not data.get("organization_id"):
        return []
    name = _name_key(data["last_name"], data["first_name"])
    colleagues = db.session.scalars(sa.select(Participant).where(
        Participant.organization_id == data["organization_id"]))
    return [person for person in colleagues
            if _name_key(person.last_name, person.first_name) == name]


def probable_duplicates(data: dict, scope: str | None,
                        exclude_id: int | None = None) -> list[Duplicate]:
    """People already recorded with the phone or the e-mail of `data` (a person's fields), or
    with the same name in the same organisation, whatever the accents and case. A person out
    of `scope` is kept only for the name in one of the account's organisations, unnamed: a
    phone or an e-mail must not tell that someone elsewhere holds it (see contact_refusals)."""
    email = normalize_email(data.get("email"))
    same_email = list(db.session.scalars(sa.select(Participant).where(
        Participant.email == email))) if email else []
    found: dict[int, Duplicate] = {}
    for people, reason in ((_same_phone(data.get("phone")), _("même téléphone")),
                           (same_email, _("même e-mail")),
                           (_same_name_and_organization(data),
                            _("même nom dans la même organisation"))):
        for person in people:
            if person.id == exclude_id:
                continue
            if person.id not in found:
                found[person.id] = Duplicate(person, visibility.may_see(person, scope))
            found[person.id].reasons.append(reason)
    for duplicate in found.values():
        if not duplicate.visible:
            duplicate.reasons = [r for r in duplicate.reasons
                                 if r == _("même nom dans la même organisation")]
    return sorted((d for d in found.values() if d.reasons), key=lambda d: d.person.id)


def person_fields(person: Participant) -> dict:
    """A recorded person's fields as probable_duplicates() reads them."""
    return {"phone": person.phone, "email": person.email, "last_name": person.last_name,
            "first_name": person.first_name, "organization_id": person.organization_id}


def merge_candidates(person: Participant, q: str, scope: str | None,
                     limit: int = 20) -> list[Participant]:
    """Other people in scope whose name, phone, e-mail or organisation matches the search."""
    if not q:
        return []
    query = (scoped_participants(scope)
             .outerjoin(Organization, Organization.id == Participant.organization_id)
             .where(Participant.id != person.id))
    query = _search(query, q).order_by(Participant.last_name, Participant.first_name)
    return list(db.session.scalars(query.limit(limit)))


def merge_history(person: Participant) -> list[PersonMerge]:
    """The records merged into this one, latest first."""
    return list(db.session.scalars(sa.select(PersonMerge).where(PersonMerge.kept_id == person.id)
                                   .order_by(PersonMerge.created_at.desc(), PersonMerge.id.desc())))


def record_information(person: Participant, informed_on: date | None, *,
                       registering: bool) -> None:
    """The legal basis of a record staff keep (law 09-08). Staff registering someone for the
    organisation's training (`registering`), or saying they informed them, make it
    « Inscription par l'organisation »; `informed_on` is the day staff told the person how
    their data are used, given with the notice's current version (None: not yet, or not
    known). Someone who consented on their own phone keeps that basis and its wording."""
    if person.legal_basis is LegalBasis.CONSENT:
        return
    if registering or informed_on is not None:
        person.legal_basis = LegalBasis.REGISTRATION
    if informed_on != person.informed_on:
        person.informed_on = informed_on
        person.notice_version = notices.CURRENT_VERSION if informed_on else None


def save_participant(person: Participant, data: dict, sex: Sex | None,
                     scope: str | None, informed_on: date | None = None) -> Participant:
    """Create or update from validated form data. The region is the coordinator's own, scope
    (kept when they edit someone else's), else the organisation's, else the one chosen. A new
    person rests on the organisation's registration; `informed_on` as record_information."""
    person.last_name, person.first_name = data["last_name"], data["first_name"]
    person.sex = sex
    person.function = data["function"] or ""
    person.phone = data["phone"] or None  # NULLs do not collide under the unique constraints
    person.email = data["email"] or None
    organization = (db.session.get(Organization, data["organization_id"])
                    if data["organization_id"] else None)
    person.organization = organization
    if scope:
        person.region = person.region or scope
    else:
        person.region = organization.region if organization else data["region"]
    record_information(person, informed_on, registering=person.id is None)
    if person.id is None:
        db.session.add(person)
    db.session.flush()
    return person


def participant_registrations(person: Participant, scope: str | None) -> list[Registration]:
    """The person's registrations to sessions in scope, latest session first."""
    query = (sa.select(Registration).join(Session, Session.id == Registration.session_id)
             .where(Registration.participant_id == person.id)
             .options(selectinload(Registration.session))
             .order_by(Session.start_date.desc(), Session.id.desc()))
    if scope:
        query = query.where(Session.region == scope)
    return list(db.session.scalars(query))


def delete_participant(person: Participant) -> None:
    db.session.delete(person)
    db.session.flush()


# Registrations ------------------------------------------------------------------------------

def session_registrations(session: Session) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.participant)
        .where(Registration.session_id == session.id)
        .order_by(Participant.last_name, Participant.first_name)
    ))


def registration_candidates(session: Session, q: str, scope: str | None,
                            limit: int = 20) -> list[Participant]:
    """People in scope matching the search and not yet registered to the session."""
    if not q:
        return []
    registered = sa.select(Registration.participant_id).where(
        Registration.session_id == session.id)
    query = (scoped_participants(scope)
             .outerjoin(Organization, Organization.id == Participant.organization_id)
             .where(Participant.id.not_in(registered)))
    query = _search(query, q).order_by(Participant.last_name, Participant.first_name)
    return list(db.session.scalars(query.limit(limit)))


def register(session: Session, person: Participant,
             source: RegistrationSource = RegistrationSource.STAFF) -> Registration | None:
    """The new registration, or None when the person is already registered. Staff registering
    a person of unknown basis make it the organisation's registration."""
    exists = db.session.scalar(sa.select(Registration.id).where(
        Registration.session_id == session.id, Registration.participant_id == person.id))
    if exists:
        return None
    record_information(person, person.informed_on, registering=True)
    registration = Registration(session_id=session.id, participant_id=person.id, source=source)
    db.session.add(registration)
    db.session.flush()
    return registration


def get_registration(session: Session, registration_id: int) -> Registration:
    """A registration of this session, or 404."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.session_id != session.id:
        abort(404)
    return registration


def unregister(registration: Registration) -> None:
    db.session.delete(registration)
    db.session.flush()


# Roster import ------------------------------------------------------------------------------

def roster_template() -> bytes:
    kinds = [(str(label), code) for code, label in places.ORGANIZATION_KINDS.items()]
    help_rows = [
        (_("Comment remplir la feuille « %(sheet)s »", sheet=roster_sheet.SHEET_TITLE),),
        (_("Une ligne par personne, à partir de la ligne 2 ; ne modifiez pas la ligne "
           "d'en-tête."),),
        (_("Nom et Prénom sont obligatoires."),),
        (_("Sexe : F (femme), H (homme), ou vide si non renseigné."),),
        (_("Téléphone ou e-mail : servent à reconnaître une personne déjà enregistrée."),),
        (_("Organisation : reprise si elle existe déjà dans la région de la session ; sinon "
           "elle est créée, et son type est alors obligatoire."),),
        (),
        (_("Type d'organisation (libellé)"), _("ou code")),
        *kinds,
    ]
    return roster_sheet.template_workbook(_("Aide"), help_rows)


@dataclass
class ImportResult:
    file_error: str | None = None
    errors: list[RowError] = field(default_factory=list)
    registered: int = 0
    created: int = 0
    organizations_created: int = 0
    already_registered: list[int] = field(default_factory=list)
    # New people with the name of someone of the same organisation (recorded, or on an earlier
    # row): written only once staff confirm they are other people.
    duplicates: list[RowError] = field(default_factory=list)
    duplicates_confirmed: bool = False

    @property
    def ok(self) -> bool:
        return (not self.file_error and not self.errors
                and (not self.duplicates or self.duplicates_confirmed))


@dataclass
class _PlannedRow:
    """A valid row, ready to be written: an existing person or the data of a new one."""

    row: int
    person: Participant | None
    data: dict
    organization_key: str | None = None
    organization_kind: str | None = None
    organization_name: str = ""


def import_roster(session: Session, data: bytes, duplicates_confirmed: bool = False,
                  informed_on: date | None = None, scope: str | None = None,
                  user_id: int | None = None) -> ImportResult:
    """Register the people of an uploaded roster to the session, all or nothing: every row is
    checked first, and nothing is written when one of them is faulty, nor when a new person
    probably duplicates another unless staff confirmed they do not. Every person of the file
    rests on the organisation's registration; `informed_on` is the day staff say the file's
    people were told how their data are used (kept for those informed earlier). A row whose
    phone or e-mail is that of someone out of `scope` (the importing account's region, None for
    all) is refused with a neutral message: it neither names that person nor registers them."""
    try:
        rows = roster_sheet.read_roster(data)
    except roster_sheet.RosterError as error:
        return ImportResult(file_error=_roster_error_message(error))
    result = ImportResult(duplicates_confirmed=duplicates_confirmed)
    organizations = {fold(org.name): org for org in db.session.scalars(
        sa.select(Organization).where(Organization.region == session.region))}
    plan = _check_rows(session, rows, organizations, result, scope)
    if not result.errors:
        result.duplicates = _probable_duplicates(plan, organizations)
    if result.ok:
        _write(session, plan, organizations, result, informed_on)
        record(AuditEvent.IMPORT, actor_id=user_id, session_id=session.id,
               details={"kind": "roster", "rows": len(rows), "registered": result.registered,
                        "created": result.created})
    return result


def _roster_error_message(error: roster_sheet.RosterError) -> str:
    refusal = upload_refusal(error)
    if refusal:
        return refusal
    if isinstance(error, roster_sheet.MissingColumns):
        return _("Colonnes manquantes dans la première ligne de la première feuille : "
                 "%(columns)s. Partez du modèle à télécharger.", columns=", ".join(error.headers))
    if isinstance(error, roster_sheet.TooManyRows):
        return _("Le fichier dépasse %(n)s lignes : découpez-le.", n=error.limit)
    if isinstance(error, roster_sheet.EmptyRoster):
        return _("Le fichier ne contient aucune ligne à importer.")
    return _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")


_LIMITS = {"last_name": 100, "first_name": 100, "function": 150, "organization": 200,
           "email": 254, "phone": 30}


def _column_problems(row: dict, email: str | None, phone: str | None) -> list[str]:
    """What is wrong with the cells of one row taken alone, column by column."""
    problems = []
    if not row["last_name"]:
        problems.append(_("Le nom manque"))
    if not row["first_name"]:
        problems.append(_("Le prénom manque"))
    problems += [_("« %(column)s » contient des caractères de contrôle non autorisés",
                   column=roster_sheet.HEADERS[key])
                 for key, _header in roster_sheet.COLUMNS if has_control_characters(row[key])]
    problems += [_("« %(column)s » dépasse %(n)s caractères",
                   column=roster_sheet.HEADERS[key], n=limit)
                 for key, limit in _LIMITS.items() if len(row[key]) > limit]
    if _sex(row) is _INVALID:
        problems.append(_("Sexe « %(value)s » inconnu (F, H ou vide)", value=row["sex"]))
    if email and not email_is_valid(email):
        problems.append(_("E-mail « %(value)s » invalide", value=row["email"]))
    if row["phone"] and not phone_is_valid(phone):
        problems.append(_("Téléphone « %(value)s » invalide (par exemple 06 61 23 45 67, ou "
                          "+33 6 12 34 56 78 pour un numéro étranger)", value=row["phone"]))
    return problems


_INVALID = object()


def _sex(row: dict):
    """The sex code of a row, None when blank, _INVALID when not one."""
    try:
        return roster_sheet.sex_code(row["sex"])
    except ValueError:
        return _INVALID


class _RosterCheck:
    """Checks the rows of one roster against each other and the database. The people the file
    names are looked up once, with a fixed number of queries, whatever its length."""

    def __init__(self, session: Session, rows: list[dict],
                 organizations: dict[str, Organization], scope: str | None):
        emails = {normalize_email(r["email"]) for r in rows} - {None}
        phones = {normalize_phone(r["phone"]) for r in rows} - {None}
        self.by_email = {p.email: p for p in db.session.scalars(
            sa.select(Participant).where(Participant.email.in_(emails)))} if emails else {}
        self.by_phone = {p.phone: p for p in db.session.scalars(
            sa.select(Participant).where(Participant.phone.in_(phones)))} if phones else {}
        # The people the file's contacts name whom the account may not see: one query.
        named = {p.id for p in (*self.by_email.values(), *self.by_phone.values())}
        self.hidden_ids = named - set(db.session.scalars(sa.select(Participant.id).where(
            Participant.id.in_(named), visibility.visible_condition(scope)))) if named else set()
        registrations = session_registrations(session)
        self.registered_ids = {r.participant_id for r in registrations}
        # People without e-mail nor phone are recognised only among those already registered.
        self.registered_by_name = {_name_key(r.participant.last_name, r.participant.first_name):
                                   r.participant for r in registrations}
        self.kinds = {code: str(label) for code, label in places.ORGANIZATION_KINDS.items()}
        self.organizations = organizations
        self.first_seen: dict[tuple, int] = {}  # identity -> first row naming it
        self.rows_of_people: dict[int, int] = {}  # participant id -> first row naming them
        self.new_organizations: set[str] = set()

    def duplicate_row(self, row: dict, email: str | None, phone: str | None,
                      name_key: tuple[str, str]) -> int | None:
        """The earlier row of the file naming the same e-mail, phone (or, without them, name)."""
        identities = [identity for identity in (
            [("email", email), ("phone", phone)] if email or phone else [("name", name_key)])
            if identity[1]]
        duplicate_of = next((self.first_seen[i] for i in identities if i in self.first_seen),
                            None)
        for identity in identities:
            self.first_seen.setdefault(identity, row["row"])
        return duplicate_of

    def known_person(self, email: str | None, phone: str | None, name_key: tuple[str, str],
                     problems: list[str]) -> Participant | None:
        """The registered person the row names, by e-mail, phone or (without either) name;
        a contact that belongs to someone else is a problem, and so, without saying whose,
        is a contact of someone the account may not see."""
        owners = [self.by_email.get(email) if email else None,
                  self.by_phone.get(phone) if phone else None]
        if any(owner is not None and owner.id in self.hidden_ids for owner in owners):
            problems.append(_("Ce téléphone ou cet e-mail ne peut pas être utilisé depuis votre "
                              "compte : demandez à une experte d'inscrire cette personne"))
            return None
        person = self.by_email.get(email) if email else None
        if person is not None and _name_key(person.last_name, person.first_name) != name_key:
            problems.append(_("Cet e-mail est celui d'une autre personne (nom différent)"))
        phone_owner = self.by_phone.get(phone) if phone else None
        if phone_owner is not None:
            if person is not None and phone_owner.id != person.id:
                problems.append(_("Ce téléphone est celui d'une autre personne que l'e-mail"))
            elif _name_key(phone_owner.last_name, phone_owner.first_name) != name_key:
                problems.append(_("Ce téléphone est celui d'une autre personne (nom différent)"))
            person = person or phone_owner
        if person is None and not email and not phone:
            person = self.registered_by_name.get(name_key)
        return person

    def organization(self, row: dict, person: Participant | None,
                     problems: list[str]) -> tuple[str | None, str | None]:
        """The folded name and the kind code of the row's organisation; a new organisation
        needs a kind."""
        key = fold(row["organization"]) or None
        try:
            kind = roster_sheet.kind_code(row["organization_kind"], self.kinds)
        except ValueError:
            problems.append(_("Type d'organisation « %(value)s » inconnu (voir la feuille "
                              "Aide)", value=row["organization_kind"]))
            return key, None
        is_new = (person is None and key and key not in self.organizations
                  and key not in self.new_organizations)
        if is_new and kind is None:
            problems.append(_("L'organisation « %(name)s » est nouvelle : indiquez son type",
                              name=row["organization"]))
        elif is_new:
            self.new_organizations.add(key)
        return key, kind

    def check(self, row: dict, result: ImportResult) -> _PlannedRow | None:
        """One row: its problems go to result.errors, a person already registered to
        result.already_registered; otherwise the row to write."""
        email, phone = normalize_email(row["email"]), normalize_phone(row["phone"])
        name_key = _name_key(row["last_name"], row["first_name"])
        problems = _column_problems(row, email, phone)
        duplicate_of = self.duplicate_row(row, email, phone, name_key)
        if duplicate_of:
            problems.append(_("Ligne en double (même personne que la ligne %(n)s)",
                              n=duplicate_of))
        person = self.known_person(email, phone, name_key, problems)
        if person is not None and not duplicate_of and person.id in self.rows_of_people:
            problems.append(_("Ligne en double (même personne que la ligne %(n)s)",
                              n=self.rows_of_people[person.id]))
        if person is not None:
            self.rows_of_people.setdefault(person.id, row["row"])
        organization_key, organization_kind = self.organization(row, person, problems)

        if problems:
            result.errors.append(RowError(row["row"], problems))
            return None
        if person is not None and person.id in self.registered_ids:
            result.already_registered.append(row["row"])
            return None
        sex = _sex(row)
        return _PlannedRow(
            row=row["row"], person=person,
            data={"last_name": row["last_name"], "first_name": row["first_name"],
                  "sex": Sex(sex) if sex else None, "function": row["function"],
                  "email": email, "phone": phone},
            organization_key=organization_key if person is None else None,
            organization_kind=organization_kind, organization_name=row["organization"])


def _check_rows(session: Session, rows: list[dict], organizations: dict[str, Organization],
                result: ImportResult, scope: str | None) -> list[_PlannedRow]:
    """Validate every row against the file and the database, with a fixed number of queries;
    faulty rows go to result.errors, the others make the plan."""
    check = _RosterCheck(session, rows, organizations, scope)
    return [planned for row in rows if (planned := check.check(row, result)) is not None]


def _recorded_by_name(plan: list[_PlannedRow], organizations: dict[str, Organization],
                      ) -> dict[tuple, Participant]:
    """The people recorded in the known organisations the plan's new people name, by
    (organisation id, folded last name, folded first name); one query."""
    known_ids = {organizations[p.organization_key].id for p in plan
                 if p.person is None and p.organization_key in organizations}
    recorded: dict[tuple, Participant] = {}
    if known_ids:
        for person in db.session.scalars(sa.select(Participant).where(
                Participant.organization_id.in_(known_ids)).order_by(Participant.id)):
            recorded.setdefault((person.organization_id,
                                 *_name_key(person.last_name, person.first_name)), person)
    return recorded


def _probable_duplicates(plan: list[_PlannedRow],
                         organizations: dict[str, Organization]) -> list[RowError]:
    """The new people of the plan with the name of someone of the same organisation: recorded
    already, or on an earlier row of the file."""
    recorded = _recorded_by_name(plan, organizations)
    earlier: dict[tuple, int] = {}
    duplicates = []
    for planned in (p for p in plan if p.person is None and p.organization_key):
        name = _name_key(planned.data["last_name"], planned.data["first_name"])
        organization = organizations.get(planned.organization_key)
        person = recorded.get((organization.id, *name)) if organization else None
        in_file = earlier.setdefault((planned.organization_key, *name), planned.row)
        if person is not None:
            duplicates.append(RowError(planned.row, [_(
                "Une fiche « %(name)s » existe déjà dans l'organisation « %(organization)s » "
                "(avec un autre téléphone ou e-mail)", name=person.full_name,
                organization=organization.name)]))
        elif in_file != planned.row:
            duplicates.append(RowError(planned.row, [_(
                "Même nom et même organisation que la ligne %(n)s (avec un autre téléphone ou "
                "e-mail)", n=in_file)]))
    return duplicates


def _name_key(last_name: str, first_name: str) -> tuple[str, str]:
    return fold(last_name), fold(first_name)


def _write(session: Session, plan: list[_PlannedRow], organizations: dict[str, Organization],
           result: ImportResult, informed_on: date | None) -> None:
    for planned in plan:
        person = planned.person
        if person is None:
            organization = None
            if planned.organization_key:
                organization = organizations.get(planned.organization_key)
                if organization is None:
                    organization = Organization(name=planned.organization_name,
                                                kind=planned.organization_kind,
                                                region=session.region)
                    db.session.add(organization)
                    organizations[planned.organization_key] = organization
                    result.organizations_created += 1
            person = Participant(**planned.data, organization=organization,
                                 region=session.region)
            db.session.add(person)
            result.created += 1
        record_information(person, person.informed_on or informed_on, registering=True)
        db.session.add(Registration(session=session, participant=person,
                                    source=RegistrationSource.IMPORT))
        result.registered += 1
    db.session.flush()
