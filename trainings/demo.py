"""`flask demo`: fill an empty database with realistic, reproducible demonstration data."""
from __future__ import annotations

import math
import os
import random
import secrets
import string
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from trainings import demo_data, places
from trainings.accounts import services as account_services
from trainings.assessments import satisfaction
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
    SessionQuestion, SessionTest,
)
from trainings.assessments.scoring import QuestionKey, score_attempt
from trainings.clock import local_today
from trainings.console import table
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, HalfDay, Organization, Participant, Registration, RegistrationSource,
    Role, Session, SessionStatus, Sex, Training, User,
)
from trainings.notice.notices import CURRENT_VERSION, LegalBasis
from trainings.registry.normalize import phone_is_valid
from trainings.progress.indicators import BY_KEY
from trainings.progress.targets import save_target
from trainings.schedule.services import save_session

SEED = 20260101
PARTICIPANTS = 300
SEX_NOT_RECORDED = 6
WOMEN_SHARE = 0.55
SESSIONS_SPREAD = 30  # over 2026 and 2027
SESSIONS_THIS_WEEK = 3
SESSIONS_NEXT_WEEKS = 7  # over the four weeks after this one
SESSION_REGIONS = {"oriental": 0.45, "souss-massa": 0.45, "rabat": 0.10}
BASE_URL = "http://127.0.0.1:5000"
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "lIO0o1")
# Attendance at the sessions already held.
PRESENCE = (0.80, 0.95)  # each person's chance of being there at any one half-day
NO_SHOW = 0.04  # registered, never came
WALK_INS = (0, 3)  # people who came without being registered, per session held
WALK_INS_REVIEWED = 0.6  # the trainer has looked at most of them since
CHECK_IN_METHODS = {CheckInMethod.QR: 0.80, CheckInMethod.MANUAL: 0.14,
                    CheckInMethod.BADGE: 0.06}
# Minutes from the half-day's start: (earliest, latest, most likely), by method.
CHECK_IN_MINUTES = {CheckInMethod.QR: (-25, 40, -5), CheckInMethod.BADGE: (-20, 25, -5),
                    CheckInMethod.MANUAL: (0, 45, 10)}
# Tests at the sessions already held, among the people present.
NO_TEST = 0.06  # took neither test
PRE_ONLY = 0.10  # left before the post-test
POST_ONLY = 0.07  # came after the pre-test: the post-test is recorded without a pre
PRE_SCORE = (52, 12)  # mean and spread of pre-test scores, in percent
PERFECT_PRE = 0.04  # already knew everything
GAIN = (18, 12)  # mean and spread of the gain, in points (a few decline)
PAPER_TESTS = 0.12  # taken on paper, entered by the trainer
BLANK = 0.05  # a question left unanswered rather than answered wrong
SATISFACTION = 0.70  # present people who answered the satisfaction questionnaire
TEXT_COMMENT = 0.45  # of them, those who wrote something in a free-text item


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="Sur une base déjà remplie, afficher les identifiants de démonstration "
                   "et sortir sans erreur.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Remplit une base vide avec des données de démonstration."""
    path = logins_path()
    if not database_is_empty():
        if not if_empty:
            click.echo(_("La base contient déjà des données : les données de démonstration ne "
                         "s'installent que dans une base vide. Rien n'a été ajouté."), err=True)
            click.get_current_context().exit(1)
        click.echo(_("Les données de démonstration sont déjà là (la base n'est pas vide) : "
                     "rien n'a été ajouté."))
        if path.exists():
            click.echo(path.read_text(encoding="utf-8"))
        else:
            click.echo(_("Aucun fichier d'identifiants de démonstration (%(path)s).", path=path))
        return

    rng = random.Random(SEED)
    trainings = add_trainings()
    organizations = add_organizations()
    participants = add_participants(rng, organizations)
    sessions = add_sessions(rng, trainings, local_today())
    arabic_session(sessions, trainings, local_today())
    registrations = add_registrations(rng, sessions, participants)
    logins = add_accounts()
    check_ins, walk_ins = add_attendance(rng, sessions, registrations, participants,
                                         local_today())
    banks = add_question_banks(rng, trainings)
    attempts, opinions = add_tests(rng, sessions, banks, local_today())
    targets = add_targets(local_today().year)
    text = logins_text(logins)
    write_logins(path, text)  # before the commit: no accounts whose passwords were lost
    db.session.commit()

    click.echo(_("Données de démonstration créées : %(t)s formations, %(s)s sessions, "
                 "%(o)s organisations, %(p)s participant·e·s, %(r)s inscriptions.",
                 t=len(trainings), s=len(sessions), o=len(organizations),
                 p=len(participants) + walk_ins, r=len(registrations) + walk_ins))
    click.echo(_("Sessions passées : %(c)s pointages, dont ceux de %(w)s personnes venues sans "
                 "inscription.", c=check_ins, w=walk_ins))
    click.echo(_("Tests : %(q)s questions dans les banques, %(a)s pré-tests et post-tests "
                 "passés, %(o)s questionnaires de satisfaction.",
                 q=sum(len(bank) for bank in banks.values()), a=attempts, o=opinions))
    click.echo(_("Rapport d'avancement : %(n)s cibles, pour %(first)s et %(second)s.",
                 n=targets, first=local_today().year, second=local_today().year + 1))
    click.echo(text)


def logins_path() -> Path:
    """Where the demo passwords are kept: DEMO_LOGINS_PATH, or the instance folder."""
    configured = current_app.config.get("DEMO_LOGINS_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "demo-logins.txt"


def database_is_empty() -> bool:
    return all(db.session.scalar(sa.select(model.id).limit(1)) is None
               for model in (Training, Session, Organization, Participant, User))


def add_trainings() -> list[Training]:
    trainings = [Training(title=row["title"], theme=row["theme"], objectives=row["objectives"],
                          duration_hours=Decimal(row["duration_hours"]),
                          description=row["description"])
                 for row in demo_data.TRAININGS]
    db.session.add_all(trainings)
    db.session.flush()
    return trainings


def add_organizations() -> list[Organization]:
    organizations = [Organization(name=name, kind=kind, region=region, province=province)
                     for name, kind, region, province in demo_data.ORGANIZATIONS]
    db.session.add_all(organizations)
    db.session.flush()
    return organizations


def add_participants(rng: random.Random, organizations: list[Organization]) -> list[Participant]:
    """People with names of Morocco and West and Central Africa, 55 % women among those whose
    sex is recorded; each works for an organisation of their region."""
    recorded = PARTICIPANTS - SEX_NOT_RECORDED
    women = round(recorded * WOMEN_SHARE)
    sexes = [None] * SEX_NOT_RECORDED + [Sex.FEMALE] * women + [Sex.MALE] * (recorded - women)
    rng.shuffle(sexes)
    regions = _spread(rng, demo_data.PARTICIPANT_REGIONS, PARTICIPANTS)
    by_region: dict[str, list[Organization]] = {}
    for organization in organizations:
        by_region.setdefault(organization.region, []).append(organization)
    phones: set[str] = set()
    emails: set[str] = set()
    participants = [_person(rng, sex, region, by_region[region], phones, emails)
                    for sex, region in zip(sexes, regions)]
    db.session.add_all(participants)
    db.session.flush()
    return participants


# Staff of public bodies in the demo are Moroccan; associations employ everyone.
OPEN_KINDS = {"osc", "diaspora", "other", "project-team"}


def _person(rng: random.Random, sex: Sex | None, region: str, employers: list[Organization],
            phones: set[str], emails: set[str]) -> Participant:
    """One person of the region, working for one of its organisations, with a phone number,
    an e-mail address or both (unique among `phones` and `emails`)."""
    pools = demo_data.NAME_POOLS
    pool = rng.choices(pools, weights=[p.weight for p in pools])[0]
    if pool not in demo_data.MOROCCAN_POOLS:
        employers = [o for o in employers if o.kind in OPEN_KINDS]
    organization = rng.choice(employers)
    feminine = sex == Sex.FEMALE or (sex is None and rng.random() < 0.5)
    first_name = rng.choice(pool.women if feminine else pool.men)
    last_name = rng.choice(pool.surnames)
    function = rng.choice(demo_data.FUNCTIONS[organization.kind])[0 if feminine else 1]
    contact = rng.random()
    return Participant(
        first_name=first_name, last_name=last_name, sex=sex, organization=organization,
        function=function, region=region, legal_basis=LegalBasis.REGISTRATION,
        phone=_unique_phone(rng, phones) if contact < 0.90 else None,
        email=_unique_email(rng, emails, first_name, last_name)
        if contact < 0.78 or contact >= 0.90 else None,
    )


def _spread(rng: random.Random, shares: dict[str, float], total: int) -> list[str]:
    """`total` codes in the given shares, shuffled."""
    codes = [code for code, share in shares.items() for _ in range(round(share * total))]
    codes = (codes + list(shares) * total)[:total]  # rounding may leave a few short
    rng.shuffle(codes)
    return codes


def _unique_phone(rng: random.Random, taken: set[str]) -> str:
    """A Moroccan mobile number that exists in the numbering plan (the forms refuse others)."""
    while True:
        phone = f"+212{rng.choice('67')}{rng.randrange(10 ** 8):08d}"
        if phone not in taken and phone_is_valid(phone):
            taken.add(phone)
            return phone


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in folded.lower().replace("'", "")).strip("-")


def _unique_email(rng: random.Random, taken: set[str], first_name: str, last_name: str) -> str:
    latin = demo_data.TRANSLITERATIONS
    first, last = _ascii(latin.get(first_name, first_name)), _ascii(latin.get(last_name, last_name))
    local = rng.choice((f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}"))
    domain = rng.choice(demo_data.EMAIL_DOMAINS)
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def add_sessions(rng: random.Random, trainings: list[Training], today: date) -> list[Session]:
    """Sessions over 2026 and 2027, a few this week and in the next ones so that the home
    page has something to show; statuses follow the dates."""
    plans = _session_plans(rng, trainings, today)
    past = [plan for plan in plans if plan["end_date"] < today]
    cancelled = {id(plan) for plan in rng.sample(past, min(len(past), max(2, len(past) // 8)))}
    sessions = []
    for plan in plans:
        plan["status"] = _status(rng, plan, today, id(plan) in cancelled)
        sessions.append(save_session(Session(), plan))
    return sessions


def _session_plans(rng: random.Random, trainings: list[Training], today: date) -> list[dict]:
    monday = today - timedelta(days=today.weekday())
    weeks = [monday] * SESSIONS_THIS_WEEK
    weeks += [monday + timedelta(weeks=rng.randint(1, 4)) for _ in range(SESSIONS_NEXT_WEEKS)]
    first_monday, last_monday = date(2026, 1, 5), date(2027, 12, 13)
    while len(weeks) < SESSIONS_THIS_WEEK + SESSIONS_NEXT_WEEKS + SESSIONS_SPREAD:
        week = first_monday + timedelta(weeks=rng.randrange((last_monday - first_monday).days // 7))
        if week.month != 8:  # no training in the summer holidays
            weeks.append(week)
    regions = _spread(rng, SESSION_REGIONS, len(weeks))
    order = list(range(len(trainings)))
    rng.shuffle(order)
    catalogue = {row["title"]: row for row in demo_data.TRAININGS}

    plans = []
    for n, (week, region) in enumerate(zip(weeks, regions)):
        training = trainings[order[n % len(order)]]
        row = catalogue[training.title]
        days = min(3, max(1, math.ceil(row["duration_hours"] / 6.5)))
        start = week + timedelta(days=rng.randint(0, 5 - days))  # Monday to Friday
        province = rng.choice([code for code, _label in places.provinces_of(region)])
        city = demo_data.CITIES[province]
        venues = demo_data.VENUES.get(province) or [p.format(city=city)
                                                    for p in demo_data.VENUE_PATTERNS]
        trainers = [rng.choice(demo_data.LEAD_TRAINERS)]
        if rng.random() < 0.6:
            trainers.append(rng.choice(demo_data.CO_TRAINERS))
        title = (f"Atelier national – {row['short']}" if region == "rabat"
                 else f"{row['short']} – {city}")
        plans.append({
            "title": title, "region": region, "province": province,
            "venue": rng.choice(venues), "start_date": start,
            "end_date": start + timedelta(days=days - 1), "trainers": ", ".join(trainers),
            "capacity": rng.randint(20, 35), "notes": "", "training_id": training.id,
            "audience": rng.sample(row["audience"], rng.randint(1, min(3, len(row["audience"])))),
        })
    return plans


def _status(rng: random.Random, plan: dict, today: date, cancelled: bool) -> SessionStatus:
    if plan["end_date"] < today:
        return SessionStatus.CANCELLED if cancelled else SessionStatus.HELD
    if (plan["start_date"] - today).days <= 60:
        return SessionStatus.PLANNED
    return SessionStatus.DRAFT if rng.random() < 0.35 else SessionStatus.PLANNED


def add_registrations(rng: random.Random, sessions: list[Session],
                      participants: list[Participant]) -> list[Registration]:
    """12 to 30 people of the session's region, mostly from the organisations it targets."""
    by_region: dict[str, list[Participant]] = {}
    for person in participants:
        by_region.setdefault(person.region, []).append(person)
    registrations = []
    for session in sessions:
        pool = by_region[session.region]
        wanted = rng.randint(12, min(30, session.capacity, len(pool)))
        targeted = [p for p in pool if p.organization.kind in session.audience]
        others = [p for p in pool if p.organization.kind not in session.audience]
        rng.shuffle(targeted)
        rng.shuffle(others)
        from_targets = min(len(targeted), round(wanted * 0.75))
        chosen = targeted[:from_targets] + others[:wanted - from_targets]
        chosen += targeted[from_targets:from_targets + wanted - len(chosen)]
        registrations += [Registration(session_id=session.id, participant_id=person.id,
                                       source=RegistrationSource.STAFF) for person in chosen]
    db.session.add_all(registrations)
    db.session.flush()
    return registrations


def add_attendance(rng: random.Random, sessions: list[Session], registrations: list[Registration],
                   participants: list[Participant], today: date) -> tuple[int, int]:
    """Check-ins at the sessions held before today: most people at most half-days, checked in
    around the start, mostly with their phone; and a few walk-ins. Returns (check-ins, walk-ins)."""
    expert = db.session.scalar(sa.select(User).where(User.role == Role.EXPERT))
    held = [s for s in sessions if s.status == SessionStatus.HELD and s.end_date < today]
    registered: dict[int, list[int]] = {}
    for registration in registrations:
        registered.setdefault(registration.session_id, []).append(registration.participant_id)
    walk_ins = add_walk_ins(rng, held, participants)

    check_ins = []
    for session in held:
        half_days = session.half_days
        for participant_id in registered.get(session.id, []):
            if rng.random() >= NO_SHOW:
                check_ins += _check_ins(rng, participant_id, half_days, expert.id)
        for person, arrival in walk_ins.get(session.id, []):
            check_ins.append(_check_in(rng, person.id, half_days[arrival], CheckInMethod.QR,
                                       None, when=person.consent_at))
            check_ins += _check_ins(rng, person.id, half_days[arrival + 1:], expert.id)
    db.session.add_all(check_ins)
    db.session.flush()
    return len(check_ins), sum(len(people) for people in walk_ins.values())


def add_walk_ins(rng: random.Random, sessions: list[Session], participants: list[Participant],
                 ) -> dict[int, list[tuple[Participant, int]]]:
    """People who came without being registered, registered themselves on their phone (giving
    their consent) and checked in: session id -> [(person, index of the half-day they came)]."""
    phones = {p.phone for p in participants if p.phone}
    emails = {p.email for p in participants if p.email}
    employers: dict[str, list[Organization]] = {}
    for organization in db.session.scalars(sa.select(Organization).order_by(Organization.id)):
        employers.setdefault(organization.region, []).append(organization)
    arrivals: dict[int, list[tuple[Participant, int]]] = {}
    for session in sessions:
        for _n in range(rng.randint(*WALK_INS)):
            sex = rng.choices((Sex.FEMALE, Sex.MALE, None), weights=(0.55, 0.42, 0.03))[0]
            person = _person(rng, sex, session.region, employers[session.region], phones, emails)
            # Most come on the first morning, having heard of the training from a colleague.
            arrival = 0 if rng.random() < 0.7 else rng.randrange(len(session.half_days))
            person.consent_at = _around(rng, session.half_days[arrival], CheckInMethod.QR)
            person.legal_basis, person.notice_version = LegalBasis.CONSENT, CURRENT_VERSION
            person.created_at = person.consent_at
            arrivals.setdefault(session.id, []).append((person, arrival))
    people = [person for pairs in arrivals.values() for person, _arrival in pairs]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all([
        Registration(session_id=session_id, participant_id=person.id,
                     source=RegistrationSource.WALK_IN, created_at=person.consent_at,
                     needs_review=rng.random() >= WALK_INS_REVIEWED)
        for session_id, pairs in arrivals.items() for person, _arrival in pairs])
    db.session.flush()
    return arrivals


def _check_ins(rng: random.Random, participant_id: int, half_days: list[HalfDay],
               staff_id: int) -> list[CheckIn]:
    """One person's presence over half-days, each with their own chance of being there."""
    presence = rng.uniform(*PRESENCE)
    methods, weights = list(CHECK_IN_METHODS), list(CHECK_IN_METHODS.values())
    check_ins = []
    for half_day in half_days:
        if rng.random() < presence:
            method = rng.choices(methods, weights)[0]
            # Self check-ins have no staff; a badge scan or a tick is made by the trainer.
            recorded_by = None if method == CheckInMethod.QR else staff_id
            check_ins.append(_check_in(rng, participant_id, half_day, method, recorded_by))
    return check_ins


def _check_in(rng: random.Random, participant_id: int, half_day: HalfDay, method: CheckInMethod,
              recorded_by_id: int | None, when: datetime | None = None) -> CheckIn:
    return CheckIn(half_day_id=half_day.id, participant_id=participant_id, method=method,
                   recorded_by_id=recorded_by_id,
                   checked_in_at=when or _around(rng, half_day, method))


def _around(rng: random.Random, half_day: HalfDay, method: CheckInMethod) -> datetime:
    """A moment near the half-day's start (aware UTC, like starts_at)."""
    earliest, latest, likely = CHECK_IN_MINUTES[method]
    return half_day.starts_at + timedelta(minutes=rng.triangular(earliest, latest, likely),
                                          seconds=rng.randrange(60))


def theme_questions(training: Training) -> list[Question]:
    """The ten questions of the training's theme, as `flask demo` writes them (not added)."""
    questions = []
    bank = demo_data.QUESTION_BANKS[training.theme]
    arabic = demo_data.QUESTION_BANKS_AR.get(training.theme) or [(None, [], None)] * len(bank)
    for position, ((kind, text, choices, explanation), (text_ar, choices_ar, explanation_ar)
                   ) in enumerate(zip(bank, arabic)):
        question = Question(training_id=training.id, kind=QuestionKind(kind), text=text,
                            points=Decimal(1), explanation=explanation, position=position,
                            text_ar=text_ar, explanation_ar=explanation_ar)
        question.choices = [Choice(text=choice.removeprefix("*"), text_ar=choice_ar,
                                   is_correct=choice.startswith("*"), position=n)
                            for n, (choice, choice_ar) in enumerate(
                                zip(choices, choices_ar or [None] * len(choices)))]
        questions.append(question)
    return questions


def arabic_session(sessions: list[Session], trainings: list[Training], today: date,
                   ) -> Session | None:
    """One session of the training whose test is in Arabic gets Arabic as its participants'
    default language: the next one to come, else the last one held."""
    ids = {t.id for t in trainings if t.theme == demo_data.ARABIC_THEME}
    candidates = sorted((s for s in sessions if s.training_id in ids
                         and s.status != SessionStatus.CANCELLED), key=lambda s: s.start_date)
    if not candidates:
        return None
    session = next((s for s in candidates if s.start_date >= today), candidates[-1])
    session.language = "ar"
    return session


def add_question_banks(rng: random.Random, trainings: list[Training],
                       ) -> dict[int, list[tuple[Question, float]]]:
    """Each training's bank, from the questions of its theme: training id -> [(question, how
    easy it is)]; the ease makes some questions harder than others, at pre and at post."""
    banks: dict[int, list[tuple[Question, float]]] = {}
    for training in trainings:
        banks[training.id] = [(question, rng.uniform(0.5, 1.6))
                              for question in theme_questions(training)]
    db.session.add_all([q for bank in banks.values() for q, _ease in bank])
    db.session.flush()
    return banks


def add_tests(rng: random.Random, sessions: list[Session],
              banks: dict[int, list[tuple[Question, float]]], today: date) -> tuple[int, int]:
    """The sessions held before today used all of their training's questions, with tests now
    closed; most people present took the pre-test and the post-test, some only one, and most
    answered the satisfaction questionnaire. Returns (attempts, questionnaires)."""
    expert = db.session.scalar(sa.select(User).where(User.role == Role.EXPERT))
    held = [s for s in sessions if s.status == SessionStatus.HELD and s.end_date < today]
    present: dict[int, dict[int, list[HalfDay]]] = {}  # session -> person -> half-days
    half_days = {h.id: h for s in held for h in s.half_days}
    for half_day_id, participant_id in db.session.execute(
            sa.select(CheckIn.half_day_id, CheckIn.participant_id)
            .where(CheckIn.half_day_id.in_(half_days))
            .order_by(CheckIn.half_day_id, CheckIn.participant_id)):
        half_day = half_days[half_day_id]
        present.setdefault(half_day.session_id, {}).setdefault(participant_id, []).append(
            half_day)
    satisfaction.ensure_default_satisfaction_items()
    items = satisfaction.satisfaction_items(active_only=True)

    tests, attempts, opinions = [], [], []
    for session in held:
        bank = banks[session.training_id]
        tests.append(SessionTest(session_id=session.id, pass_mark=70, questions=[
            SessionQuestion(question_id=q.id, position=n) for n, (q, _ease) in enumerate(bank)]))
        for participant_id, days in sorted(present.get(session.id, {}).items()):
            days.sort(key=lambda h: h.starts_at)
            attempts += _attempts(rng, session.id, participant_id, bank, days, expert.id)
            if rng.random() < SATISFACTION:
                opinions.append(_opinion(rng, session.id, participant_id, items, days[-1]))
    db.session.add_all(tests)
    db.session.flush()
    db.session.add_all(attempts + opinions)
    db.session.flush()
    return len(attempts), len(opinions)


def _attempts(rng: random.Random, session_id: int, participant_id: int,
              bank: list[tuple[Question, float]], days: list[HalfDay],
              staff_id: int) -> list[Attempt]:
    """One person's tests: the pre at the first half-day they came, the post at the last."""
    draw = rng.random()
    if draw < NO_TEST:
        return []
    take_pre = draw >= NO_TEST + PRE_ONLY + POST_ONLY or draw < NO_TEST + PRE_ONLY
    take_post = draw >= NO_TEST + PRE_ONLY
    pre = 100.0 if rng.random() < PERFECT_PRE else min(100.0, max(10.0, rng.gauss(*PRE_SCORE)))
    post = min(100.0, max(0.0, pre + rng.gauss(*GAIN)))
    on_paper = rng.random() < PAPER_TESTS
    attempts = []
    if take_pre:
        at = days[0].starts_at + timedelta(minutes=rng.uniform(10, 40))
        attempts.append(_attempt(rng, session_id, participant_id, AttemptKind.PRE, bank, pre,
                                 at, on_paper, staff_id, without_pre=False))
    if take_post:
        at = days[-1].ends_at - timedelta(minutes=rng.uniform(10, 35))
        attempts.append(_attempt(rng, session_id, participant_id, AttemptKind.POST, bank, post,
                                 at, on_paper, staff_id, without_pre=not take_pre))
    return attempts


def _attempt(rng: random.Random, session_id: int, participant_id: int, kind: AttemptKind,
             bank: list[tuple[Question, float]], target: float, at: datetime, on_paper: bool,
             staff_id: int, without_pre: bool) -> Attempt:
    """Answers right to about `target` % of the questions (the easier ones more often),
    scored as any attempt is, so that the stored score matches the stored answers."""
    n_right = min(len(bank), max(0, round(target * len(bank) / 100)))
    # Weighted sampling without replacement: the n largest of u ** (1 / ease).
    ranked = sorted(bank, key=lambda pair: rng.random() ** (1 / pair[1]), reverse=True)
    right = {q.id for q, _ease in ranked[:n_right]}
    answers = {q.id: _answer(rng, q, q.id in right) for q, _ease in bank}
    keys = [QuestionKey(q.id, q.points, frozenset(c.id for c in q.choices if c.is_correct))
            for q, _ease in bank]
    score = score_attempt(keys, answers)
    if on_paper:  # typed in by the trainer the evening after
        started_at, submitted_at = None, at + timedelta(hours=rng.uniform(3, 30))
    else:
        started_at, submitted_at = at - timedelta(minutes=rng.uniform(5, 15)), at
    attempt = Attempt(
        session_id=session_id, participant_id=participant_id, kind=kind,
        method=AttemptMethod.PAPER if on_paper else AttemptMethod.ONLINE,
        recorded_by_id=staff_id if on_paper else None, earned=score.earned,
        possible=score.possible, percent=score.percent, without_pre=without_pre,
        started_at=started_at, submitted_at=submitted_at)
    attempt.answers = [Answer(question_id=r.question_id,
                              chosen=",".join(str(c) for c in sorted(r.chosen)),
                              correct=r.correct, earned=r.earned) for r in score.results]
    return attempt


def _answer(rng: random.Random, question: Question, right: bool) -> list[int]:
    """The choice ids of a right answer, or of a plausible wrong one (or none)."""
    correct = [c.id for c in question.choices if c.is_correct]
    wrong = [c.id for c in question.choices if not c.is_correct]
    if right:
        return correct
    if rng.random() < BLANK:
        return []
    if question.kind != QuestionKind.MULTIPLE:
        return [rng.choice(wrong)]
    # Multiple choice: part of the right answers, or one wrong one too many.
    partial = rng.sample(correct, rng.randrange(1, len(correct)))
    return partial if rng.random() < 0.6 else correct + [rng.choice(wrong)]


def _opinion(rng: random.Random, session_id: int, participant_id: int,
             items: list[SatisfactionItem], last_day: HalfDay) -> SatisfactionResponse:
    """Mostly satisfied people, some more than others; a few comments."""
    mood = rng.gauss(0, 0.5)
    answers, texts = [], 0
    for item in items:
        if item.kind == SatisfactionItemKind.SCALE:
            rating = min(5, max(1, round(4.1 + mood + rng.gauss(0, 0.6))))
            answers.append(SatisfactionAnswer(item_id=item.id, rating=rating, text=""))
        else:
            comments = demo_data.SATISFACTION_COMMENTS[texts % 2]
            texts += 1
            text = rng.choice(comments) if rng.random() < TEXT_COMMENT else ""
            answers.append(SatisfactionAnswer(item_id=item.id, rating=None, text=text))
    return SatisfactionResponse(
        session_id=session_id, participant_id=participant_id, answers=answers,
        submitted_at=last_day.ends_at - timedelta(minutes=rng.uniform(0, 20)))


def add_targets(year: int) -> int:
    """The progress report's targets of this year and the next (counts a quarter higher)."""
    for indicator, group, value in demo_data.TARGETS:
        save_target(indicator, group, year, value, None)
        grows = BY_KEY[indicator].adds_up
        save_target(indicator, group, year + 1,
                    round(value * demo_data.TARGETS_NEXT_YEAR_GROWTH) if grows else value, None)
    return 2 * len(demo_data.TARGETS)


def add_accounts() -> list[tuple[str, str, str, str]]:
    """One account per role (a coordinator for each programme region); returns the logins."""
    logins = []
    for email, role, region, name in demo_data.DEMO_ACCOUNTS:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(14))
        account_services.create_user(email, role, password, region=region, name=name)
        logins.append((email, role, region or "-", password))
    return logins


def logins_text(logins: list[tuple[str, str, str, str]]) -> str:
    return "\n".join([
        _("Comptes de démonstration :"), "",
        table((_("E-mail"), _("Rôle"), _("Région"), _("Mot de passe")), logins), "",
        _("Adresse : %(url)s", url=BASE_URL), "",
    ])


def write_logins(path: Path, text: str) -> None:
    """Readable by the owner only: the file holds passwords."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text)
    path.chmod(0o600)
