"""A server error: the page (or the API's JSON) gives a reference, and the log holds that
reference with the traceback, since nothing else alerts anyone."""
from __future__ import annotations

import logging
import re

import pytest

from tests.conftest import make_app
from tests.test_api import API
from trainings.extensions import db

REFERENCE = re.compile(r"Référence : ([0-9A-F]{4}-[0-9A-F]{4}) — communiquez-la à "
                       r"l'administrateur\.")


class Broken(RuntimeError):
    pass


@pytest.fixture
def broken_app(_schema):
    """The application as in production (exceptions handled, not raised into the test),
    with a page and an API address that fail."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def fail():
        raise Broken("=HYPERLINK(\"x\") <script>")

    app.add_url_rule("/boom", "boom", fail)
    app.add_url_rule(f"{API}/boom", "api_boom", fail)
    app.add_url_rule("/c/boom", "participant_boom", fail)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _logged(caplog, reference: str) -> logging.LogRecord:
    (record,) = [r for r in caplog.records if reference in r.getMessage()]
    return record


def test_a_failing_page_shows_a_reference_that_the_log_holds_with_the_traceback(broken_app,
                                                                               caplog):
    with caplog.at_level(logging.ERROR, logger=broken_app.logger.name):
        response = broken_app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "informée" not in page and "Une erreur est survenue." in page
    (reference,) = REFERENCE.findall(page)
    record = _logged(caplog, reference)
    assert record.levelno == logging.ERROR and "GET /boom" in record.getMessage()
    assert record.exc_info[0] is Broken
    assert "Traceback" in caplog.text and "raise Broken" in caplog.text
    # One record of the error: Flask's own, without the reference, is left out.
    assert caplog.text.count("raise Broken") == 1


def test_each_error_has_its_own_reference(broken_app):
    client = broken_app.test_client()
    references = {REFERENCE.search(client.get("/boom").get_data(as_text=True))[1]
                  for _ in range(3)}
    assert len(references) == 3


def test_a_failing_api_call_says_its_reference_in_json(broken_app, caplog):
    with caplog.at_level(logging.ERROR, logger=broken_app.logger.name):
        response = broken_app.test_client().get(f"{API}/boom")
    assert response.status_code == 500 and response.is_json
    (reference,) = REFERENCE.findall(response.json["error"])
    assert response.json["error"].startswith("Erreur interne du serveur. Référence : ")
    assert _logged(caplog, reference).exc_info[0] is Broken


def test_a_client_error_has_no_reference_and_logs_nothing(broken_app, caplog):
    with caplog.at_level(logging.ERROR, logger=broken_app.logger.name):
        response = broken_app.test_client().get("/nowhere")
    assert response.status_code == 404
    assert "Référence" not in response.get_data(as_text=True) and not caplog.records


def test_a_participant_gets_the_reference_in_the_participants_layout(broken_app, caplog):
    """A check-in address that fails: the participant's page, with the reference for the
    trainer, and the way back to the room's code, not the staff's home."""
    with caplog.at_level(logging.ERROR, logger=broken_app.logger.name):
        response = broken_app.test_client().get("/c/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "informée" not in page and "Taper le code de la salle" in page
    assert "Retour à l'accueil" not in page
    (reference,) = re.findall(r'Référence : <bdi dir="ltr">([0-9A-F]{4}-[0-9A-F]{4})</bdi>', page)
    assert _logged(caplog, reference).exc_info[0] is Broken
