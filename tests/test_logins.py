"""Logins end for real: a copied cookie is useless after logout, a password change or
"Déconnecter mes autres sessions" logs the other browsers out (remember cookie included),
the remember cookie is as secure as the session cookie, and API tokens are not touched."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import empty_audit_log, make_app
from trainings.auth import logins
from trainings.auth import tokens as api_tokens
from trainings.auth.models import Login, Role
from trainings.clock import utcnow
from trainings.extensions import db


def log_in(client, user, remember: bool = False):
    data = {"email": user.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, "login failed"
    return response


def opens_account(client) -> bool:
    response = client.get("/account")
    assert response.status_code in (200, 302)
    return response.status_code == 200 and "Mon compte" in response.get_data(as_text=True)


def copy_cookie(source, target, name: str) -> None:
    cookie = source.get_cookie(name)
    assert cookie is not None, name
    target.set_cookie(name, cookie.value)


@pytest.fixture
def expert(app):
    user = factories.user(Role.EXPERT)
    db.session.commit()
    return user


def test_a_copied_session_cookie_is_useless_after_logout(app, client, expert):
    log_in(client, expert)
    thief = app.test_client()
    copy_cookie(client, thief, "session")
    assert opens_account(thief)
    client.post("/logout")
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_leaves_the_accounts_other_browsers_logged_in(app, client, expert):
    laptop = app.test_client()
    log_in(client, expert)
    log_in(laptop, expert)
    client.post("/logout")
    assert not opens_account(client)
    assert opens_account(laptop)


def test_a_password_change_logs_out_other_sessions_and_remember_cookies(app, client, expert):
    other = app.test_client()
    log_in(client, expert)
    log_in(other, expert, remember=True)
    remembered = app.test_client()
    copy_cookie(other, remembered, "remember_token")
    assert opens_account(remembered)  # the remember cookie alone opens the pages
    response = client.post("/account", data={"current": factories.PASSWORD,
                                             "new": "un-nouveau-mot-de-passe-42",
                                             "confirm": "un-nouveau-mot-de-passe-42"})
    assert response.status_code == 302
    assert opens_account(client)
    assert not opens_account(other)
    fresh = app.test_client()
    copy_cookie(other, fresh, "remember_token")
    assert not opens_account(fresh)


def test_the_button_logs_out_the_other_sessions_and_keeps_this_one(app, client, expert):
    phone, laptop = app.test_client(), app.test_client()
    log_in(client, expert)
    log_in(phone, expert, remember=True)
    log_in(laptop, expert)
    _row, token = api_tokens.issue(expert)
    db.session.commit()
    page = client.post("/account/logins/close-others", follow_redirects=True)
    assert "2 autres sessions déconnectées." in page.get_data(as_text=True)
    assert opens_account(client)
    assert not opens_account(phone) and not opens_account(laptop)
    # API tokens are separate: they still open the API.
    assert client.get("/api/v1/sessions",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_account_page_offers_the_button_as_a_form_with_csrf(_schema):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = factories.user(Role.EXPERT)
        db.session.commit()
        try:
            client = app.test_client()
            login_page = client.get("/login").get_data(as_text=True)
            csrf = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
            client.post("/login", data={"email": user.email, "password": factories.PASSWORD,
                                        "csrf_token": csrf})
            page = client.get("/account").get_data(as_text=True)
            assert 'action="/account/logins/close-others"' in page
            assert "Déconnecter mes autres sessions" in page
            before = db.session.scalar(sa.select(sa.func.count()).select_from(Login))
            assert client.post("/account/logins/close-others").status_code == 400  # no token
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Login)) == before
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.mark.parametrize("secure", [True, False])
def test_the_remember_cookie_follows_the_session_cookie_settings(_schema, secure):
    app = make_app(SESSION_COOKIE_SECURE=secure)
    with app.app_context():
        user = factories.user(Role.EXPERT)
        db.session.commit()
        try:
            response = log_in(app.test_client(), user, remember=True)
            cookie = next(value for value in response.headers.getlist("Set-Cookie")
                          if value.startswith("remember_token="))
            assert ("; Secure" in cookie) is secure
            assert "; HttpOnly" in cookie and "SameSite=Lax" in cookie
            assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


def test_a_login_ends_with_the_remember_lifetime(app, expert):
    lifetime = timedelta(days=14)
    secret = logins.open_login(expert, lifetime, now=utcnow() - timedelta(days=13))
    login_id = f"{expert.id}:{secret}"
    assert logins.user_of(login_id, lifetime) == expert
    assert logins.user_of(login_id, lifetime, now=utcnow() + timedelta(days=2)) is None


@pytest.mark.parametrize("login_id", ["", "1", "1:", ":abc", "x:abc", "1:wrong-secret"])
def test_malformed_or_unknown_login_ids_open_nothing(app, expert, login_id):
    logins.open_login(expert, timedelta(days=14))
    assert logins.user_of(login_id.replace("1", str(expert.id)), timedelta(days=14)) is None


def _empty_tables() -> None:
    """What the app fixture does after each test, for the tests that make their own app
    (logging in writes to the append-only audit log)."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name == "audit_log":
                empty_audit_log(conn)
            else:
                conn.execute(table.delete())
