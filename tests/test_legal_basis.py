"""The legal basis of every person's record (law 09-08): staff registering someone record the
organisation's registration and the day they informed the person; a newcomer on their phone
records their consent with the notice's version; older records say « Non renseigné »."""
from __future__ import annotations

import html
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests import factories
from tests.conftest import make_app
from tests.test_checkin_walk_in import hidden, walk_in, walk_in_page
from tests.test_registry import participant_form, upload, xlsx
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import Participant, Registration, Role
from trainings.notice import notices
from trainings.notice.notices import LegalBasis
from trainings.registry import merge
from trainings.schedule.models import WindowOverride

CURRENT = notices.CURRENT_VERSION


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def people() -> list[Participant]:
    return list(db.session.scalars(sa.select(Participant).order_by(Participant.id)))


def basis(person: Participant) -> tuple:
    db.session.refresh(person)
    return person.legal_basis, person.informed_on, person.notice_version


# The person form ------------------------------------------------------------------------------

def test_a_person_created_by_staff_who_was_informed_records_the_day_and_the_notice(client, auth):
    auth.as_role(Role.EXPERT)
    informed = local_today() - timedelta(days=2)
    response = client.post("/participants/new", data=participant_form(
        informed="y", informed_on=informed.isoformat()))
    assert response.status_code == 302
    [person] = people()
    assert basis(person) == (LegalBasis.REGISTRATION, informed, CURRENT)
    page = text(client.get(response.headers["Location"]))
    assert "Inscription par l'organisation" in page
    assert f'href="/donnees-personnelles/{CURRENT}"' in page


def test_a_person_created_by_staff_not_yet_informed_rests_on_the_registration(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=participant_form(
        informed_on=local_today().isoformat()))  # the box left unticked: no day recorded
    assert response.status_code == 302
    [person] = people()
    assert basis(person) == (LegalBasis.REGISTRATION, None, None)
    page = text(client.get(response.headers["Location"]))
    assert "Pas encore : remettez-lui la notice" in page


def test_the_form_offers_today_as_the_day_informed(client, auth):
    auth.as_role(Role.EXPERT)
    page = text(client.get("/participants/new"))
    assert "La personne a été informée de l'usage de ses données" in page
    assert f'value="{local_today().isoformat()}"' in page


@pytest.mark.parametrize(("day", "message"), [
    ((local_today() + timedelta(days=1)).isoformat(), "Cette date est dans le futur"),
    ("", "Indiquez la date à laquelle la personne a été informée."),
    ("2026-13-45", "Cette date n'est pas valide"),
    ("1999-05-01", "Cette date est trop ancienne"),
])
def test_a_wrong_day_informed_is_refused_and_records_nothing(client, auth, day, message):
    auth.as_role(Role.EXPERT)
    response = client.post("/participants/new", data=participant_form(
        informed="y", informed_on=day))
    assert response.status_code == 200
    assert message in text(response)
    assert people() == []


def test_a_person_created_from_a_session_page_records_the_basis_too(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = client.post(f"/participants/new?session={session.id}", data=participant_form(
        informed="y", informed_on=local_today().isoformat()))
    assert response.headers["Location"].startswith(f"/sessions/{session.id}")
    [person] = people()
    assert basis(person) == (LegalBasis.REGISTRATION, local_today(), CURRENT)


def test_informing_a_person_recorded_before_gives_their_record_a_basis(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant(email="awa@example.org", phone=None)
    db.session.commit()
    assert "Non renseigné" in text(client.get(f"/participants/{person.id}"))
    edit = dict(participant_form(email="awa@example.org", phone=""))
    client.post(f"/participants/{person.id}/edit", data=edit)
    assert basis(person) == (LegalBasis.UNKNOWN, None, None)  # editing is no registration
    informed = local_today() - timedelta(days=10)
    client.post(f"/participants/{person.id}/edit",
                data={**edit, "informed": "y", "informed_on": informed.isoformat()})
    assert basis(person) == (LegalBasis.REGISTRATION, informed, CURRENT)
    form = text(client.get(f"/participants/{person.id}/edit"))
    assert f'value="{informed.isoformat()}"' in form


def test_someone_who_consented_keeps_that_basis_when_staff_edit_them(client, auth):
    auth.as_role(Role.EXPERT)
    person = factories.participant(email="awa@example.org", phone=None,
                                   legal_basis=LegalBasis.CONSENT, notice_version=CURRENT)
    db.session.commit()
    assert "La personne a été informée" not in text(
        client.get(f"/participants/{person.id}/edit"))
    client.post(f"/participants/{person.id}/edit", data=participant_form(
        email="awa@example.org", phone="", informed="y",
        informed_on=local_today().isoformat()))
    assert basis(person) == (LegalBasis.CONSENT, None, CURRENT)


# Registering to a session, importing a roster -------------------------------------------------

def test_registering_a_person_of_unknown_basis_to_a_session_records_the_registration(
        client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    person = factories.participant()
    db.session.commit()
    client.post(f"/sessions/{session.id}/participants/{person.id}/register")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    assert basis(person) == (LegalBasis.REGISTRATION, None, None)


def test_an_imported_file_informed_as_a_whole_records_the_day_for_each_new_person(
        client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    informed = local_today() - timedelta(days=1)
    response = client.post(
        f"/sessions/{session.id}/registrations/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(xlsx(
            ["Alaoui", "Fatima", "F", "", "", "", "0612345678", ""],
            ["Benali", "Omar", "H", "", "", "", "0612000000", ""])), "liste.xlsx"),
            "informed": "y", "informed_on": informed.isoformat()})
    assert response.status_code == 302
    assert [basis(p) for p in people()] == [(LegalBasis.REGISTRATION, informed, CURRENT)] * 2


def test_an_imported_file_without_the_statement_records_the_registration_only(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    earlier = date(2026, 3, 2)
    known = factories.participant(last_name="Alaoui", first_name="Fatima",
                                  phone="0612345678", legal_basis=LegalBasis.REGISTRATION,
                                  informed_on=earlier, notice_version=CURRENT)
    db.session.commit()
    response = upload(client, session, xlsx(
        ["Alaoui", "Fatima", "F", "", "", "", "0612345678", ""],
        ["Benali", "Omar", "H", "", "", "", "0612000000", ""]))
    assert response.status_code == 302
    omar = next(p for p in people() if p.last_name == "Benali")
    assert basis(omar) == (LegalBasis.REGISTRATION, None, None)
    assert basis(known) == (LegalBasis.REGISTRATION, earlier, CURRENT)  # kept


def test_the_import_form_refuses_a_day_informed_in_the_future(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    db.session.commit()
    response = client.post(
        f"/sessions/{session.id}/registrations/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(xlsx(
            ["Alaoui", "Fatima", "F", "", "", "", "0612345678", ""])), "liste.xlsx"),
            "informed": "y", "informed_on": (local_today() + timedelta(days=3)).isoformat()})
    assert response.status_code == 400
    assert "Cette date est dans le futur" in text(response)
    assert people() == []


# The newcomer on their phone ------------------------------------------------------------------

@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title="Atelier genre Nador")
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    db.session.commit()
    return half_day


def test_a_walk_in_records_their_consent_with_the_notice_version(app, client, auth, half_day):
    page = walk_in_page(app, client, half_day)
    assert str(notices.current().consent) in html.unescape(page)
    assert 'href="/donnees-personnelles"' in page
    response = client.post("/c/register", data=walk_in(hidden(page, "proof")))
    assert response.status_code == 302
    [person] = people()
    assert basis(person) == (LegalBasis.CONSENT, None, CURRENT)
    assert person.consent_at is not None
    auth.as_role(Role.EXPERT)
    staff_page = text(client.get(f"/participants/{person.id}"))
    assert "Consentement donné le" in staff_page
    assert f'href="/donnees-personnelles/{CURRENT}"' in staff_page


def test_a_walk_in_who_does_not_consent_is_not_recorded(app, client, half_day):
    page = walk_in_page(app, client, half_day)
    response = client.post("/c/register", data=walk_in(hidden(page, "proof"), consent=""))
    assert response.status_code == 400
    assert people() == []


# Merging, and the records of before -----------------------------------------------------------

def test_a_merge_keeps_the_basis_the_removed_record_had(app):
    user = factories.user(Role.EXPERT)
    kept = factories.participant()
    removed = factories.participant(legal_basis=LegalBasis.REGISTRATION,
                                    informed_on=date(2026, 5, 4), notice_version=CURRENT)
    db.session.commit()
    merge.merge(kept, removed, user.id)
    db.session.commit()
    assert basis(kept) == (LegalBasis.REGISTRATION, date(2026, 5, 4), CURRENT)



def test_the_migration_presumes_no_basis_but_keeps_consents_given_on_a_phone(
        empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="e5a9c3d17b20")
        with db.engine.begin() as connection:
            for person_id, consent_at in ((1, None), (2, "2026-06-01 09:00:00")):
                connection.execute(sa.text(
                    "INSERT INTO participants (id, first_name, last_name, function, region, "
                    "consent_at, created_at) VALUES (:id, 'Awa', 'Diop', '', 'oriental', "
                    ":consent_at, CURRENT_TIMESTAMP)"), {"id": person_id, "consent_at": consent_at})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT id, legal_basis, informed_on, notice_version FROM participants "
                "ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "unknown", None, None),
                                            (2, "consent", None, None)]
