"""The acts on a staff account's own access (logging in and out, changing the password, closing
other logins), each written to the audit log. Views commit."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth import logins, totp
from trainings.auth.models import User
from trainings.extensions import db

# The longest e-mail kept from a failed login (the longest an address may be): what a person
# typed in the staff login form, so that an administrator sees which account was tried.
TYPED_EMAIL_LIMIT = 254


def account_of_email(email: str) -> User | None:
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))


def check_password(email: str, password: str) -> User | None:
    """The active account of this e-mail and password, or None after logging the failure
    (the account's id when the e-mail is one, the e-mail typed; never the password)."""
    account = account_of_email(email)
    user = User.with_password(account, password)
    if user is None:
        record(AuditEvent.LOGIN_FAILED, account_id=account.id if account else None,
               details={"email": email.strip()[:TYPED_EMAIL_LIMIT], "stage": "password"})
    return user


def log_in(user: User, lifetime: timedelta, second_factor: str | None = None) -> str:
    """Open a login (see logins.open_login) and log it; second_factor: "totp", "recovery-code"
    or None when the account has none."""
    secret = logins.open_login(user, lifetime)
    details = {"second_factor": second_factor} if second_factor else {}
    record(AuditEvent.LOGIN_SUCCEEDED, actor_id=user.id, account_id=user.id, details=details)
    return secret


def log_out(user: User) -> None:
    logins.close_login(user)
    record(AuditEvent.LOGOUT, actor_id=user.id, account_id=user.id)


def close_other_logins(user: User) -> int:
    ended = logins.close_other_logins(user)
    record(AuditEvent.LOGINS_CLOSED, actor_id=user.id, account_id=user.id,
           details={"ended": ended})
    return ended


def change_password(user: User, new_password: str, via: str = "account-page") -> None:
    """Set a new password; whoever knew the old one is logged out everywhere else (this
    browser's login, if any, stays)."""
    user.set_password(new_password)
    ended = logins.close_other_logins(user)
    record(AuditEvent.PASSWORD_CHANGED, actor_id=user.id, account_id=user.id,
           details={"via": via, "logins_ended": ended})


def second_factor(user: User, code: str, stage: str = "code") -> str | None:
    """Which second factor the code is ("totp", "recovery-code"), spent; None after logging
    the failure (stage "code": at login; "totp-disable": turning two-factor off)."""
    used = totp.second_factor(user, code)
    if used is None:
        record(AuditEvent.LOGIN_FAILED, account_id=user.id, details={"stage": stage})
    return used
