"""The read API (/api/v1): bearer tokens, the role and region rules of the pages, JSON errors,
each endpoint's content, constant query counts, and the OpenAPI document kept true."""
from __future__ import annotations

import hashlib
import html
import io
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import openpyxl
import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from flask import Flask, request
from flask_babel.speaklater import LazyString
from flask_login import login_user
from werkzeug.exceptions import Gone, InternalServerError, TooManyRequests

from tests import audit, factories
from tests.querycount import count_queries
from trainings.api import filters, openapi, routes, schemas
from trainings.auth import tokens as api_tokens
from trainings.auth.models import ApiToken
from trainings.assessments import attempts
from trainings.assessments.models import (
    AttemptKind,
    AttemptMethod,
    Choice,
    Question,
    QuestionKind,
)
from trainings.attendance import services as attendance
from trainings.extensions import db
from trainings.models import CheckInMethod, Role, SessionStatus, Sex, WindowOverride
from trainings.phone import links
from trainings.phone import tokens as checkin_tokens
from trainings.reports.forms import ReportFilterForm
from trainings.reports.services import ReportFilters
from trainings.schedule.services import SessionFilters
from trainings.schedule.selection import SelectionSchema, selection_from_query

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bearer(user) -> dict:
    _row, secret = api_tokens.issue(user)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def expert():
    return bearer(factories.user(Role.EXPERT))


def with_checkins(session, people: int = 2, **kw) -> list:
    """Registered people, all present at every half-day; an organisation for each."""
    persons = []
    for n in range(people):
        organization = factories.organization(region=session.region)
        person = factories.participant(region=session.region, organization_id=organization.id,
                                       sex=(Sex.FEMALE, Sex.MALE, None)[n % 3], **kw)
        factories.registration(session, person)
        for half_day in session.half_days:
            attendance.record_check_in(half_day.id, person.id, CheckInMethod.QR)
        persons.append(person)
    return persons


def with_questions(training_id: int, n: int = 2) -> list[Question]:
    questions = []
    for position in range(n):
        question = Question(training_id=training_id, kind=QuestionKind.SINGLE,
                            text=f"Question {position}", position=position)
        question.choices = [Choice(text="Oui", is_correct=True, position=0),
                            Choice(text="Non", position=1)]
        db.session.add(question)
        questions.append(question)
    db.session.flush()
    return questions


def with_attempts(session, persons, questions) -> None:
    """Everyone wrong everywhere at the pre-test, right at the first question after."""
    wrong = {q.id: [q.choices[1].id] for q in questions}
    right_first = {**wrong, questions[0].id: [questions[0].choices[0].id]}
    for person in persons:
        attempts.record_attempt(session, person.id, AttemptKind.PRE, wrong,
                                AttemptMethod.PAPER)
        attempts.record_attempt(session, person.id, AttemptKind.POST, right_first,
                                AttemptMethod.PAPER)
    db.session.flush()


# Tokens ------------------------------------------------------------------------------------

def test_tokens_are_stored_as_digests_only(app):
    user = factories.user(Role.EXPERT)
    row, secret = api_tokens.issue(user)
    db.session.commit()
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert row.prefix == secret[:8] and len(secret) >= 40
    stored = db.session.execute(sa.select(ApiToken.__table__)).one()
    assert all(secret not in str(value) for value in stored)


def test_cli_prints_a_working_token_as_its_last_line(client, runner):
    user = factories.user(Role.OBSERVER)
    db.session.commit()
    result = runner.invoke(args=["users", "token", user.email.upper()])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) >= 2 and user.email in lines[0]
    token = lines[-1]
    response = client.get(f"{API}/sessions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize("active", [None, False])
def test_cli_refuses_an_unknown_or_inactive_account(runner, active):
    email = "nobody@example.org"
    if active is False:
        email = factories.user(Role.EXPERT, active=False).email
        db.session.commit()
    result = runner.invoke(args=["users", "token", email])
    assert result.exit_code == 1
    assert email in result.output
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def _created_token(response) -> str:
    match = re.search(r'<code id="new-token">([^<]+)</code>', response.get_data(as_text=True))
    assert match, "the new token is not shown"
    return match.group(1)


def test_account_page_creates_a_token_shown_once(client, auth):
    user = auth.as_role(Role.OBSERVER)
    response = client.post("/account/tokens")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    token = _created_token(response)
    page = client.get("/account").get_data(as_text=True)
    assert token not in page and token[:8] in page
    client.post("/logout")
    assert client.get(f"{API}/sessions",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert db.session.scalar(sa.select(ApiToken.user_id)) == user.id


def test_revoking_from_the_account_page_stops_the_token(client, auth):
    auth.as_role(Role.EXPERT)
    token = _created_token(client.post("/account/tokens"))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/sessions", headers=headers).status_code == 200
    row = db.session.scalar(sa.select(ApiToken))
    assert row.last_used_at is not None
    response = client.post(f"/account/tokens/{row.id}/revoke")
    assert response.status_code == 302
    assert client.get(f"{API}/sessions", headers=headers).status_code == 401
    assert "Révoqué le" in client.get("/account").get_data(as_text=True)


def test_nobody_revokes_another_persons_token_from_their_account_page(client, auth):
    other = factories.user(Role.EXPERT)
    headers = bearer(other)
    auth.as_role(Role.EXPERT)
    row = db.session.scalar(sa.select(ApiToken))
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert client.get(f"{API}/sessions", headers=headers).status_code == 200


def test_admin_revokes_an_accounts_token(client, auth):
    user = factories.user(Role.EXPERT)
    headers = bearer(user)
    auth.as_role(Role.ADMIN)
    row = db.session.scalar(sa.select(ApiToken))
    page = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert row.prefix in page
    response = client.post(f"/admin/users/{user.id}/tokens/revoke", data={"token_id": row.id})
    assert response.status_code == 302
    assert client.get(f"{API}/sessions", headers=headers).status_code == 401
    # The token of another account is not reached through this one's page.
    assert client.post(f"/admin/users/{user.id}/tokens/revoke",
                       data={"token_id": row.id + 1}).status_code == 404


# Authentication ----------------------------------------------------------------------------

def _assert_unauthorized(response):
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.is_json and response.json["error"]


def test_no_token_is_401(client):
    _assert_unauthorized(client.get(f"{API}/sessions"))


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ",
                                    "Token abc"])
def test_a_bad_token_is_401(client, header):
    factories.user(Role.EXPERT)
    _assert_unauthorized(client.get(f"{API}/sessions", headers={"Authorization": header}))


def test_a_revoked_token_is_401(client):
    user = factories.user(Role.EXPERT)
    row, secret = api_tokens.issue(user)
    api_tokens.revoke(row)
    db.session.commit()
    response = client.get(f"{API}/sessions", headers={"Authorization": f"Bearer {secret}"})
    _assert_unauthorized(response)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_the_token_of_a_deactivated_account_is_401(client):
    user = factories.user(Role.EXPERT)
    headers = bearer(user)
    user.active = False
    db.session.commit()
    _assert_unauthorized(client.get(f"{API}/sessions", headers=headers))


def test_the_pages_session_cookie_does_not_open_the_api(client, auth):
    auth.as_role(Role.ADMIN)
    _assert_unauthorized(client.get(f"{API}/sessions"))


def test_api_calls_set_no_cookie_and_are_not_cached(client, expert):
    response = client.get(f"{API}/sessions", headers=expert)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    # ... and the next request without the token is not logged in.
    _assert_unauthorized(client.get(f"{API}/sessions"))


def test_the_remember_me_cookie_neither_opens_the_api_nor_hides_a_token(client, auth):
    user = factories.user(Role.ADMIN)
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD,
                                "remember": "y"})
    client.delete_cookie("session")  # a new browser session: only "rester connecté·e" is left
    assert client.get_cookie("remember_token") is not None
    assert client.get("/account").status_code == 200  # it still opens the pages
    client.delete_cookie("session")
    _assert_unauthorized(client.get(f"{API}/sessions"))
    response = client.get(f"{API}/sessions", headers=bearer(factories.user(Role.OBSERVER)))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_a_token_does_not_open_the_pages(client, expert):
    response = client.get("/sessions/", headers=expert)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_openapi_document_needs_no_token(client):
    assert client.get(f"{API}/openapi.json").status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(app):
    user = factories.user(Role.EXPERT)
    row, secret = api_tokens.issue(user)
    first = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert api_tokens.authenticate(secret, now=first) == user
    assert api_tokens.authenticate(secret, now=first + timedelta(seconds=30)) == user
    assert row.last_used_at == first
    api_tokens.authenticate(secret, now=first + timedelta(minutes=2))
    assert row.last_used_at == first + timedelta(minutes=2)


# Roles and regions -------------------------------------------------------------------------

@pytest.fixture
def world():
    """A session in each of two regions, with people checked in and a question bank."""
    oriental = factories.session(region="oriental", title="Oujda")
    souss = factories.session(region="souss-massa", title="Tiznit")
    for session in (oriental, souss):
        with_attempts(session, with_checkins(session), with_questions(session.training_id))
    db.session.commit()
    return {"oriental": oriental, "souss": souss}


def regional_urls(session) -> list[str]:
    return [f"{API}/sessions/{session.id}", f"{API}/sessions/{session.id}/attendance",
            f"{API}/sessions/{session.id}/attendance.xlsx", f"{API}/sessions/{session.id}/gains",
            f"{API}/sessions/{session.id}/gains.xlsx",
            f"{API}/half-days/{session.half_days[0].id}/checkin-link"]


def test_a_coordinator_lists_only_their_regions_sessions(client, world):
    headers = bearer(factories.user(Role.COORDINATOR, "oriental"))
    response = client.get(f"{API}/sessions", headers=headers)
    assert [s["title"] for s in response.json["sessions"]] == ["Oujda"]


@pytest.mark.parametrize("path", range(6))
def test_a_coordinator_is_refused_another_regions_objects(client, world, path):
    headers = bearer(factories.user(Role.COORDINATOR, "oriental"))
    response = client.get(regional_urls(world["souss"])[path], headers=headers)
    assert response.status_code == 403
    assert response.is_json and response.json["error"]
    assert client.get(regional_urls(world["oriental"])[path],
                      headers=headers).status_code == 200


@pytest.mark.parametrize("query", ["region=souss-massa", "province=tiznit"])
@pytest.mark.parametrize("endpoint", ["sessions", "gains"])
def test_a_coordinator_asking_for_another_region_is_refused(client, world, query, endpoint):
    headers = bearer(factories.user(Role.COORDINATOR, "oriental"))
    response = client.get(f"{API}/{endpoint}?{query}", headers=headers)
    assert response.status_code == 403


def test_a_coordinator_reads_the_question_banks(client, world):
    headers = bearer(factories.user(Role.COORDINATOR, "oriental"))
    response = client.get(f"{API}/trainings/{world['souss'].training_id}/questions",
                          headers=headers)
    assert response.status_code == 200 and len(response.json["questions"]) == 2


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.ADMIN, Role.EXPERT])
def test_readers_of_every_region_read_everything(client, world, role):
    headers = bearer(factories.user(role))
    assert len(client.get(f"{API}/sessions", headers=headers).json["sessions"]) == 2
    for session in world.values():
        for url in regional_urls(session) + [f"{API}/trainings/{session.training_id}/questions",
                                             f"{API}/gains"]:
            assert client.get(url, headers=headers).status_code == 200, url


@pytest.mark.parametrize("url", [
    "/sessions/999999", "/sessions/999999/attendance", "/sessions/999999/attendance.xlsx",
    "/sessions/999999/gains", "/sessions/999999/gains.xlsx", "/trainings/999999/questions",
    "/half-days/999999/checkin-link", "/no-such-thing", "/sessions/abc",
])
def test_unknown_ids_and_urls_are_json_404(client, expert, url):
    response = client.get(API + url, headers=expert)
    assert response.status_code == 404
    assert response.json == {"error": "Ressource introuvable."}


def test_the_read_endpoints_refuse_writes(client, expert):
    response = client.post(f"{API}/sessions", headers=expert)
    assert response.status_code == 405
    assert response.is_json and "Méthode non permise" in response.json["error"]


@pytest.mark.parametrize("error", [TooManyRequests(), InternalServerError()])
def test_other_errors_of_the_api_are_json_too(app, error):
    with app.test_request_context(f"{API}/sessions"):
        response = app.make_response(app.handle_http_exception(error))
    assert response.status_code == error.code
    assert response.is_json and response.json["error"]
    if error.code == 429:
        assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("path, json", [(f"{API}/sessions", True), ("/sessions/", False)])
def test_errors_the_app_has_no_handler_for_are_json_in_the_api_only(app, path, json):
    with app.test_request_context(path):
        response = app.make_response(app.handle_http_exception(Gone()))
    assert response.status_code == 410
    assert response.is_json == json
    if json:
        assert response.json["error"]


def test_the_pages_keep_their_html_error_page(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.get("/sessions/999999")
    assert response.status_code == 404 and response.mimetype == "text/html"


# Filters -----------------------------------------------------------------------------------

BAD_SESSION_FILTERS = [
    ("region=nowhere", "region"), ("province=paris", "province"), ("theme=cooking", "theme"),
    ("training=abc", "training"), ("training=0", "training"), ("training=-3", "training"),
    ("audience=club", "audience"), ("status=done", "status"), ("from=2026-13-01", "from"),
    ("from=07/12/2026", "from"), ("to=20261207", "to"), ("from=2026-12-08&to=2026-12-07", "from"),
    ("region=oriental&province=tiznit", "province"), ("regoin=oriental", "regoin"),
    ("date_from=2026-13-01", "date_from"), ("training_id=abc", "training_id"),
]
BAD_GAIN_FILTERS = [
    ("min_attendance=101", "min_attendance"), ("min_attendance=-1", "min_attendance"),
    ("min_attendance=half", "min_attendance"), ("status=held", "status"),
    ("region=nowhere", "region"), ("from=2026-02-30", "from"), ("training=x", "training"),
    ("from=2026-12-08&to=2026-12-07", "from"),
]


@pytest.mark.parametrize("endpoint, query, parameter",
                         [("sessions", q, p) for q, p in BAD_SESSION_FILTERS]
                         + [("gains", q, p) for q, p in BAD_GAIN_FILTERS])
def test_a_bad_filter_is_a_400_naming_the_parameter(client, expert, endpoint, query, parameter):
    response = client.get(f"{API}/{endpoint}?{query}", headers=expert)
    assert response.status_code == 400
    assert response.json["parameter"] == parameter
    assert f"« {parameter} »" in response.json["error"]


def test_an_unknown_parameter_is_refused_even_empty_and_the_accepted_ones_are_listed(
        client, expert):
    response = client.get(f"{API}/gains?regoin=&region=oriental", headers=expert)
    assert response.status_code == 400 and response.json["parameter"] == "regoin"
    assert response.json["error"] == (
        "Paramètre inconnu « regoin » (paramètres acceptés : region, province, training, theme, "
        "audience, from, to, min_attendance).")


def test_the_report_page_and_the_api_read_a_query_into_the_same_selection(app):
    user = factories.user(Role.EXPERT)
    training = factories.training(theme="pac")
    db.session.commit()
    query = (f"region=oriental&province=oujda-angad&training_id={training.id}&theme=pac"
             "&audience=diaspora&date_from=2026-01-01&date_to=2026-12-31&min_attendance=80")
    with app.test_request_context(f"/reports/programme?{query}"):
        login_user(user)
        form = ReportFilterForm(request.args)
        form.scope_choices(user.scope_region)
        assert form.validate(), form.errors
        from_the_page, _ = selection_from_query(form, ReportFilters, request.args)
        assert from_the_page == filters.GAINS.load(request.args)
        assert from_the_page.min_attendance == 80 and from_the_page.audience == "diaspora"


# One rule, two answers: the API refuses a value with a 400 naming the parameter; a page shows
# the refusal under the filter, and then lists without that filter (the sessions) or makes
# nothing (a report, an export).
PAGES = [("/sessions/", 200), ("/reports/programme", 400), ("/exports/attendance.xlsx", 400)]
REFUSED_BY_BOTH = [  # the query, the parameter the API names, the page's filter, its message
    ("from=2026-12-08&to=2026-12-07", "from", "date_from",
     "La date de fin précède la date de début."),
    ("date_from=2026-12-08&date_to=2026-12-07", "date_from", "date_from",
     "La date de fin précède la date de début."),
    ("region=oriental&province=tiznit", "province", "province",
     "Cette province n'appartient pas à la région choisie."),
    ("from=2026-13-01", "from", "date_from", "N'est pas une date valide."),
    ("date_to=20261207", "date_to", "date_to", "N'est pas une date valide."),
    ("region=nowhere", "region", "region", "N'est pas un choix valide."),
    ("theme=cooking", "theme", "theme", "N'est pas un choix valide."),
    ("training=abc", "training", "training_id", "N'est pas un choix valide."),
]
ACCEPTED_BY_BOTH = [
    "from=2026-12-07&to=2026-12-07", "date_from=2024-02-29", "region=oriental&province=berkane",
    "province=tiznit", "theme=pac&region=souss-massa", "to=2026-12-31&date_to=2026-12-31", "",
]


def filter_errors(response) -> dict[str, list[str]]:
    """The messages under each filter of a page."""
    fields = re.findall(r'<div class="field[^"]*">\s*<label for="(\w+)">(.*?)</div>',
                        response.get_data(as_text=True), re.S)
    return {name: [html.unescape(message)
                   for message in re.findall(r'<p class="error">(.*?)</p>', body)]
            for name, body in fields if 'class="error"' in body}


@pytest.mark.parametrize("query, parameter, field, message", REFUSED_BY_BOTH)
def test_the_pages_refuse_what_the_api_refuses_by_the_same_rule(client, auth, expert, query,
                                                                parameter, field, message):
    for endpoint in ("sessions", "gains"):
        answer = client.get(f"{API}/{endpoint}?{query}", headers=expert)
        assert (answer.status_code, answer.json["parameter"]) == (400, parameter)
    auth.as_role(Role.EXPERT)
    for url, status in PAGES:
        page = client.get(f"{url}?{query}")
        assert (page.status_code, filter_errors(page)) == (status, {field: [message]}), url


def test_a_report_page_refuses_a_percentage_the_api_refuses(client, auth, expert):
    for value in ("101", "-1", "half", "12.5"):
        answer = client.get(f"{API}/gains?min_attendance={value}", headers=expert)
        assert (answer.status_code, answer.json["parameter"]) == (400, "min_attendance")
    auth.as_role(Role.EXPERT)
    for value in ("101", "-1", "half", "12.5"):
        page = client.get(f"/reports/programme?min_attendance={value}")
        assert page.status_code == 400
        assert filter_errors(page) == {"min_attendance": ["Entre 0 et 100 %."]}


@pytest.mark.parametrize("query", ACCEPTED_BY_BOTH)
def test_the_pages_accept_what_the_api_accepts(client, auth, expert, query):
    factories.session(region="souss-massa", title="Tiznit")
    for endpoint in ("sessions", "gains"):
        assert client.get(f"{API}/{endpoint}?{query}", headers=expert).status_code == 200
    auth.as_role(Role.EXPERT)
    for url, _status in PAGES:
        page = client.get(f"{url}?{query}")
        assert page.status_code == 200, url
        if page.mimetype == "text/html":  # the export is a workbook
            assert "Certains filtres sont invalides" not in page.get_data(as_text=True)
            assert filter_errors(page) == {}


def test_a_page_lets_its_own_parameters_through_where_the_api_refuses_them(client, auth,
                                                                            expert):
    factories.session(title="Atelier de printemps")
    answer = client.get(f"{API}/sessions?page=1", headers=expert)
    assert (answer.status_code, answer.json["parameter"]) == (400, "page")
    auth.as_role(Role.EXPERT)
    page = client.get("/sessions/?page=1&region=oriental")
    assert page.status_code == 200 and filter_errors(page) == {}
    assert "Atelier de printemps" in page.get_data(as_text=True)
    assert "Certains filtres sont invalides" not in page.get_data(as_text=True)


def test_a_page_reads_the_apis_names_too(client, auth):
    factories.session(title="Atelier de mars", start=date(2026, 3, 2))
    factories.session(title="Atelier de septembre", start=date(2026, 9, 7))
    auth.as_role(Role.EXPERT)
    page = client.get("/sessions/?from=2026-06-01").get_data(as_text=True)
    assert "Atelier de septembre" in page and "Atelier de mars" not in page
    assert 'name="date_from" type="date" value="2026-06-01"' in page  # shown as applied


def test_the_session_filters_select_like_the_list_page(client, expert):
    training = factories.training(theme="pac")
    december = factories.session(region="oriental", start=date(2026, 12, 7), days=3,
                                 training_id=training.id, title="Décembre")
    factories.session(region="souss-massa", start=date(2027, 1, 11), title="Janvier",
                      audience=["diaspora"], status=SessionStatus.DRAFT)

    def titles(query: str) -> list[str]:
        response = client.get(f"{API}/sessions?{query}", headers=expert)
        assert response.status_code == 200, response.json
        return [s["title"] for s in response.json["sessions"]]

    assert titles("") == ["Décembre", "Janvier"]
    assert titles("region=oriental&province=oujda-angad") == ["Décembre"]
    assert titles("theme=pac") == titles(f"training={training.id}") == ["Décembre"]
    assert titles("audience=diaspora") == titles("status=draft") == ["Janvier"]
    # A session belongs to a period it overlaps.
    assert titles("from=2026-12-09&to=2026-12-31") == ["Décembre"]
    assert titles("from=2026-12-10") == ["Janvier"]
    assert titles("to=2026-12-06") == []
    assert december.id


# Content -----------------------------------------------------------------------------------

def test_sessions_list_content(client, expert):
    session = factories.session(region="souss-massa", province="tiznit", days=2,
                                start=date(2026, 12, 7))
    response = client.get(f"{API}/sessions", headers=expert)
    (item,) = response.json["sessions"]
    assert item == {
        "id": session.id, "title": session.title,
        "training": session.training.title, "training_id": session.training.id,
        "theme": "gender-migration", "region": "souss-massa", "province": "tiznit",
        "start_date": "2026-12-07", "end_date": "2026-12-08", "status": "planned",
        "half_days": [
            {"id": h.id, "date": h.date.isoformat(), "period": h.period.value,
             "start": "09:00" if h.period == "morning" else "14:00",
             "end": "12:30" if h.period == "morning" else "17:00"}
            for h in session.half_days],
    }
    assert [h["period"] for h in item["half_days"]] == ["morning", "afternoon"] * 2


def test_session_detail_counts_registrations_and_gives_open_links(client, expert):
    session = factories.session()
    with_checkins(session, people=3)
    with_questions(session.training_id)
    db.session.commit()
    url = f"{API}/sessions/{session.id}"
    detail = client.get(url, headers=expert).json
    assert detail["registered"] == 3
    assert detail["links"] == {"pre_test": None, "post_test": None, "satisfaction": None}
    assert {k: v for k, v in detail.items() if k not in ("registered", "links")} == \
        client.get(f"{API}/sessions", headers=expert).json["sessions"][0]

    test = attempts.session_test(session)
    test.pre_open = True
    test.satisfaction_open = True
    db.session.commit()
    links_ = client.get(url, headers=expert).json["links"]
    assert links_["post_test"] is None
    assert urlsplit(links_["pre_test"]).path.startswith("/t/")
    assert urlsplit(links_["satisfaction"]).path == urlsplit(links_["pre_test"]).path + \
        "/satisfaction"
    # The link is the one participants open.
    assert client.get(urlsplit(links_["pre_test"]).path).status_code == 200


def test_attendance_rows_and_log(client, expert):
    session = factories.session()
    organization = factories.organization(name="Association Al Amal", kind="diaspora")
    woman = factories.participant(last_name="Alaoui", first_name="Nadia", sex=Sex.FEMALE,
                                  organization_id=organization.id)
    unknown = factories.participant(last_name="Benali", first_name="Sami", sex=None)
    for person in (woman, unknown):
        factories.registration(session, person)
    morning = session.half_days[0]
    attendance.record_check_in(morning.id, woman.id, CheckInMethod.QR)
    attendance.record_check_in(morning.id, unknown.id, CheckInMethod.MANUAL)
    db.session.commit()
    body = client.get(f"{API}/sessions/{session.id}/attendance", headers=expert).json
    assert body["session_id"] == session.id
    first, second = body["rows"]
    assert first == {
        "participant_id": woman.id, "last_name": "Alaoui", "first_name": "Nadia",
        "sex": "female", "organization": "Association Al Amal",
        "organization_kind": "diaspora", "half_day_id": morning.id, "date": "2026-12-07",
        "period": "morning", "checked_in_at": first["checked_in_at"], "method": "qr"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["checked_in_at"])
    assert (second["sex"], second["organization"], second["organization_kind"],
            second["method"]) == (None, None, None, "manual")
    log = audit.download()
    assert (log.kind, log.session_id, log.details) == ("attendance-api", session.id, {"rows": 2})


def test_questions_content(client, expert):
    training = factories.training()
    question = Question(training_id=training.id, kind=QuestionKind.MULTIPLE, text="Lesquels ?",
                        points=2)
    question.choices = [Choice(text="A", is_correct=True, position=0),
                        Choice(text="B", position=1), Choice(text="C", is_correct=True,
                                                             position=2)]
    db.session.add(question)
    db.session.commit()
    body = client.get(f"{API}/trainings/{training.id}/questions", headers=expert).json
    assert body == {"questions": [{
        "id": question.id, "type": "multiple", "text": "Lesquels ?", "points": 2.0,
        "choices": [{"id": c.id, "text": c.text, "correct": c.is_correct}
                    for c in question.choices]}]}


def _token_of(url: str) -> checkin_tokens.TokenData:
    return links.read_checkin_token(urlsplit(url).path.rsplit("/", 1)[1])


def test_checkin_link_is_the_projected_one_until_the_next_rotation_ends(client, app, expert):
    session = factories.session()
    half_day = session.half_days[0]
    attendance.set_window(half_day, WindowOverride.OPEN)
    db.session.commit()
    body = client.get(f"{API}/half-days/{half_day.id}/checkin-link", headers=expert).json
    assert (body["state"], body["opens_at"]) == ("open", None)
    data = _token_of(body["url"])  # a genuine, fresh token of this half-day
    assert data.half_day_id == half_day.id
    period = app.config["QR_ROTATION_SECONDS"]
    ends = datetime.fromtimestamp((data.step + 1) * period, UTC)
    assert body["expires_at"] == ends.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Accepted until then, refused after (the typed-code and QR rules of the room).
    links.read_checkin_token(urlsplit(body["url"]).path.rsplit("/", 1)[1],
                             now=ends.timestamp() - 1)
    with pytest.raises(checkin_tokens.ExpiredToken):
        links.read_checkin_token(urlsplit(body["url"]).path.rsplit("/", 1)[1],
                                 now=ends.timestamp())
    # The participant's page opens it.
    assert client.get(urlsplit(body["url"]).path).status_code in (200, 302)


def test_a_fixed_checkin_link_lasts_the_window(client, expert, clock):
    session = factories.session()
    session.qr_rotation = False
    half_day = session.half_days[0]
    db.session.commit()
    clock.set_utc(half_day.starts_at)
    url = f"{API}/half-days/{half_day.id}/checkin-link"
    body = client.get(url, headers=expert).json
    assert body["state"] == "open"
    assert _token_of(body["url"]).step == checkin_tokens.STATIC_STEP
    assert body["expires_at"] == half_day.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    attendance.set_window(half_day, WindowOverride.OPEN)
    db.session.commit()
    assert client.get(url, headers=expert).json["expires_at"] is None


def test_no_checkin_link_while_check_in_is_closed(client, expert, clock):
    """What the projector shows: no link before the window, after it, or when staff closed it;
    the state says which, and when it opens by itself."""
    session = factories.session()
    half_day = session.half_days[0]
    db.session.commit()
    url = f"{API}/half-days/{half_day.id}/checkin-link"
    clock.set_utc(half_day.starts_at - timedelta(hours=2))
    opens = attendance.window_bounds(half_day)[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.get(url, headers=expert).json == {
        "state": "not_yet", "url": None, "expires_at": None, "opens_at": opens}
    clock.set_utc(half_day.ends_at + timedelta(minutes=1))
    assert client.get(url, headers=expert).json == {
        "state": "over", "url": None, "expires_at": None, "opens_at": None}
    clock.set_utc(half_day.starts_at)
    attendance.set_window(half_day, WindowOverride.CLOSED)
    db.session.commit()
    assert client.get(url, headers=expert).json == {
        "state": "closed_by_staff", "url": None, "expires_at": None, "opens_at": None}


def test_attendance_workbook_is_the_pages_and_is_logged(client, expert):
    session = factories.session()
    with_checkins(session, people=2)
    db.session.commit()
    response = client.get(f"{API}/sessions/{session.id}/attendance.xlsx", headers=expert)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Émargement", "Synthèse", "Données"]
    assert audit.download().kind == "attendance-xlsx"


def test_gains_workbook_is_valid(client, expert):
    session = factories.session()
    db.session.commit()
    response = client.get(f"{API}/sessions/{session.id}/gains.xlsx", headers=expert)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames


def test_gains_of_a_session_and_pooled(client, expert):
    session = factories.session(region="oriental")
    woman, man = with_checkins(session, people=2)
    with_attempts(session, [woman, man], with_questions(session.training_id))
    empty = factories.session(region="souss-massa")
    db.session.commit()
    one = client.get(f"{API}/sessions/{session.id}/gains", headers=expert).json
    assert one["pass_mark"] == 70 and one["n_sessions"] == 1
    assert one["groups"]["women"]["n_paired"] == one["groups"]["men"]["n_paired"] == 1
    assert one["groups"]["total"]["mean_gain"] == 50.0
    assert one["groups"]["unknown"]["mean_gain"] is None
    assert one["gap_women_minus_men"] == {"mean_gain": 0.0, "normalized_gain": 0.0}
    assert [q["groups"]["total"]["difference"] for q in one["questions"]] == [1.0, 0.0]

    pooled = client.get(f"{API}/gains?region=oriental&min_attendance=50", headers=expert).json
    assert "questions" not in pooled
    assert {k: v for k, v in one.items() if k != "questions"} == pooled
    nothing = client.get(f"{API}/gains?region=souss-massa", headers=expert).json
    assert nothing["n_sessions"] == 0 and nothing["groups"]["total"]["n_paired"] == 0
    assert client.get(f"{API}/sessions/{empty.id}/gains", headers=expert).json[
        "groups"]["total"]["mean_gain"] is None


# Query counts ------------------------------------------------------------------------------

def _queries(client, url: str, headers: dict) -> int:
    client.get(url, headers=headers)  # the token's last use is written at most once a minute
    with count_queries() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(statements)


def _bigger_world(n: int) -> dict:
    """n sessions, the first with n people checked in, n questions, n half-days."""
    training = factories.training()
    sessions = [factories.session(training_id=training.id, days=n // 2)
                for _ in range(n)]
    questions = with_questions(training.id, n)
    with_attempts(sessions[0], with_checkins(sessions[0], people=n), questions)
    attempts.session_test(sessions[0]).post_open = True
    db.session.commit()
    return {"session": sessions[0].id, "training": training.id,
            "half_day": sessions[0].half_days[0].id}


QUERY_COUNTED = ["/sessions", "/sessions/{session}", "/sessions/{session}/attendance",
                 "/sessions/{session}/attendance.xlsx", "/trainings/{training}/questions",
                 "/half-days/{half_day}/checkin-link", "/sessions/{session}/gains",
                 "/sessions/{session}/gains.xlsx", "/gains"]


@pytest.mark.parametrize("url", QUERY_COUNTED)
def test_query_count_does_not_grow_with_the_data(client, url):
    headers = bearer(factories.user(Role.COORDINATOR, "oriental"))
    small = _bigger_world(2)
    counts = [_queries(client, API + url.format(**small), headers)]
    big = _bigger_world(10)
    counts.append(_queries(client, API + url.format(**big), headers))
    assert counts[0] == counts[1]


# The OpenAPI document ----------------------------------------------------------------------

def _document_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix(API))


def test_every_rule_is_documented_and_every_path_exists(app):
    rules = {_document_path(rule.rule) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("api.")}
    assert rules == set(openapi.document()["paths"])
    methods = {method for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
               and rule.endpoint not in routes.FIELD_PUSH_ENDPOINTS
               for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert methods == {"GET"}  # only the field push writes


@pytest.mark.parametrize("path, accepted", [("/sessions", filters.SESSION_PARAMETERS),
                                             ("/gains", filters.GAIN_PARAMETERS),
                                             ("/indicators", filters.INDICATORS.parameters)])
def test_the_documented_filters_are_those_accepted(path, accepted):
    document = openapi.document()
    parameters = [document["components"]["parameters"][ref["$ref"].rsplit("/", 1)[1]]
                  for ref in document["paths"][path]["get"]["parameters"]]
    assert [parameter["name"] for parameter in parameters] == list(filters.documented(accepted))


def test_the_document_is_valid_openapi(client):
    document = client.get(f"{API}/openapi.json").json
    validate(document, cls=OpenAPIV31SpecValidator)
    assert document == openapi.document()


def _validator(document: dict, schema: dict) -> Draft202012Validator:
    """A validator of a schema of the document, its "#/components/..." references resolved."""
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(document))
    if "$ref" in schema:
        schema = {"$ref": "urn:api" + schema["$ref"]}
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_real_answers_match_their_documented_schemas(client, world):
    document = openapi.document()
    oriental = world["oriental"]
    test = attempts.session_test(oriental)
    test.post_open = True
    with_questions(oriental.training_id)
    db.session.commit()
    values = {"session_id": oriental.id, "training_id": oriental.training_id,
              "half_day_id": oriental.half_days[0].id}
    headers = bearer(factories.user(Role.OBSERVER))
    checked = 0
    for path, item in document["paths"].items():
        if path.startswith("/field/"):
            continue  # a field-push token's: tests/test_field_push.py checks those answers
        url = API + path.format(**values)
        responses = item["get"]["responses"]
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        content = responses["200"]["content"]
        assert response.mimetype in content, url
        if response.mimetype == "application/json":
            schema = content["application/json"]["schema"]
            _validator(document, schema).validate(response.json)
            checked += 1
        if "400" in responses:
            bad = client.get(url + "?region=nowhere", headers=headers)
            assert bad.status_code == 400
            _validator(document, {"$ref": "#/components/schemas/Error"}).validate(bad.json)
        unauthorized = client.get(url)
        if item["get"].get("security") != []:
            assert unauthorized.status_code == 401
            _validator(document, {"$ref": "#/components/schemas/Error"}).validate(
                unauthorized.json)
    assert checked == 9  # every JSON endpoint


def test_the_pages_filter_names_work_too(client, expert):
    early = factories.session(start=date(2026, 3, 2))
    late = factories.session(start=date(2026, 9, 7))
    listed = client.get(f"{API}/sessions?date_from=2026-06-01", headers=expert).json["sessions"]
    assert [item["id"] for item in listed] == [late.id]
    listed = client.get(f"{API}/sessions?training_id={early.training_id}",
                        headers=expert).json["sessions"]
    assert [item["id"] for item in listed] == [early.id]
    clash = client.get(f"{API}/gains?from=2026-01-01&date_from=2026-02-01", headers=expert)
    assert clash.status_code == 400 and clash.json["parameter"] == "date_from"


def test_a_parameter_added_to_a_query_schema_is_documented():
    """The document is generated from the schemas: a probe endpoint's query schema, with a
    filter the real endpoints do not combine, appears field for field."""
    probe = routes.Blueprint("probe", __name__, url_prefix=API)

    @probe.get("/probe")
    @probe.arguments(SelectionSchema(SessionFilters, ("status", "min_attendance")),
                     location="query")
    @probe.response(200, schemas.SessionList)
    def probe_view(selection):
        return {"sessions": []}

    api = openapi.make_api(Flask(__name__))
    api.register_blueprint(probe)
    document = api.spec.to_dict()
    references = [ref["$ref"] for ref in document["paths"]["/probe"]["get"]["parameters"]]
    assert references == ["#/components/parameters/status",
                          "#/components/parameters/min_attendance"]
    parameters = document["components"]["parameters"]
    assert parameters["min_attendance"]["schema"] == {"type": "integer", "minimum": 0,
                                                      "maximum": 100}
    assert parameters["status"]["schema"]["enum"] == [status.value for status in SessionStatus]
    assert document["paths"]["/probe"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"] == {"$ref": "#/components/schemas/SessionList"}


def test_the_documents_texts_are_translated_when_served(app):
    """Descriptions stay Flask-Babel lazy strings until the document is written out."""
    spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    parameter = spec["components"]["parameters"]["region"]
    assert isinstance(parameter["description"], LazyString)
    assert str(parameter["description"]) == "Région des sessions."
    assert isinstance(spec["paths"]["/gains"]["get"]["summary"], LazyString)
