"""Staff accounts, their roles and their API tokens."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import code_type, db, enum_type
from trainings.places import REGIONS


class Role(enum.StrEnum):
    ADMIN = "admin"
    EXPERT = "expert"
    COORDINATOR = "coordinator"
    OBSERVER = "observer"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrateur·trice"),
    Role.EXPERT: _l("Experte / formatrice"),
    Role.COORDINATOR: _l("Coordinateur·trice régional·e"),
    Role.OBSERVER: _l("Observateur·trice (suivi-évaluation)"),
}

region_type = code_type(REGIONS, "region", length=20)


# The hash of a random password nobody knows, made by set_password's method (Werkzeug's
# default; a test keeps them the same): checked when no account may log in with the e-mail
# given, so that an unknown e-mail costs the time a known one costs and the login's
# answer time does not tell staff e-mails apart.
NOBODYS_PASSWORD_HASH = (
    "scrypt:32768:8:1$qcxMmHQT6Js60Y73$3fed04d7287cb88f1386265fdd7394493906a1bbfaa18235309b5a"
    "a5def09bb07656e6e3ad0b87987868a6c8e7babb4096e67ffb46581436c5fd6739dbe0634e")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'coordinator') = (region IS NOT NULL)", name="coordinator_has_region"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    region: Mapped[str | None] = mapped_column(region_type)
    active: Mapped[bool] = mapped_column(default=True)
    # The staff member's language (trainings/i18n.py); None: the browser's.
    language: Mapped[str | None] = mapped_column(sa.String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A password reset an administrator started (trainings/auth/resets.py): the SHA-256 of the
    # one-time link's secret, until it is used or replaced, and when the link stops working.
    password_reset_digest: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    password_reset_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor authentication (trainings/auth/totp.py): the TOTP secret (base32, stored as is:
    # see docs), None when not enabled; the last time step accepted, so a code is used once.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    # The secret of the login this request came with (see trainings/auth/logins.py), set by
    # the user loader or at login; not a column.
    login_secret = None

    def get_id(self) -> str:
        """Flask-Login's id, kept in the session and the remember cookie: the account and the
        secret of one login, which logging out, or changing the password elsewhere, deletes."""
        return f"{self.id}:{self.login_secret or ''}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def set_language(self, language: str | None) -> None:
        self.language = language or None

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @staticmethod
    def with_password(user: User | None, password: str) -> User | None:
        """The account if it is active and the password is its own, else None; one password
        check in every case (an unknown e-mail checks NOBODYS_PASSWORD_HASH)."""
        password_hash = user.password_hash if user is not None else NOBODYS_PASSWORD_HASH
        matches = check_password_hash(password_hash, password)
        return user if matches and user is not None and user.active else None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.ADMIN, Role.EXPERT, Role.COORDINATOR)

    @property
    def scope_region(self) -> str | None:
        """The only region this account may see, or None for all regions."""
        return self.region if self.role == Role.COORDINATOR else None

    @property
    def totp_enabled(self) -> bool:
        return self.totp_secret is not None

    @property
    def may_use_totp(self) -> bool:
        """Two-factor authentication is offered to the accounts that reach the most data."""
        return self.role in (Role.ADMIN, Role.EXPERT)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


PREFIX_LENGTH = 8


class TokenScope(enum.StrEnum):
    """What a token may do. The values are stored; never rename one."""

    READ = "read"  # the read API, with its account's role and region
    FIELD_PUSH = "field-push"  # only send a field laptop's results (trainings/field)


TOKEN_SCOPE_LABELS = {
    TokenScope.READ: _l("Lecture de l'API"),
    TokenScope.FIELD_PUSH: _l("Envoi des résultats terrain"),
}


class ApiToken(db.Model):
    """A token a staff account uses from scripts; it acts with that account's role and region."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    # Hex SHA-256 of the token: a leaked table gives no usable token. The token carries 256
    # random bits, so a plain (unsalted, fast) hash is enough, unlike a password.
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True, index=True)
    # The token's first characters, shown on the account page to tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(PREFIX_LENGTH))
    scope: Mapped[TokenScope] = mapped_column(enum_type(TokenScope, "token_scope"),
                                              default=TokenScope.READ,
                                              server_default=TokenScope.READ.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scope_label(self) -> str:
        return str(TOKEN_SCOPE_LABELS[self.scope])

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… user={self.user_id}>"


class Login(db.Model):
    """One login of a staff account on one browser, alive until logout, "Déconnecter mes autres
    sessions", a password change elsewhere, or the remember lifetime: a copied session or
    remember cookie is worth no more than this row."""

    __tablename__ = "logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    # Hex SHA-256 of the secret kept in the cookies (256 random bits: a fast hash is enough).
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Login {self.id} user={self.user_id}>"


class RecoveryCode(db.Model):
    """One of the ten single-use codes that replace a TOTP code when the phone is lost."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    # Hex SHA-256 of the code (50 random bits, tried under a rate limit): shown once, never kept.
    digest: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id}>"
