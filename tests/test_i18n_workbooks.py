"""Workbooks in the staff member's language: headers and sheet names translated, sheets shown
from the right in Arabic (both writers), and the paper sheet read back whatever language it
was downloaded in."""
from __future__ import annotations

import io
import zipfile
from datetime import date, time

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook

from tests import factories
from tests.conftest import Auth
from tests.test_exports import check_in, check_ins, fill, upload
from trainings.attendance.models import CheckIn
from trainings.downloads.streamed_xlsx import StreamedWorkbook
from trainings.extensions import db
from trainings.models import CheckInMethod, Role, Sex

DAY = date(2026, 12, 7)


@pytest.fixture
def session_with_people():
    staff = factories.user(Role.EXPERT)
    session = factories.session(title="Genre et migration", start=DAY, days=1)
    morning, afternoon = session.half_days
    fatima = factories.participant(last_name="العلوي", first_name="فاطمة", sex=Sex.FEMALE)
    omar = factories.participant(last_name="Benali", first_name="Omar", sex=Sex.MALE)
    for person in (fatima, omar):
        factories.registration(session, person)
    check_in(morning, fatima, time(9, 12))
    check_in(morning, omar, time(9, 30), CheckInMethod.MANUAL, by=staff)
    db.session.commit()
    return {"session": session, "morning": morning, "afternoon": afternoon,
            "fatima": fatima, "omar": omar}


def staff_in(auth, language: str | None, role=Role.EXPERT, region=None):
    user = factories.user(role, region)
    user.language = language
    auth.login(user)
    return user


def sheet_views(data: bytes) -> dict[str, bool]:
    """Each sheet's name -> whether it is shown from the right, read from the package's XML."""
    book = load_workbook(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = sorted(name for name in package.namelist() if name.startswith("xl/worksheets/"))
        raw = [package.read(part).decode() for part in parts]
    assert len(raw) == len(book.sheetnames)
    # openpyxl reads the attribute back: a second reader than our own writer's text.
    return {ws.title: bool(ws.sheet_view.rightToLeft) for ws in book.worksheets} | {
        f"#{n}": 'rightToLeft="1"' in xml for n, xml in enumerate(raw)}


@pytest.mark.parametrize("language,right_to_left", [("ar", True), ("fr", False), ("en", False),
                                                    (None, False)])
def test_session_workbook_reads_from_the_right_in_arabic_only(client, auth,
                                                              session_with_people, language,
                                                              right_to_left):
    staff_in(auth, language)
    response = client.get(f"/sessions/{session_with_people['session'].id}/attendance.xlsx")
    assert response.status_code == 200
    views = sheet_views(response.data)
    assert len(views) == 6  # three sheets, each seen by openpyxl and in the raw XML
    assert set(views.values()) == {right_to_left}


def arabic(app, message: str) -> str:
    with app.test_request_context(), force_locale("ar"):
        translated = gettext(message)
    assert translated != message  # the catalogue has it
    return translated


def test_session_workbook_headers_and_sheets_in_arabic(app, client, auth, session_with_people):
    staff_in(auth, "ar")
    response = client.get(f"/sessions/{session_with_people['session'].id}/attendance.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [arabic(app, "Émargement"), arabic(app, "Synthèse"),
                               arabic(app, "Données")]
    ws = book.worksheets[0]
    values = [cell.value for row in ws.iter_rows() for cell in row if cell.value]
    assert arabic(app, "Nom") in values and "Nom" not in values
    # Data keep their own script: the Arabic name as typed; absences in Arabic.
    assert "فاطمة" in values and "Omar" in values
    assert arabic(app, "absent·e") in values


def test_session_workbook_in_english_has_english_headers(client, auth, session_with_people):
    staff_in(auth, "en")
    response = client.get(f"/sessions/{session_with_people['session'].id}/attendance.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert "Name" in values and "Omar" in values
    assert "Nom" not in values


@pytest.mark.parametrize("language,right_to_left", [("ar", True), ("fr", False)])
def test_consolidated_export_reads_from_the_right_in_arabic_only(client, auth,
                                                                 session_with_people, language,
                                                                 right_to_left):
    staff_in(auth, language)
    response = client.get("/exports/attendance.xlsx")
    assert response.status_code == 200
    views = sheet_views(response.data)
    assert set(views.values()) == {right_to_left}
    book = load_workbook(io.BytesIO(response.data))
    # The data lines keep their types whatever the language.
    data = book.worksheets[1]
    second = [cell.value for cell in data[2]]
    assert any(isinstance(value, int) for value in second)


def test_streamed_writer_sets_right_to_left_only_when_asked():
    for right_to_left in (True, False):
        buffer = io.BytesIO()
        with StreamedWorkbook(buffer, ["ورقة", "Data"], right_to_left) as book:
            for name in ("ورقة", "Data"):
                with book.sheet(name, frozen_header=True) as sheet:
                    sheet.append(["الاسم", "n"], bold=True)
                    sheet.append(["=HYPERLINK(\"http://x\")", 3])
        loaded = load_workbook(io.BytesIO(buffer.getvalue()))
        assert [bool(ws.sheet_view.rightToLeft) for ws in loaded.worksheets] == [right_to_left] * 2
        assert loaded.worksheets[0]["B2"].value == 3
        assert loaded.worksheets[0]["A2"].data_type == "s"


def test_paper_sheet_downloaded_in_arabic_is_read_back_by_a_french_uploader(
        app, client, auth, session_with_people):
    world = session_with_people
    staff_in(auth, "ar", Role.COORDINATOR, "oriental")
    grid = client.get(f"/sessions/{world['session'].id}/paper-entry.xlsx")
    assert grid.status_code == 200
    assert set(sheet_views(grid.data).values()) == {True}
    book = load_workbook(io.BytesIO(grid.data))
    # The test helper looks for the French sheet and header: renamed, the rest stays Arabic.
    book.worksheets[0].title = "Émargement"
    ws = book.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == arabic(app, "N°"):
                cell.value = "N°"
    buffer = io.BytesIO()
    book.save(buffer)
    data = fill(buffer.getvalue(), {(world["fatima"].id, world["afternoon"].id): "14:10",
                                    (world["omar"].id, world["afternoon"].id): "x"})
    french = app.test_client()
    staff_in(Auth(french), "fr", Role.COORDINATOR, "oriental")
    before = len(check_ins())
    response = upload(french, world["session"], data)
    assert response.status_code == 302, response.get_data(as_text=True)
    after = check_ins()
    assert len(after) == before + 2
    assert {(c.participant_id, c.method) for c in after if c.half_day_id == world["afternoon"].id
            } == {(world["fatima"].id, CheckInMethod.PAPER), (world["omar"].id, CheckInMethod.PAPER)}


def test_full_workbook_exported_in_arabic_uploaded_back_changes_nothing(
        app, client, auth, session_with_people):
    """Its absences are written in Arabic (غائب(ة)): read as absences by a French uploader."""
    world = session_with_people
    staff_in(auth, "ar")
    exported = client.get(f"/sessions/{world['session'].id}/attendance.xlsx").data
    french = app.test_client()
    staff_in(Auth(french), "fr")
    before = [(c.id, c.checked_in_at) for c in check_ins()]
    response = upload(french, world["session"], exported)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert [(c.id, c.checked_in_at) for c in check_ins()] == before
    assert db.session.query(CheckIn).count() == len(before)


@pytest.mark.parametrize("language,right_to_left", [("ar", True), ("fr", False)])
def test_gains_workbook_reads_from_the_right_in_arabic_only(client, auth, language,
                                                           right_to_left):
    session = factories.session()
    db.session.commit()
    staff_in(auth, language)
    response = client.get(f"/sessions/{session.id}/report.xlsx")
    assert response.status_code == 200
    assert set(sheet_views(response.data).values()) == {right_to_left}


@pytest.mark.parametrize("language,right_to_left", [("ar", True), ("fr", False)])
def test_audit_journal_workbook_reads_from_the_right_in_arabic_only(client, auth, language,
                                                                   right_to_left):
    staff_in(auth, language, Role.ADMIN)
    response = client.get("/admin/audit/journal.xlsx")
    assert response.status_code == 200
    assert set(sheet_views(response.data).values()) == {right_to_left}
