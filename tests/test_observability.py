"""Health and observability: /healthz, /readyz, one log line per request (never a query
string), and the Prometheus metrics at /metrics with their access rules."""
from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from tests import factories
from tests.conftest import make_app
from trainings.attendance import services
from trainings.extensions import db
from trainings.models import CheckInMethod, Role, Sex
from trainings.observability.requestlog import JsonFormatter

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
OLD_REVISION = "0000deadbeef"


@pytest.fixture
def other_app(app):
    """Make applications of their own settings on the test database; their connections are
    closed afterwards."""
    made = []

    def make(**config):
        made.append(make_app(**config))
        return made[-1]

    yield make
    for each in made:
        with each.app_context():
            db.engine.dispose()


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "trainings.requests"]


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    """/metrics as {(sample name, sorted labels): value}."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_of(samples, endpoint: str) -> float:
    return sum(value for (name, labels), value in samples.items()
               if name == "flask_http_request_duration_seconds_count"
               and dict(labels).get("endpoint") == endpoint)


def check_ins_counted(samples, method: str) -> float:
    return samples.get(("trainings_checkins_total", (("method", method),)), 0.0)


# --- /healthz and /readyz ------------------------------------------------------------------


def test_healthz_answers_without_database_cookie_or_login(app, client, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("/healthz must not touch the database")

    monkeypatch.setattr(db.engine, "connect", no_database)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_healthz_is_never_rate_limited(other_app):
    app = other_app(RATELIMIT_CHECKIN="2 per minute", RATELIMIT_LOGIN="2 per minute")
    client = app.test_client()
    assert [client.get("/healthz").status_code for _ in range(30)] == [200] * 30


def test_readyz_is_ready_on_the_test_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "redis": "not used", "migrations": "ok"}
    assert body["revision"]["database"] == body["revision"]["head"]
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_when_the_database_is_behind_the_migrations(app, client):
    with db.engine.begin() as connection:
        current = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :old"),
                           {"old": OLD_REVISION})
    try:
        response = client.get("/readyz")
    finally:
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = :current"),
                               {"current": current})
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready"
    assert body["checks"]["migrations"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert body["revision"] == {"database": OLD_REVISION, "head": current}
    assert client.get("/readyz").status_code == 200  # restored


def test_readyz_is_503_when_redis_does_not_answer(other_app):
    app = other_app(RATELIMIT_STORAGE_URI=CLOSED_PORT_REDIS)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["checks"] == {"database": "ok", "redis": "failed", "migrations": "ok"}
    assert "redis://" not in response.get_data(as_text=True)


def test_readyz_is_503_when_the_database_does_not_answer(other_app, tmp_path):
    missing = tmp_path / "no-such-folder" / "trainings.db"
    app = other_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == "failed"
    assert str(tmp_path) not in response.get_data(as_text=True)


# --- Request logs --------------------------------------------------------------------------


def test_one_line_per_request_with_its_fields(client, auth, caplog):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        response = client.get(f"/sessions/{session.id}")
    (line,) = request_lines(caplog)
    assert response.status_code == 200
    assert (line.method, line.path, line.status, line.endpoint) == (
        "GET", f"/sessions/{session.id}", 200, "schedule.detail")
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.request_id == response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line.request_id)


def test_an_incoming_request_id_is_kept_when_sane(client, caplog):
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        kept = client.get("/healthz", headers={"X-Request-ID": "proxy-7f3a.91c2_x"})
        replaced = client.get("/healthz", headers={"X-Request-ID": "bad id; forged=line"})
        too_long = client.get("/healthz", headers={"X-Request-ID": "a" * 65})
    assert kept.headers["X-Request-ID"] == "proxy-7f3a.91c2_x"
    for answer in (replaced, too_long):
        assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])
    assert [line.request_id for line in request_lines(caplog)] == [
        "proxy-7f3a.91c2_x", replaced.headers["X-Request-ID"], too_long.headers["X-Request-ID"]]


def test_a_phone_number_in_the_query_string_is_never_logged(app, client, auth, caplog):
    auth.as_role(Role.ADMIN)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        client.get("/participants/?q=%2B212612345678&phone=0612345678")
        client.get("/c?phone=0612345678")
    lines = request_lines(caplog)
    assert [line.path for line in lines] == ["/participants/", "/c"]
    everything = "\n".join([caplog.text] + [JsonFormatter().format(r) for r in caplog.records])
    assert "612345678" not in everything


def test_a_participant_link_is_logged_as_its_rule_not_its_token(client, caplog):
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        client.get("/c/not-a-real-token-but-a-secret-one")
    (line,) = request_lines(caplog)
    assert line.path == "/c/<token>" and line.status == 404
    assert "secret-one" not in caplog.text


def test_json_lines_when_log_format_is_json(client, caplog):
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        response = client.get("/healthz?phone=0612345678")
    (record,) = request_lines(caplog)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "INFO" and entry["logger"] == "trainings.requests"
    assert {key: entry[key] for key in ("request_id", "method", "path", "status", "endpoint")} == {
        "request_id": response.headers["X-Request-ID"], "method": "GET", "path": "/healthz",
        "status": 200, "endpoint": "health.healthz"}
    assert entry["duration_ms"] >= 0
    assert "0612345678" not in json.dumps(entry)


def test_log_format_json_makes_the_application_s_handler_write_json(other_app):
    from flask.logging import default_handler

    before = default_handler.formatter
    try:
        other_app(LOG_FORMAT="json")
        assert isinstance(default_handler.formatter, JsonFormatter)
    finally:
        default_handler.setFormatter(before)


def test_plain_text_lines_by_default(client, caplog):
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        response = client.get("/healthz")
    (record,) = request_lines(caplog)
    assert record.getMessage() == (
        f"GET /healthz 200 {record.duration_ms} ms endpoint=health.healthz "
        f"id={response.headers['X-Request-ID']}")


# --- /metrics ------------------------------------------------------------------------------


def test_metrics_count_requests_per_endpoint_not_per_path(client, auth):
    sessions = [factories.session() for _ in range(3)]
    auth.as_role(Role.EXPERT)
    for session in sessions:
        assert client.get(f"/sessions/{session.id}").status_code == 200
    samples = scrape(client)
    assert requests_of(samples, "schedule.detail") == 3
    paths = {dict(labels).get("path") for (_, labels) in samples}
    assert paths == {None}
    text = client.get("/metrics").get_data(as_text=True)
    assert all(f"/sessions/{session.id}" not in text for session in sessions)
    assert "flask_http_request_duration_seconds_bucket" in text


def test_metrics_are_404_from_an_outside_address_without_the_token(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    assert client.get("/metrics").status_code == 404


def test_metrics_answer_the_bearer_of_the_token_from_anywhere(other_app):
    app = other_app(METRICS_TOKEN="s3cret-token", METRICS_ALLOW="")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.10"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics",
                      headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_metrics_answer_an_allowed_network(other_app):
    app = other_app(METRICS_ALLOW="10.0.0.0/8, 2001:db8::1")
    inside, ipv6, outside, local = (app.test_client() for _ in range(4))
    inside.environ_base["REMOTE_ADDR"] = "10.2.3.4"
    ipv6.environ_base["REMOTE_ADDR"] = "2001:db8::1"
    outside.environ_base["REMOTE_ADDR"] = "11.2.3.4"
    assert inside.get("/metrics").status_code == 200
    assert ipv6.get("/metrics").status_code == 200
    assert outside.get("/metrics").status_code == 404
    assert local.get("/metrics").status_code == 404  # 127.0.0.1 is no longer in the list


def test_no_token_configured_means_no_bearer_gets_in(other_app):
    app = other_app(METRICS_ALLOW="")
    client = app.test_client()
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer None"}).status_code == 404


def test_a_malformed_metrics_allow_is_refused_in_french(other_app):
    with pytest.raises(ValueError, match="n'est ni une adresse IP ni un réseau"):
        other_app(METRICS_ALLOW="127.0.0.1,not-an-address")


def test_new_check_ins_are_counted_by_method_and_duplicates_are_not(app, client, auth, clock):
    session = factories.session()
    half_day = session.half_days[0]
    clock.set_utc(half_day.starts_at + timedelta(minutes=15))
    first, second = (factories.participant(sex=Sex.FEMALE) for _ in range(2))
    for person in (first, second):
        factories.registration(session, person)
    auth.as_role(Role.EXPERT)
    url = f"/sessions/{session.id}/half-days/{half_day.id}/check-in/"
    assert client.post(url + str(first.id)).status_code == 302
    assert client.post(url + str(first.id)).status_code == 302  # already present: nothing new
    assert client.post(url + str(second.id)).status_code == 302
    assert check_ins_counted(scrape(client), "manual") == 2
    assert check_ins_counted(scrape(client), "qr") == 0


def test_a_check_in_rolled_back_is_not_counted(app, client):
    session = factories.session()
    person = factories.participant()
    factories.registration(session, person)
    db.session.commit()
    services.record_check_in(session.half_days[0].id, person.id, CheckInMethod.BADGE)
    db.session.rollback()
    services.record_check_in(session.half_days[0].id, person.id, CheckInMethod.QR)
    db.session.commit()
    samples = scrape(client)
    assert check_ins_counted(samples, "badge") == 0
    assert check_ins_counted(samples, "qr") == 1


def test_paper_check_ins_are_counted_as_the_rows_the_database_inserted(app, client):
    from datetime import time

    from trainings.exports import services as exports

    session = factories.session()
    half_day = session.half_days[0]
    present, first, second = (factories.participant() for _ in range(3))
    for person in (present, first, second):
        factories.registration(session, person)
    db.session.commit()
    services.record_check_in(half_day.id, present.id, CheckInMethod.QR)
    # One of the three typed was checked in meanwhile: the database keeps theirs, inserts two.
    exports._write_paper_check_ins([exports._PlannedCheckIn(half_day, person.id, time(9, 5))
                                    for person in (present, first, second)], user_id=None)
    db.session.commit()
    samples = scrape(client)
    assert check_ins_counted(samples, "paper") == 2
    assert check_ins_counted(samples, "qr") == 1


def test_a_request_refused_by_a_rate_limit_is_logged_and_timed(other_app, caplog):
    client = other_app(RATELIMIT_LOGIN="2 per minute").test_client()
    with caplog.at_level(logging.INFO, logger="trainings.requests"):
        statuses = [client.post("/login", data={"email": "x@example.org", "password": "no"}
                                ).status_code for _ in range(3)]
    assert statuses[-1] == 429
    lines = request_lines(caplog)
    assert [line.status for line in lines] == statuses
    assert lines[-1].endpoint == "auth.login" and lines[-1].duration_ms is not None
