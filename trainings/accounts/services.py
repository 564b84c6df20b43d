"""Queries and state changes of staff accounts, shared by the admin pages and `flask users`."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.auth.models import Role, User
from trainings.extensions import db
from trainings.places import REGIONS

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A rule of accounts was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """The account with this e-mail, whatever its case."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == normalize_email(email)))


def get_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def all_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.role, User.email)))


def role_region_error(role: Role | str, region: str | None) -> str | None:
    """Why this role and region cannot go together, or None: a coordinator has a region,
    the other roles none (the database refuses anything else)."""
    if region and region not in REGIONS:
        return _("Région inconnue : %(region)s.", region=region)
    if Role(role) == Role.COORDINATOR and not region:
        return _("Un compte de coordination doit avoir une région.")
    if Role(role) != Role.COORDINATOR and region:
        return _("Seuls les comptes de coordination ont une région.")
    return None


def password_error(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Le mot de passe doit compter au moins %(n)s caractères.", n=MIN_PASSWORD_LENGTH)
    return None


def check_new_account(email: str, role: Role | str, region: str | None) -> None:
    """Raise AccountError when an account with these e-mail, role and region cannot be created."""
    address = normalize_email(email)
    local, _at, domain = address.partition("@")
    if not local or not domain or " " in address:
        raise AccountError(_("Adresse e-mail invalide : %(email)s.", email=email), "email")
    if find_by_email(address) is not None:
        raise AccountError(_("Un compte utilise déjà l'adresse %(email)s.", email=address), "email")
    if message := role_region_error(role, region):
        raise AccountError(message, "region")


def _actor_details(actor: User | None, details: dict) -> tuple[int | None, dict]:
    """The audit log's actor id and details: an act without an account is the command line's."""
    if actor is None:
        return None, {**details, "via": "cli"}
    return actor.id, details


def create_user(email: str, role: Role | str, password: str, region: str | None = None,
                name: str = "", actor: User | None = None) -> User:
    """A new active account; logged as created by actor (None: the command line)."""
    check_new_account(email, role, region)
    if message := password_error(password):
        raise AccountError(message, "password")
    user = User(email=normalize_email(email), name=name.strip(), role=Role(role),
                region=region or None, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    actor_id, details = _actor_details(actor, {"role": user.role.value, "region": user.region})
    record(AuditEvent.ACCOUNT_CREATED, actor_id=actor_id, account_id=user.id, details=details)
    return user


def _last_admin_error(user: User, role: Role, active: bool) -> str | None:
    """The platform keeps at least one active administrator: why this change would leave it
    without one, or None. The other active administrators are counted with their rows locked
    (FOR UPDATE, PostgreSQL): of two administrators demoted at the same instant, the second
    waits for the first and then sees it gone. SQLite ignores FOR UPDATE: update_user counts
    again after its write, when it holds SQLite's only write lock."""
    if user.role != Role.ADMIN or not user.active or (role == Role.ADMIN and active):
        return None
    others = db.session.scalars(
        sa.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True),
                                 User.id != user.id).with_for_update()).all()
    return None if others else _last_admin_message(user)


def _last_admin_message(user: User) -> str:
    return _("%(email)s est le dernier compte administrateur actif : créez ou réactivez d'abord "
             "un autre compte administrateur.", email=user.email)


def _active_admins() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) or 0


def _self_change_error(user: User, actor: User | None, role: Role, active: bool) -> str | None:
    """An administrator may not lock themself out: the platform could be left without one."""
    if actor is None or actor.id != user.id:
        return None
    if role != Role.ADMIN:
        return _("Vous ne pouvez pas retirer votre propre rôle d'administration.")
    if not active:
        return _("Vous ne pouvez pas désactiver votre propre compte.")
    return None


def _log_change(user: User, actor: User | None, before: dict) -> None:
    """One ACCOUNT_CHANGED entry naming the fields that changed, with the old and new role,
    region and state (the name is personal: only said to have changed)."""
    after = _account_fields(user)
    changed = sorted(field for field in after if after[field] != before[field])
    if not changed:
        return
    details: dict = {"changed": changed}
    for field in ("role", "region", "active"):
        if field in changed:
            details[field] = {"old": before[field], "new": after[field]}
    actor_id, details = _actor_details(actor, details)
    record(AuditEvent.ACCOUNT_CHANGED, actor_id=actor_id, account_id=user.id, details=details)


def _account_fields(user: User) -> dict:
    return {"name": user.name, "role": Role(user.role).value, "region": user.region,
            "active": user.active}


def update_user(user: User, *, name: str, role: Role | str, region: str | None, active: bool,
                actor: User | None = None) -> User:
    """Change an account; actor None is the command line (the last-admin rule holds too)."""
    role = Role(role)
    region = region or None
    if message := role_region_error(role, region):
        raise AccountError(message, "region")
    if message := _self_change_error(user, actor, role, active):
        raise AccountError(message, "role" if role != Role.ADMIN else "active")
    if message := _last_admin_error(user, role, active):
        raise AccountError(message, "role" if role != Role.ADMIN else "active")
    before = _account_fields(user)
    _apply(user, name.strip(), role, region, active)
    if before["role"] == Role.ADMIN and before["active"] and _active_admins() == 0:
        # Another administrator was demoted meanwhile (see _last_admin_error): undo ours.
        _apply(user, before["name"], Role(before["role"]), before["region"], before["active"])
        raise AccountError(_last_admin_message(user), "role" if role != Role.ADMIN else "active")
    _log_change(user, actor, before)
    return user


def _apply(user: User, name: str, role: Role, region: str | None, active: bool) -> None:
    user.name = name
    user.role = role
    user.region = region
    user.active = active
    db.session.flush()


def set_active(user: User, active: bool, actor: User | None = None) -> User:
    return update_user(user, name=user.name, role=user.role, region=user.region, active=active,
                       actor=actor)


def set_role(user: User, role: Role | str, region: str | None = None,
             actor: User | None = None) -> User:
    return update_user(user, name=user.name, role=role, region=region, active=user.active,
                       actor=actor)
