"""Accounts (issue 13, personal-data duties 6 and 7): the audit log of logins and account
changes, the last active administrator, one-time password reset links, and TOTP two-factor
authentication with recovery codes."""
from __future__ import annotations

import json
import re
import threading
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from tests import factories
from trainings.accounts import services as account_services
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.auth import tokens as api_tokens
from trainings.auth.models import Login, RecoveryCode, Role, User
from trainings.clock import utcnow
from trainings.extensions import db

NEW_PASSWORD = "un-nouveau-mot-de-passe"


def entries(event: AuditEvent) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.event == str(event)).order_by(AuditEntry.id)))


def details(entry: AuditEntry) -> dict:
    return json.loads(entry.details)


def login(client, email: str, password: str = factories.PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# --- the audit log of logins -------------------------------------------------------------

def test_a_login_is_logged_with_its_account(client, auth):
    user = auth.as_role(Role.EXPERT)
    [entry] = entries(AuditEvent.LOGIN_SUCCEEDED)
    assert (entry.actor_id, entry.account_id) == (user.id, user.id)


def test_a_failed_login_names_the_account_tried_but_never_the_password(client):
    user = factories.user(Role.EXPERT, email="salma@example.org")
    assert login(client, "Salma@example.org", "mauvais-secret-1234").status_code == 200
    assert login(client, "personne@example.org", "mauvais-secret-5678").status_code == 200
    known, unknown = entries(AuditEvent.LOGIN_FAILED)
    assert (known.account_id, known.actor_id) == (user.id, None)
    assert details(known)["email"] == "Salma@example.org"
    assert unknown.account_id is None and details(unknown)["email"] == "personne@example.org"
    assert "mauvais-secret" not in known.details + unknown.details
    assert entries(AuditEvent.LOGIN_SUCCEEDED) == []


def test_a_failed_login_keeps_at_most_254_characters_of_what_was_typed(client):
    login(client, "a" * 5000 + "@example.org", "mauvais")
    [entry] = entries(AuditEvent.LOGIN_FAILED)
    assert len(details(entry)["email"]) == 254


def test_logout_and_closing_other_logins_are_logged(client, auth):
    user = auth.as_role(Role.OBSERVER)
    client.post("/account/logins/close-others")
    client.post("/logout")
    [closed] = entries(AuditEvent.LOGINS_CLOSED)
    assert (closed.actor_id, details(closed)) == (user.id, {"ended": 0})
    [logout] = entries(AuditEvent.LOGOUT)
    assert logout.actor_id == user.id


def test_a_password_change_is_logged_without_the_password(client, auth):
    user = auth.as_role(Role.COORDINATOR)
    client.post("/account", data={"current": factories.PASSWORD, "new": NEW_PASSWORD,
                                  "confirm": NEW_PASSWORD})
    [entry] = entries(AuditEvent.PASSWORD_CHANGED)
    assert (entry.actor_id, entry.account_id) == (user.id, user.id)
    assert NEW_PASSWORD not in entry.details and factories.PASSWORD not in entry.details


def test_tokens_made_and_revoked_on_the_account_page_are_logged(client, auth):
    user = auth.as_role(Role.EXPERT)
    client.post("/account/tokens")
    row = api_tokens.tokens_of(user)[0]
    client.post(f"/account/tokens/{row.id}/revoke")
    [created] = entries(AuditEvent.TOKEN_CREATED)
    [revoked] = entries(AuditEvent.TOKEN_REVOKED)
    for entry in (created, revoked):
        assert (entry.actor_id, entry.account_id) == (user.id, user.id)
        assert details(entry) == {"prefix": row.prefix, "token_id": row.id, "scope": "read"}


def test_an_admin_revoking_a_token_is_the_actor(client, auth):
    owner = factories.user(Role.EXPERT)
    row, _secret = api_tokens.issue(owner, actor_id=owner.id)
    admin = auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{owner.id}/tokens/revoke", data={"token_id": row.id})
    [entry] = entries(AuditEvent.TOKEN_REVOKED)
    assert (entry.actor_id, entry.account_id) == (admin.id, owner.id)


def test_a_token_made_from_the_command_line_is_logged_as_such(runner):
    user = factories.user(Role.EXPERT, email="nadia@example.org")
    db.session.commit()
    assert runner.invoke(args=["users", "token", "nadia@example.org"]).exit_code == 0
    [entry] = entries(AuditEvent.TOKEN_CREATED)
    assert (entry.actor_id, entry.account_id, details(entry)["via"]) == (None, user.id, "cli")


# --- the audit log of account changes ----------------------------------------------------

def test_an_account_created_on_the_page_is_logged(client, auth):
    admin = auth.as_role(Role.ADMIN)
    client.post("/admin/users/new", data={
        "email": "new@example.org", "name": "Nouvelle", "role": "coordinator",
        "region": "souss-massa", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    created = account_services.find_by_email("new@example.org")
    [entry] = entries(AuditEvent.ACCOUNT_CREATED)
    assert (entry.actor_id, entry.account_id) == (admin.id, created.id)
    assert details(entry) == {"role": "coordinator", "region": "souss-massa"}
    assert NEW_PASSWORD not in entry.details


def test_an_account_created_from_the_command_line_is_logged_as_such(runner):
    result = runner.invoke(args=["users", "create", "cli@example.org", "--role", "observer"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    [entry] = entries(AuditEvent.ACCOUNT_CREATED)
    assert entry.actor_id is None and details(entry)["via"] == "cli"


def test_an_edit_logs_which_fields_changed_and_the_old_and_new_role(client, auth):
    user = factories.user(Role.OBSERVER, name="Ancien nom")
    admin = auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{user.id}/edit", data={
        "name": "Nouveau nom", "role": "coordinator", "region": "oriental", "active": "y"})
    [entry] = entries(AuditEvent.ACCOUNT_CHANGED)
    assert (entry.actor_id, entry.account_id) == (admin.id, user.id)
    assert details(entry) == {"changed": ["name", "region", "role"],
                              "role": {"old": "observer", "new": "coordinator"},
                              "region": {"old": None, "new": "oriental"}}
    assert "nom" not in entry.details  # the name itself is not copied into the log


def test_an_edit_changing_nothing_logs_nothing(client, auth):
    user = factories.user(Role.EXPERT, name="Même nom")
    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{user.id}/edit",
                data={"name": "Même nom", "role": "expert", "region": "", "active": "y"})
    assert entries(AuditEvent.ACCOUNT_CHANGED) == []


def test_deactivations_are_logged_from_the_page_and_the_command_line(client, auth, runner):
    first = factories.user(Role.EXPERT, email="first@example.org")
    second = factories.user(Role.EXPERT, email="second@example.org")
    admin = auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{first.id}/deactivate")
    assert runner.invoke(args=["users", "deactivate", "second@example.org"]).exit_code == 0
    page, cli = entries(AuditEvent.ACCOUNT_CHANGED)
    assert (page.actor_id, page.account_id) == (admin.id, first.id)
    assert details(page) == {"changed": ["active"], "active": {"old": True, "new": False}}
    assert (cli.actor_id, cli.account_id, details(cli)["via"]) == (None, second.id, "cli")


# --- the last active administrator -------------------------------------------------------

LAST_ADMIN = "est le dernier compte administrateur actif"


def test_the_command_line_cannot_deactivate_the_last_active_admin(runner):
    admin = factories.user(Role.ADMIN, email="admin@example.org")
    factories.user(Role.ADMIN, email="former@example.org", active=False)
    db.session.commit()
    result = runner.invoke(args=["users", "deactivate", "admin@example.org"])
    assert result.exit_code == 1
    assert LAST_ADMIN in result.output
    assert fresh(admin).active is True
    assert entries(AuditEvent.ACCOUNT_CHANGED) == []


def test_the_command_line_cannot_demote_the_last_active_admin(runner):
    admin = factories.user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "role", "admin@example.org", "expert"])
    assert result.exit_code == 1
    assert LAST_ADMIN in result.output
    assert fresh(admin).role == Role.ADMIN


def test_the_command_line_may_demote_an_admin_when_another_remains(runner):
    factories.user(Role.ADMIN, email="admin@example.org")
    other = factories.user(Role.ADMIN, email="other@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "role", "other@example.org", "coordinator",
                                 "--region", "oriental"])
    assert result.exit_code == 0, result.output
    assert (fresh(other).role, fresh(other).region) == (Role.COORDINATOR, "oriental")
    [entry] = entries(AuditEvent.ACCOUNT_CHANGED)
    assert details(entry)["role"] == {"old": "admin", "new": "coordinator"}


@pytest.mark.parametrize("change", [
    {"role": "expert", "active": "y"},
    {"role": "admin"},  # the box "Compte actif" unticked
])
def test_the_last_active_admin_cannot_demote_or_deactivate_themself_on_the_page(
        client, auth, change):
    admin = auth.as_role(Role.ADMIN)
    response = client.post(f"/admin/users/{admin.id}/edit",
                           data={"name": admin.name, "region": "", **change})
    assert response.status_code == 200
    assert "Vous ne pouvez pas" in response.get_data(as_text=True)
    assert (fresh(admin).role, fresh(admin).active) == (Role.ADMIN, True)
    assert entries(AuditEvent.ACCOUNT_CHANGED) == []


def test_the_service_refuses_to_leave_the_platform_without_an_active_admin(app):
    """The page's other path: an administrator acting on another one, who is the last active
    one by the time the change is made (the other was demoted meanwhile)."""
    actor = factories.user(Role.ADMIN)
    target = factories.user(Role.ADMIN)
    db.session.commit()
    db.session.execute(sa.update(User).where(User.id == actor.id).values(active=False))
    with pytest.raises(account_services.AccountError, match=LAST_ADMIN):
        account_services.set_active(target, False, actor=actor)
    with pytest.raises(account_services.AccountError, match=LAST_ADMIN):
        account_services.set_role(target, Role.OBSERVER, actor=actor)
    db.session.rollback()


def test_an_admin_may_deactivate_another_admin(client, auth):
    other = factories.user(Role.ADMIN)
    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{other.id}/deactivate")
    assert fresh(other).active is False


# --- password reset by a one-time link ---------------------------------------------------

def reset_link(client, user: User) -> str:
    page = client.post(f"/admin/users/{user.id}/password-reset").get_data(as_text=True)
    link = re.search(r'id="reset-link">([^<]+)<', page).group(1)
    return "/" + link.split("/", 3)[3]


def test_an_admin_resets_a_password_and_the_person_sets_a_new_one(app, client, auth):
    expert = factories.user(Role.EXPERT, email="expert@example.org")
    other_browser = app.test_client()
    assert login(other_browser, expert.email).status_code == 302
    admin = auth.as_role(Role.ADMIN)
    path = reset_link(client, expert)
    assert path.startswith("/password-reset/")

    # The old password no longer opens the account, and its logins are closed.
    assert other_browser.get("/account").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Login)
                             .where(Login.user_id == expert.id)) == 0
    [entry] = entries(AuditEvent.PASSWORD_RESET)
    assert (entry.actor_id, entry.account_id) == (admin.id, expert.id)
    assert path.rsplit("/", 1)[1] not in entry.details

    person = app.test_client()
    form = person.get(path)
    assert form.status_code == 200 and form.headers["Referrer-Policy"] == "no-referrer"
    response = person.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert login(person, expert.email, factories.PASSWORD).status_code == 200
    assert login(person, expert.email, NEW_PASSWORD).status_code == 302
    [changed] = entries(AuditEvent.PASSWORD_CHANGED)
    assert (changed.account_id, details(changed)["via"]) == (expert.id, "reset-link")


def test_a_reset_link_works_once(app, client, auth):
    expert = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    path = reset_link(client, expert)
    person = app.test_client()
    person.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = person.post(path, data={"new": "encore-un-autre-secret", "confirm":
                                    "encore-un-autre-secret"})
    assert again.status_code == 404
    assert "Ce lien n'est plus valable" in again.get_data(as_text=True)
    assert fresh(expert).check_password(NEW_PASSWORD)


def test_a_reset_link_expires_after_24_hours(app, client, auth, clock):
    expert = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    path = reset_link(client, expert)
    clock.advance(timedelta(hours=24, seconds=1))
    assert app.test_client().get(path).status_code == 404


def test_a_new_reset_replaces_the_earlier_link(app, client, auth):
    expert = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    first = reset_link(client, expert)
    second = reset_link(client, expert)
    person = app.test_client()
    assert person.get(first).status_code == 404
    assert person.get(second).status_code == 200


def test_a_mistyped_confirmation_changes_nothing_and_keeps_the_link(app, client, auth):
    expert = factories.user(Role.EXPERT)
    auth.as_role(Role.ADMIN)
    path = reset_link(client, expert)
    person = app.test_client()
    response = person.post(path, data={"new": NEW_PASSWORD, "confirm": "autre-chose-123"})
    assert response.status_code == 200
    assert "Les deux saisies diffèrent." in response.get_data(as_text=True)
    assert not fresh(expert).check_password(NEW_PASSWORD)
    assert person.get(path).status_code == 200


def test_an_admin_cannot_reset_their_own_password_from_the_accounts_page(client, auth):
    admin = auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{admin.id}/password-reset")
    assert fresh(admin).check_password(factories.PASSWORD)
    assert entries(AuditEvent.PASSWORD_RESET) == []


@pytest.mark.parametrize("role", [Role.EXPERT, Role.COORDINATOR, Role.OBSERVER])
def test_only_admins_reset_passwords(client, auth, role):
    expert = factories.user(Role.EXPERT)
    auth.as_role(role, "oriental" if role == Role.COORDINATOR else None)
    assert client.post(f"/admin/users/{expert.id}/password-reset").status_code == 403
    assert fresh(expert).check_password(factories.PASSWORD)


def test_resetting_an_unknown_account_is_404(client, auth):
    auth.as_role(Role.ADMIN)
    assert client.post("/admin/users/999999/password-reset").status_code == 404


def test_the_command_line_prints_a_reset_link(app, runner):
    expert = factories.user(Role.EXPERT, email="expert@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "reset-password", "expert@example.org",
                                 "--base-url", "https://formations.example.org"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://formations.example.org/password-reset/")
    person = app.test_client()
    path = "/" + link.split("/", 3)[3]
    assert person.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
                       ).status_code == 302
    assert fresh(expert).check_password(NEW_PASSWORD)
    [entry] = entries(AuditEvent.PASSWORD_RESET)
    assert (entry.actor_id, details(entry)["via"]) == (None, "cli")


# --- TOTP two-factor authentication ------------------------------------------------------

def code_now(secret: str) -> str:
    """The code the phone shows at the application's "now" (the test clock's, when set)."""
    return pyotp.TOTP(secret).at(utcnow())


def next_step(clock) -> None:
    """Half a minute later: the phone shows a new code (a code is accepted once)."""
    clock.advance(timedelta(seconds=30))


def enrol(client) -> tuple[str, list[str]]:
    """Enrol the logged-in account: (the secret, the recovery codes)."""
    page = client.get("/account/totp").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    done = client.post("/account/totp", data={"code": code_now(secret)})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    return secret, codes


def test_enrolment_shows_a_qr_code_and_needs_a_right_code(client, auth):
    user = auth.as_role(Role.EXPERT)
    page = client.get("/account/totp").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert '<svg' in page and "<script" not in page
    wrong_code = "000000" if code_now(secret) != "000000" else "111111"
    wrong = client.post("/account/totp", data={"code": wrong_code})
    assert "Code incorrect" in wrong.get_data(as_text=True)
    assert fresh(user).totp_secret is None
    done = client.post("/account/totp", data={"code": code_now(secret)})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10 == len(set(codes))
    assert fresh(user).totp_secret == secret
    stored = db.session.scalars(sa.select(RecoveryCode.digest)
                                .where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # kept hashed only
    [entry] = entries(AuditEvent.TOTP_ENABLED)
    assert entry.actor_id == user.id


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.OBSERVER])
def test_totp_is_offered_to_admins_and_experts_only(client, auth, role):
    user = auth.as_role(role)
    assert "Activer la double authentification" not in client.get("/account").get_data(
        as_text=True)
    assert client.get("/account/totp").status_code == 302
    assert fresh(user).totp_secret is None


def test_login_asks_for_the_code_after_the_password(app, client, auth, clock):
    user = auth.as_role(Role.ADMIN)
    secret, _codes = enrol(client)
    next_step(clock)
    client.post("/logout")
    response = login(client, user.email)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    assert client.get("/account").status_code == 302  # not logged in yet
    wrong = client.post("/login/code", data={"code": "12345"})
    assert "Code incorrect" in wrong.get_data(as_text=True)
    failed = entries(AuditEvent.LOGIN_FAILED)
    assert [(e.account_id, details(e)["stage"]) for e in failed] == [(user.id, "code")]
    code = code_now(secret)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/account").status_code == 200
    assert details(entries(AuditEvent.LOGIN_SUCCEEDED)[-1]) == {"second_factor": "totp"}

    # The same code does not open a second login.
    thief = app.test_client()
    login(thief, user.email)
    assert thief.post("/login/code", data={"code": code}).status_code == 200
    assert thief.get("/account").status_code == 302


def test_the_code_page_without_a_password_sends_back_to_the_login(client):
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_a_recovery_code_replaces_the_app_once(app, client, auth):
    user = auth.as_role(Role.EXPERT)
    _secret, codes = enrol(client)
    client.post("/logout")
    login(client, user.email)
    assert client.post("/login/code", data={"code": codes[3].upper()}).status_code == 302
    assert details(entries(AuditEvent.LOGIN_SUCCEEDED)[-1]) == {
        "second_factor": "recovery-code"}
    other = app.test_client()
    login(other, user.email)
    assert other.post("/login/code", data={"code": codes[3]}).status_code == 200
    assert other.get("/account").status_code == 302


def test_disabling_needs_the_password_and_a_code(client, auth, clock):
    user = auth.as_role(Role.EXPERT)
    secret, _codes = enrol(client)
    next_step(clock)
    wrong = client.post("/account/totp/disable",
                        data={"password": "pas-le-bon-mot", "code": code_now(secret)})
    assert "Mot de passe incorrect." in wrong.get_data(as_text=True)
    assert fresh(user).totp_enabled
    client.post("/account/totp/disable",
                data={"password": factories.PASSWORD, "code": code_now(secret)})
    assert not fresh(user).totp_enabled
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    [entry] = entries(AuditEvent.TOTP_DISABLED)
    assert (entry.actor_id, entry.account_id) == (user.id, user.id)


def test_an_admin_removes_the_totp_of_an_account_whose_phone_is_lost(app, client, auth):
    expert = factories.user(Role.EXPERT)
    expert_browser = app.test_client()
    login(expert_browser, expert.email)
    enrol(expert_browser)
    admin = auth.as_role(Role.ADMIN)
    assert "Retirer la double authentification" in client.get(
        f"/admin/users/{expert.id}/edit").get_data(as_text=True)
    client.post(f"/admin/users/{expert.id}/totp/remove")
    assert not fresh(expert).totp_enabled
    [entry] = entries(AuditEvent.TOTP_DISABLED)
    assert (entry.actor_id, entry.account_id) == (admin.id, expert.id)
    assert login(app.test_client(), expert.email).status_code == 302


def test_the_command_line_removes_a_totp(client, auth, runner):
    user = auth.as_role(Role.ADMIN)
    enrol(client)
    result = runner.invoke(args=["users", "totp-remove", user.email])
    assert result.exit_code == 0, result.output
    assert not fresh(user).totp_enabled
    assert details(entries(AuditEvent.TOTP_DISABLED)[0]) == {"via": "cli"}


def test_code_attempts_are_rate_limited_per_account(app, auth):
    user = factories.user(Role.ADMIN)
    browser = app.test_client()
    login(browser, user.email)
    enrol(browser)
    browser.post("/logout")
    attempts = []
    for n in range(4):  # from different addresses: the account's count still brakes
        guesser = app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        login(guesser, user.email)
        attempts += [guesser.post("/login/code", data={"code": "000001"}).status_code
                     for _ in range(2)]
    assert attempts.count(429) >= 1
    assert attempts[:5] == [200] * 5


def test_a_password_reset_between_the_password_and_the_code_ends_the_pending_login(
        app, client, auth, clock):
    expert = factories.user(Role.EXPERT)
    browser = app.test_client()
    login(browser, expert.email)
    secret, _codes = enrol(browser)
    browser.post("/logout")
    next_step(clock)
    login(browser, expert.email)
    auth.as_role(Role.ADMIN)
    reset_link(client, expert)
    response = browser.post("/login/code", data={"code": code_now(secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert browser.get("/account").status_code == 302


def test_hostile_text_typed_as_an_e_mail_is_kept_as_plain_text(client):
    typed = '=HYPERLINK("http://x")<script>alert(1)</script>رقم 0612345678'
    login(client, typed, "mauvais")
    [entry] = entries(AuditEvent.LOGIN_FAILED)
    assert details(entry)["email"] == typed


def test_two_admins_demoted_at_the_same_instant_leave_one_active(app):
    """The second change waits for the first (PostgreSQL: its rows are locked; SQLite: its
    write lock), then finds itself the last and is refused."""
    first, second = factories.user(Role.ADMIN), factories.user(Role.ADMIN)
    db.session.commit()
    first_id = first.id
    account_services.set_role(second, Role.OBSERVER)  # flushed, not committed: locks held
    outcome = []

    def demote_the_other():
        with app.app_context():
            try:
                account_services.set_role(db.session.get(User, first_id), Role.OBSERVER)
                db.session.commit()
                outcome.append("demoted")
            except account_services.AccountError:
                outcome.append("refused")
            finally:
                db.session.rollback()
                db.session.remove()

    thread = threading.Thread(target=demote_the_other)
    thread.start()
    thread.join(timeout=1)  # it now waits for this transaction
    db.session.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert outcome == ["refused"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) == 1
    assert fresh(first).role == Role.ADMIN


def test_a_code_is_accepted_half_a_minute_either_side_and_never_twice(clock):
    from trainings.auth import totp

    secret = totp.new_secret()
    now = clock.set_utc(utcnow().replace(microsecond=0))
    step = int(now.timestamp()) // totp.STEP_SECONDS
    code_at = lambda n: pyotp.TOTP(secret).at((step + n) * totp.STEP_SECONDS)  # noqa: E731
    assert totp.matching_step(secret, code_at(0)) == step
    assert totp.matching_step(secret, code_at(-1)) == step - 1
    assert totp.matching_step(secret, code_at(1)) == step + 1
    # Two steps away (a minute), or a step already used, or not six digits: refused.
    accepted = {code_at(-1), code_at(0), code_at(1)}
    for far in (-2, 2):
        if code_at(far) not in accepted:  # six digits repeat once in a million
            assert totp.matching_step(secret, code_at(far)) is None
    assert totp.matching_step(secret, code_at(0), after_step=step) is None
    assert totp.matching_step(secret, code_at(0)[:5]) is None
    assert totp.matching_step(secret, f" {code_at(0)[:3]} {code_at(0)[3:]} ") == step
