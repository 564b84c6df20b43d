"""`flask backup` and `flask restore`: a copy of the database while the application runs, and
that copy put back into an empty database at the code's migration head."""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
import sqlalchemy as sa
from flask import current_app
from flask_babel import format_decimal, gettext as _
from sqlalchemy.engine import make_url

from trainings.audit.log import record
from trainings.audit.models import AuditEvent
from trainings.backup import operations, plan
from trainings.backup.operations import BackupError
from trainings.clock import utcnow
from trainings.extensions import db


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    click.get_current_context().exit(1)


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _output(output: Path | None, directory: Path | None, keep: int | None) -> Path:
    """The file to write: -o FILE, or a dated name in --dir."""
    if (output is None) == (directory is None):
        _fail(_("Indiquez soit -o FICHIER, soit --dir DOSSIER (un seul des deux)."))
    if keep is not None and directory is None:
        _fail(_("--keep ne s'emploie qu'avec --dir."))
    if output is not None:
        if not output.parent.is_dir():
            _fail(_("Le dossier %(path)s n'existe pas.", path=output.parent))
        return output
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory / plan.dated_name(plan.backend(_database_url()), utcnow())


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier où écrire la copie.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire une copie au nom daté (trainings-AAAAMMJJ-HHMMSS…).")
@click.option("--keep", type=click.IntRange(min=1),
              help="Avec --dir : garder les N copies datées les plus récentes, effacer les autres.")
def backup_command(output: Path | None, directory: Path | None, keep: int | None) -> None:
    """Sauvegarder la base de données pendant que l'application tourne."""
    out = _output(output, directory, keep)
    try:
        size = operations.backup(_database_url(), out)
    except BackupError as error:
        _fail(str(error))
    record(AuditEvent.BACKUP, details={"via": "cli", "filename": str(out), "bytes": size})
    db.session.commit()
    click.echo(_("Sauvegarde écrite : %(path)s (%(size)s octets).", path=out,
                 size=format_decimal(size)))
    if keep is not None:
        removed = operations.prune(directory, keep)
        click.echo(_("%(n)s copie(s) plus ancienne(s) effacée(s), %(keep)s gardée(s) au plus.",
                     n=len(removed), keep=keep))


def _check_restorable(path: Path) -> str:
    """The kind of the backup, once it is known to fit the configured database, that database
    to be empty, and the backup to be at the code's migration head."""
    kind = operations.backup_kind(path)
    configured = plan.backend(_database_url())
    if kind != configured:
        raise BackupError(_("Cette sauvegarde vient d'une base %(kind)s, or la base configurée "
                            "est %(configured)s.", kind=plan.DISPLAY_NAMES[kind],
                            configured=plan.DISPLAY_NAMES[configured]))
    tables = operations.existing_tables(db.engine)
    if tables:
        raise BackupError(_("La base de destination n'est pas vide : elle contient %(n)s "
                            "table(s) (%(names)s). Une sauvegarde ne se restaure que dans une base "
                            "vide : créez une base neuve, ou effacez le fichier SQLite, puis "
                            "recommencez.", n=len(tables), names=", ".join(tables[:5])))
    _check_revision(operations.backup_revision(path, kind), restored=False)
    return kind


def _check_revision(found: str | None, restored: bool) -> None:
    head = operations.code_head()
    if found == head:
        return
    values = {"found": found or _("(aucune)"), "head": head}
    if restored:
        raise BackupError(_("La base restaurée est à la révision %(found)s des migrations, ce "
                            "code à la révision %(head)s.", **values))
    raise BackupError(_("La sauvegarde est à la révision %(found)s des migrations, ce code à la "
                        "révision %(head)s : rien n'a été restauré. Restaurez-la avec la version "
                        "de l'application qui l'a faite, puis mettez-la à jour (flask db "
                        "upgrade).", **values))


@click.command("restore")
@click.argument("backup_file", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore_command(backup_file: Path, yes: bool) -> None:
    """Restaurer une sauvegarde dans la base configurée, qui doit être vide."""
    if not backup_file.is_file():
        _fail(_("Le fichier %(path)s n'existe pas.", path=backup_file))
    shown = make_url(_database_url()).render_as_string(hide_password=True)
    try:
        kind = _check_restorable(backup_file)
        if not yes and not click.confirm(_("Restaurer %(path)s dans la base %(database)s ?",
                                           path=backup_file, database=shown)):
            _fail(_("Rien n'a été modifié."))
        db.session.remove()
        db.engine.dispose()
        operations.restore(backup_file, kind, _database_url())
        db.engine.dispose()
        _check_revision(operations.database_revision(db.engine), restored=True)
    except BackupError as error:
        _fail(str(error))
    except sa.exc.OperationalError as error:
        _fail(_("La base %(database)s ne répond pas : %(error)s", database=shown,
                error=error.orig))
    record(AuditEvent.RESTORE, details={"via": "cli", "filename": str(backup_file)})
    db.session.commit()
    click.echo(_("Sauvegarde %(path)s restaurée dans la base %(database)s.", path=backup_file,
                 database=shown))
