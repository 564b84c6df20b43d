"""The pure parts of backups: libpq addresses, client command lines, file kinds, retention."""
from __future__ import annotations

from datetime import datetime

import pytest

from trainings.backup import plan


def test_the_libpq_url_has_no_driver_and_no_password():
    target = plan.libpq_target("postgresql+psycopg://trainer:s3cr%40t@db.local:5433/trainings"
                               "?sslmode=require")
    assert target.url == "postgresql://trainer@db.local:5433/trainings?sslmode=require"
    assert target.password == "s3cr@t"


def test_a_url_without_password_sets_no_pgpassword():
    target = plan.libpq_target("postgresql+psycopg://postgres@127.0.0.1/trainings")
    assert target.password is None
    assert "PGPASSWORD" not in plan.client_environment(target, {"PATH": "/usr/bin"})


def test_the_password_goes_to_the_environment_never_to_the_command_line():
    target = plan.libpq_target("postgresql+psycopg://app:hunter2@127.0.0.1:5432/trainings")
    env = plan.client_environment(target, {"PATH": "/usr/bin"})
    commands = [plan.pg_dump_command("pg_dump", target, "/b/x.pgdump"),
                plan.pg_restore_command("pg_restore", target, "/b/x.pgdump")]
    assert env == {"PATH": "/usr/bin", "PGPASSWORD": "hunter2"}
    assert not any("hunter2" in argument for command in commands for argument in command)


def test_pg_dump_writes_the_custom_format_to_the_file_given():
    target = plan.libpq_target("postgresql+psycopg://app@h/trainings")
    command = plan.pg_dump_command("/usr/bin/pg_dump", target, "/b/x.pgdump")
    assert command[0] == "/usr/bin/pg_dump"
    assert {"--format=custom", "--file=/b/x.pgdump", "--dbname=postgresql://app@h/trainings",
            "--no-password"} <= set(command)


def test_pg_restore_stops_at_the_first_error_and_ignores_owners():
    target = plan.libpq_target("postgresql+psycopg://app@h/trainings")
    command = plan.pg_restore_command("pg_restore", target, "/b/x.pgdump")
    assert {"--no-owner", "--exit-on-error", "--single-transaction"} <= set(command)
    assert command[-1] == "/b/x.pgdump"


def test_the_revision_is_read_from_pg_restores_script():
    script = ("--\n-- Data for Name: alembic_version\n--\n\n"
              "COPY public.alembic_version (version_num) FROM stdin;\n5be0ca94d2a1\n\\.\n\n")
    assert plan.revision_in_script(script) == "5be0ca94d2a1"
    assert plan.revision_in_script("COPY public.alembic_version (version_num) FROM stdin;\n"
                                   "\\.\n") is None
    assert plan.revision_in_script("-- nothing\n") is None


@pytest.mark.parametrize(("url", "expected"), [
    ("sqlite:////srv/formations/instance/trainings.db", "/srv/formations/instance/trainings.db"),
    ("sqlite:///relative.db", "relative.db"),
    ("sqlite://", None),
    ("sqlite:///:memory:", None),
])
def test_the_sqlite_file_of_a_url(url, expected):
    assert plan.sqlite_path(url) == expected


def test_only_sqlite_and_postgresql_are_known():
    assert plan.backend("sqlite:///x.db") == "sqlite"
    assert plan.backend("postgresql+psycopg://h/db") == "postgresql"
    with pytest.raises(ValueError):
        plan.backend("mysql://h/db")


def test_a_file_is_known_by_its_first_bytes():
    assert plan.file_kind(b"SQLite format 3\x00\x10\x00") == "sqlite"
    assert plan.file_kind(b"PGDMP\x01\x0e\x00") == "postgresql"
    assert plan.file_kind(b"PK\x03\x04") is None
    assert plan.file_kind(b"") is None


def test_dated_names_sort_as_their_dates():
    names = [plan.dated_name("sqlite", datetime(2026, 12, day, 3, 15)) for day in (9, 10, 1)]
    assert names[0] == "trainings-20261209-031500.sqlite3"
    assert plan.dated_name("postgresql", datetime(2026, 1, 2, 3, 4, 5)) == \
        "trainings-20260102-030405.pgdump"


def test_fifteen_daily_copies_keep_the_fourteen_newest():
    names = [plan.dated_name("postgresql", datetime(2026, 11, day, 2, 30)) for day in range(1, 16)]
    doomed = plan.beyond_retention(reversed(names), 14)
    assert doomed == ["trainings-20261101-023000.pgdump"]


def test_retention_leaves_other_files_alone():
    names = ["notes.txt", "trainings-final.sqlite3", ".trainings-20261101-023000.pgdump.x.tmp",
             "trainings-20261101-023000.pgdump", "trainings-20261102-023000.pgdump"]
    assert plan.beyond_retention(names, 1) == ["trainings-20261101-023000.pgdump"]
    assert plan.beyond_retention(names, 14) == []
