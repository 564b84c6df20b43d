"""Copying the database out and back in: SQLite through its online backup API, PostgreSQL
through pg_dump and pg_restore. Each failure is a BackupError holding a French message."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import gettext as _

from trainings.backup import plan


class BackupError(Exception):
    """A backup or a restore that cannot be done; its text is for the person at the console."""


def backup(database_url: str, out: Path) -> int:
    """Write a consistent copy of the database to `out` (a temporary file beside it, renamed
    once complete, readable by its owner only); return its size in bytes."""
    kind = plan.backend(database_url)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    partial = Path(name)
    try:
        if kind == plan.SQLITE:
            _sqlite_copy(_sqlite_source(database_url), partial)
        else:
            target = plan.libpq_target(database_url)
            _run(plan.pg_dump_command(_program("pg_dump"), target, str(partial)), target)
        partial.chmod(0o600)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out.stat().st_size


def prune(directory: Path, keep: int) -> list[str]:
    """Delete the dated copies of `directory` beyond the `keep` newest; return their names."""
    names = [path.name for path in directory.iterdir() if path.is_file()]
    doomed = plan.beyond_retention(names, keep)
    for name in doomed:
        (directory / name).unlink()
    return doomed


def backup_kind(path: Path) -> str:
    """The kind of database a backup file holds, or BackupError for any other file."""
    with path.open("rb") as stream:
        kind = plan.file_kind(stream.read(plan.HEADER_BYTES))
    if kind is None:
        raise BackupError(_("%(path)s n'est pas une sauvegarde : ni un fichier SQLite, ni un "
                            "fichier de pg_dump (format custom).", path=path))
    return kind


def backup_revision(path: Path, kind: str) -> str | None:
    """The Alembic revision recorded in a backup file, without restoring it."""
    if kind == plan.SQLITE:
        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as copy:
                row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None
    script = _run(plan.pg_revision_command(_program("pg_restore"), str(path)), None)
    return plan.revision_in_script(script)


def restore(path: Path, kind: str, database_url: str) -> None:
    """Put the backup into the database `database_url` names, which the caller has found
    empty: SQLite's backup API the other way round, or pg_restore in one transaction."""
    if kind == plan.SQLITE:
        target = Path(_sqlite_source(database_url, must_exist=False))
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
            with closing(sqlite3.connect(target)) as destination:
                source.backup(destination)
        return
    target = plan.libpq_target(database_url)
    _run(plan.pg_restore_command(_program("pg_restore"), target, str(path)), target)


def existing_tables(engine: sa.Engine) -> list[str]:
    """The tables of the database (its default schema), whatever they hold."""
    return sorted(sa.inspect(engine).get_table_names())


def database_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision the database is at; None when it has no alembic_version table."""
    if "alembic_version" not in existing_tables(engine):
        return None
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def code_head() -> str:
    """The head of the migrations this code carries: the revision its database must be at."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def _sqlite_source(database_url: str, must_exist: bool = True) -> str:
    path = plan.sqlite_path(database_url)
    if path is None:
        raise BackupError(_("La base SQLite en mémoire ne peut pas être sauvegardée ni "
                            "restaurée : configurez un fichier (DATABASE_URL)."))
    if must_exist and not Path(path).is_file():
        raise BackupError(_("La base SQLite %(path)s n'existe pas.", path=path))
    return path


def _sqlite_copy(source_path: str, out: Path) -> None:
    # One step (pages=-1) reads one snapshot: a write committed meanwhile by the application
    # is wholly in the copy or wholly out of it. The copy leaves WAL mode, so that the file
    # holds everything by itself.
    with closing(sqlite3.connect(source_path, timeout=30)) as source:
        with closing(sqlite3.connect(out)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("%(program)s est introuvable : installez le client PostgreSQL "
                            "(paquet postgresql-client, de la version du serveur ou plus "
                            "récente).", program=name))
    return found


def _run(command: list[str], target: plan.LibpqTarget | None) -> str:
    """Run a PostgreSQL client program; its output, or BackupError with its own message."""
    env = dict(os.environ) if target is None else plan.client_environment(target, os.environ)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(_("%(program)s a échoué (code %(code)s) : %(error)s",
                            program=Path(command[0]).name, code=result.returncode,
                            error=result.stderr.strip()))
    return result.stdout
