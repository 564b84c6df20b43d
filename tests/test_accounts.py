"""Account management by administrators: list, create, edit, deactivate, and who may do it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.auth.models import Role, User
from trainings.extensions import db


def _count_users() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def _new_account(**overrides) -> dict:
    data = {"email": "Salma.Bennani@Example.org", "name": "Salma Bennani", "role": "expert",
            "region": "", "password": "un-mot-de-passe-long", "confirm": "un-mot-de-passe-long"}
    data.update(overrides)
    return data


def test_admin_sees_the_accounts(client, auth):
    other = factories.user(Role.COORDINATOR, "souss-massa", email="coord@example.org")
    auth.as_role(Role.ADMIN)
    page = client.get("/admin/users/").get_data(as_text=True)
    assert other.email in page
    assert "Coordinateur·trice régional·e" in page
    assert "Souss-Massa" in page


def test_admin_creates_an_account(client, auth):
    auth.as_role(Role.ADMIN)
    response = client.post("/admin/users/new", data=_new_account())
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "salma.bennani@example.org"))
    assert user is not None
    assert (user.role, user.region, user.name, user.active) == (Role.EXPERT, None,
                                                                "Salma Bennani", True)
    assert user.check_password("un-mot-de-passe-long")


def test_region_of_a_non_coordinator_is_dropped(client, auth):
    auth.as_role(Role.ADMIN)
    client.post("/admin/users/new", data=_new_account(role="observer", region="oriental"))
    user = db.session.scalar(sa.select(User).where(User.email == "salma.bennani@example.org"))
    assert user.role == Role.OBSERVER
    assert user.region is None


def test_coordinator_without_region_is_refused(client, auth):
    auth.as_role(Role.ADMIN)
    before = _count_users()
    response = client.post("/admin/users/new", data=_new_account(role="coordinator"))
    assert response.status_code == 200
    assert "Un compte de coordination doit avoir une région." in response.get_data(as_text=True)
    assert _count_users() == before


def test_duplicate_email_is_a_form_error(client, auth):
    factories.user(Role.EXPERT, email="salma.bennani@example.org")
    auth.as_role(Role.ADMIN)
    before = _count_users()
    response = client.post("/admin/users/new", data=_new_account())
    assert response.status_code == 200
    assert "Un compte utilise déjà" in response.get_data(as_text=True)
    assert _count_users() == before


def test_short_password_is_refused(client, auth):
    auth.as_role(Role.ADMIN)
    before = _count_users()
    response = client.post("/admin/users/new",
                           data=_new_account(password="court", confirm="court"))
    assert "entre 10 et 200 caractères" in response.get_data(as_text=True)
    assert _count_users() == before


def test_admin_edits_an_account(client, auth):
    user = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    response = client.post(f"/admin/users/{user.id}/edit",
                           data={"name": "Nouvelle coordinatrice", "role": "coordinator",
                                 "region": "souss-massa", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.role, user.region) == ("Nouvelle coordinatrice", Role.COORDINATOR,
                                                   "souss-massa")


def test_edit_to_coordinator_without_region_is_refused(client, auth):
    user = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    response = client.post(f"/admin/users/{user.id}/edit",
                           data={"name": "X", "role": "coordinator", "region": "", "active": "y"})
    assert response.status_code == 200
    db.session.refresh(user)
    assert user.role == Role.EXPERT


def test_deactivated_account_cannot_log_in(client, auth):
    user = factories.user(Role.EXPERT, email="partie@example.org")
    auth.as_role(Role.ADMIN)
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    db.session.refresh(user)
    assert user.active is False
    client.post("/logout")

    response = client.post("/login", data={"email": "partie@example.org",
                                           "password": factories.PASSWORD})
    assert response.status_code == 200
    assert "E-mail ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still sent to the login page


def test_admin_reactivates_an_account(client, auth):
    user = factories.user(Role.EXPERT, active=False)
    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{user.id}/reactivate")
    db.session.refresh(user)
    assert user.active is True


def test_admin_cannot_deactivate_themself(client, auth):
    admin = auth.as_role(Role.ADMIN)
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active is True


def test_admin_cannot_remove_their_own_admin_role(client, auth):
    admin = auth.as_role(Role.ADMIN)
    response = client.post(f"/admin/users/{admin.id}/edit",
                           data={"name": "Moi", "role": "expert", "region": "", "active": "y"})
    assert response.status_code == 200
    assert "propre rôle d&#39;administration" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


@pytest.mark.parametrize("role, region", [(Role.EXPERT, None), (Role.COORDINATOR, "oriental"),
                                          (Role.OBSERVER, None)])
def test_other_roles_get_403(client, auth, role, region):
    target = factories.user(Role.OBSERVER)
    auth.as_role(role, region)
    assert client.get("/admin/users/").status_code == 403
    assert client.get("/admin/users/new").status_code == 403
    assert client.get(f"/admin/users/{target.id}/edit").status_code == 403
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 403
    db.session.refresh(target)
    assert target.active is True


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_deactivation_ends_an_open_session(app, client, auth):
    user = factories.user(Role.EXPERT, email="partie@example.org")
    db.session.commit()
    theirs = app.test_client()
    theirs.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert theirs.get("/sessions/").status_code == 200
    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{user.id}/deactivate")
    assert theirs.get("/sessions/").status_code == 302
