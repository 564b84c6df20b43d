"""The audit log's table. Rows are only ever added: no code path updates or deletes them, the
session refuses to, and database triggers refuse it too (see the migration that made it)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, Session as OrmSession, mapped_column

from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db


class AuditEvent(enum.StrEnum):
    """What happened. The values are stored; never rename one."""

    LOGIN_SUCCEEDED = "login-succeeded"
    LOGIN_FAILED = "login-failed"
    LOGOUT = "logout"
    LOGINS_CLOSED = "logins-closed"  # "Déconnecter mes autres sessions"
    ACCOUNT_CREATED = "account-created"
    ACCOUNT_CHANGED = "account-changed"  # role, region, active, name, e-mail
    PASSWORD_CHANGED = "password-changed"
    PASSWORD_RESET = "password-reset"  # by an admin, for another account
    TOTP_ENABLED = "totp-enabled"
    TOTP_DISABLED = "totp-disabled"
    TOKEN_CREATED = "token-created"
    TOKEN_REVOKED = "token-revoked"
    CHECK_IN_MANUAL = "check-in-manual"
    CHECK_IN_BADGE = "check-in-badge"
    CHECK_IN_UNDONE = "check-in-undone"
    TEST_RESET = "test-reset"
    IMPORT = "import"  # roster, attendance, question bank, paper results...
    DOWNLOAD = "download"  # every file holding personal data
    PERSON_MERGED = "person-merged"
    PERSON_EXPORTED = "person-exported"
    PERSON_ERASED = "person-erased"
    RETENTION_RUN = "retention-run"
    FIELD_KIT_MADE = "field-kit-made"  # central: a session's kit for a laptop
    FIELD_KIT_LOADED = "field-kit-loaded"  # laptop: a kit loaded
    FIELD_RESULTS_MADE = "field-results-made"  # laptop: the workshop's records packed
    FIELD_RESULTS_IMPORTED = "field-results-imported"  # central: those records brought in
    BACKUP = "backup"  # flask backup
    RESTORE = "restore"  # flask restore, written into the restored database


class AuditEntry(db.Model):
    """One thing done. It names people and sessions by id only, never by name or contact,
    so that erasing a person leaves nothing of their identity here."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    event: Mapped[str] = mapped_column(sa.String(40), index=True)
    # The staff account that acted (no foreign key: the log outlives any change to accounts);
    # None for a participant or the system (retention timer).
    actor_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    # The staff account acted upon (account changes, password resets, failed logins).
    account_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    person_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    session_id: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    # What else identifies the act: the kind of file and its name, the number of rows...
    # (JSON text, keys sorted). Never a participant's name, phone or e-mail.
    details: Mapped[str] = mapped_column(sa.Text, default="")
    address: Mapped[str] = mapped_column(sa.String(45), default="")


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a row of the audit log."""


@sa_event.listens_for(OrmSession, "before_flush")
def _refuse_changes(session, flush_context, instances) -> None:
    for instance in list(session.dirty) + list(session.deleted):
        if isinstance(instance, AuditEntry) and (instance in session.deleted
                                                 or session.is_modified(instance)):
            raise AppendOnlyError("the audit log is append-only")
