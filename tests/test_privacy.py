"""A person's rights (law 09-08): the export of everything held about them (command and page),
erasure from the page and the command, and the retention limit."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta

import pypdf
import pytest
import sqlalchemy as sa

from tests import factories
from tests.test_privacy_erasure import (
    COMMENT, EMAIL, FUNCTION, LAST, PHONE, SIGNATURE, build_programme,
)
from trainings.assessments.models import Attempt, AttemptKind, AttemptMethod, AttemptReset
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.privacy import services as privacy
from trainings.registry.models import Participant


def audit(event: AuditEvent) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.event == str(event))
                                   .order_by(AuditEntry.id)))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


# Access and portability ----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["06-61-23-45-67", "00212661234567", "+212 6 61 23 45 67",
                                 EMAIL.upper(), "person-id"])
def test_export_command_finds_the_person_and_writes_json_and_pdf(app, runner, tmp_path, key):
    session, person, _staff = build_programme()
    key = str(person.id) if key == "person-id" else key
    result = runner.invoke(args=["people", "export", key, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert (data["personne"]["nom"], data["personne"]["telephone"],
            data["personne"]["email"], data["personne"]["fonction"]) == (
        LAST, PHONE, EMAIL, FUNCTION)
    # On what ground the data are held, and which notice she was given.
    assert (data["personne"]["base_legale"], data["personne"]["informee_le"]) == (
        "Inscription par l'organisation", "2026-11-30")
    assert SIGNATURE in [c["signature"] for c in data["emargements"]]
    assert len(data["emargements"]) == 2  # hers and the merged record's
    assert [a["score_pourcent"] for a in data["tests"]] == [40.0, 90.0]
    answer = data["tests"][1]["reponses"][0]
    assert (answer["reponse"], answer["correcte"]) == ("Oui", True)
    assert COMMENT in [a["commentaire"] for r in data["satisfaction"] for a in r["reponses"]]
    assert [s["session_numero"] for s in data["inscriptions"]] == [session.id]
    assert len(data["fusions"]) == 1 and len(data["hors_creneau"]) == 1
    assert len(data["reinitialisations"]) == 1 and len(data["telechargements"]) == 1
    text = pdf_text(next(tmp_path.glob("*.pdf")).read_bytes())
    assert LAST in text and "Émargements (2)" in text and FUNCTION in text
    db.session.expire_all()
    [entry] = audit(AuditEvent.PERSON_EXPORTED)
    assert (entry.person_id, entry.actor_id, json.loads(entry.details)) == (
        person.id, None, {"language": "fr"})


def test_export_command_names_an_unknown_person(app, runner, tmp_path):
    result = runner.invoke(args=["people", "export", "0699999999", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Aucune personne" in result.output
    assert list(tmp_path.iterdir()) == [] and audit(AuditEvent.PERSON_EXPORTED) == []


def test_the_export_of_hostile_text_keeps_it_whole_in_json_and_cut_in_the_pdf(app):
    formula, script, arabic = '=HYPERLINK("http://x")', "<script>alert(1)</script>", "فاطمة 2026"
    person = factories.participant(last_name=formula, first_name=arabic, function=script)
    long_text = "x" * 10_000  # a reason is a text column: 10 KB fit
    db.session.add(AttemptReset(session_id=factories.session().id, participant_id=person.id,
                                kind=AttemptKind.PRE, percent=10.0, reason=long_text))
    content = privacy.export(person, None)
    data = json.loads(content.json)
    assert (data["personne"]["nom"], data["personne"]["prenom"], data["personne"]["fonction"]
            ) == (formula, arabic, script)
    assert data["reinitialisations"][0]["motif"] == long_text
    text = pdf_text(content.pdf)
    assert formula in text and script in text and "فاطمة" in text
    assert "x" * 10_000 not in text.replace("\n", "")  # cut on the page, whole in the JSON
    assert len(pypdf.PdfReader(io.BytesIO(content.pdf)).pages) <= 2


@pytest.mark.parametrize("role, region", [(Role.ADMIN, None), (Role.EXPERT, None),
                                          (Role.COORDINATOR, "oriental")])
def test_the_personal_data_button_downloads_a_zip_of_both(client, auth, role, region):
    _session, person, _staff = build_programme()
    user = auth.as_role(role, region)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert f"/participants/{person.id}/personal-data.zip" in page
    response = client.get(f"/participants/{person.id}/personal-data.zip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert [n.rsplit(".", 1)[1] for n in names] == ["json", "pdf"]
    assert json.loads(archive.read(names[0]))["personne"]["email"] == EMAIL
    assert archive.read(names[1]).startswith(b"%PDF")
    db.session.expire_all()
    [entry] = audit(AuditEvent.PERSON_EXPORTED)
    assert (entry.person_id, entry.actor_id) == (person.id, user.id)


@pytest.mark.parametrize("language, title, rtl", [
    ("ar", "المعطيات ذات الطابع الشخصي", True), ("en", "Personal data", False)])
def test_the_pdf_is_given_in_the_person_s_language(client, auth, language, title, rtl):
    _session, person, _staff = build_programme()
    auth.as_role(Role.EXPERT)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert f"/participants/{person.id}/personal-data.zip?langue={language}" in page
    response = client.get(f"/participants/{person.id}/personal-data.zip?langue={language}")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    pdf_name, json_name = sorted(n for n in archive.namelist() if n.endswith(".pdf")), sorted(
        n for n in archive.namelist() if n.endswith(".json"))
    text = " ".join(pdf_text(archive.read(pdf_name[0])).split())
    assert title in text and "Données personnelles détenues" not in text
    assert LAST in text  # her data as typed
    # The JSON is the same whatever the language: its keys are the format's.
    assert json.loads(archive.read(json_name[0]))["personne"]["nom"] == LAST
    [entry] = audit(AuditEvent.PERSON_EXPORTED)
    assert json.loads(entry.details) == {"language": language}


def test_an_unknown_pdf_language_is_refused(client, auth):
    _session, person, _staff = build_programme()
    auth.as_role(Role.EXPERT)
    assert client.get(f"/participants/{person.id}/personal-data.zip?langue=xx").status_code == 400
    assert audit(AuditEvent.PERSON_EXPORTED) == []


# A coordinator of another region does not see the person at all: 404, as for an unknown id.
@pytest.mark.parametrize("role, region, status", [(Role.OBSERVER, None, 403),
                                                  (Role.COORDINATOR, "souss-massa", 404)])
def test_others_cannot_export(client, auth, role, region, status):
    _session, person, _staff = build_programme()
    auth.as_role(role, region)
    assert client.get(f"/participants/{person.id}/personal-data.zip").status_code == status
    assert client.get("/participants/987654/personal-data.zip").status_code in (403, 404)
    assert audit(AuditEvent.PERSON_EXPORTED) == []


def test_an_unknown_person_is_a_404(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.get("/participants/987654/personal-data.zip").status_code == 404
    assert client.get("/participants/987654/erase").status_code == 404


# Erasure from the page and the command -------------------------------------------------------

def test_erasure_asks_for_confirmation_then_anonymises(client, auth):
    _session, person, _staff = build_programme()
    expert = auth.as_role(Role.EXPERT)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert f"/participants/{person.id}/erase" in page
    confirm = client.get(f"/participants/{person.id}/erase")
    assert confirm.status_code == 200 and "Anonymiser définitivement" in confirm.get_data(True)
    refused = client.post(f"/participants/{person.id}/erase", data={})
    assert refused.status_code == 400
    assert "Cochez la case" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participant, person.id).phone == PHONE  # nothing changed
    done = client.post(f"/participants/{person.id}/erase", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    erased = db.session.get(Participant, person.id)
    assert (erased.phone, erased.email, erased.function, erased.erased_at is not None) == (
        None, None, "", True)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert "Personne anonymisée" in page and LAST not in page
    assert client.get(f"/participants/{person.id}/erase").status_code == 404  # once only
    [entry] = audit(AuditEvent.PERSON_ERASED)
    assert (entry.person_id, entry.actor_id) == (person.id, expert.id)


def test_an_anonymised_record_is_neither_edited_nor_merged(client, auth):
    _session, person, _staff = build_programme()
    other = factories.participant(last_name="Autre", first_name="Fiche")
    privacy.erase(person, None)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    for method, url, data in [
            ("GET", f"/participants/{person.id}/edit", None),
            ("POST", f"/participants/{person.id}/edit", {"last_name": "Nouveau", "sex": "F"}),
            ("GET", f"/participants/{person.id}/merge?other={other.id}", None),
            ("GET", f"/participants/{other.id}/merge?other={person.id}", None),
            ("POST", f"/participants/{other.id}/merge", {"other": str(person.id),
                                                         "keep": "this"})]:
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302, url
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Cette fiche est anonymisée" in page, url
    db.session.expire_all()
    assert db.session.get(Participant, person.id).last_name == "Personne anonymisée"
    assert db.session.get(Participant, other.id) is not None


@pytest.mark.parametrize("role, region", [(Role.COORDINATOR, "oriental"), (Role.OBSERVER, None)])
def test_coordinators_and_observers_cannot_erase(client, auth, role, region):
    _session, person, _staff = build_programme()
    auth.as_role(role, region)
    page = client.get(f"/participants/{person.id}").get_data(as_text=True)
    assert f"/participants/{person.id}/erase" not in page
    assert client.get(f"/participants/{person.id}/erase").status_code == 403
    assert client.post(f"/participants/{person.id}/erase",
                       data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Participant, person.id).erased_at is None


def test_erase_command_asks_unless_yes(app, runner):
    _session, person, _staff = build_programme()
    kept = runner.invoke(args=["people", "erase", PHONE], input="n\n")
    assert kept.exit_code == 1 and "Rien n'a été modifié" in kept.output
    db.session.expire_all()
    assert db.session.get(Participant, person.id).erased_at is None
    done = runner.invoke(args=["people", "erase", EMAIL, "--yes"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.get(Participant, person.id).email is None
    [entry] = audit(AuditEvent.PERSON_ERASED)
    assert (entry.person_id, entry.actor_id) == (person.id, None)
    again = runner.invoke(args=["people", "erase", str(person.id), "--yes"])
    assert again.exit_code == 1 and "déjà anonymisée" in again.output


# Retention -----------------------------------------------------------------------------------

def _people_for_retention(clock):
    """Four people seen at different times, the clock then set to 1 March 2030."""
    clock.set(date(2026, 1, 5), "09:00")
    old = factories.participant()  # recorded in 2026, registered to a 2026 session
    factories.registration(factories.session(start=date(2026, 1, 10)), old)
    checked_in = factories.participant()  # checked in to the same old session in 2028
    late = factories.session(start=date(2026, 2, 2))
    factories.registration(late, checked_in)
    recent_session = factories.participant()  # registered to a session of 2029
    factories.registration(factories.session(start=date(2029, 6, 1)), recent_session)
    tested = factories.participant()
    db.session.add(Attempt(session_id=late.id, participant_id=tested.id, kind=AttemptKind.PRE,
                           method=AttemptMethod.PAPER, earned=1, possible=2, percent=50.0,
                           submitted_at=clock.set(date(2027, 6, 1), "10:00")))
    db.session.add(CheckIn(half_day_id=late.half_days[0].id, participant_id=checked_in.id,
                           method=CheckInMethod.PAPER, checked_in_at=clock.set(
                               date(2028, 1, 1), "10:00")))
    clock.set(date(2030, 2, 1), "09:00")
    newcomer = factories.participant()  # recorded last month, nothing else yet
    db.session.commit()
    clock.set(date(2030, 3, 1), "09:00")
    return old, checked_in, recent_session, tested, newcomer


def _erased(*people) -> list[bool]:
    db.session.expire_all()
    return [db.session.get(Participant, p.id).erased_at is not None for p in people]


def test_retention_dry_run_counts_and_changes_nothing(app, runner, clock):
    people = _people_for_retention(clock)
    result = runner.invoke(args=["retention", "--older-than-months", "30", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 personne(s)" in result.output and "Rien n'a été modifié" in result.output
    assert _erased(*people) == [False] * 5
    assert audit(AuditEvent.RETENTION_RUN) == [] and audit(AuditEvent.PERSON_ERASED) == []


def test_retention_anonymises_people_without_activity_for_n_months(app, runner, clock):
    old, checked_in, recent_session, tested, newcomer = _people_for_retention(clock)
    result = runner.invoke(args=["retention", "--older-than-months", "30"])  # before Sept 2027
    assert result.exit_code == 0, result.output
    assert "2 personne(s)" in result.output
    assert _erased(old, checked_in, recent_session, tested, newcomer) == [
        True, False, False, True, False]
    [run] = audit(AuditEvent.RETENTION_RUN)
    assert json.loads(run.details)["people"] == 2 and run.actor_id is None
    erased = audit(AuditEvent.PERSON_ERASED)
    assert sorted(e.person_id for e in erased) == sorted([old.id, tested.id])
    assert {e.actor_id for e in erased} == {None}


def test_retention_defaults_to_the_configured_months(app, runner, clock):
    old, checked_in, *_rest = _people_for_retention(clock)
    app.config["RETENTION_MONTHS"] = 36  # before March 2027: only `old` is that inactive
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert _erased(old, checked_in) == [True, False]
    clock.advance(timedelta(days=3 * 365))
    assert runner.invoke(args=["retention"]).exit_code == 0
    assert _erased(checked_in) == [True]


def test_months_before_keeps_the_day_or_takes_the_months_last():
    from datetime import datetime, timezone
    at = datetime(2030, 3, 31, 12, tzinfo=timezone.utc)
    assert privacy.months_before(at, 1) == datetime(2030, 2, 28, 12, tzinfo=timezone.utc)
    assert privacy.months_before(at, 36) == datetime(2027, 3, 31, 12, tzinfo=timezone.utc)
    assert privacy.months_before(at, 13) == datetime(2029, 2, 28, 12, tzinfo=timezone.utc)


def _busy_person(n_sessions: int) -> Participant:
    """A person registered to n sessions, checked in to each half-day and tested in each."""
    person = factories.participant()
    for _ in range(n_sessions):
        session = factories.session()
        factories.registration(session, person)
        for half_day in session.half_days:
            db.session.add(CheckIn(half_day_id=half_day.id, participant_id=person.id,
                                   method=CheckInMethod.QR, signature="M 1 1 L 9 9"))
        db.session.add(Attempt(session_id=session.id, participant_id=person.id,
                               kind=AttemptKind.PRE, method=AttemptMethod.ONLINE, earned=1,
                               possible=2, percent=50.0))
    db.session.commit()
    return person


def test_export_and_erasure_queries_do_not_grow_with_the_data(app):
    from tests.querycount import count_queries

    counts = []
    for n in (1, 6):
        person = _busy_person(n)
        with count_queries() as export_statements:
            privacy.export(person, None)
        with count_queries() as erase_statements:
            privacy.erase(person, None)
            db.session.flush()
        db.session.commit()
        counts.append((len(export_statements), len(erase_statements)))
    assert counts[0] == counts[1]


def test_a_number_stored_before_normalisation_is_found_too(app):
    person = factories.participant()
    person.phone = "06 12 34 56 78"  # left as typed by the migration (it would have collided)
    db.session.commit()
    assert privacy.find_person("+212612345678").id == person.id
    assert privacy.find_person("0699999999") is None
