"""The field push: a laptop sends its results package to the central API with a token that
allows exactly that, in pieces, resuming after a cut; the server previews, then imports once."""
from __future__ import annotations

import hashlib
import urllib.request

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests import factories
from tests.conftest import make_app
from tests.test_api import _validator
from trainings.api import openapi
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.attendance.services import record_check_in
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.auth import tokens
from trainings.auth.models import ApiToken, Role, TokenScope
from trainings.extensions import db
from trainings.field import push as pushing
from trainings.field import results
from trainings.field.kit import load_kit, make_kit
from trainings.field.models import FieldUpload
from trainings.registry.models import Registration
from trainings.schedule.models import HalfDay

API = "/api/v1"
UPLOADS = f"{API}/field/uploads"


def bearer(user, scope=TokenScope.READ) -> dict:
    _row, secret = tokens.issue(user, scope=scope)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def secret_of(user, scope=TokenScope.FIELD_PUSH) -> str:
    return bearer(user, scope)["Authorization"].removeprefix("Bearer ")


def piece(content: bytes, start: int, end: int, total: int | None = None) -> dict:
    return {"data": content[start:end + 1], "content_type": "application/octet-stream",
            "headers": {"Content-Range": f"bytes {start}-{end}/{total or len(content)}"}}


def put(client, headers, content, start, end, total=None, digest=None):
    digest = digest or hashlib.sha256(content).hexdigest()
    request = piece(content, start, end, total)
    return client.put(f"{UPLOADS}/{digest}", data=request["data"],
                      content_type=request["content_type"],
                      headers={**headers, **request["headers"]})


# --- token scopes ---------------------------------------------------------------------------

def test_a_read_token_cannot_push(client):
    headers = bearer(factories.user(Role.EXPERT))
    response = client.get(f"{UPLOADS}/{'a' * 64}", headers=headers)
    assert response.status_code == 403
    assert "Envoi des résultats terrain" in response.json["error"]
    assert put(client, headers, b"x" * 10, 0, 9).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FieldUpload)) == 0


def test_a_field_push_token_reads_nothing(client):
    factories.session()
    headers = bearer(factories.user(Role.ADMIN), TokenScope.FIELD_PUSH)
    for path in ("/sessions", "/gains", "/sessions/1"):
        response = client.get(f"{API}{path}", headers=headers)
        assert response.status_code == 403, path
        assert "seulement à envoyer des résultats terrain" in response.json["error"]
    assert client.get(f"{API}/openapi.json", headers=headers).status_code == 200


def test_an_observer_holds_no_field_push_token(client, auth, runner):
    observer = auth.as_role(Role.OBSERVER)
    with pytest.raises(tokens.ScopeRefused):
        tokens.issue(observer, scope=TokenScope.FIELD_PUSH)
    response = client.post("/account/tokens", data={"scope": "field-push"})
    assert response.status_code == 403
    assert "Votre rôle ne permet pas" in response.text
    result = runner.invoke(args=["users", "token", observer.email, "--scope", "field-push"])
    assert result.exit_code == 1 and "ne permet pas d'importer" in result.output
    assert tokens.tokens_of(observer) == []
    # a read token, still
    assert client.post("/account/tokens", data={"scope": "read"}).status_code == 200


def test_an_expert_makes_a_field_push_token_on_the_account_page(client, auth):
    expert = auth.as_role(Role.EXPERT)
    response = client.post("/account/tokens", data={"scope": "field-push"})
    assert response.status_code == 200
    [row] = tokens.tokens_of(expert)
    assert row.scope == TokenScope.FIELD_PUSH
    page = client.get("/account").text
    assert "Usage du jeton" in page and "Envoi des résultats terrain" in page


def test_the_command_line_makes_a_field_push_token_that_pushes(client, runner):
    expert = factories.user(Role.COORDINATOR, email="coord@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "token", expert.email, "--scope", "field-push"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"{UPLOADS}/{'b' * 64}", headers=headers).status_code == 404
    assert client.get(f"{API}/sessions", headers=headers).status_code == 403


def test_a_push_token_of_an_account_become_observer_is_refused(client):
    user = factories.user(Role.EXPERT)
    headers = bearer(user, TokenScope.FIELD_PUSH)
    user.role = Role.OBSERVER
    db.session.commit()
    assert client.get(f"{UPLOADS}/{'c' * 64}", headers=headers).status_code == 403


# --- the upload in pieces -------------------------------------------------------------------

@pytest.fixture
def pusher(app):
    return bearer(factories.user(Role.EXPERT), TokenScope.FIELD_PUSH)


def test_pieces_arrive_in_order_and_the_state_says_how_far(client, pusher):
    content = bytes(range(256)) * 4
    digest = hashlib.sha256(content).hexdigest()
    first = put(client, pusher, content, 0, 399)
    assert first.json == {"received": 400, "size": 1024, "complete": False}
    assert client.get(f"{UPLOADS}/{digest}", headers=pusher).json == {
        "received": 400, "size": 1024, "complete": False, "applied": False}
    wrong = put(client, pusher, content, 500, 799)
    assert wrong.status_code == 409 and wrong.json["received"] == 400
    again = put(client, pusher, content, 0, 399)  # a retry whose answer was lost
    assert again.status_code == 409 and again.json["received"] == 400
    last = put(client, pusher, content, 400, 1023)
    assert last.json == {"received": 1024, "size": 1024, "complete": True}
    upload = db.session.scalar(sa.select(FieldUpload))
    assert upload.content == content


def test_a_package_above_the_limit_is_refused(app, client, pusher):
    app.config["FIELD_MAX_PACKAGE_BYTES"] = 1000
    response = put(client, pusher, b"x" * 100, 0, 99, total=1001)
    assert response.status_code == 413 and response.json["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FieldUpload)) == 0


def test_a_range_that_does_not_match_the_piece_is_refused(client, pusher):
    content = b"y" * 100
    response = put(client, pusher, content, 0, 49, total=100)
    assert response.status_code == 200
    response = client.put(f"{UPLOADS}/{hashlib.sha256(content).hexdigest()}", data=b"y" * 10,
                          headers={**pusher, "Content-Range": "bytes 50-99/100"})
    assert response.status_code == 400 and "Content-Range" in response.json["error"]


def test_a_package_unlike_its_digest_is_deleted(client, pusher):
    digest = hashlib.sha256(b"what was announced").hexdigest()
    response = put(client, pusher, b"what was sent", 0, 12, digest=digest)
    assert response.status_code == 422 and "SHA-256" in response.json["error"]
    assert client.get(f"{UPLOADS}/{digest}", headers=pusher).status_code == 404


def test_the_push_needs_no_csrf_token(pusher):
    """The API reads no cookie: the pages' CSRF protection does not stand in its way."""
    with_csrf = make_app(WTF_CSRF_ENABLED=True)
    response = put(with_csrf.test_client(), pusher, b"z" * 10, 0, 9)
    with with_csrf.app_context():
        db.engine.dispose()  # its own engine: no connection left to the garbage collector
    assert response.status_code == 200, response.text


# --- a real package, from a laptop --------------------------------------------------------

@pytest.fixture
def laptop(tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'laptop.db'}")
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def workshop(laptop, region="oriental", check_ins=3):
    """A central session of five, its kit loaded on the laptop, `check_ins` people checked in
    there; the results file written: (central session, its path)."""
    session = factories.session(region=region)
    for _ in range(5):
        factories.registration(session, factories.participant(region=region))
    kit = make_kit(session, None)
    db.session.commit()
    with laptop.app_context():
        field_session = load_kit(kit.content).session
        half_day = field_session.half_days[0]
        people = db.session.scalars(sa.select(Registration.participant_id).where(
            Registration.session_id == field_session.id).order_by(Registration.id)).all()
        for participant_id in people[:check_ins]:
            record_check_in(half_day.id, participant_id, CheckInMethod.QR)
        made = results.make_results(field_session, None)
        db.session.commit()
    return session, made.content


def central_check_ins(session) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).join(
        CheckIn.half_day).where(HalfDay.session_id == session.id))


def imports() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.event == AuditEvent.FIELD_RESULTS_IMPORTED))


def field_push(laptop, tmp_path, content, server, token, *extra):
    path = tmp_path / "resultats.zip"
    path.write_bytes(content)
    return laptop.test_cli_runner().invoke(
        args=["field", "push", str(path), "--server", server, "--token", token, *extra])


def test_a_results_package_is_pushed_previewed_and_applied_once(laptop, live_server, tmp_path):
    session, content = workshop(laptop)
    token = secret_of(factories.user(Role.EXPERT))

    trial = field_push(laptop, tmp_path, content, live_server, token, "--dry-run")
    assert trial.exit_code == 0, trial.output
    assert "Aperçu : 3 enregistrement(s) seraient ajoutés" in trial.output
    assert "présences : 3 ajouté(s)" in trial.output
    assert central_check_ins(session) == 0

    done = field_push(laptop, tmp_path, content, live_server, token)
    assert done.exit_code == 0, done.output
    assert "Import fait : 3 enregistrement(s)" in done.output
    assert central_check_ins(session) == 3
    upload = db.session.scalar(sa.select(FieldUpload))
    assert upload.applied_at is not None and '"check_ins": 3' in upload.outcome

    again = field_push(laptop, tmp_path, content, live_server, token)
    assert again.exit_code == 0, again.output
    assert "Rien de nouveau" in again.output
    assert central_check_ins(session) == 3
    assert imports() == 2


def test_the_token_can_come_from_the_environment(laptop, live_server, tmp_path, monkeypatch):
    _session, content = workshop(laptop, check_ins=1)
    monkeypatch.setenv("FIELD_PUSH_TOKEN", secret_of(factories.user(Role.ADMIN)))
    path = tmp_path / "resultats.zip"
    path.write_bytes(content)
    result = laptop.test_cli_runner().invoke(
        args=["field", "push", str(path), "--server", live_server, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Essai à blanc" in result.output


def test_a_push_cut_mid_way_resumes_and_lands_once(laptop, live_server, tmp_path, monkeypatch):
    session, content = workshop(laptop)
    token = secret_of(factories.user(Role.EXPERT))
    chunk = 512
    assert len(content) > 3 * chunk  # several pieces, so that one can be cut
    real_urlopen = urllib.request.urlopen
    puts, waits = [], []

    def flaky(request, timeout=None):
        if request.get_method() == "PUT":
            puts.append(request.headers["Content-range"])
            if len(puts) == 2:  # the piece arrives, its answer is lost
                real_urlopen(request, timeout=timeout).close()
                raise ConnectionResetError("coupure")
        return real_urlopen(request, timeout=timeout)

    monkeypatch.setattr(urllib.request, "urlopen", flaky)
    monkeypatch.setattr(pushing, "sleep", waits.append)
    lines = pushing.push(content, live_server, token, False, lambda line: None,
                         chunk_size=chunk)

    assert any("Import fait : 3" in line for line in lines)
    assert puts[1] == puts[2]  # the cut piece was sent again, refused (409), then went on
    assert waits == [pushing.BACKOFF_SECONDS[0]]
    upload = db.session.scalar(sa.select(FieldUpload))
    assert upload.content == content
    assert central_check_ins(session) == 3


def test_an_unreachable_server_is_said_after_a_few_tries(monkeypatch):
    waits = []
    monkeypatch.setattr(pushing, "sleep", waits.append)
    with pytest.raises(pushing.PushError, match="ne répond pas"):
        pushing.push(b"paquet", "http://127.0.0.1:9", "jeton", False, print)
    assert len(waits) == pushing.TRIES - 1


def test_a_read_token_pushing_is_refused(laptop, live_server, tmp_path):
    session, content = workshop(laptop)
    token = secret_of(factories.user(Role.EXPERT), TokenScope.READ)
    result = field_push(laptop, tmp_path, content, live_server, token)
    assert result.exit_code == 1
    assert "Jeton refusé par le serveur" in result.output
    assert central_check_ins(session) == 0


def test_a_tampered_package_is_refused_with_nothing_written(laptop, live_server, tmp_path):
    session, content = workshop(laptop)
    token = secret_of(factories.user(Role.EXPERT))
    middle = len(content) // 2
    tampered = content[:middle] + bytes([content[middle] ^ 0xFF]) + content[middle + 1:]
    result = field_push(laptop, tmp_path, tampered, live_server, token)
    assert result.exit_code == 1
    assert "Paquet refusé par le serveur" in result.output
    assert central_check_ins(session) == 0 and imports() == 0


def test_a_coordinator_pushes_only_their_region(laptop, live_server, tmp_path):
    session, content = workshop(laptop, region="souss-massa")
    token = secret_of(factories.user(Role.COORDINATOR, region="oriental"))
    result = field_push(laptop, tmp_path, content, live_server, token)
    assert result.exit_code == 1
    assert "Jeton refusé" in result.output
    assert central_check_ins(session) == 0


def test_an_apply_twice_over_the_api_says_nothing_new(client, laptop, tmp_path):
    _session, content = workshop(laptop, check_ins=2)
    headers = bearer(factories.user(Role.EXPERT), TokenScope.FIELD_PUSH)
    digest = hashlib.sha256(content).hexdigest()
    assert put(client, headers, content, 0, len(content) - 1).json["complete"]
    first = client.post(f"{UPLOADS}/{digest}/apply", headers=headers)
    second = client.post(f"{UPLOADS}/{digest}/apply", headers=headers)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json["added"]["check_ins"] == 2 and not first.json["nothing_new"]
    assert second.json["nothing_new"] and second.json["already"]["check_ins"] == 2
    state = client.get(f"{UPLOADS}/{digest}", headers=headers)
    assert state.json["applied"] is True
    document = openapi.document()
    path = document["paths"]["/field/uploads/{digest}"]
    _validator(document, path["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]).validate(state.json)
    report = {"$ref": "#/components/schemas/ImportReport"}
    for answer in (first, second):
        _validator(document, report).validate(answer.json)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 1
