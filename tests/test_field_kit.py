"""The field kit end to end, with two application instances on two databases: the central one
(the test database, SQLite or PostgreSQL) and a laptop (SQLite of its own). Through the real
CLI commands and HTTP requests: a kit goes to the laptop, a workshop runs there without the
central server, its results come back, once and then again, and nothing is lost or doubled."""
from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests import factories
from tests.conftest import make_app
from trainings.assessments import taking
from trainings.assessments.attempts import record_attempt, session_test
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind,
)
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.attendance.services import record_check_in
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.clock import local_today
from trainings.extensions import db
from trainings.field.models import FieldCopy
from trainings.models import HalfDay, Participant, Registration, Session
from trainings.phone import links
from trainings.reports.services import session_report
from trainings.schedule.models import WindowOverride

REGISTERED = 32
CHECKING_IN = 30


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def question(training_id: int, position: int) -> Question:
    item = Question(training_id=training_id, kind=QuestionKind.SINGLE,
                    text=f"Question {position} ?", text_ar=f"سؤال {position}",
                    points=Decimal(1), position=position)
    item.choices = [Choice(text="Juste", is_correct=True, position=0),
                    Choice(text="Faux", is_correct=False, position=1)]
    db.session.add(item)
    db.session.flush()
    return item


@pytest.fixture
def central(app):
    """The programme's session of today, 32 people registered (30 will come), a test of four
    questions, someone the programme knows who is not registered, and the morning's first
    check-in already recorded before the kit is made."""
    expert = factories.user("expert", email="experte@programme.ma")
    session = factories.session(start=local_today(), days=1, title="Atelier genre Figuig")
    for position in range(4):
        question(session.training_id, position)
    session_test(session)
    people = [factories.participant(first_name=f"Prénom{n}", last_name=f"Nom{n}",
                                    phone=f"+21266100{n:04d}") for n in range(REGISTERED)]
    for person in people:
        factories.registration(session, person)
    known = factories.participant(first_name="Khadija", last_name="Connue",
                                  phone="+212661999999", email="khadija@example.org")
    record_check_in(session.half_days[0].id, people[0].id, CheckInMethod.MANUAL,
                    recorded_by_id=expert.id)
    db.session.commit()
    return {"session": session, "people": people, "known": known, "expert": expert}


@pytest.fixture
def laptop(tmp_path):
    laptop = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'laptop.db'}")
    with laptop.app_context():
        upgrade()
        factories.user("expert", email="formatrice@laptop.local")
        db.session.commit()
    return laptop


def cli(app, *args):
    """Run a `flask` command of this instance, in its own application context."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
    return result


def laptop_session(laptop) -> Session:
    return db.session.scalar(sa.select(Session))


def scan_and_identify(laptop, half_day_id: int, phone: str):
    """A phone on the laptop's hotspot scans the projected code and types its number: the
    phone (its client) and the page it is shown."""
    client = laptop.test_client()
    with laptop.test_request_context():
        token = links.checkin_token(db.session.get(HalfDay, half_day_id))
    page = client.get(f"/c/{token}").get_data(as_text=True)
    page = client.post("/c/identify", data={"proof": hidden(page, "proof"),
                                            "contact": phone}).get_data(as_text=True)
    return client, page


def check_in_by_phone(laptop, half_day_id: int, phone: str):
    """A registered participant's phone: scan, type the number, confirm."""
    client, page = scan_and_identify(laptop, half_day_id, phone)
    response = client.post("/c/confirm", data={"proof": hidden(page, "proof"),
                                                "person": hidden(page, "person")})
    assert response.status_code == 302, page
    return client


def walk_in(laptop, half_day_id: int, first: str, last: str, phone: str, sex: str = "female"):
    """Someone the laptop does not know: scan, type the number, fill in the newcomer form."""
    client, page = scan_and_identify(laptop, half_day_id, phone)
    response = client.post("/c/register", data={
        "proof": hidden(page, "proof"), "first_name": first, "last_name": last, "sex": sex,
        "organization": "Association Oasis Figuig", "organization_kind": "osc",
        "function": "Animatrice", "phone": phone, "email": "", "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def take_test(laptop, client, session_id: int, right: int) -> None:
    """The phone that checked in answers the open test: `right` good answers out of four."""
    with laptop.test_request_context():
        token = taking.test_token(session_id)
    page = client.get(f"/t/{token}").get_data(as_text=True)
    questions = db.session.scalars(sa.select(Question).order_by(Question.position)).all()
    answers = {f"q{q.id}": [next(c.id for c in q.choices if c.is_correct == (n < right))]
               for n, q in enumerate(questions)}
    response = client.post(f"/t/{token}/submit", data={"proof": hidden(page, "proof"),
                                                       **answers})
    assert response.status_code == 302, response.get_data(as_text=True)


def open_test(kind: AttemptKind | None, session_id: int) -> None:
    test = session_test(db.session.get(Session, session_id))
    test.pre_open = kind == AttemptKind.PRE
    test.post_open = kind == AttemptKind.POST
    db.session.commit()


def run_workshop(laptop) -> dict:
    """On the laptop, offline: 30 phones check in, 3 walk-ins (one of them a person the
    central database knows), then pre- and post-tests."""
    with laptop.app_context():
        session = laptop_session(laptop)
        morning = session.half_days[0]
        morning.window_override = WindowOverride.OPEN
        db.session.commit()
        phones = {}
        for n in range(CHECKING_IN):
            phones[n] = check_in_by_phone(laptop, morning.id, f"066100{n:04d}")
        phones["khadija"] = walk_in(laptop, morning.id, "Khadija", "Connue", "0661999999")
        phones["omar"] = walk_in(laptop, morning.id, "Omar", "Nouveau", "0662000001", "male")
        phones["salma"] = walk_in(laptop, morning.id, "Salma", "Nouvelle", "0662000002")
        open_test(AttemptKind.PRE, session.id)
        for n in range(12):
            take_test(laptop, phones[n], session.id, right=1 + n % 2)
        open_test(AttemptKind.POST, session.id)
        for n in range(12):
            take_test(laptop, phones[n], session.id, right=3 + n % 2)
        take_test(laptop, phones["omar"], session.id, right=4)
        return {"session_id": session.id}


def gains(session: Session) -> dict:
    report = session_report(session)
    return {"groups": report.summary["groups"], "gap": report.summary["gap_women_minus_men"]}


def pairs_of(session: Session) -> set[tuple]:
    """(half-day uid, person's phone) of every check-in: comparable between two databases."""
    return set(db.session.execute(
        sa.select(HalfDay.uid, Participant.phone).select_from(CheckIn)
        .join(HalfDay).join(Participant).where(HalfDay.session_id == session.id)).all())


def attempts_of(session: Session) -> set[tuple]:
    return set(db.session.execute(
        sa.select(Participant.phone, Attempt.kind, Attempt.percent).select_from(Attempt)
        .join(Participant).where(Attempt.session_id == session.id)).all())


def snapshot() -> dict:
    return {model.__tablename__: count(model) for model in
            (CheckIn, Attempt, Participant, Registration, HalfDay, AuditEntry)}


def test_a_workshop_without_internet_comes_back_whole_and_only_once(app, central, laptop,
                                                                    tmp_path):
    session = central["session"]
    kit = tmp_path / "kit.zip"
    result = cli(app, "field", "export-kit", str(session.id), "-o", str(kit))
    assert result.exit_code == 0, result.output
    result = cli(laptop, "field", "import-kit", str(kit))
    assert result.exit_code == 0, result.output
    # Loading the same kit again doubles nothing.
    result = cli(laptop, "field", "import-kit", str(kit))
    assert result.exit_code == 0 and "déjà chargé" in result.output
    with laptop.app_context():
        assert (count(Participant), count(Registration), count(CheckIn)) == (REGISTERED, 32, 1)
        assert db.session.scalar(sa.select(Question.text_ar).where(Question.position == 2)) \
            == "سؤال 2"

    workshop = run_workshop(laptop)

    # Meanwhile, on the central server: person 1 is checked in there too (a conflict), and
    # person 0's pre-test arrives on paper, with the same answers as on the laptop.
    people = central["people"]
    record_check_in(session.half_days[0].id, people[1].id, CheckInMethod.MANUAL,
                    recorded_by_id=central["expert"].id)
    questions = db.session.scalars(sa.select(Question).order_by(Question.position)).all()
    record_attempt(session, people[0].id, AttemptKind.PRE,
                   {q.id: [next(c.id for c in q.choices if c.is_correct == (n < 1))]
                    for n, q in enumerate(questions)}, AttemptMethod.PAPER,
                   recorded_by_id=central["expert"].id)
    db.session.commit()

    results = tmp_path / "resultats.zip"
    result = cli(laptop, "field", "export-results", str(workshop["session_id"]),
                 "-o", str(results))
    assert result.exit_code == 0, result.output
    with laptop.app_context():
        laptop_pairs = pairs_of(laptop_session(laptop))
        laptop_attempts = attempts_of(laptop_session(laptop))
        laptop_gains = gains(laptop_session(laptop))

    before = snapshot()
    result = cli(app, "field", "import-results", str(results), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Aperçu" in result.output
    assert "Khadija Connue : reconnue par son téléphone" in result.output
    assert "Omar Nouveau : nouvelle personne." in result.output
    assert "Prénom1 Nom1 : pointé·e des deux côtés" in result.output
    assert "Prénom0 Nom0 : test pré-test déjà enregistré" in result.output
    db.session.expire_all()
    assert snapshot() == before  # a preview writes nothing

    result = cli(app, "field", "import-results", str(results))
    assert result.exit_code == 0, result.output
    assert "Import fait" in result.output
    db.session.expire_all()
    after = snapshot()
    # 30 came, of whom 2 were already checked in centrally; 3 walk-ins.
    assert after["check_ins"] == before["check_ins"] + 28 + 3
    assert after["participants"] == before["participants"] + 2  # Khadija was known
    assert after["registrations"] == before["registrations"] + 3
    assert after["attempts"] == before["attempts"] + 12 + 12 + 1 - 1  # person 0's pre: paper
    assert after["half_days"] == before["half_days"]
    session = db.session.get(Session, session.id)
    assert pairs_of(session) == laptop_pairs
    assert attempts_of(session) == laptop_attempts
    assert gains(session) == laptop_gains
    khadija = db.session.scalar(sa.select(Registration).where(
        Registration.participant_id == central["known"].id))
    assert (khadija.contact_match_name, khadija.needs_review) == ("Khadija Connue", True)
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.event == str(AuditEvent.FIELD_RESULTS_IMPORTED)))
    details = json.loads(entry.details)
    assert (entry.session_id, details["added"]["check_ins"], details["via"]) == (
        session.id, 31, "cli")
    assert "Khadija" not in entry.details

    # The same results again: nothing new, and it says so.
    result = cli(app, "field", "import-results", str(results))
    assert result.exit_code == 0 and "Rien de nouveau" in result.output
    db.session.expire_all()
    assert {k: v for k, v in snapshot().items() if k != "audit_log"} == {
        k: v for k, v in after.items() if k != "audit_log"}


def repacked(path, change) -> bytes:
    """The package with one member rewritten by `change(name, bytes)`."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, change(name, source.read(name)))
    return out.getvalue()


@pytest.fixture
def exported(app, central, laptop, tmp_path):
    """A kit loaded on the laptop, one check-in there, its results exported."""
    session = central["session"]
    kit = tmp_path / "kit.zip"
    assert cli(app, "field", "export-kit", str(session.id), "-o", str(kit)).exit_code == 0
    assert cli(laptop, "field", "import-kit", str(kit)).exit_code == 0
    with laptop.app_context():
        copy = laptop_session(laptop)
        record_check_in(copy.half_days[0].id, db.session.scalar(
            sa.select(Participant.id).where(Participant.phone == "+212661000005")),
            CheckInMethod.MANUAL)
        db.session.commit()
        copy_id = copy.id
    results = tmp_path / "resultats.zip"
    assert cli(laptop, "field", "export-results", str(copy_id), "-o", str(results)).exit_code == 0
    return {"kit": kit, "results": results, "session": session}


def test_a_tampered_results_package_is_refused_and_writes_nothing(app, exported, tmp_path):
    def more_check_ins(name, raw):
        if name != "data.json":
            return raw
        data = json.loads(raw)
        data["check_ins"].append({**data["check_ins"][-1], "uid": "0" * 32})
        return json.dumps(data).encode()

    def fewer_counts(name, raw):
        if name != "manifest.json":
            return raw
        manifest = json.loads(raw)
        manifest["made_at"] = "2020-01-01T00:00:00+00:00"
        return json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()

    before = snapshot()
    for change, words in ((more_check_ins, "modifié après avoir été fait"),
                          (fewer_counts, "modifiés après leur export")):
        bad = tmp_path / "bad.zip"
        bad.write_bytes(repacked(exported["results"], change))
        result = cli(app, "field", "import-results", str(bad))
        assert result.exit_code == 1 and words in result.output, result.output
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli(app, "field", "import-results", str(bad))
    assert result.exit_code == 1 and "n'est pas un paquet" in result.output
    db.session.expire_all()
    assert snapshot() == before


def test_another_sessions_results_are_refused_on_its_page_and_on_the_command_line(
        app, auth, client, exported, central):
    other = factories.session(title="Atelier Jerada")
    db.session.commit()
    before = snapshot()
    result = cli(app, "field", "import-results", str(exported["results"]),
                 "--session", str(other.id))
    assert result.exit_code == 1 and "d'une autre session" in result.output
    auth.login(central["expert"])
    response = client.post(f"/sessions/{other.id}/field/imports", data={
        "file": (io.BytesIO(exported["results"].read_bytes()), "resultats.zip")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "d&#39;une autre session" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {k: v for k, v in snapshot().items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"}


def test_results_from_another_server_are_refused(app, exported, tmp_path):
    """A laptop fed by another central server: its results name a kit this one never made."""
    def other_kit(name, raw):
        if name != "manifest.json":
            return raw
        manifest = json.loads(raw)
        manifest["kit"] = "11111111-1111-1111-1111-111111111111"
        return json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()

    bad = tmp_path / "autre.zip"
    bad.write_bytes(repacked(exported["results"], other_kit))
    result = cli(app, "field", "import-results", str(bad))
    assert result.exit_code == 1 and "ne viennent pas d'un kit fait par ce serveur" in result.output


def test_the_laptop_refuses_an_altered_kit_and_a_kit_of_another_server(app, exported, laptop,
                                                                      tmp_path):
    def renamed(name, raw):
        if name != "data.json":
            return raw
        return raw.replace(b"Atelier genre Figuig", b"Atelier genre Figuig!")

    bad = tmp_path / "bad-kit.zip"
    bad.write_bytes(repacked(exported["kit"], renamed))
    result = cli(laptop, "field", "import-kit", str(bad))
    assert result.exit_code == 1 and "modifié après avoir été fait" in result.output

    app.config["FIELD_SIGNING_KEY"] = "A" * 43 + "="  # another server's key
    elsewhere = tmp_path / "kit-ailleurs.zip"
    assert cli(app, "field", "export-kit", str(exported["session"].id), "-o",
               str(elsewhere)).exit_code == 0
    result = cli(laptop, "field", "import-kit", str(elsewhere))
    assert result.exit_code == 1 and "vient d'un autre serveur" in result.output
    assert cli(laptop, "field", "import-kit", str(elsewhere), "--nouveau-serveur").exit_code == 0


def test_the_import_page_previews_then_imports_and_the_laptop_page_says_field_copy(
        app, auth, client, exported, central, laptop):
    with laptop.app_context():
        laptop_client = laptop.test_client()
        user = db.session.scalar(sa.select(factories.User))
        laptop_client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        copy = db.session.scalar(sa.select(FieldCopy))
        page = laptop_client.get(f"/sessions/{copy.session_id}").get_data(as_text=True)
    assert "Copie terrain" in page and "Exporter les résultats terrain" in page
    assert "Préparer le kit terrain" not in page

    session = exported["session"]
    auth.login(central["expert"])
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Préparer le kit terrain" in page and "Copie terrain" not in page
    response = client.post(f"/sessions/{session.id}/field/imports", data={
        "file": (io.BytesIO(exported["results"].read_bytes()), "resultats.zip")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Aperçu" in preview and "Importer" in preview
    before = count(CheckIn)
    assert before == 1
    done = client.post(response.headers["Location"], data={})
    assert done.status_code == 302
    db.session.expire_all()
    assert count(CheckIn) == 2


def test_what_is_undone_on_the_laptop_after_an_import_is_undone_centrally_by_the_next(
        app, exported, laptop, tmp_path):
    """The laptop's check-in reached the central server; the trainer then cancels it on the
    laptop: the next results cancel it centrally too, and the older file is refused after."""
    assert cli(app, "field", "import-results", str(exported["results"])).exit_code == 0
    db.session.expire_all()
    assert count(CheckIn) == 2
    with laptop.app_context():
        from trainings.attendance.services import undo_check_in
        copy = laptop_session(laptop)
        person = db.session.scalar(sa.select(Participant.id).where(
            Participant.phone == "+212661000005"))
        assert undo_check_in(copy.half_days[0].id, person)
        db.session.commit()
        copy_id = copy.id
    newer = tmp_path / "resultats-2.zip"
    assert cli(laptop, "field", "export-results", str(copy_id), "-o", str(newer)).exit_code == 0
    result = cli(app, "field", "import-results", str(newer))
    assert result.exit_code == 0 and "0 ajouté(s), 1 déjà là, 1 retiré(s)" in result.output, \
        result.output
    db.session.expire_all()
    assert count(CheckIn) == 1
    result = cli(app, "field", "import-results", str(exported["results"]))
    assert result.exit_code == 1 and "plus récents de ce kit" in result.output
    db.session.expire_all()
    assert count(CheckIn) == 1


HOSTILE = {
    "formula": '=HYPERLINK("http://evil.example","clic")',
    "control": "Ami\x07na\x1b",
    "script": "<script>alert(1)</script>",
    "arabic": "فاطمة الزهراء 2026",
    "long": "x" * 10_240,
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_names_travel_to_the_laptop_and_back_unchanged_and_harmless(
        app, auth, client, central, laptop, tmp_path, kind):
    """Free text typed anywhere survives the kit, the laptop and the results: the same bytes
    arrive, the preview page shows them escaped, and nothing is read as a formula."""
    value = HOSTILE[kind]
    session = central["session"]
    person = central["people"][3]
    db.session.execute(sa.update(Participant).where(Participant.id == person.id)
                       .values(last_name=value[:100], function=value[:150]))
    db.session.execute(sa.update(Session).where(Session.id == session.id)
                       .values(notes=value, venue=value[:200]))
    db.session.commit()
    person_uid = person.uid  # read here: inside the laptop's context it would be read there
    kit = tmp_path / "kit.zip"
    assert cli(app, "field", "export-kit", str(session.id), "-o", str(kit)).exit_code == 0
    assert cli(laptop, "field", "import-kit", str(kit)).exit_code == 0
    with laptop.app_context():
        copy = laptop_session(laptop)
        assert (copy.notes, copy.venue) == (value, value[:200])
        moved = db.session.scalar(sa.select(Participant).where(Participant.uid == person_uid))
        assert (moved.last_name, moved.function) == (value[:100], value[:150])
        record_check_in(copy.half_days[0].id, moved.id, CheckInMethod.MANUAL)
        db.session.commit()
        copy_id = copy.id
    results = tmp_path / "resultats.zip"
    assert cli(laptop, "field", "export-results", str(copy_id), "-o", str(results)).exit_code == 0
    auth.login(central["expert"])
    # The same person checked in on both sides: the preview names them, escaped.
    record_check_in(session.half_days[0].id, person.id, CheckInMethod.MANUAL)
    db.session.commit()
    response = client.post(f"/sessions/{session.id}/field/imports", data={
        "file": (io.BytesIO(results.read_bytes()), "resultats.zip")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page
    if kind in ("arabic", "script", "formula"):
        from markupsafe import escape
        assert str(escape(value)) in page


def laptop_login(laptop):
    client = laptop.test_client()
    with laptop.app_context():
        user = db.session.scalar(sa.select(factories.User))
        response = client.post("/login", data={"email": user.email,
                                               "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_the_trainers_pages_work_on_the_laptop_from_the_kit_alone(app, exported, laptop):
    """Projection, roster, badges, posters, sign-in sheet, paper entry, the test page and the
    session's report: all served by the laptop from what the kit brought."""
    client = laptop_login(laptop)
    with laptop.app_context():
        copy = laptop_session(laptop)
        sid, hid = copy.id, copy.half_days[0].id
    for path in (f"/sessions/{sid}", f"/sessions/{sid}/half-days/{hid}/project",
                 f"/sessions/{sid}/roster", f"/sessions/{sid}/badges",
                 f"/sessions/{sid}/posters", f"/sessions/{sid}/signin-sheet.pdf",
                 f"/sessions/{sid}/paper", f"/sessions/{sid}/test", f"/sessions/{sid}/results",
                 f"/sessions/{sid}/report", f"/sessions/{sid}/report.xlsx",
                 f"/sessions/{sid}/attendance.xlsx"):
        response = client.get(path)
        assert response.status_code == 200, path
    roster = client.get(f"/sessions/{sid}/roster").get_data(as_text=True)
    assert "NOM5 Prénom5" in roster and "NOM31 Prénom31" in roster


def test_a_half_day_moved_centrally_since_the_kit_is_a_conflict_and_keeps_its_check_ins(
        app, exported, central):
    from datetime import timedelta
    half_day = db.session.get(HalfDay, central["session"].half_days[0].id)
    half_day.starts_at += timedelta(hours=1)
    db.session.commit()
    result = cli(app, "field", "import-results", str(exported["results"]))
    assert result.exit_code == 0 and "Demi-journée déplacée depuis le kit" in result.output
    db.session.expire_all()
    assert count(CheckIn, CheckIn.half_day_id == half_day.id) == 2


def test_a_newer_kit_updates_the_laptop_and_a_second_session_shares_its_people(
        app, exported, central, laptop, tmp_path):
    session = central["session"]
    newcomer = factories.participant(first_name="Nadia", last_name="Tardive")
    factories.registration(session, newcomer)
    other = factories.session(title="Atelier Jerada")
    factories.registration(other, central["people"][4])
    db.session.commit()
    newer, second = tmp_path / "kit-2.zip", tmp_path / "kit-jerada.zip"
    assert cli(app, "field", "export-kit", str(session.id), "-o", str(newer)).exit_code == 0
    assert cli(app, "field", "export-kit", str(other.id), "-o", str(second)).exit_code == 0
    result = cli(laptop, "field", "import-kit", str(newer))
    assert result.exit_code == 0, result.output
    assert cli(laptop, "field", "import-kit", str(second)).exit_code == 0
    # The first kit, older, is refused now.
    result = cli(laptop, "field", "import-kit", str(exported["kit"]))
    assert result.exit_code == 1 and "plus récent" in result.output
    with laptop.app_context():
        assert count(Session) == 2 and count(FieldCopy) == 2
        assert count(Participant) == REGISTERED + 1  # person 4 once, for both sessions
        assert count(Registration) == REGISTERED + 1 + 1
        assert count(CheckIn) == 2  # the central one and the laptop's: kept, not doubled


def test_two_imports_of_the_same_results_at_once_count_everything_once(app, exported):
    """Two coordinators press « Importer » at the same instant: the database decides, one
    import writes, the other writes nothing (told to start again, or that nothing is new)."""
    import threading
    from trainings.field import results as field_results
    from trainings.field.messages import FieldError

    content = exported["results"].read_bytes()
    start = threading.Barrier(2)
    outcomes = []

    def import_once():
        with app.app_context():
            checked = field_results.check(content, None)
            start.wait(timeout=30)
            try:
                report = field_results.apply(checked, None, "page")
                db.session.commit()
                outcomes.append(report.changes)
            except FieldError as error:
                db.session.rollback()
                outcomes.append(error.reason)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    assert count(CheckIn) == 2
    assert sorted(map(str, outcomes)) in (["0", "1"], ["1", "concurrent"]), outcomes


def test_only_editors_of_the_sessions_region_make_kits_and_import(app, auth, client, exported,
                                                                 central):
    session = exported["session"]
    before = count(AuditEntry)
    auth.as_role("observer")
    assert client.post(f"/sessions/{session.id}/field/kit").status_code == 403
    assert client.get(f"/sessions/{session.id}/field/imports").status_code == 403
    client.post("/logout")
    auth.as_role("coordinator", "souss-massa")
    assert client.post(f"/sessions/{session.id}/field/kit").status_code == 403
    assert client.get(f"/sessions/{session.id}/field/imports").status_code == 403
    client.post("/logout")
    auth.as_role("coordinator", "oriental")
    response = client.post(f"/sessions/{session.id}/field/kit")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/sessions/{session.id}/field/imports/999999").status_code == 404
    db.session.expire_all()
    events = db.session.scalars(sa.select(AuditEntry.event).order_by(AuditEntry.id)
                                .offset(before)).all()
    assert str(AuditEvent.FIELD_KIT_MADE) in events and str(AuditEvent.DOWNLOAD) in events


def test_received_packages_are_purged_after_their_days(app, auth, client, exported, central,
                                                        clock):
    from datetime import timedelta
    from trainings.clock import utcnow
    from trainings.field.models import FieldUpload
    auth.login(central["expert"])
    response = client.post(f"/sessions/{exported['session'].id}/field/imports", data={
        "file": (io.BytesIO(exported["results"].read_bytes()), "resultats.zip")},
        content_type="multipart/form-data")
    assert response.status_code == 302 and count(FieldUpload) == 1
    result = cli(app, "field", "purge", "--days", "30")
    assert result.exit_code == 0 and count(FieldUpload) == 1
    clock.set_utc(utcnow() + timedelta(days=31))
    result = cli(app, "field", "purge", "--days", "30")
    assert result.exit_code == 0 and "1 paquet(s)" in result.output
    db.session.expire_all()
    assert count(FieldUpload) == 0


def test_a_reset_of_someone_with_no_other_record_travels_back(app, exported, laptop, tmp_path):
    """A person whose only test was reset on the laptop, never registered: the reset log still
    names them, so the package carries them too."""
    from trainings.assessments.models import AttemptReset
    with laptop.app_context():
        copy = laptop_session(laptop)
        stranger = factories.participant(first_name="Sans", last_name="Inscription",
                                         phone="+212662999999")
        db.session.add(AttemptReset(session_id=copy.id, participant_id=stranger.id,
                                    kind=AttemptKind.PRE, percent=20.0, reason="Erreur"))
        db.session.commit()
        copy_id = copy.id
    results = tmp_path / "resultats-reset.zip"
    assert cli(laptop, "field", "export-results", str(copy_id), "-o", str(results)).exit_code == 0
    result = cli(app, "field", "import-results", str(results))
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert count(AttemptReset) == 1
    assert count(Participant, Participant.phone == "+212662999999") == 1
