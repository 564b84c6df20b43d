"""`flask demo`: realistic data on an empty database, refusal on a database in use."""
from __future__ import annotations

import re
import stat
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from tests import factories
from trainings import places
from trainings.assessments.attempts import keys_of
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, Question, QuestionKind, SatisfactionItem,
    SatisfactionItemKind, SatisfactionResponse, SessionTest,
)
from trainings.assessments.scoring import score_attempt
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, HalfDay, Organization, Participant, Registration, RegistrationSource,
    Role, Session, SessionStatus, Sex, Training, User,
)


@pytest.fixture
def logins_file(app, tmp_path):
    path = tmp_path / "demo-logins.txt"
    app.config["DEMO_LOGINS_PATH"] = str(path)
    return path


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _counts() -> dict[str, int]:
    return {model.__name__: _count(model)
            for model in (Training, Session, Organization, Participant, Registration, User,
                          CheckIn)}


def _walk_ins() -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.source == RegistrationSource.WALK_IN)))


def _passwords(output: str) -> dict[str, str]:
    """E-mail -> password from the logins table printed by the command."""
    return {line.split()[0]: line.split()[-1] for line in output.splitlines()
            if "@demo.local" in line}


@pytest.fixture
def demo(runner, logins_file, monkeypatch):
    # scrypt is slow on purpose; the accounts' logins still go through the real check.
    monkeypatch.setattr("trainings.auth.models.generate_password_hash",
                        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_counts(demo):
    counts = _counts()
    assert 9 <= counts["Training"] <= 12
    assert 35 <= counts["Session"] <= 45
    assert 50 <= counts["Organization"] <= 70
    assert 280 <= counts["Participant"] - len(_walk_ins()) <= 320
    assert {t.theme for t in db.session.scalars(sa.select(Training))} == set(places.THEMES)


def test_demo_participants_are_about_55_percent_women(demo):
    sexes = list(db.session.scalars(sa.select(Participant.sex)))
    recorded = [sex for sex in sexes if sex is not None]
    assert 0.48 <= recorded.count(Sex.FEMALE) / len(recorded) <= 0.62
    assert 0 < sexes.count(None) < 0.05 * len(sexes)


def test_demo_participants_contacts_and_regions(demo):
    people = list(db.session.scalars(sa.select(Participant)))
    assert all(p.phone or p.email for p in people)
    assert any(p.phone and not p.email for p in people)
    assert any(p.email and not p.phone for p in people)
    assert all(p.phone is None or p.phone[:5] in ("+2126", "+2127") and len(p.phone) == 13
               for p in people)
    assert all(p.organization and p.region == p.organization.region for p in people)


def test_demo_organisations_of_every_kind(demo):
    kinds = set(db.session.scalars(sa.select(Organization.kind)))
    assert kinds == set(places.ORGANIZATION_KINDS)


def test_demo_sessions(demo):
    today = local_today()
    sessions = list(db.session.scalars(sa.select(Session)))
    assert {s.region for s in sessions} == set(places.REGIONS)
    assert len({s.province for s in sessions}) >= 6
    for session in sessions:
        days = (session.end_date - session.start_date).days + 1
        assert 1 <= days <= 3
        assert len(session.half_days) == 2 * days
        assert 20 <= session.capacity <= 35
        assert 1 <= len(session.audience) <= 3
        assert places.region_of_province(session.province) == session.region
        if session.end_date < today:
            assert session.status in (SessionStatus.HELD, SessionStatus.CANCELLED)
        elif session.start_date > today:
            assert session.status in (SessionStatus.PLANNED, SessionStatus.DRAFT)
    assert any(s.status == SessionStatus.CANCELLED for s in sessions)
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    assert sum(s.start_date <= sunday and s.end_date >= monday for s in sessions) >= 2
    assert sum(sunday < s.start_date <= sunday + timedelta(weeks=4) for s in sessions) >= 3


def test_demo_registrations_stay_in_the_session_region(demo):
    for session in db.session.scalars(sa.select(Session)):
        registrations = list(db.session.scalars(
            sa.select(Registration).where(Registration.session_id == session.id)))
        ahead = [r for r in registrations if r.source == RegistrationSource.STAFF]
        assert 12 <= len(ahead) <= 30
        assert {r.participant.region for r in registrations} == {session.region}


def _check_ins_by_session() -> dict[int, list[CheckIn]]:
    by_session: dict[int, list[CheckIn]] = {}
    for check_in, session_id in db.session.execute(
            sa.select(CheckIn, HalfDay.session_id).join(HalfDay)):
        by_session.setdefault(session_id, []).append(check_in)
    return by_session


def test_demo_check_ins_at_past_sessions_only(demo):
    today = local_today()
    by_session = _check_ins_by_session()
    sessions = list(db.session.scalars(sa.select(Session)))
    held = [s for s in sessions if s.status == SessionStatus.HELD]
    assert held
    for session in sessions:
        if session in held:
            assert session.end_date < today
            half_days = {h.id: h for h in session.half_days}
            check_ins = by_session[session.id]
            # Most people at most half-days: present people over registered ones, per half-day.
            registered = _count_registered(session.id)
            rate = len(check_ins) / (registered * len(half_days))
            assert 0.65 <= rate <= 1
            for check_in in check_ins:
                starts_at = half_days[check_in.half_day_id].starts_at
                assert abs(check_in.checked_in_at - starts_at) <= timedelta(hours=1)
        else:
            assert session.id not in by_session


def _count_registered(session_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration)
                             .where(Registration.session_id == session_id))


def test_demo_check_ins_are_of_registered_people_once_per_half_day(demo):
    check_ins = list(db.session.scalars(sa.select(CheckIn)))
    pairs = [(c.half_day_id, c.participant_id) for c in check_ins]
    assert len(pairs) == len(set(pairs))
    registered = {tuple(row) for row in db.session.execute(
        sa.select(Registration.session_id, Registration.participant_id))}
    session_of = dict(db.session.execute(sa.select(HalfDay.id, HalfDay.session_id)).all())
    assert all((session_of[c.half_day_id], c.participant_id) in registered for c in check_ins)


def test_demo_check_in_methods(demo):
    check_ins = list(db.session.scalars(sa.select(CheckIn)))
    methods = [c.method for c in check_ins]
    assert methods.count(CheckInMethod.QR) > 0.7 * len(methods)
    assert methods.count(CheckInMethod.MANUAL) > 0
    assert methods.count(CheckInMethod.BADGE) > 0
    expert = db.session.scalar(sa.select(User).where(User.email == "expert@demo.local"))
    for check_in in check_ins:
        assert check_in.checked_in_at.tzinfo is not None
        if check_in.method == CheckInMethod.QR:
            assert check_in.recorded_by_id is None
        else:
            assert check_in.recorded_by_id == expert.id


def test_demo_walk_ins(demo):
    walk_ins = _walk_ins()
    held = db.session.scalars(sa.select(Session).where(Session.status == SessionStatus.HELD))
    assert {r.session_id for r in walk_ins} <= {s.id for s in held}
    assert len(walk_ins) >= 5
    assert {r.needs_review for r in walk_ins} == {True, False}
    for registration in walk_ins:
        assert registration.participant.consent_at is not None
        first = db.session.scalar(
            sa.select(CheckIn).join(HalfDay)
            .where(HalfDay.session_id == registration.session_id,
                   CheckIn.participant_id == registration.participant_id)
            .order_by(CheckIn.checked_in_at).limit(1))
        assert first is not None and first.method == CheckInMethod.QR


def test_demo_accounts_and_logins(demo, logins_file, client):
    users = list(db.session.scalars(sa.select(User)))
    assert sorted((u.role.value, u.region or "") for u in users) == [
        ("admin", ""), ("coordinator", "oriental"), ("coordinator", "souss-massa"),
        ("expert", ""), ("observer", "")]

    printed = _passwords(demo.output)
    assert set(printed) == {u.email for u in users}
    assert "http://127.0.0.1:5000" in demo.output
    assert stat.S_IMODE(logins_file.stat().st_mode) == 0o600
    assert _passwords(logins_file.read_text(encoding="utf-8")) == printed
    response = client.post("/login", data={"email": "expert@demo.local",
                                           "password": printed["expert@demo.local"]})
    assert response.status_code == 302


def test_demo_refuses_a_database_in_use(runner, logins_file):
    factories.training()
    db.session.commit()
    before = _counts()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "La base contient déjà des données" in result.output
    assert _counts() == before
    assert not logins_file.exists()


def test_demo_if_empty_on_a_database_in_use(runner, logins_file):
    factories.user(Role.ADMIN)
    db.session.commit()
    logins_file.write_text("admin@demo.local  admin  -  secret-deja-la\n", encoding="utf-8")
    before = _counts()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "déjà là" in result.output
    assert "secret-deja-la" in result.output
    assert _counts() == before


def test_demo_if_empty_twice(runner, logins_file):
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    after_first = _counts()
    second = runner.invoke(args=["demo", "--if-empty"])
    assert second.exit_code == 0
    assert _counts() == after_first
    assert _passwords(second.output) == _passwords(first.output)


# Tests and satisfaction -------------------------------------------------------------------------

def _present() -> set[tuple[int, int]]:
    return {tuple(row) for row in db.session.execute(
        sa.select(HalfDay.session_id, CheckIn.participant_id).join(HalfDay))}


def test_demo_question_banks(demo):
    for training in db.session.scalars(sa.select(Training)):
        bank = list(db.session.scalars(
            sa.select(Question).where(Question.training_id == training.id)))
        assert 8 <= len(bank) <= 15, training.title
        assert {q.kind for q in bank} == set(QuestionKind)
        for question in bank:
            assert question.text and question.explanation
            right = [c for c in question.choices if c.is_correct]
            assert len(right) >= 2 if question.kind == QuestionKind.MULTIPLE else len(right) == 1
            assert len(question.choices) > len(right)


def test_demo_tests_of_past_held_sessions_are_closed_and_use_the_whole_bank(demo):
    tests = {t.session_id: t for t in db.session.scalars(sa.select(SessionTest))}
    for session in db.session.scalars(sa.select(Session)):
        if session.status == SessionStatus.HELD:
            test = tests[session.id]
            assert (test.pass_mark, test.pre_open, test.post_open, test.satisfaction_open) == (
                70, False, False, False)
            bank = db.session.scalars(sa.select(Question.id).where(
                Question.training_id == session.training_id))
            assert [sq.question_id for sq in test.questions] == sorted(bank)
        else:
            assert session.id not in tests


def test_demo_attempts_at_past_held_sessions_by_people_present(demo):
    today = local_today()
    attempts = list(db.session.scalars(sa.select(Attempt)))
    held = {s.id for s in db.session.scalars(sa.select(Session).where(
        Session.status == SessionStatus.HELD, Session.end_date < today))}
    assert attempts and {a.session_id for a in attempts} <= held
    present = _present()
    assert all((a.session_id, a.participant_id) in present for a in attempts)
    keys = [(a.session_id, a.participant_id, a.kind) for a in attempts]
    assert len(keys) == len(set(keys))
    # Most people present took at least one test.
    tested = {(a.session_id, a.participant_id) for a in attempts}
    assert len(tested) >= 0.85 * len({p for p in present if p[0] in held})


def test_demo_stored_scores_match_the_stored_answers(demo):
    questions = {q.id: q for q in db.session.scalars(sa.select(Question))}
    for attempt in db.session.scalars(sa.select(Attempt)):
        test = db.session.get(SessionTest, attempt.session_id)
        keys = keys_of([questions[sq.question_id] for sq in test.questions])
        answers = {a.question_id: [int(c) for c in a.chosen.split(",") if c]
                   for a in attempt.answers}
        score = score_attempt(keys, answers)
        assert (score.earned, score.possible) == (attempt.earned, attempt.possible)
        assert attempt.percent == pytest.approx(score.percent)
        assert {r.question_id: r.correct for r in score.results} == {
            a.question_id: a.correct for a in attempt.answers}


def test_demo_gains_are_realistic(demo):
    attempts = list(db.session.scalars(sa.select(Attempt)))
    by_kind: dict[AttemptKind, dict[tuple[int, int], Attempt]] = {k: {} for k in AttemptKind}
    for attempt in attempts:
        by_kind[attempt.kind][(attempt.session_id, attempt.participant_id)] = attempt
    pre, post = by_kind[AttemptKind.PRE], by_kind[AttemptKind.POST]
    pairs = set(pre) & set(post)
    gains = [post[p].percent - pre[p].percent for p in pairs]
    assert 35 <= sum(a.percent for a in pre.values()) / len(pre) <= 70
    assert 10 <= sum(gains) / len(gains) <= 30
    assert any(g < 0 for g in gains) and any(g > 0 for g in gains)
    assert 0 < sum(a.percent == 100 for a in pre.values()) < 0.15 * len(pre)
    pre_only, post_only = set(pre) - set(post), set(post) - set(pre)
    tested = len(set(pre) | set(post))
    assert 0.04 <= len(pre_only) / tested <= 0.18
    assert 0.03 <= len(post_only) / tested <= 0.15
    assert all(post[p].without_pre for p in post_only)
    assert not any(post[p].without_pre for p in pairs)
    # Online attempts have a start; paper ones were typed in by the trainer.
    for attempt in attempts:
        if attempt.method == AttemptMethod.ONLINE:
            assert attempt.started_at < attempt.submitted_at and attempt.recorded_by_id is None
        else:
            assert attempt.recorded_by_id is not None
    assert {a.method for a in attempts} == set(AttemptMethod)


def test_demo_satisfaction_answers(demo):
    responses = list(db.session.scalars(sa.select(SatisfactionResponse)))
    present = _present()
    assert {(r.session_id, r.participant_id) for r in responses} <= present
    held = {a.session_id for a in db.session.scalars(sa.select(Attempt))}
    assert 0.55 <= len(responses) / len([p for p in present if p[0] in held]) <= 0.85
    items = {i.id: i for i in db.session.scalars(sa.select(SatisfactionItem))}
    ratings = []
    for response in responses:
        assert {a.item_id for a in response.answers} == set(items)
        for answer in response.answers:
            if items[answer.item_id].kind == SatisfactionItemKind.SCALE:
                ratings.append(answer.rating)
            else:
                assert answer.rating is None
    assert set(ratings) <= {1, 2, 3, 4, 5} and 3.5 <= sum(ratings) / len(ratings) <= 4.6
    assert any(a.text for r in responses for a in r.answers)


def test_demo_has_arabic_names_and_a_session_in_arabic_with_its_test_translated(demo):
    arabic_letter = re.compile("[\u0600-\u06ff]")
    people = list(db.session.scalars(sa.select(Participant)))
    in_arabic = [p for p in people if arabic_letter.search(p.first_name + p.last_name)]
    assert 0 < len(in_arabic) < 0.15 * len(people)
    assert all(p.email is None or p.email.isascii() for p in in_arabic)
    (session,) = db.session.scalars(sa.select(Session).where(Session.language == "ar"))
    questions = list(db.session.scalars(
        sa.select(Question).where(Question.training_id == session.training_id)))
    assert len(questions) == 10
    for question in questions:
        assert arabic_letter.search(question.text_ar) and arabic_letter.search(
            question.explanation_ar)
        assert all(arabic_letter.search(choice.text_ar) for choice in question.choices)
    items = list(db.session.scalars(sa.select(SatisfactionItem)))
    assert items and all(arabic_letter.search(item.text_ar) for item in items)
