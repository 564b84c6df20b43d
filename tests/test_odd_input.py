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
