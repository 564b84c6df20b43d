"""The notice « Vos données personnelles » (law 09-08): reachable from the footer of every page a
participant can see, tiny, without script, its deployment's values escaped, and every
published version still readable."""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import template_rendered

from tests import factories
from tests.test_tests_public import _weight, all_right, remember, room  # noqa: F401
from tests.test_checkin_walk_in import hidden, walk_in
from trainings.attendance.models import CheckIn
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.phone import links
from trainings.notice import notices
from trainings.notice.notices import LegalBasis
from trainings.notice.routes import DEFAULT_CONTACT, DEFAULT_CONTROLLER
from trainings.security_headers import PARTICIPANT_BLUEPRINTS

LINK = 'href="/donnees-personnelles"'
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PARTICIPANT_FOLDERS = ("checkin", "tests", "notice", "certificates")
HOSTILE = ('<script>alert(1)</script> =HYPERLINK("http://evil.example") '
           "جمعية النور 2026 للتنمية")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# Every participant page ------------------------------------------------------------------------

def participant_templates() -> set[str]:
    """The pages of the participants' folders (not the partials, nor the notice's wordings,
    which the notice page includes)."""
    found = set()
    for folder in PARTICIPANT_FOLDERS:
        for path in (TEMPLATES / folder).glob("*.html"):
            if (not path.name.startswith(("_", "notice-"))
                    and path.relative_to(TEMPLATES).as_posix() != "checkin/base.html"):
                found.add(f"{folder}/{path.name}")
    return found


def test_every_participant_template_extends_the_layout_whose_footer_links_the_notice():
    layout = (TEMPLATES / "checkin/base.html").read_text()
    assert "url_for('notice.notice')" in layout.split("<footer>")[1]
    missing = [name for name in sorted(participant_templates())
               if '{% extends "checkin/base.html" %}' not in (TEMPLATES / name).read_text()]
    assert missing == []


@pytest.fixture
def rendered(app):
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


class Visits:
    """Requests to the participants' addresses: each HTML answer must link the notice."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.endpoints: set[str] = set()
        self.pages: list[tuple[str, int]] = []

    def __call__(self, method: str, path: str, **kwargs) -> str:
        adapter = self.app.url_map.bind("localhost")
        try:
            self.endpoints.add(adapter.match(path, method=method)[0])
        except Exception:  # noqa: BLE001  (an unknown address or method: its error page)
            pass
        response = self.client.open(path, method=method, **kwargs)
        if response.status_code in (301, 302, 303):
            return self("GET", response.headers["Location"])
        page = response.get_data(as_text=True)
        assert response.mimetype == "text/html", path
        assert LINK in page, (method, path, response.status_code)
        self.pages.append((path, response.status_code))
        return page


def test_every_participant_page_links_the_notice_in_its_footer(app, client, room, rendered):
    visit = Visits(app, client)
    half_day = room.half_day
    with app.test_request_context():
        checkin = f"/c/{links.checkin_token(half_day)}"
    # Check-in: the typed code, a scan, a newcomer, a confirmation, and their errors.
    visit("GET", "/c")
    visit("POST", "/c", data={"code": "ZZZZZZ"})
    page = visit("GET", checkin)
    visit("POST", "/c/identify", data={"proof": hidden(page, "proof"), "contact": ""})
    newcomer = visit("POST", "/c/identify", data={"proof": hidden(page, "proof"),
                                                   "contact": "0699999999"})
    visit("POST", "/c/identify", data={"proof": hidden(page, "proof"),
                                       "contact": room.person.phone})
    visit("POST", "/c/confirm", data={})
    visit("POST", "/c/forget", data={"proof": hidden(page, "proof")})  # « Ce n'est pas moi »
    visit("POST", "/c/register", data=walk_in(hidden(newcomer, "proof"), consent=""))
    visit("POST", "/c/register", data=walk_in(hidden(newcomer, "proof"), phone="0699999999"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1  # done page
    visit("GET", "/c/not-a-token")
    visit("GET", "/c/ok/not-a-reference")
    visit("GET", f"/c/p/{hidden(page, 'proof')}")  # the language switch after a form
    visit("GET", f"{room.url}/submit")  # 405
    # Tests: the contact asked, the test, its result, the questionnaire, and their errors.
    visit("GET", room.url)
    visit("POST", f"{room.url}/identify", data={"contact": ""})
    visit("GET", "/t/not-a-token")
    visit("GET", "/t/ok/not-a-reference")
    remember(app, client, room.person)
    page = visit("GET", room.url)
    visit("POST", f"{room.url}/submit", data={"proof": re.search(
        r'name="proof" type="hidden" value="([^"]+)"', page).group(1),
        **all_right(room), "confirm_unanswered": "1"})
    room.test.satisfaction_open = True
    db.session.commit()
    visit("GET", f"{room.url}/satisfaction")
    visit("POST", f"{room.url}/satisfaction", data={})
    visit("GET", f"{room.url}/merci")
    # The certificate's verification, and the notice itself.
    visit("GET", "/attestation/not-a-token")
    visit("GET", "/donnees-personnelles")
    visit("GET", f"/donnees-personnelles/{notices.CURRENT_VERSION}")
    visit("GET", "/donnees-personnelles/1999-01-01")

    every = {rule.endpoint for rule in app.url_map.iter_rules()
             if rule.endpoint.split(".")[0] in PARTICIPANT_BLUEPRINTS}
    assert every - visit.endpoints == set()  # a new participant page must be visited here
    assert {status for _path, status in visit.pages} >= {200, 400, 404, 405}
    pages = {name for name in rendered if not name.startswith(("macros", "notice/notice-"))
             and not name.rsplit("/", 1)[-1].startswith("_")}
    assert pages <= participant_templates(), pages - participant_templates()


# The notice ------------------------------------------------------------------------------------

def test_the_notice_says_who_what_why_how_long_and_whom_to_ask(app, client):
    app.config.update(PRIVACY_CONTROLLER="l'association Migrations et Développement",
                      PRIVACY_CONTACT="donnees@programme.example.org", RETENTION_MONTHS=24)
    response = client.get("/donnees-personnelles")
    assert response.status_code == 200
    page = text(response)
    assert "Le responsable du traitement est : l'association Migrations et Développement." in page
    assert "Adressez-vous à : donnees@programme.example.org." in page
    assert "24 mois après votre dernière participation" in page
    for words in ("consulter vos données", "corriger", "effacer", "CNDP", "loi 09-08",
                  "feuille de présence", "ni votre nationalité"):
        assert words in page
    assert str(notices.current().consent) in page
    assert f"Version du {notices.CURRENT_VERSION}" in page


def test_the_notice_has_sensible_defaults(app, client):
    """Unset, the controller and the contact are the programme's team and the trainer, named
    in the reader's language."""
    assert app.config["PRIVACY_CONTROLLER"] is None and app.config["PRIVACY_CONTACT"] is None
    page = text(client.get("/donnees-personnelles"))
    assert str(DEFAULT_CONTROLLER) in page and "programme" in page
    assert str(DEFAULT_CONTACT) in page
    arabic = text(client.get("/donnees-personnelles?lang=ar"))
    assert str(DEFAULT_CONTACT) not in arabic and "المكوِّن(ة)" in arabic
    assert f"{app.config['RETENTION_MONTHS']} mois" in page
    assert app.config["RETENTION_MONTHS"] == 36


def test_the_notice_is_tiny_script_free_and_sends_no_referrer(client):
    response = client.get("/donnees-personnelles")
    page = response.get_data(as_text=True)
    assert "<script" not in page.lower()
    assert not re.search(r"<[^>]+\son\w+=", page) and "style=" not in page
    assert _weight(client, page) <= 12 * 1024  # the page and its stylesheet
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'name="viewport" content="width=device-width' in page


def test_hostile_deployment_values_are_shown_as_text(app, client):
    app.config.update(PRIVACY_CONTROLLER=HOSTILE, PRIVACY_CONTACT=HOSTILE + " " + "x" * 10_000)
    response = client.get("/donnees-personnelles")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert "جمعية النور 2026 للتنمية" in page
    assert 'href="http://evil.example"' not in page


# Versions ------------------------------------------------------------------------------------

def test_published_versions_are_dated_ordered_and_each_readable(client):
    ids = [notice.version for notice in notices.VERSIONS]
    assert ids == sorted(set(ids)) and notices.CURRENT_VERSION == ids[-1]
    for notice in notices.VERSIONS:
        date.fromisoformat(notice.version)
        assert (TEMPLATES / notice.template).is_file()
        page = text(client.get(f"/donnees-personnelles/{notice.version}"))
        assert str(notice.consent) in page and f"Version du {notice.version}" in page


def test_an_earlier_version_stays_readable_and_points_to_the_current_one(client, monkeypatch):
    earlier = notices.NoticeVersion("2026-01-15", "Une ancienne phrase d'accord.",
                                    notices.current().template)
    monkeypatch.setitem(notices.BY_VERSION, earlier.version, earlier)
    page = text(client.get("/donnees-personnelles/2026-01-15"))
    assert "Une ancienne phrase d'accord." in page
    assert "Ce texte a été remplacé." in page and 'href="/donnees-personnelles"' in page
    assert "Ce texte a été remplacé." not in text(client.get("/donnees-personnelles"))


def test_an_unknown_version_is_a_404_in_the_participants_layout(client):
    response = client.get("/donnees-personnelles/2099-01-01")
    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in text(response)
    assert LINK in response.get_data(as_text=True)


def test_staff_see_the_version_a_person_agreed_to(client, auth):
    auth.as_role(Role.OBSERVER)
    person = factories.participant(legal_basis=LegalBasis.CONSENT,
                                   notice_version=notices.CURRENT_VERSION)
    unknown = factories.participant()
    before = factories.participant(legal_basis=LegalBasis.CONSENT)  # migrated: no wording kept
    db.session.commit()
    page = text(client.get(f"/participants/{person.id}"))
    assert "Consentement" in page
    assert f'href="/donnees-personnelles/{notices.CURRENT_VERSION}"' in page
    other = text(client.get(f"/participants/{unknown.id}"))
    assert "Base légale" in other and "Non renseigné" in other
    assert "/donnees-personnelles/" not in other
    migrated = text(client.get(f"/participants/{before.id}"))
    assert "Consentement" in migrated and "Non conservé" in migrated
