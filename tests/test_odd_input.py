"""Odd input from an outside probe: huge identifiers, impossible months, empty or repeated
API parameters. Each gets a clear answer (404, 400 or a message), never a 500."""
from __future__ import annotations

import pytest

from tests import factories
from tests.test_api import API, bearer
from trainings.auth.models import Role
from trainings.identifiers import LARGEST_ID

HUGE = ["99999999999999999999", "1235757949436195504128", str(2**63), str(LARGEST_ID + 1)]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("path", [
    "/sessions/{n}", "/sessions/{n}/edit", "/sessions/{n}/signin-sheet.pdf",
    "/sessions/1/participants/{n}/certificate.pdf", "/trainings/{n}",
])
def test_a_huge_identifier_in_a_page_address_is_a_404(client, auth, path, number):
    auth.as_role(Role.ADMIN)
    response = client.get(path.format(n=number))
    assert response.status_code == 404
    assert "Cette page n'existe pas" in response.get_data(as_text=True)


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize("path", ["/sessions/{n}", "/sessions/{n}/attendance.xlsx",
                                  "/trainings/{n}/questions", "/half-days/{n}/checkin-link"])
def test_a_huge_identifier_in_an_api_address_is_a_json_404(client, path, number):
    response = client.get(API + path.format(n=number), headers=bearer(factories.user(Role.ADMIN)))
    assert response.status_code == 404
    assert response.json == {"error": "Ressource introuvable."}


@pytest.mark.parametrize("path", ["/c/{n}", "/t/{n}", "/t/{n}/merci", "/attestation/{n}"])
def test_a_huge_number_in_a_participant_address_is_a_404(client, path):
    response = client.get(path.format(n=HUGE[1]))
    assert response.status_code == 404


def test_the_largest_identifier_still_reaches_the_view(client, auth):
    auth.as_role(Role.ADMIN)
    session = factories.session()
    assert client.get(f"/sessions/{session.id}").status_code == 200
    response = client.get(f"/sessions/{LARGEST_ID}")  # a view's own 404: no such session
    assert response.status_code == 404


def test_the_openapi_document_gives_the_identifiers_bounds(client):
    parameters = client.get(f"{API}/openapi.json").json["paths"]["/sessions/{session_id}"][
        "parameters"]
    session_id = next(p for p in parameters if p["name"] == "session_id")
    assert session_id["schema"] == {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}


# The calendar's month ------------------------------------------------------------------------

BAD_MONTH = "Mois invalide : écrivez-le AAAA-MM (par exemple 2026-12), entre 1900 et 2999."


@pytest.mark.parametrize("month", ["9999-12", "1-1", "99999999999999999999-1", "0000-01",
                                   "2026-13", "2026-00", "2026-1", "=HYPERLINK(1)", "2026-12-01",
                                   "٢٠٢٦-١٢", "3000-01", "1899-12"])
def test_an_impossible_month_shows_the_current_month_with_a_message(client, auth, month):
    auth.as_role(Role.ADMIN)
    response = client.get("/sessions/calendar", query_string={"month": month})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert BAD_MONTH in page and "Voici le mois en cours." in page


@pytest.mark.parametrize("month, title", [("1900-01", "Janvier 1900"),
                                          ("2999-12", "Décembre 2999"),
                                          ("2026-12", "Décembre 2026")])
def test_the_first_and_last_months_are_drawn_with_their_neighbours(client, auth, month, title):
    auth.as_role(Role.ADMIN)
    response = client.get(f"/sessions/calendar?month={month}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and title in page and BAD_MONTH not in page


def test_no_month_is_the_current_month_without_a_message(client, auth):
    auth.as_role(Role.ADMIN)
    page = client.get("/sessions/calendar?month=").get_data(as_text=True)
    assert "Mois invalide" not in page


# The API's query strings ---------------------------------------------------------------------

@pytest.mark.parametrize("endpoint, query, parameter", [
    ("sessions", "to=", "to"), ("sessions", "region=oriental&to=%20", "to"),
    ("sessions", "date_from=", "date_from"), ("gains", "min_attendance=", "min_attendance"),
    ("gains", "region=", "region"),
])
def test_the_api_refuses_an_empty_value_naming_the_parameter(client, endpoint, query,
                                                             parameter):
    response = client.get(f"{API}/{endpoint}?{query}", headers=bearer(factories.user()))
    assert response.status_code == 400 and response.json["parameter"] == parameter
    assert response.json["error"] == (f"Paramètre « {parameter} » vide : donnez une valeur, ou "
                                      "retirez le paramètre.")


@pytest.mark.parametrize("endpoint, query, parameter", [
    ("sessions", "region=oriental&region=souss-massa", "region"),
    ("sessions", "region=oriental&region=oriental", "region"),
    ("sessions", "from=2026-01-01&to=2026-02-01&to=2026-12-01", "to"),
    ("gains", "min_attendance=50&min_attendance=80&min_attendance=90", "min_attendance"),
])
def test_the_api_refuses_a_repeated_parameter_naming_it(client, endpoint, query, parameter):
    response = client.get(f"{API}/{endpoint}?{query}", headers=bearer(factories.user()))
    assert response.status_code == 400 and response.json["parameter"] == parameter
    count = query.count(f"{parameter}=")
    assert response.json["error"] == (f"Paramètre « {parameter} » donné {count} fois : un "
                                      "filtre prend une seule valeur.")


def test_an_unknown_parameter_is_still_named_first(client):
    response = client.get(f"{API}/sessions?region=&region=oriental&regoin=",
                          headers=bearer(factories.user()))
    assert response.status_code == 400 and response.json["parameter"] == "regoin"


def test_the_session_list_page_still_reads_an_empty_filter_as_no_filter(client, auth):
    auth.as_role(Role.ADMIN)
    oriental = factories.session(region="oriental", title="Atelier Oujda")
    souss = factories.session(region="souss-massa", title="Atelier Agadir")
    page = client.get("/sessions/?region=&to=&training_id=&region=oriental").get_data(
        as_text=True)
    assert 'class="error"' not in page and 'aria-invalid' not in page
    assert oriental.title in page and souss.title in page  # the first, empty, region: all
