"""Attendance exports through the application: the session workbook, the export of a period,
the paper sheet typed back, who may download what, and the download log."""
from __future__ import annotations

import html
import io
import json
from datetime import date, datetime, time

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from benchmarks.measure import peak_memory_growth
from tests import audit, factories
from tests.querycount import count_queries
from trainings.attendance.services import record_check_in
from trainings.audit.models import AuditEvent
from trainings.clock import local_to_utc, to_local
from trainings.exports import xlsx
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, Participant, RegistrationSource, Role, Sex,
)

DAY = date(2026, 12, 7)
HEADER = ["N°", "Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
          "Téléphone", "E-mail"]


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def workbook(response):
    assert response.status_code == 200, text(response)
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument"
                                 ".spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def check_in(half_day, person, at: time, method=CheckInMethod.QR, by=None) -> None:
    """Record a check-in, then set its time (record_check_in stamps the present instant)."""
    record_check_in(half_day.id, person.id, method, recorded_by_id=by.id if by else None)
    db.session.execute(sa.update(CheckIn).where(
        CheckIn.half_day_id == half_day.id, CheckIn.participant_id == person.id,
    ).values(checked_in_at=local_to_utc(half_day.date, at)))


def check_ins() -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)))


@pytest.fixture
def world():
    """A one-day session in l'Oriental: Alaoui (F) at both half-days, Benali (H) in the morning
    checked in by hand, Chraibi (F) absent, Daoudi (sex not recorded) walked in the morning."""
    staff = factories.user(Role.EXPERT, name="Experte terrain")
    session = factories.session(title="Genre et migration à Oujda", start=DAY, days=1,
                                venue="Salle A", trainers="Experte genre")
    morning, afternoon = session.half_days
    commune = factories.organization(name="Commune d'Oujda", kind="commune")
    osc = factories.organization(name="Asso Nour", kind="osc")
    alaoui = factories.participant(last_name="Alaoui", first_name="Fatima", sex=Sex.FEMALE,
                                   organization_id=commune.id, function="Élue")
    benali = factories.participant(last_name="Benali", first_name="Omar", sex=Sex.MALE,
                                   organization_id=osc.id)
    chraibi = factories.participant(last_name="Chraibi", first_name="Salma", sex=Sex.FEMALE,
                                    organization_id=commune.id)
    daoudi = factories.participant(last_name="Daoudi", first_name="Sami", sex=None)
    for person in (alaoui, benali, chraibi):
        factories.registration(session, person)
    factories.registration(session, daoudi, source=RegistrationSource.WALK_IN)
    check_in(morning, alaoui, time(9, 12))
    check_in(afternoon, alaoui, time(14, 5))
    check_in(morning, benali, time(9, 30), CheckInMethod.MANUAL, by=staff)
    check_in(morning, daoudi, time(9, 1))
    db.session.commit()
    return {"session": session, "morning": morning, "afternoon": afternoon, "staff": staff,
            "alaoui": alaoui, "benali": benali, "chraibi": chraibi, "daoudi": daoudi}


def header_row(ws) -> int:
    for row in ws.iter_rows(max_col=1):
        if row[0].value == "N°":
            return row[0].row
    raise AssertionError("no header row")


def line(ws, row: int, upto: int) -> list:
    return [ws.cell(row, column).value for column in range(1, upto + 1)]


# The session workbook ---------------------------------------------------------------------------

def test_session_workbook_is_named_after_the_session_and_its_date(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{world['session'].id}/attendance.xlsx")
    workbook(response)
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=emargement_genre-et-migration-a-oujda_2026-12-07.xlsx")


def test_session_workbook_header_block_and_header_row(client, auth, world):
    auth.as_role(Role.EXPERT)
    book = workbook(client.get(f"/sessions/{world['session'].id}/attendance.xlsx"))
    assert book.sheetnames == ["Émargement", "Synthèse", "Données"]
    ws = book["Émargement"]
    block = {ws.cell(row, 1).value: ws.cell(row, 3).value for row in range(2, 10)}
    assert block["Session"] == "Genre et migration à Oujda"
    assert block["Dates"] == "07/12/2026"
    assert block["Province et région"] == "Préfecture d'Oujda-Angad, Oriental"
    assert block["Formateurs et formatrices"] == "Experte genre"
    assert block["Bailleurs"] == "AFD, Union européenne"
    row = header_row(ws)
    assert line(ws, row, 12) == [*HEADER, "07/12/2026\nmatin\n09:00–12:30",
                                 "07/12/2026\naprès-midi\n14:00–17:00", "ID"]
    assert ws.freeze_panes == f"D{row + 1}"
    assert ws.auto_filter.ref == f"A{row}:L{row + 4}"


def test_session_workbook_rows_include_walk_ins_with_time_method_or_absent(client, auth, world):
    auth.as_role(Role.EXPERT)
    ws = workbook(client.get(f"/sessions/{world['session'].id}/attendance.xlsx"))["Émargement"]
    first = header_row(ws) + 1
    assert line(ws, first, 12) == [
        1, "ALAOUI", "Fatima", "F", "Commune d'Oujda", "Commune", "Élue",
        world["alaoui"].phone, world["alaoui"].email, "09:12 (QR code)", "14:05 (QR code)",
        world["alaoui"].id]
    assert line(ws, first + 1, 11)[1:] == [
        "BENALI", "Omar", "H", "Asso Nour", "Association locale (OSC)", "Animatrice",
        world["benali"].phone, world["benali"].email, "09:30 (pointage manuel)", "absent·e"]
    assert line(ws, first + 2, 11)[9:] == ["absent·e", "absent·e"]
    assert line(ws, first + 3, 11)[:4] + line(ws, first + 3, 11)[9:] == [
        4, "DAOUDI", "Sami", None, "09:01 (QR code)", "absent·e"]


def test_session_workbook_totals_by_sex_per_half_day(client, auth, world):
    auth.as_role(Role.EXPERT)
    ws = workbook(client.get(f"/sessions/{world['session'].id}/attendance.xlsx"))["Émargement"]
    totals = {ws.cell(row, 1).value: [ws.cell(row, 10).value, ws.cell(row, 11).value]
              for row in range(header_row(ws) + 6, header_row(ws) + 10)}
    assert totals == {"Femmes présentes": [1, 1], "Hommes présents": [1, 0],
                      "Sexe non renseigné": [1, 0], "Total présent·e·s": [3, 1]}


def test_session_workbook_summary_and_data(client, auth, world):
    auth.as_role(Role.EXPERT)
    book = workbook(client.get(f"/sessions/{world['session'].id}/attendance.xlsx"))
    summary = book["Synthèse"]
    rows = {row[0].value: [c.value for c in row[1:7]] for row in summary.iter_rows()
            if row[0].value}
    assert rows["07/12/2026 matin 09:00–12:30"] == [4, 1, 1, 1, 3, 0.75]
    assert rows["07/12/2026 après-midi 14:00–17:00"] == [4, 1, 0, 0, 1, 0.25]
    assert rows["Commune"][:4] == [2, 0, 0, 2]  # registered first: two women of the commune
    data = book["Données"]
    assert [c.value for c in data[1]] == list(xlsx.DATA_COLUMNS)
    lines = [dict(zip(xlsx.DATA_COLUMNS, [c.value for c in row]))
             for row in data.iter_rows(min_row=2)]
    assert len(lines) == 8
    benali = next(r for r in lines if r["participant_id"] == world["benali"].id
                  and r["half_day_id"] == world["morning"].id)
    assert (benali["present"], benali["checked_in_at"], benali["method"],
            benali["recorded_by"]) == (1, datetime(2026, 12, 7, 9, 30), "pointage manuel",
                                       "Experte terrain")
    daoudi = next(r for r in lines if r["participant_id"] == world["daoudi"].id)
    assert daoudi["walk_in"] == 1
    assert sum(r["present"] for r in lines) == 4


def test_session_workbook_download_is_logged(client, auth, world):
    user = auth.as_role(Role.OBSERVER)
    client.get(f"/sessions/{world['session'].id}/attendance.xlsx")
    log = audit.download()
    assert (log.user_id, log.kind, log.session_id, log.filename) == (
        user.id, "attendance-xlsx", world["session"].id,
        "emargement_genre-et-migration-a-oujda_2026-12-07.xlsx")
    assert log.created_at is not None


def test_entry_grid_download_is_logged_too(client, auth, world):
    user = auth.as_role(Role.COORDINATOR, "oriental")
    response = client.get(f"/sessions/{world['session'].id}/paper-entry.xlsx")
    ws = workbook(response)["Émargement"]
    assert ws.cell(header_row(ws) + 3, 10).value is None  # Chraibi's absence left blank
    log = audit.download()
    assert (log.user_id, log.kind) == (user.id, "attendance-entry-xlsx")
    assert log.filename.startswith("saisie-emargement_genre-et-migration-a-oujda_")


def test_coordinator_of_another_region_cannot_download(client, auth, world):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    assert client.get(f"/sessions/{world['session'].id}/attendance.xlsx").status_code == 403
    assert audit.downloads() == []


@pytest.mark.parametrize("role, region", [(Role.OBSERVER, None), (Role.COORDINATOR, "oriental"),
                                          (Role.ADMIN, None)])
def test_people_who_see_the_session_can_download(client, auth, world, role, region):
    auth.as_role(role, region)
    workbook(client.get(f"/sessions/{world['session'].id}/attendance.xlsx"))


def test_session_workbook_query_count_does_not_grow_with_participants(client, auth):
    auth.as_role(Role.EXPERT)

    def grown(n: int) -> int:
        session = factories.session(days=2)
        organization = factories.organization()
        for i in range(n):
            person = factories.participant(organization_id=organization.id)
            factories.registration(session, person)
            record_check_in(session.half_days[i % 4].id, person.id, CheckInMethod.MANUAL,
                            recorded_by_id=factories.user().id)
        db.session.commit()
        return session.id

    def measure(session_id: int) -> int:
        with count_queries() as statements:
            workbook(client.get(f"/sessions/{session_id}/attendance.xlsx"))
        return len(statements)

    assert measure(grown(2)) == measure(grown(15))


# The export of a period -------------------------------------------------------------------------

@pytest.fixture
def regions():
    """Check-ins in l'Oriental (two trainings) and in Souss-Massa."""
    staff = factories.user(Role.EXPERT)
    pac = factories.training(title="PAC sensible au genre", theme="pac")
    oujda = factories.session(region="oriental", start=date(2026, 12, 7), days=1)
    berkane = factories.session(region="oriental", province="berkane", start=date(2026, 12, 14),
                                days=1, training_id=pac.id)
    tiznit = factories.session(region="souss-massa", start=date(2026, 12, 9), days=1)
    commune = factories.organization(kind="commune")
    people = {}
    for name, session, sex, organization in [
            ("Alaoui", oujda, Sex.FEMALE, commune), ("Benali", oujda, Sex.MALE, None),
            ("Chraibi", berkane, Sex.FEMALE, commune), ("Ziani", tiznit, Sex.MALE, None)]:
        person = factories.participant(last_name=name, sex=sex,
                                       organization_id=organization.id if organization else None)
        factories.registration(session, person)
        for half_day in session.half_days:
            check_in(half_day, person, time(9, 5), CheckInMethod.MANUAL, by=staff)
        people[name] = person
    # Alaoui comes back to Berkane: one more person-session, still one person trained.
    factories.registration(berkane, people["Alaoui"])
    check_in(berkane.half_days[0], people["Alaoui"], time(9, 0))
    db.session.commit()
    return {"oujda": oujda, "berkane": berkane, "tiznit": tiznit, "pac": pac, **people}


def exported(client, **filters) -> list[dict]:
    response = client.get("/exports/attendance.xlsx", query_string=filters)
    data = workbook(response)["Données"]
    return [dict(zip(xlsx.DATA_COLUMNS, [c.value for c in row]))
            for row in data.iter_rows(min_row=2)]


def names(lines: list[dict]) -> list[str]:
    return sorted({line["last_name"] for line in lines})


def test_export_page_shows_the_filters(client, auth):
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.get("/exports/attendance")
    assert response.status_code == 200
    page = text(response)
    assert 'action="/exports/attendance.xlsx"' in page
    assert "Souss-Massa" not in page  # neither as a region nor as a group of provinces


def test_export_of_everything_for_an_expert(client, auth, regions):
    auth.as_role(Role.EXPERT)
    lines = exported(client)
    assert len(lines) == 2 * 4 + 1
    assert names(lines) == ["ALAOUI", "BENALI", "CHRAIBI", "ZIANI"]
    assert {line["present"] for line in lines} == {1}
    first = lines[0]
    assert (first["date"].date(), first["period"], first["start"], first["checked_in_at"]) == (
        date(2026, 12, 7), "matin", "09:00", datetime(2026, 12, 7, 9, 5))


def test_export_of_a_coordinator_stays_in_their_region(client, auth, regions):
    auth.as_role(Role.COORDINATOR, "oriental")
    assert names(exported(client)) == ["ALAOUI", "BENALI", "CHRAIBI"]


def test_export_refuses_a_coordinator_asking_for_another_region(client, auth, regions):
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.get("/exports/attendance.xlsx", query_string={"region": "souss-massa"})
    assert response.status_code == 403


@pytest.mark.parametrize("filters, expected", [
    ({"region": "souss-massa"}, ["ZIANI"]),
    ({"province": "berkane"}, ["ALAOUI", "CHRAIBI"]),
    ({"theme": "pac"}, ["ALAOUI", "CHRAIBI"]),
    ({"kind": "commune"}, ["ALAOUI", "CHRAIBI"]),
    ({"date_from": "2026-12-08", "date_to": "2026-12-10"}, ["ZIANI"]),
])
def test_export_filters(client, auth, regions, filters, expected):
    auth.as_role(Role.OBSERVER)
    assert names(exported(client, **filters)) == expected


def test_export_filter_by_training(client, auth, regions):
    auth.as_role(Role.EXPERT)
    lines = exported(client, training_id=regions["pac"].id)
    assert {line["session_id"] for line in lines} == {regions["berkane"].id}


def test_export_summary_counts_unique_people_and_attendances_by_sex(client, auth, regions):
    auth.as_role(Role.EXPERT)
    response = client.get("/exports/attendance.xlsx", query_string={"region": "oriental"})
    ws = workbook(response)["Synthèse"]
    rows = {row[0].value: [c.value for c in row[1:5]] for row in ws.iter_rows() if row[0].value}
    assert rows["Région"][0] == "Oriental"
    assert rows["Sessions"][0] == 2
    # Alaoui (at two sessions) and Chraibi are two women, Benali one man; Alaoui came three
    # times, Chraibi and Benali twice.
    assert rows["Personnes formées (uniques)"] == [2, 1, 0, 3]
    assert rows["Présences (personne × demi-journée)"] == [5, 2, 0, 7]


def test_export_file_name_and_log(client, auth, regions):
    user = auth.as_role(Role.EXPERT)
    response = client.get("/exports/attendance.xlsx",
                          query_string={"date_from": "2026-12-01", "date_to": "2026-12-31",
                                        "theme": "pac"})
    workbook(response)
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=presences_2026-12-01_2026-12-31.xlsx")
    log = audit.download()
    assert (log.user_id, log.kind, log.session_id, log.filename) == (
        user.id, "attendance-all-xlsx", None, "presences_2026-12-01_2026-12-31.xlsx")
    # Logged before the first byte, with the filters (the counts are known only at the end).
    assert log.details == {"theme": "pac", "date_from": "2026-12-01", "date_to": "2026-12-31"}


def test_export_with_invalid_filters_shows_the_page_again(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.get("/exports/attendance.xlsx",
                          query_string={"date_from": "2026-12-31", "date_to": "2026-12-01"})
    assert response.status_code == 400
    assert "La date de fin précède la date de début." in text(response)
    assert audit.downloads() == []


def test_export_of_20000_attendances_keeps_memory_flat(client, auth):
    """Bulk-inserted: 2,000 people at the ten half-days of a five-day session."""
    auth.as_role(Role.EXPERT)
    session = factories.session(days=5)
    db.session.execute(sa.insert(Participant), [
        {"first_name": f"Prénom{n}", "last_name": f"Nom{n}", "sex": (Sex.FEMALE, Sex.MALE)[n % 2],
         "function": "", "region": "oriental"} for n in range(2000)])
    ids = list(db.session.scalars(sa.select(Participant.id)))
    stamp = local_to_utc(session.start_date, time(9))
    db.session.execute(sa.insert(CheckIn), [
        {"half_day_id": half_day.id, "participant_id": pid, "method": CheckInMethod.QR,
         "checked_in_at": stamp} for half_day in session.half_days for pid in ids])
    db.session.commit()
    responses = []
    _, growth = peak_memory_growth(
        lambda: responses.append(client.get("/exports/attendance.xlsx")))
    assert growth < 150 * 1024 * 1024
    response = responses[0]
    assert response.status_code == 200
    summary = load_workbook(io.BytesIO(response.data), read_only=True)["Synthèse"]
    rows = {row[0]: row[1:5] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert rows["Présences (personne × demi-journée)"] == (10000, 10000, 0, 20000)
    assert rows["Personnes formées (uniques)"] == (1000, 1000, 0, 2000)


# The paper sheet typed back ---------------------------------------------------------------------

def entry_grid(client, session) -> bytes:
    response = client.get(f"/sessions/{session.id}/paper-entry.xlsx")
    assert response.status_code == 200
    return response.data


def fill(data: bytes, cells: dict[tuple[int, int], object],
         ids: dict[int, object] | None = None) -> bytes:
    """Type values into the grid: (participant id, half-day id) -> value; ids: replace the ID
    cell of a participant's row."""
    book = load_workbook(io.BytesIO(data))
    ws = book["Émargement"]
    keys_row = header_row(ws) - 1
    columns = {ws.cell(keys_row, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, columns["participant_id"]).value: r
            for r in range(keys_row + 2, ws.max_row + 1)}
    for (participant_id, half_day_id), value in cells.items():
        ws.cell(rows[participant_id], columns[f"half_day={half_day_id}"], value)
    for participant_id, value in (ids or {}).items():
        ws.cell(rows[participant_id], columns["participant_id"], value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, session, data: bytes, filename: str = "emargement.xlsx"):
    return client.post(f"/sessions/{session.id}/paper",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_paper_page_offers_the_grid_to_download(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    response = client.get(f"/sessions/{world['session'].id}/paper")
    assert response.status_code == 200
    assert f"/sessions/{world['session'].id}/paper-entry.xlsx" in text(response)


def test_paper_sheet_records_presences_as_taken_on_paper_by_the_uploader(client, auth, world):
    user = auth.as_role(Role.COORDINATOR, "oriental")
    morning, afternoon = world["morning"], world["afternoon"]
    data = fill(entry_grid(client, world["session"]), {
        (world["chraibi"].id, morning.id): "09:05",
        (world["chraibi"].id, afternoon.id): "x",
        (world["benali"].id, afternoon.id): "14h20",
    })
    before = {(c.participant_id, c.half_day_id): (c.method, c.checked_in_at)
              for c in check_ins()}
    response = upload(client, world["session"], data)
    assert response.status_code == 302
    after = {(c.participant_id, c.half_day_id): c for c in check_ins()}
    new = {key: c for key, c in after.items() if key not in before}
    assert {key: (c.method, c.recorded_by_id, f"{to_local(c.checked_in_at):%H:%M}")
            for key, c in new.items()} == {
        (world["chraibi"].id, morning.id): (CheckInMethod.PAPER, user.id, "09:05"),
        (world["chraibi"].id, afternoon.id): (CheckInMethod.PAPER, user.id, "14:00"),
        (world["benali"].id, afternoon.id): (CheckInMethod.PAPER, user.id, "14:20"),
    }
    assert {key: (after[key].method, after[key].checked_in_at) for key in before} == before
    flashed = text(client.get(f"/sessions/{world['session'].id}"))
    assert "3 présence(s) ajoutée(s)" in flashed


def test_paper_sheet_leaves_existing_check_ins_as_they_are(client, auth, world):
    auth.as_role(Role.EXPERT)
    before = [(c.id, c.method, c.checked_in_at) for c in check_ins()]
    # Alaoui's morning was by QR code at 09:12: typed again at 08:50, it stays as it was.
    data = fill(entry_grid(client, world["session"]),
                {(world["alaoui"].id, world["morning"].id): "08:50"})
    assert upload(client, world["session"], data).status_code == 302
    assert [(c.id, c.method, c.checked_in_at) for c in check_ins()] == before


def test_exported_workbook_uploaded_back_changes_nothing(client, auth, world):
    auth.as_role(Role.EXPERT)
    before = [(c.id, c.checked_in_at) for c in check_ins()]
    exported_sheet = client.get(f"/sessions/{world['session'].id}/attendance.xlsx").data
    assert upload(client, world["session"], exported_sheet).status_code == 302
    assert [(c.id, c.checked_in_at) for c in check_ins()] == before


def test_faulty_rows_are_named_and_nothing_is_written(client, auth, world):
    auth.as_role(Role.EXPERT)
    stranger = factories.participant(last_name="Inconnu")
    db.session.commit()
    grid = entry_grid(client, world["session"])
    ws = load_workbook(io.BytesIO(grid))["Émargement"]
    first = header_row(ws) + 1
    data = fill(grid, {
        (world["chraibi"].id, world["morning"].id): "25:00",  # row first + 2
        (world["benali"].id, world["afternoon"].id): "14:10",  # valid, yet not written
        (world["daoudi"].id, world["afternoon"].id): "x",  # row first + 3, unknown person
    }, ids={world["daoudi"].id: stranger.id})
    count = len(check_ins())
    response = upload(client, world["session"], data)
    assert response.status_code == 400
    page = text(response)
    assert "2 erreurs : rien n'a été enregistré." in page
    assert (f"Ligne {first + 2} : « 25:00 » n'est pas une heure valide (colonne J "
            "(07/12/2026 matin 09:00–12:30))") in page
    assert f"Ligne {first + 3} : La personne d'ID « {stranger.id} » n'est pas inscrite" in page
    assert len(check_ins()) == count


def test_a_name_that_does_not_match_its_id_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    grid = entry_grid(client, world["session"])
    # Chraibi's times typed on Benali's row: the ID says Chraibi, the name Benali.
    data = fill(grid, {(world["benali"].id, world["afternoon"].id): "x"},
                ids={world["benali"].id: world["chraibi"].id})
    count = len(check_ins())
    response = upload(client, world["session"], data)
    assert response.status_code == 400
    assert "Le nom « BENALI » n'est pas celui de la personne d'ID" in text(response)
    assert len(check_ins()) == count


def test_a_workbook_of_another_session_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    other = factories.session(start=DAY, days=1)
    person = factories.participant()
    factories.registration(other, person)
    db.session.commit()
    data = fill(entry_grid(client, other), {(person.id, other.half_days[0].id): "09:00"})
    count = len(check_ins())
    response = upload(client, world["session"], data)
    assert response.status_code == 400
    assert "Ce classeur est la feuille d'émargement d'une autre session" in text(response)
    assert len(check_ins()) == count


def test_a_half_day_column_of_another_session_is_named(client, auth, world):
    auth.as_role(Role.EXPERT)
    other = factories.session(start=DAY, days=1)
    db.session.commit()
    book = load_workbook(io.BytesIO(entry_grid(client, world["session"])))
    ws = book["Émargement"]
    keys_row = header_row(ws) - 1
    ws.cell(keys_row, 11, f"half_day={other.half_days[1].id}")  # the afternoon column, K
    ws.cell(header_row(ws) + 3, 10, "x")  # Chraibi in the morning: valid, yet not written
    buffer = io.BytesIO()
    book.save(buffer)
    count = len(check_ins())
    response = upload(client, world["session"], buffer.getvalue())
    assert response.status_code == 400
    assert "Colonne K (07/12/2026 après-midi 14:00–17:00) : Cette demi-journée n'est pas" in (
        text(response))
    assert len(check_ins()) == count


def test_a_file_that_is_not_xlsx_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = upload(client, world["session"], b"Nom;matin\nAlaoui;x\n", filename="feuille.csv")
    assert response.status_code == 400
    assert "Seuls les fichiers Excel .xlsx sont acceptés." in text(response)


def test_a_workbook_that_is_not_a_sign_in_sheet_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = upload(client, world["session"], b"not a workbook")
    assert response.status_code == 400
    assert "Ce fichier n'est pas un classeur Excel (.xlsx) lisible." in text(response)


def test_coordinator_of_another_region_cannot_upload(client, auth, world):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    data = b"irrelevant"
    assert upload(client, world["session"], data).status_code == 403


def test_observer_cannot_upload(client, auth, world):
    auth.as_role(Role.OBSERVER)
    assert client.get(f"/sessions/{world['session'].id}/paper").status_code == 403
    assert upload(client, world["session"], b"irrelevant").status_code == 403


def test_a_paper_sheet_import_is_in_the_audit_log(client, auth, world):
    user = auth.as_role(Role.COORDINATOR, "oriental")
    data = fill(entry_grid(client, world["session"]), {
        (world["chraibi"].id, world["morning"].id): "09:05"})
    assert upload(client, world["session"], data).status_code == 302
    (entry,) = audit.entries(AuditEvent.IMPORT)
    assert (entry.actor_id, entry.session_id) == (user.id, world["session"].id)
    details = json.loads(entry.details)
    assert details["kind"] == "attendance-paper" and details["recorded"] == 1
    assert details["rows"] == 4  # the session's four registered people


def test_a_refused_paper_sheet_leaves_no_import_in_the_audit_log(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    assert upload(client, world["session"], b"not a workbook").status_code == 400
    assert audit.entries(AuditEvent.IMPORT) == []
