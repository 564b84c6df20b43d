"""Queries and state changes of staff accounts, shared by the admin pages and `flask users`."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

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


def create_user(email: str, role: Role | str, password: str, region: str | None = None,
                name: str = "") -> User:
    check_new_account(email, role, region)
    if message := password_error(password):
        raise AccountError(message, "password")
    user = User(email=normalize_email(email), name=name.strip(), role=Role(role),
                region=region or None, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _self_change_error(user: User, actor: User | None, role: Role, active: bool) -> str | None:
    """An administrator may not lock themself out: the platform could be left without one."""
    if actor is None or actor.id != user.id:
        return None
    if role != Role.ADMIN:
        return _("Vous ne pouvez pas retirer votre propre rôle d'administration.")
    if not active:
        return _("Vous ne pouvez pas désactiver votre propre compte.")
    return None


def update_user(user: User, *, name: str, role: Role | str, region: str | None, active: bool,
                actor: User | None = None) -> User:
    role = Role(role)
    region = region or None
    if message := role_region_error(role, region):
        raise AccountError(message, "region")
    if message := _self_change_error(user, actor, role, active):
        raise AccountError(message, "role" if role != Role.ADMIN else "active")
    user.name = name.strip()
    user.role = role
    user.region = region
    user.active = active
    db.session.flush()
    return user


def set_active(user: User, active: bool, actor: User | None = None) -> User:
    if message := _self_change_error(user, actor, user.role, active):
        raise AccountError(message, "active")
    user.active = active
    db.session.flush()
    return user
