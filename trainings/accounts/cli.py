"""`flask users create|list|deactivate|reactivate|role|reset-password|totp-remove|token`: manage
accounts from the command line. Every change is logged with no acting account and
{"via": "cli"}."""
from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from trainings.accounts import services
from trainings.auth import resets, tokens, totp
from trainings.auth.models import Role, TokenScope, User
from trainings.console import table
from trainings.extensions import db
from trainings.places import REGIONS

users_cli = AppGroup("users", help="Gérer les comptes.")


def _fail(message: str) -> NoReturn:
    """Print the message on stderr and stop with exit code 1 (click's own errors say "Error:")."""
    click.echo(message, err=True)
    click.get_current_context().exit(1)


def _account(email: str) -> User:
    """The account of this e-mail, or stop with a message."""
    user = services.find_by_email(email)
    if user is None:
        _fail(_("Aucun compte n'utilise l'adresse %(email)s.", email=email))
    return user


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read the first line of standard input (scripts)."""
    if sys.stdin.isatty():
        return click.prompt(_("Mot de passe"), hide_input=True,
                            confirmation_prompt=_("Confirmation"))
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]),
              help="Rôle du compte.")
@click.option("--region", type=click.Choice(list(REGIONS)),
              help="Région (obligatoire pour coordinator, interdite sinon).")
@click.option("--name", default="", help="Nom affiché.")
def create(email: str, role: str, region: str | None, name: str) -> None:
    """Créer un compte ; le mot de passe est demandé (ou lu sur l'entrée standard)."""
    try:
        services.check_new_account(email, role, region)  # before asking for a password
        user = services.create_user(email, role, _read_password(), region=region, name=name)
    except services.AccountError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(_("Compte créé : %(email)s (%(role)s).", email=user.email, role=user.role.value))


@users_cli.command("list")
def list_users() -> None:
    """Lister les comptes."""
    rows = [(user.email, user.role.value, user.region or "-",
             _("oui") if user.active else _("non")) for user in services.all_users()]
    if not rows:
        click.echo(_("Aucun compte."))
        return
    click.echo(table((_("E-mail"), _("Rôle"), _("Région"), _("Actif")), rows))


@users_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Désactiver un compte (il ne peut plus se connecter)."""
    user = _account(email)
    try:
        services.set_active(user, False)
    except services.AccountError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(_("Compte désactivé : %(email)s.", email=user.email))


@users_cli.command("reactivate")
@click.argument("email")
def reactivate(email: str) -> None:
    """Réactiver un compte désactivé."""
    user = _account(email)
    services.set_active(user, True)
    db.session.commit()
    click.echo(_("Compte réactivé : %(email)s.", email=user.email))


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@click.option("--region", type=click.Choice(list(REGIONS)),
              help="Région (obligatoire pour coordinator, interdite sinon).")
def change_role(email: str, role: str, region: str | None) -> None:
    """Changer le rôle d'un compte (le dernier administrateur actif garde le sien)."""
    user = _account(email)
    try:
        services.set_role(user, role, region)
    except services.AccountError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(_("Rôle de %(email)s : %(role)s.", email=user.email, role=user.role.value))


@users_cli.command("reset-password")
@click.argument("email")
@click.option("--base-url", default=None,
              help="Adresse publique de l'application, début du lien (PUBLIC_BASE_URL).")
def reset_password(email: str, base_url: str | None) -> None:
    """Réinitialiser le mot de passe : affiche un lien à usage unique, valable 24 heures."""
    user = _account(email)
    secret = resets.start_reset(user, actor_id=None, via="cli")
    db.session.commit()
    click.echo(_("Mot de passe de %(email)s réinitialisé : ses sessions sont fermées. "
                 "Transmettez-lui ce lien, utilisable une fois dans les 24 heures :",
                 email=user.email))
    base_url = base_url or current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    click.echo(f"{base_url.rstrip('/')}/password-reset/{secret}")


@users_cli.command("totp-remove")
@click.argument("email")
def totp_remove(email: str) -> None:
    """Retirer la double authentification d'un compte (téléphone perdu)."""
    user = _account(email)
    if not user.totp_enabled:
        _fail(_("Le compte %(email)s n'a pas de double authentification.", email=user.email))
    totp.disable(user, actor_id=None, via="cli")
    db.session.commit()
    click.echo(_("Double authentification retirée : %(email)s.", email=user.email))



@users_cli.command("token")
@click.argument("email")
@click.option("--scope", type=click.Choice([scope.value for scope in TokenScope]),
              default=TokenScope.READ.value, show_default=True,
              help="read : lire l'API ; field-push : seulement envoyer des résultats terrain.")
def token(email: str, scope: str) -> None:
    """Créer un jeton d'API pour un compte ; le jeton est la dernière ligne affichée."""
    user = _account(email)
    if not user.active:
        _fail(_("Le compte %(email)s est désactivé : réactivez-le d'abord.", email=user.email))
    try:
        row, secret = tokens.issue(user, via="cli", scope=TokenScope(scope))
    except tokens.ScopeRefused:
        _fail(_("Le rôle de %(email)s (%(role)s) ne permet pas d'importer des résultats "
                "terrain : pas de jeton field-push pour ce compte.", email=user.email,
                role=user.role.value))
    db.session.commit()
    click.echo(_("Jeton d'API créé pour %(email)s (%(role)s), usage : %(scope)s. Conservez-le "
                 ": il ne sera plus affiché ; révocable depuis « Mon compte ».",
                 email=user.email, role=user.role.value, scope=row.scope_label))
    click.echo(secret)
