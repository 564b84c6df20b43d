"""Two-factor authentication by TOTP (RFC 6238, the codes of an authenticator app) for the
accounts that may use it (User.may_use_totp), with ten single-use recovery codes. The secret is
stored in the users table as is (base32): whoever reads the database can make codes, as they
could already read everything else; the codes guard against a stolen password. Views commit."""
from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
import sqlalchemy as sa

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth.models import RecoveryCode, User
from trainings.clock import utcnow
from trainings.extensions import db

ISSUER = "Formations genre et migration"
STEP_SECONDS = 30
# A code of the previous or next 30-second step is accepted too: phones' clocks drift.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Recovery codes: 10 characters of an alphabet without look-alikes (50 bits), shown as 5-5.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def matching_step(secret: str, code: str, after_step: int | None = None) -> int | None:
    """The time step whose TOTP code this is (now, give or take DRIFT_STEPS), if later than
    after_step (a code already used is refused), else None."""
    code = _normalize(code)
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(utcnow().timestamp()) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _digest(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, digest=_digest(raw)))
    return codes


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor authentication on once a code from the app proves it reads the secret:
    the recovery codes, to be shown once; None when the code is wrong."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    record(AuditEvent.TOTP_ENABLED, actor_id=user.id, account_id=user.id)
    db.session.flush()
    return codes


def disable(user: User, *, actor_id: int | None, via: str = "page") -> None:
    """Turn it off: by the account itself (password and code checked by the caller), or by an
    administrator for an account whose phone is lost, or from the command line."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    details = {} if via == "page" else {"via": via}
    record(AuditEvent.TOTP_DISABLED, actor_id=actor_id, account_id=user.id, details=details)
    db.session.flush()


def check_code(user: User, code: str) -> bool:
    """True when this is a fresh code of the account's app (then spent)."""
    if user.totp_secret is None:
        return False
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    # Decided by the database: of two logins racing with the same code, one wins.
    spent = db.session.execute(
        sa.update(User).where(User.id == user.id, sa.or_(User.totp_last_step.is_(None),
                                                         User.totp_last_step < step))
        .values(totp_last_step=step)).rowcount
    return spent == 1


def use_recovery_code(user: User, code: str) -> bool:
    """True when this is one of the account's unused recovery codes (then spent)."""
    spent = db.session.execute(
        sa.update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                      RecoveryCode.digest == _digest(code),
                                      RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())).rowcount
    return spent == 1


def second_factor(user: User, code: str) -> str | None:
    """Which second factor this code is ("totp" or "recovery-code"), spending it, or None."""
    if check_code(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery-code"
    return None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0
