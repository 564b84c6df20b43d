"""A synthetic programme of three years, at any scale, written through the application's tables.

At scale 1: about 600 sessions over 2026-2028 (3 half-days each on average), 1,800 half-days,
20,000 participants (55 % women, 42 % men, 3 % not recorded) of every kind of organisation in
the programme's provinces, 100,000 check-ins and 15,000 pre/post pairs. The schema comes from
the migrations; rows go in by bulk inserts into the models' tables, with explicit ids.

Two sessions are special: the "large" one (500 people over 6 half-days at scale 1) for the
per-session workbook, and the "room" (registered people, no check-in yet, its window open and
its QR code static) that the check-in load test fills and empties.
"""
from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import upgrade

from trainings import demo_data, places
from trainings.assessments import satisfaction
from trainings.assessments.scoring import QuestionKey, score_attempt
from trainings.clock import local_to_utc
from trainings.extensions import db
from trainings.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, CheckIn, CheckInMethod, Choice, HalfDay,
    Organization, Participant, Period, Question, QuestionKind, Registration, RegistrationSource,
    Role, SatisfactionAnswer, SatisfactionItemKind, SatisfactionResponse, Session,
    SessionAudience, SessionQuestion, SessionStatus, SessionTest, Sex, Training, User,
    WindowOverride,
)

SEED = 7
FULL = {"sessions": 600, "participants": 20_000, "organizations": 900}
LARGE_SESSION_PEOPLE = 500
LARGE_SESSION_TITLE = "Forum régional genre et migration – Agadir"
ROOM_SESSION_TITLE = "Salle de test de charge – émargement"
ROOM_PEOPLE = 2_000
SEX_SHARES = ((Sex.FEMALE, 0.55), (Sex.MALE, 0.42), (None, 0.03))
DAYS = ((1, 0.6), (2, 0.3), (3, 0.1))  # 1.5 days, 3 half-days per session on average
REGISTERED = (46, 92)  # people registered per ordinary session
PRESENCE = (0.80, 0.97)
NO_SHOW = 0.04
WALK_IN = 0.04
METHODS = ((CheckInMethod.QR, 0.80), (CheckInMethod.MANUAL, 0.14), (CheckInMethod.BADGE, 0.04),
           (CheckInMethod.PAPER, 0.02))
TESTED_SESSIONS = 0.48
PAIR, PRE_ONLY, POST_ONLY = 0.80, 0.08, 0.05  # of present people at a tested session
SATISFACTION = 0.45
CANCELLED = 0.04
MORNING = (time(9, 0), time(12, 30))
AFTERNOON = (time(14, 0), time(17, 0))
EXPERT_EMAIL = "expert@bench.local"
EXPERT_PASSWORD = "bench-expert-password-1"
CHUNK = 5_000


def _pick(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in folded.lower()).strip("-")


def _insert(model, rows: list[dict]) -> int:
    table = model.__table__
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(table), rows[start:start + CHUNK])
    return len(rows)


def reset_schema() -> None:
    """An empty database at the migrations' head (PostgreSQL's public schema is dropped)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade()


def build(scale: float) -> dict[str, int]:
    """Fill an empty database with the programme at `scale` (1 = full size); commits."""
    reset_schema()
    rng = random.Random(SEED)
    counts: dict[str, int] = {}
    expert = _accounts()
    trainings = _trainings()
    banks = _question_banks(trainings)
    satisfaction.ensure_default_satisfaction_items()
    db.session.flush()
    organizations = _organizations(rng, max(30, round(FULL["organizations"] * scale)))
    people = _participants(rng, organizations, max(60, round(FULL["participants"] * scale)))
    counts["organizations"], counts["participants"] = len(organizations), len(people)
    sessions = _sessions(rng, trainings, max(6, round(FULL["sessions"] * scale)))
    large = _large_session(rng, trainings, max(20, round(LARGE_SESSION_PEOPLE * scale)))
    room = _room_session(trainings)
    sessions += [large, room]
    counts["sessions"] = _insert(Session, [s["row"] for s in sessions])
    _insert(SessionAudience, [{"session_id": s["row"]["id"], "kind": kind}
                              for s in sessions for kind in s["audience"]])
    half_days = [h for s in sessions for h in s["half_days"]]
    counts["half_days"] = _insert(HalfDay, half_days)

    by_region: dict[str, list[dict]] = {}
    for person in people:
        by_region.setdefault(person["region"], []).append(person)
    registrations, check_ins, present = [], [], {}
    for session in sessions:
        size = session.get("size") or rng.randint(*REGISTERED)
        pool = by_region[session["row"]["region"]]
        chosen = rng.sample(pool, min(size, len(pool)))
        if session is room:
            chosen = [p for p in people if p["phone"]][:min(ROOM_PEOPLE, len(people) // 4)]
        for person in chosen:
            walk_in = session is not room and rng.random() < WALK_IN
            registrations.append({
                "id": len(registrations) + 1, "session_id": session["row"]["id"],
                "participant_id": person["id"],
                "source": RegistrationSource.WALK_IN if walk_in else RegistrationSource.STAFF,
                "needs_review": walk_in and rng.random() < 0.4,
                "created_at": session["half_days"][0]["starts_at"] - timedelta(days=10)})
        if session is room or session["row"]["status"] != SessionStatus.HELD:
            continue
        for person in chosen:
            if rng.random() < NO_SHOW:
                continue
            presence = rng.uniform(*PRESENCE)
            days = [h for h in session["half_days"] if rng.random() < presence]
            for half_day in days:
                method = _pick(rng, METHODS)
                check_ins.append({
                    "id": len(check_ins) + 1, "half_day_id": half_day["id"],
                    "participant_id": person["id"], "method": method,
                    "recorded_by_id": None if method == CheckInMethod.QR else expert.id,
                    "checked_in_at": half_day["starts_at"] + timedelta(
                        minutes=rng.triangular(-25, 40, -5)),
                    "signature": None})
            if days:
                present.setdefault(session["row"]["id"], []).append((person, days))
    counts["registrations"] = _insert(Registration, registrations)
    counts["check_ins"] = _insert(CheckIn, check_ins)
    counts.update(_tests(rng, sessions, present, banks, expert.id))
    _advance_sequences()
    db.session.commit()
    return counts


def _accounts() -> User:
    expert = User(email=EXPERT_EMAIL, name="Experte (banc d'essai)", role=Role.EXPERT)
    expert.set_password(EXPERT_PASSWORD)
    db.session.add(expert)
    for email, role, region in (("admin@bench.local", Role.ADMIN, None),
                                ("oriental@bench.local", Role.COORDINATOR, "oriental"),
                                ("observer@bench.local", Role.OBSERVER, None)):
        user = User(email=email, role=role, region=region)
        user.password_hash = expert.password_hash
        db.session.add(user)
    db.session.flush()
    return expert


def _trainings() -> list[dict]:
    trainings = []
    for row in demo_data.TRAININGS:
        training = Training(title=row["title"], theme=row["theme"], objectives=row["objectives"],
                            duration_hours=Decimal(row["duration_hours"]),
                            description=row["description"])
        db.session.add(training)
        trainings.append((training, row))
    db.session.flush()
    return [{"id": t.id, **row} for t, row in trainings]


def _question_banks(trainings: list[dict]) -> dict[int, list[tuple[QuestionKey, list, list]]]:
    """Each training's bank from demo_data: training id -> [(key, right ids, wrong ids)]."""
    banks = {}
    for training in trainings:
        questions = []
        for position, (kind, text, choices, explanation) in enumerate(
                demo_data.QUESTION_BANKS[training["theme"]]):
            question = Question(training_id=training["id"], kind=QuestionKind(kind), text=text,
                                points=Decimal(1), explanation=explanation, position=position)
            question.choices = [Choice(text=c.removeprefix("*"), is_correct=c.startswith("*"),
                                       position=n) for n, c in enumerate(choices)]
            db.session.add(question)
            questions.append(question)
        db.session.flush()
        banks[training["id"]] = [
            (QuestionKey(q.id, q.points, frozenset(c.id for c in q.choices if c.is_correct)),
             [c.id for c in q.choices if c.is_correct],
             [c.id for c in q.choices if not c.is_correct]) for q in questions]
    return banks


def _organizations(rng: random.Random, total: int) -> list[dict]:
    """The demo's organisations, then more of every kind in every province."""
    rows = [{"name": name, "kind": kind, "region": region, "province": province}
            for name, kind, region, province in demo_data.ORGANIZATIONS]
    names = {(r["name"], r["region"]) for r in rows}
    kinds = list(places.ORGANIZATION_KINDS)
    provinces = list(places.PROVINCES)
    generic = {
        "osc": "Association {word} de {city}",
        "diaspora": "Association {word} des MRE de {city}",
        "commune": "Commune de {city} ({n})",
        "provincial-council": "Conseil provincial de {city} ({n})",
        "regional-council": "Conseil régional, antenne de {city} ({n})",
        "territorial-administration": "Province de {city} – service {n}",
        "state-service": "Délégation {word} de {city}",
        "public-agency": "Agence {word} de {city}",
        "project-team": "Équipe projet {word} – {city}",
        "other": "Coopérative {word} de {city}",
    }
    words = ("Tanmia", "Amal", "Nour", "Tifawt", "Assafa", "Annakhil", "Al Amane", "Afak",
             "Tadamoun", "Izorane", "Tamount", "Al Wafae", "Chourouk", "Massar", "Ighil")
    while len(rows) < total:
        kind = kinds[len(rows) % len(kinds)]
        province = rng.choice(provinces)
        region = places.region_of_province(province)
        city = demo_data.CITIES[province]
        name = generic[kind].format(word=rng.choice(words), city=city, n=len(rows))
        if (name, region) in names:
            name = f"{name} {len(rows)}"
        names.add((name, region))
        rows.append({"name": name, "kind": kind, "region": region, "province": province})
    for n, row in enumerate(rows, start=1):
        row["id"] = n
        row["created_at"] = datetime(2025, 12, 1, tzinfo=timezone.utc)
    _insert(Organization, rows)
    return rows


def _participants(rng: random.Random, organizations: list[dict], total: int) -> list[dict]:
    pools = demo_data.NAME_POOLS
    regions, weights = zip(*demo_data.PARTICIPANT_REGIONS.items())
    employers: dict[str, list[dict]] = {}
    for organization in organizations:
        employers.setdefault(organization["region"], []).append(organization)
    people = []
    for n in range(1, total + 1):
        sex = _pick(rng, SEX_SHARES)
        region = rng.choices(regions, weights)[0]
        pool = rng.choices(pools, weights=[p.weight for p in pools])[0]
        organization = rng.choice(employers[region])
        feminine = sex == Sex.FEMALE or (sex is None and rng.random() < 0.5)
        first = rng.choice(pool.women if feminine else pool.men)
        last = rng.choice(pool.surnames)
        function = rng.choice(demo_data.FUNCTIONS[organization["kind"]])[0 if feminine else 1]
        contact = rng.random()
        # Unique by construction: the number carries the person's id.
        phone = f"+2126{n:08d}" if contact < 0.90 else None
        email = (f"{_ascii(first)}.{_ascii(last)}.{n}@{rng.choice(demo_data.EMAIL_DOMAINS)}"
                 if contact < 0.78 or contact >= 0.90 else None)
        people.append({
            "id": n, "first_name": first, "last_name": last, "sex": sex,
            "organization_id": organization["id"], "function": function, "phone": phone,
            "email": email, "region": region,
            "consent_at": None, "created_at": datetime(2026, 1, 2, tzinfo=timezone.utc)})
    _insert(Participant, people)
    return people


def _half_days(session_id: int, start: date, days: int) -> list[dict]:
    rows = []
    for d in range(days):
        day = start + timedelta(days=d)
        for period, (begin, end) in ((Period.MORNING, MORNING), (Period.AFTERNOON, AFTERNOON)):
            rows.append({"id": next(_half_day_ids), "session_id": session_id, "date": day,
                         "period": period, "starts_at": local_to_utc(day, begin),
                         "ends_at": local_to_utc(day, end), "window_override": None})
    return rows


_session_ids = iter(range(1, 10 ** 9))
_half_day_ids = iter(range(1, 10 ** 9))


def _session(training: dict, title: str, province: str, start: date, days: int,
             status: SessionStatus, audience: list[str], venue: str, trainers: str,
             capacity: int) -> dict:
    session_id = next(_session_ids)
    half_days = _half_days(session_id, start, days)
    row = {"id": session_id, "training_id": training["id"], "title": title,
           "region": places.region_of_province(province), "province": province, "venue": venue,
           "start_date": start, "end_date": start + timedelta(days=days - 1),
           "trainers": trainers, "capacity": capacity, "status": status, "notes": "",
           "qr_rotation": True, "require_signature": False, "certificate_threshold": 80,
           "created_at": datetime(2025, 12, 15, tzinfo=timezone.utc)}
    return {"row": row, "half_days": half_days, "audience": audience}


def _sessions(rng: random.Random, trainings: list[dict], total: int) -> list[dict]:
    """Ordinary sessions spread over 2026-2028 (no training in August), all held but a few
    cancelled: the database of a programme at its end."""
    global _session_ids, _half_day_ids
    _session_ids, _half_day_ids = iter(range(1, 10 ** 9)), iter(range(1, 10 ** 9))
    first, weeks = date(2026, 1, 5), 155
    regions = (("oriental", 0.45), ("souss-massa", 0.45), ("rabat", 0.10))
    sessions = []
    while len(sessions) < total:
        week = first + timedelta(weeks=rng.randrange(weeks))
        if week.month == 8:
            continue
        training = rng.choice(trainings)
        region = _pick(rng, regions)
        province = rng.choice([code for code, _label in places.provinces_of(region)])
        days = _pick(rng, DAYS)
        city = demo_data.CITIES[province]
        title = (f"Atelier national – {training['short']}" if region == "rabat"
                 else f"{training['short']} – {city}")
        venue = rng.choice(demo_data.VENUES.get(province)
                           or [p.format(city=city) for p in demo_data.VENUE_PATTERNS])
        status = SessionStatus.CANCELLED if rng.random() < CANCELLED else SessionStatus.HELD
        kinds = training["audience"]
        audience = rng.sample(kinds, rng.randint(1, min(3, len(kinds))))
        start = week + timedelta(days=rng.randint(0, 5 - days))  # Monday to Friday
        sessions.append(_session(training, title, province, start, days, status, audience, venue,
                                 rng.choice(demo_data.LEAD_TRAINERS), rng.randint(40, 90)))
    return sessions


def _large_session(rng: random.Random, trainings: list[dict], people: int) -> dict:
    session = _session(trainings[0], LARGE_SESSION_TITLE, "agadir-ida-outanane",
                       date(2027, 3, 15), 3, SessionStatus.HELD, ["osc", "diaspora", "commune"],
                       "Siège du conseil régional, Agadir", ", ".join(demo_data.LEAD_TRAINERS),
                       people + 20)
    session["size"] = people
    return session


def _room_session(trainings: list[dict]) -> dict:
    """Planned, its first half-day's window held open and its QR code static (a poster)."""
    session = _session(trainings[0], ROOM_SESSION_TITLE, "oujda-angad", date(2028, 11, 6), 1,
                       SessionStatus.PLANNED, ["osc"], "Maison des associations, Oujda",
                       demo_data.LEAD_TRAINERS[0], ROOM_PEOPLE)
    session["row"]["qr_rotation"] = False
    session["half_days"][0]["window_override"] = WindowOverride.OPEN
    session["size"] = ROOM_PEOPLE
    return session


def _tests(rng: random.Random, sessions: list[dict], present: dict[int, list],
           banks: dict, staff_id: int) -> dict[str, int]:
    """Pre- and post-tests of the people present at a share of the sessions held, with their
    answers scored as the application scores them; satisfaction questionnaires."""
    items = satisfaction.satisfaction_items(active_only=True)
    tests, picked, attempts, answers, responses, ratings = [], [], [], [], [], []
    pairs = 0
    for session in sessions:
        session_id = session["row"]["id"]
        people = present.get(session_id)
        if not people or (rng.random() >= TESTED_SESSIONS
                          and session["row"]["title"] != LARGE_SESSION_TITLE):
            continue
        bank = banks[session["row"]["training_id"]]
        tests.append({"session_id": session_id, "pass_mark": 70, "shuffle": False,
                      "pre_open": False, "post_open": False, "satisfaction_open": False})
        picked += [{"session_id": session_id, "question_id": key.question_id, "position": n}
                   for n, (key, _right, _wrong) in enumerate(bank)]
        for person, days in people:
            draw = rng.random()
            take_pre = draw < PAIR + PRE_ONLY
            take_post = draw < PAIR or PAIR + PRE_ONLY <= draw < PAIR + PRE_ONLY + POST_ONLY
            pairs += take_pre and take_post
            pre = min(100.0, max(10.0, rng.gauss(52, 12)))
            post = min(100.0, max(0.0, pre + rng.gauss(18, 12)))
            for kind, target, at in ((AttemptKind.PRE, pre, days[0]["starts_at"]),
                                     (AttemptKind.POST, post, days[-1]["ends_at"])):
                if (kind == AttemptKind.PRE and not take_pre) or (
                        kind == AttemptKind.POST and not take_post):
                    continue
                attempt_id = len(attempts) + 1
                chosen = {}
                for key, right, wrong in bank:
                    hit = rng.random() * 100 < target
                    chosen[key.question_id] = right if hit or not wrong else [rng.choice(wrong)]
                score = score_attempt([key for key, _r, _w in bank], chosen)
                paper = rng.random() < 0.12
                attempts.append({
                    "id": attempt_id, "session_id": session_id, "participant_id": person["id"],
                    "kind": kind, "method": AttemptMethod.PAPER if paper else AttemptMethod.ONLINE,
                    "recorded_by_id": staff_id if paper else None, "earned": score.earned,
                    "possible": score.possible, "percent": score.percent,
                    "without_pre": kind == AttemptKind.POST and not take_pre,
                    "started_at": None if paper else at - timedelta(minutes=10),
                    "submitted_at": at + timedelta(minutes=5)})
                answers += [{"id": len(answers) + n + 1, "attempt_id": attempt_id,
                             "question_id": r.question_id,
                             "chosen": ",".join(str(c) for c in sorted(r.chosen)),
                             "correct": r.correct, "earned": r.earned}
                            for n, r in enumerate(score.results)]
            if rng.random() < SATISFACTION:
                response_id = len(responses) + 1
                responses.append({"id": response_id, "session_id": session_id,
                                  "participant_id": person["id"],
                                  "submitted_at": days[-1]["ends_at"]})
                mood = rng.gauss(0, 0.5)
                for item in items:
                    scale = item.kind == SatisfactionItemKind.SCALE
                    ratings.append({
                        "id": len(ratings) + 1, "response_id": response_id, "item_id": item.id,
                        "rating": min(5, max(1, round(4.1 + mood + rng.gauss(0, 0.6))))
                        if scale else None, "text": ""})
    _insert(SessionTest, tests)
    _insert(SessionQuestion, picked)
    _insert(SatisfactionResponse, responses)
    _insert(SatisfactionAnswer, ratings)
    return {"attempts": _insert(Attempt, attempts), "pre_post_pairs": pairs,
            "answers": _insert(Answer, answers), "satisfaction_responses": len(responses)}


def _advance_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind: move them past the rows."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def named_session_id(title: str) -> int:
    return db.session.scalar(sa.select(Session.id).where(Session.title == title))

