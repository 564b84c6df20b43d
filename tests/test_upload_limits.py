"""Uploads that would exhaust the server: every xlsx import refuses a decompression bomb, a
million rows or a sheet far too long, quickly, in bounded memory, with a French message
naming the problem, and writes nothing; a lying <dimension> costs nothing."""
from __future__ import annotations

import html
import io
import time
import tracemalloc

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests import factories, hostile_xlsx
from trainings.extensions import db
from trainings.models import Attempt, CheckIn, Participant, Question, Registration, Role

MEMORY_LIMIT = 100 * 1024 * 1024
TOO_LARGE = "Le fichier est trop volumineux une fois décompressé (plus de 10 Mo)"


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def written() -> tuple[int, ...]:
    return tuple(count(model) for model in (Participant, Registration, Question, CheckIn,
                                            Attempt))


@pytest.fixture
def session():
    session = factories.session(region="oriental")
    db.session.commit()
    return session


def endpoints(session) -> dict[str, tuple[str, str]]:
    """Every xlsx import: its URL and the name of its file field."""
    return {
        "roster": (f"/sessions/{session.id}/registrations/import", "file"),
        "bank": (f"/trainings/{session.training_id}/questions/import", "file"),
        "paper attendance": (f"/sessions/{session.id}/paper", "file"),
        "paper tests": (f"/sessions/{session.id}/paper-tests/import?kind=pre", "pre-file"),
    }


def post(client, session, endpoint: str, data: bytes):
    url, field = endpoints(session)[endpoint]
    # Encoded here, in memory: the test client would spool a body over 500 KB to a temporary
    # file that it never closes.
    boundary, body = encode_multipart({field: FileStorage(io.BytesIO(data), "liste.xlsx")})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def measured_post(client, session, endpoint: str, data: bytes):
    """The response to the upload, the seconds it took and the peak of memory allocated."""
    client.get("/")  # templates compiled and login loaded outside the measure
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = post(client, session, endpoint, data)
        return response, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_gigabyte_of_empty_rows_is_refused_in_bounded_memory(client, auth, session):
    auth.as_role(Role.COORDINATOR, "oriental")
    response, seconds, peak = measured_post(client, session, "roster",
                                            hostile_xlsx.empty_rows_bomb())
    assert response.status_code == 400
    assert TOO_LARGE in page(response)
    assert written() == (0, 0, 0, 0, 0)
    assert peak < MEMORY_LIMIT
    assert seconds < 30  # a guard only (tracemalloc slows it): the issue saw minutes


@pytest.mark.parametrize("endpoint", ["bank", "paper attendance", "paper tests"])
def test_every_other_import_refuses_a_gigabyte_of_empty_rows(client, auth, session, endpoint):
    auth.as_role(Role.EXPERT)  # the bank is the experts'; the sessions are coordinators' too
    response = post(client, session, endpoint, hostile_xlsx.empty_rows_bomb())
    assert response.status_code == 400
    assert TOO_LARGE in page(response)
    assert written() == (0, 0, 0, 0, 0)


def test_a_coordinator_uploading_a_million_rows_is_refused_at_once(client, auth, session):
    auth.as_role(Role.COORDINATOR, "oriental")
    response, seconds, peak = measured_post(client, session, "roster",
                                            hostile_xlsx.million_rows())
    assert response.status_code == 400
    assert TOO_LARGE in page(response)
    assert written() == (0, 0, 0, 0, 0)
    assert peak < MEMORY_LIMIT
    assert seconds < 30  # a guard only (tracemalloc slows it)


@pytest.mark.parametrize("endpoint, message", [
    ("roster", "Le fichier dépasse 1000 lignes : découpez-le."),
    ("bank", "Le fichier dépasse 500 lignes : découpez-le."),
    ("paper attendance", "La feuille dépasse 1000 lignes."),
    ("paper tests", "Le fichier dépasse 1000 lignes : découpez-le."),
])
def test_every_import_refuses_a_sheet_far_too_long_by_counting_its_rows(client, auth, session,
                                                                       endpoint, message):
    auth.as_role(Role.EXPERT)
    response = post(client, session, endpoint, hostile_xlsx.numbered_rows(20_000))
    assert response.status_code == 400
    assert message in page(response)
    assert written() == (0, 0, 0, 0, 0)


def test_a_far_right_cell_is_refused_with_the_column_limit(client, auth, session):
    auth.as_role(Role.COORDINATOR, "oriental")
    data = hostile_xlsx.workbook_with_sheet(
        hostile_xlsx._HEAD + b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row>'
        b"</sheetData></worksheet>")
    response = post(client, session, "roster", data)
    assert response.status_code == 400
    assert "Le fichier contient plus de 256 colonnes" in page(response)
    assert written() == (0, 0, 0, 0, 0)


def test_a_zip_of_too_many_parts_is_refused(client, auth, session):
    auth.as_role(Role.COORDINATOR, "oriental")
    response = post(client, session, "paper attendance", hostile_xlsx.many_parts(300))
    assert response.status_code == 400
    assert "Le fichier contient plus de 250 éléments internes" in page(response)


def test_a_roster_claiming_the_whole_grid_imports_its_one_real_person(client, auth, session):
    auth.as_role(Role.COORDINATOR, "oriental")
    data = hostile_xlsx.lying_dimension([["Nom", "Prénom"], ["=HYPERLINK(\"x\")", "Fatima"]])
    response, seconds, peak = measured_post(client, session, "roster", data)
    assert response.status_code == 302
    people = db.session.scalars(sa.select(Participant)).all()
    assert [(p.last_name, p.first_name) for p in people] == [('=HYPERLINK("x")', "Fatima")]
    assert peak < MEMORY_LIMIT
    assert seconds < 30  # a guard only: a core was busy for minutes before


def test_the_entry_grid_of_a_large_session_is_accepted_back(client, auth):
    """200 people over three days: the "Données" sheet of the grid has 1,200 lines, more than
    the import's 1,000 rows; only the attendance sheet is held to that limit."""
    session = factories.session(region="oriental", days=3)
    for _ in range(200):
        factories.registration(session, factories.participant())
    db.session.commit()
    auth.as_role(Role.COORDINATOR, "oriental")
    grid = client.get(f"/sessions/{session.id}/paper-entry.xlsx")
    assert grid.status_code == 200
    response = post(client, session, "paper attendance", grid.data)
    assert response.status_code == 302
    assert count(CheckIn) == 0


def test_too_many_shared_strings_are_refused_with_their_message(client, auth, session):
    auth.as_role(Role.EXPERT)
    response = post(client, session, "bank", hostile_xlsx.many_strings(100_000))
    assert response.status_code == 400
    assert "Le fichier contient plus de 40000 textes différents" in page(response)
    assert written() == (0, 0, 0, 0, 0)
