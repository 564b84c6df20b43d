"""The logins of staff accounts, kept server-side so that logging out really ends one.

Design: each login (the login form) gets a random secret; the `logins` table keeps its SHA-256,
and Flask-Login's id, stored in the session and the remember cookie, is "<user id>:<secret>".
The user loader accepts a cookie only while its row exists and is younger than the remember
lifetime. So logout deletes its own row (a copied cookie of that browser is then useless while
the account's other browsers stay logged in); "Déconnecter mes autres sessions" and a password
change delete every row but the current one. API tokens are separate and not touched. Views
commit."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from trainings.auth.models import Login, User
from trainings.clock import utcnow
from trainings.extensions import db


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_id(login_id: str) -> tuple[int, str] | None:
    """(user id, login secret) of a Flask-Login id "<id>:<secret>", or None if malformed."""
    user_id, _sep, secret = login_id.partition(":")
    if not user_id.isdigit() or not secret:
        return None
    return int(user_id), secret


def open_login(user: User, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new login for the account; sets user.login_secret, which login_user() then stores.
    The account's expired logins are cleared on the way."""
    now = now or utcnow()
    db.session.execute(sa.delete(Login).where(Login.user_id == user.id,
                                              Login.created_at <= now - lifetime))
    secret = secrets.token_urlsafe(32)
    db.session.add(Login(user_id=user.id, digest=digest(secret), created_at=now))
    db.session.flush()
    user.login_secret = secret
    return secret


def user_of(login_id: str, lifetime: timedelta, now: datetime | None = None) -> User | None:
    """The account of a live login, in one query, or None (malformed, ended, expired)."""
    parsed = parse_id(login_id)
    if parsed is None:
        return None
    user_id, secret = parsed
    now = now or utcnow()
    user = db.session.scalar(
        sa.select(User).join(Login, Login.user_id == User.id)
        .where(User.id == user_id, Login.digest == digest(secret),
               Login.created_at > now - lifetime))
    if user is not None:
        user.login_secret = secret
    return user


def close_login(user: User) -> None:
    """Ends the current login of the account (logout)."""
    if user.login_secret:
        db.session.execute(sa.delete(Login).where(Login.user_id == user.id,
                                                  Login.digest == digest(user.login_secret)))


def close_other_logins(user: User) -> int:
    """Ends every login of the account but the current one; how many were ended."""
    query = sa.delete(Login).where(Login.user_id == user.id)
    if user.login_secret:
        query = query.where(Login.digest != digest(user.login_secret))
    return db.session.execute(query).rowcount or 0
