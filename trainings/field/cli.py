"""`flask field …`: the field kit from the command line, on the central server (export-kit,
import-results) and on the laptop (import-kit, export-results, push)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from trainings.extensions import db
from trainings.field import kit as kits
from trainings.field import push as pushing
from trainings.field import results as field_results
from trainings.field import uploads
from trainings.field.messages import FieldError
from trainings.field.presentation import report_lines
from trainings.schedule.models import Session

field_cli = AppGroup("field", help="Atelier sans internet : kit terrain et résultats.")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    click.get_current_context().exit(1)


def _session(session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None:
        _fail(_("Aucune session n° %(id)s dans cette base.", id=session_id))
    return session


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(content)
    partial.chmod(0o600)  # personal data
    partial.replace(path)


@field_cli.command("export-kit")
@click.argument("session_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Fichier du kit à écrire (.zip).")
def export_kit_command(session_id: int, output: Path) -> None:
    """Préparer le kit terrain d'une session (serveur central)."""
    made = kits.make_kit(_session(session_id), None)
    _write(output, made.content)
    db.session.commit()
    click.echo(_("Kit terrain de la session n° %(id)s écrit : %(path)s (%(size)s octets).",
                 id=session_id, path=output, size=len(made.content)))


@field_cli.command("import-kit")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--nouveau-serveur", "new_server", is_flag=True,
              help="Accepter un kit d'un autre serveur que celui des kits déjà chargés.")
def import_kit_command(path: Path, new_server: bool) -> None:
    """Charger un kit terrain sur cet ordinateur portable."""
    try:
        loaded = kits.load_kit(path.read_bytes(), new_server)
    except FieldError as error:
        db.session.rollback()
        _fail(error.message)
    db.session.commit()
    if loaded.again:
        click.echo(_("Ce kit était déjà chargé : la session n° %(id)s est à jour, rien n'a été "
                     "doublé.", id=loaded.session.id))
    else:
        click.echo(_("Kit chargé : la session « %(title)s » est la session n° %(id)s de cet "
                     "ordinateur.", title=loaded.session.title, id=loaded.session.id))


@field_cli.command("export-results")
@click.argument("session_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Fichier des résultats à écrire (.zip).")
def export_results_command(session_id: int, output: Path) -> None:
    """Exporter ce que l'atelier a enregistré sur cet ordinateur (ordinateur portable)."""
    try:
        made = field_results.make_results(_session(session_id), None)
    except FieldError as error:
        _fail(error.message)
    _write(output, made.content)
    db.session.commit()
    click.echo(_("Résultats terrain de la session n° %(id)s écrits : %(path)s.",
                 id=session_id, path=output))


@field_cli.command("import-results")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Montrer ce qui serait importé, sans rien écrire.")
@click.option("--session", "session_id", type=int, default=None,
              help="Refuser le fichier s'il n'est pas celui de cette session.")
def import_results_command(path: Path, dry_run: bool, session_id: int | None) -> None:
    """Importer les résultats d'un atelier sans internet (serveur central)."""
    try:
        checked = field_results.check(path.read_bytes(), None, session_id)
        report = (field_results.preview(checked) if dry_run
                  else field_results.apply(checked, None, "cli"))
    except FieldError as error:
        db.session.rollback()
        _fail(error.message)
    for line in report_lines(report, checked.session, applied=not dry_run):
        click.echo(line)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()



@field_cli.command("push")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--server", required=True,
              help="Adresse du serveur central, par exemple https://formations.example.ma.")
@click.option("--token", envvar="FIELD_PUSH_TOKEN", required=True,
              help="Jeton « Envoi des résultats terrain » (ou la variable FIELD_PUSH_TOKEN).")
@click.option("--dry-run", is_flag=True, help="Envoyer et montrer l'aperçu, sans importer.")
def push_command(path: Path, server: str, token: str, dry_run: bool) -> None:
    """Envoyer les résultats au serveur central quand le réseau revient (ordinateur portable)."""
    try:
        lines = pushing.push(path.read_bytes(), server, token, dry_run, click.echo)
    except pushing.PushError as error:
        _fail(str(error))
    for line in lines:
        click.echo(line)


@field_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=30, show_default=True,
              help="Effacer les paquets reçus il y a plus de ce nombre de jours.")
def purge_command(days: int) -> None:
    """Effacer les paquets de résultats reçus (données personnelles) après leur import."""
    deleted = uploads.purge(timedelta(days=days))
    db.session.commit()
    click.echo(_("%(count)s paquet(s) de résultats terrain reçu(s) il y a plus de %(days)s "
                 "jours effacé(s).", count=deleted, days=days))
