"""Issuing, finding and revoking API tokens; shared by `flask users token`, the account pages
and the API's authentication. Views commit."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import abort

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth.models import PREFIX_LENGTH, ApiToken, TokenScope, User
from trainings.clock import utcnow
from trainings.extensions import db

# last_used_at is written at most this often per token: a script pulling every endpoint in a
# loop must not turn each read into a write (SQLite has one writer, the room checking in).
LAST_USED_PRECISION = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ScopeRefused(Exception):
    """The account may not hold a token of this scope."""


def may_hold(user: User, scope: TokenScope) -> bool:
    """A field-push token imports results: only the roles that may import them hold one."""
    return scope == TokenScope.READ or user.can_edit


def _details(row: ApiToken, via: str) -> dict:
    details = {"token_id": row.id, "prefix": row.prefix, "scope": row.scope.value}
    if via != "page":
        details["via"] = via
    return details


def issue(user: User, *, actor_id: int | None = None, via: str = "page",
          scope: TokenScope = TokenScope.READ) -> tuple[ApiToken, str]:
    """A new token for the account: (its row, the token itself, to be shown once only).
    Logged with the acting account (None and via="cli" from the command line). ScopeRefused
    when the account's role may not hold a token of this scope."""
    if not may_hold(user, scope):
        raise ScopeRefused(scope)
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, digest=digest(token), prefix=token[:PREFIX_LENGTH],
                   scope=scope)
    db.session.add(row)
    db.session.flush()
    record(AuditEvent.TOKEN_CREATED, actor_id=actor_id, account_id=user.id,
           details=_details(row, via))
    return row, token


def authenticate(token: str, now: datetime | None = None) -> User | None:
    """The active account a presented token belongs to, or None (unknown, revoked, inactive);
    notes when it was used."""
    row = active_token(token, now)
    return row.user if row else None


def active_token(token: str, now: datetime | None = None) -> ApiToken | None:
    """The row of a presented token whose account is active, or None (unknown, revoked,
    inactive); notes when it was used."""
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.digest == digest(token)))
    if row is None or row.is_revoked or not row.user.active:
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        row.last_used_at = now
    return row


def tokens_of(user: User) -> list[ApiToken]:
    """The account's tokens, active ones first, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())))


def token_of(user: User, token_id: int | None) -> ApiToken:
    """One of the account's tokens, or 404."""
    row = db.session.get(ApiToken, token_id) if token_id else None
    if row is None or row.user_id != user.id:
        abort(404)
    return row


def revoke(row: ApiToken, *, actor_id: int | None = None, via: str = "page") -> bool:
    """Revoke a token; False when it already was (the first revocation date stands)."""
    if row.is_revoked:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    record(AuditEvent.TOKEN_REVOKED, actor_id=actor_id, account_id=row.user_id,
           details=_details(row, via))
    return True
