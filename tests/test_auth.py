"""Logging in and out, the account page, CSRF and session cookies."""
from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from tests import factories
from tests.conftest import make_app
from trainings.auth import models as auth_models
from trainings.extensions import db
from trainings.models import Role


def test_login_with_a_wrong_password_fails_with_a_message(client):
    user = factories.user(Role.EXPERT)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "faux"})
    assert "E-mail ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/sessions/").status_code == 302


@pytest.fixture
def password_checks(monkeypatch):
    """The password hashes the login checks, in order."""
    checked = []

    def spy(password_hash, password):
        checked.append(password_hash)
        return real_check(password_hash, password)

    real_check = auth_models.check_password_hash
    monkeypatch.setattr(auth_models, "check_password_hash", spy)
    return checked


@pytest.mark.parametrize("case", ["unknown e-mail", "inactive account", "wrong password"])
def test_every_refused_login_checks_one_password_as_a_known_email_does(client, password_checks,
                                                                       case):
    """The time of the answer must not tell staff e-mails apart: each refusal costs one
    password hash, the unknown e-mail a hash of the same method as real accounts'."""
    user = factories.user(Role.EXPERT, active=case != "inactive account")
    db.session.commit()
    email = "personne@example.org" if case == "unknown e-mail" else user.email
    password = "faux" if case == "wrong password" else factories.PASSWORD
    response = client.post("/login", data={"email": email, "password": password})
    assert "E-mail ou mot de passe incorrect." in response.get_data(as_text=True)
    assert password_checks == [auth_models.NOBODYS_PASSWORD_HASH if case == "unknown e-mail"
                               else user.password_hash]


def test_the_unknown_emails_hash_costs_what_a_new_password_costs():
    method = generate_password_hash("x").split("$")[0]
    assert auth_models.NOBODYS_PASSWORD_HASH.startswith(method + "$")
    assert not auth_models.check_password_hash(auth_models.NOBODYS_PASSWORD_HASH, "")


def test_login_is_case_insensitive_on_email_and_redirects_to_next(client):
    factories.user(Role.EXPERT, email="Experte@Example.org")
    db.session.commit()
    response = client.post("/login?next=/sessions/", data={"email": "experte@example.ORG",
                                                           "password": factories.PASSWORD})
    assert response.headers["Location"] == "/sessions/"


def test_login_refuses_an_offsite_next(client):
    user = factories.user(Role.EXPERT)
    db.session.commit()
    response = client.post("/login?next=//evil.example/", data={"email": user.email,
                                                                "password": factories.PASSWORD})
    assert response.headers["Location"] == "/"


def test_logout_needs_a_post(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_password_change(client, auth):
    user = auth.as_role(Role.EXPERT)
    response = client.post("/account", data={"current": factories.PASSWORD,
                                              "new": "un-nouveau-secret", "confirm": "un-nouveau-secret"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("un-nouveau-secret")


def test_forms_refuse_a_post_without_csrf_token(_schema):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        response = client.post("/login", data={"email": "x@example.org", "password": "x"})
        assert response.status_code == 400
        assert "Le formulaire a expiré" in response.get_data(as_text=True)
        assert client.post("/sessions/new", data={"title": "x"}).status_code == 400


def test_admin_home_leads_to_accounts(client, auth):
    auth.as_role(Role.ADMIN)
    assert client.get("/").headers["Location"] == "/admin/users/"
