"""The pure parts of backups: the libpq address of a database, the pg_dump and pg_restore
command lines, the kind of a backup file, dated names and which copies a retention keeps.
Plain data in, plain data out: no Flask, no database, no subprocess."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import URL, make_url

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DISPLAY_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}

# The first bytes of each kind of file: SQLite's header, pg_dump's custom format.
_MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
HEADER_BYTES = max(len(magic) for magic in _MAGIC.values())

_SUFFIX = {SQLITE: ".sqlite3", POSTGRESQL: ".pgdump"}
# trainings-20261203-185200.sqlite3: sorts by name as by date (UTC).
_DATED = re.compile(r"^trainings-(\d{8}-\d{6})\.(sqlite3|pgdump)$")


@dataclass(frozen=True)
class LibpqTarget:
    """A PostgreSQL database as the client programs take it: a libpq URL without the password,
    and the password apart (for PGPASSWORD), so that it never shows in a command line."""

    url: str
    password: str | None


def backend(database_url: str) -> str:
    """"sqlite" or "postgresql" for an SQLAlchemy URL; ValueError for anything else."""
    name = make_url(database_url).get_backend_name()
    if name not in (SQLITE, POSTGRESQL):
        raise ValueError(name)
    return name


def sqlite_path(database_url: str) -> str | None:
    """The file of an SQLite URL; None for an in-memory database, which has nothing to copy."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return database


def libpq_target(database_url: str) -> LibpqTarget:
    """postgresql+psycopg://user:secret@host:5432/db?sslmode=require becomes
    postgresql://user@host:5432/db?sslmode=require, and the password "secret"."""
    url = make_url(database_url)
    # URL.set() reads password=None as "unchanged": build the address anew without it.
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return LibpqTarget(url=plain.render_as_string(hide_password=False), password=url.password)


def client_environment(target: LibpqTarget, environ: dict[str, str]) -> dict[str, str]:
    """The environment for pg_dump or pg_restore: the caller's, with PGPASSWORD when the URL
    holds a password (otherwise ~/.pgpass or the server's trust decide)."""
    env = dict(environ)
    if target.password:
        env["PGPASSWORD"] = target.password
    return env


def pg_dump_command(pg_dump: str, target: LibpqTarget, out: str) -> list[str]:
    """pg_dump in its custom format: one consistent snapshot (a single read transaction), so a
    copy taken while people check in holds each check-in whole or not at all."""
    return [pg_dump, "--format=custom", "--no-password", f"--file={out}",
            f"--dbname={target.url}"]


def pg_restore_command(pg_restore: str, target: LibpqTarget, dump: str) -> list[str]:
    """pg_restore into an empty database: all or nothing, owned by whoever restores."""
    return [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction", "--no-password",
            f"--dbname={target.url}", dump]


def pg_revision_command(pg_restore: str, dump: str) -> list[str]:
    """pg_restore printing (not restoring) the rows of alembic_version held in a dump."""
    return [pg_restore, "--data-only", "--table=alembic_version", "--file=-", dump]


def revision_in_script(script: str) -> str | None:
    """The Alembic revision in the SQL pg_revision_command prints: the line after its COPY."""
    lines = script.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and ".alembic_version " in line and index + 1 < len(lines):
            value = lines[index + 1].strip()
            return None if value == "\\." else value
    return None


def file_kind(header: bytes) -> str | None:
    """"sqlite" or "postgresql" from a file's first bytes; None for anything else."""
    for kind, magic in _MAGIC.items():
        if header.startswith(magic):
            return kind
    return None


def dated_name(kind: str, now: datetime) -> str:
    """The name of a copy in a backup folder, from the time it was taken (UTC)."""
    return f"trainings-{now:%Y%m%d-%H%M%S}{_SUFFIX[kind]}"


def beyond_retention(names: Iterable[str], keep: int) -> list[str]:
    """The dated copies to delete so that the `keep` newest remain; any other file is none of
    the retention's business and is never listed."""
    dated = sorted((name for name in names if _DATED.match(name)),
                   key=lambda name: _DATED.match(name).group(1), reverse=True)
    return sorted(dated[keep:])
