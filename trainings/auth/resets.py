"""Password resets by an administrator: a one-time link, shown once to the administrator who
passes it on; no password travels. Starting a reset makes the old password useless and ends
every login of the account; the link works once, for RESET_LIFETIME. Views commit."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth import logins
from trainings.auth.models import Login, User
from trainings.clock import utcnow
from trainings.extensions import db

RESET_LIFETIME = timedelta(hours=24)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_reset(user: User, *, actor_id: int | None, via: str = "page") -> str:
    """The secret of a new one-time link for the account (any earlier link stops working).
    Logged as PASSWORD_RESET by actor_id (None and via="cli" from the command line)."""
    secret = secrets.token_urlsafe(32)
    user.password_reset_digest = digest(secret)
    user.password_reset_expires_at = utcnow() + RESET_LIFETIME
    # Nobody knows this password: whoever knew the old one can no longer log in.
    user.set_password(secrets.token_urlsafe(32))
    ended = db.session.execute(sa.delete(Login).where(Login.user_id == user.id)).rowcount or 0
    details = {"method": "one-time-link", "expires_at": user.password_reset_expires_at,
               "logins_ended": ended}
    if via != "page":
        details["via"] = via
    record(AuditEvent.PASSWORD_RESET, actor_id=actor_id, account_id=user.id, details=details)
    db.session.flush()
    return secret


def account_of_link(secret: str) -> User | None:
    """The active account whose unexpired, unused reset link this is, or None."""
    if not secret:
        return None
    user = db.session.scalar(sa.select(User).where(User.password_reset_digest == digest(secret)))
    if user is None or not user.active or user.password_reset_expires_at is None \
            or user.password_reset_expires_at <= utcnow():
        return None
    return user


def complete_reset(user: User, new_password: str) -> None:
    """Set the password chosen through the link; the link is spent."""
    user.password_reset_digest = None
    user.password_reset_expires_at = None
    user.set_password(new_password)
    ended = logins.close_other_logins(user)
    record(AuditEvent.PASSWORD_CHANGED, actor_id=user.id, account_id=user.id,
           details={"via": "reset-link", "logins_ended": ended})
    db.session.flush()
