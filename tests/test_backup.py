"""`flask backup` and `flask restore`: a copy taken while the application runs, put back into an
empty database, holds every row and every check-in as it was; a restore refuses a database that
is not empty and a copy from other migrations; the daily timer keeps fourteen copies."""
from __future__ import annotations

import hashlib
import shlex
import threading
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from tests import factories
from tests.audit import entries
from tests.conftest import make_app
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.attendance.services import record_check_in
from trainings.audit.models import AuditEvent
from trainings.backup import plan
from trainings.backup.cli import backup_command
from trainings.extensions import db
from trainings.registry.models import Participant
from trainings.schedule.models import HalfDay, Session

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"


def fill_programme() -> None:
    """Two sessions, people registered, checked in by phone, by badge and by hand."""
    expert = factories.user("expert")
    methods = [CheckInMethod.QR, CheckInMethod.BADGE, CheckInMethod.MANUAL]
    for region in ("oriental", "souss-massa"):
        session = factories.session(region, days=2)
        for n in range(6):
            person = factories.participant(region)
            factories.registration(session, person)
            for half_day in session.half_days[: 1 + n % 4]:
                method = methods[n % 3]
                record_check_in(half_day.id, person.id, method,
                                recorded_by_id=None if method == CheckInMethod.QR else expert.id)
    db.session.commit()


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar()
                for name in sa.inspect(engine).get_table_names()}


def check_in_digest(engine: sa.Engine) -> str:
    """sha256 of every check-in: its uid, its half-day's, its person's, how and when."""
    query = (sa.select(CheckIn.uid, HalfDay.uid, Participant.uid, CheckIn.method,
                       CheckIn.checked_in_at)
             .join(HalfDay, CheckIn.half_day_id == HalfDay.id)
             .join(Participant, CheckIn.participant_id == Participant.id))
    with engine.connect() as connection:
        rows = sorted(tuple(str(value) for value in row) for row in connection.execute(query))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def backup_to(runner, out: Path):
    result = runner.invoke(args=["backup", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result


def restore_into(database_url: str, backup: Path, *extra: str, **options):
    """Run `flask restore` with an application configured on `database_url`; its result and
    the target's row counts and check-ins afterwards."""
    target = make_app(SQLALCHEMY_DATABASE_URI=database_url)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(backup), *extra], **options)
        counts, digest = row_counts(db.engine), check_in_digest_or_none(db.engine)
        restored = [entry.details for entry in entries(AuditEvent.RESTORE)] if counts else []
        db.session.remove()
        db.engine.dispose()
    return result, counts, digest, restored


def check_in_digest_or_none(engine: sa.Engine) -> str | None:
    return check_in_digest(engine) if "check_ins" in sa.inspect(engine).get_table_names() else None


def test_a_restored_backup_holds_every_row_and_every_check_in(app, runner, tmp_path,
                                                              empty_database_url):
    fill_programme()
    before, digest = row_counts(db.engine), check_in_digest(db.engine)
    out = tmp_path / "copie"
    result = backup_to(runner, out)

    assert f"Sauvegarde écrite : {out}" in result.output
    assert out.stat().st_mode & 0o777 == 0o600
    [logged] = entries(AuditEvent.BACKUP)
    assert logged.actor_id is None
    assert logged.details == ('{"bytes": %d, "filename": "%s", "via": "cli"}'
                              % (out.stat().st_size, out))
    assert [path.name for path in tmp_path.iterdir()] == ["copie"]  # no temporary file left

    result, after, restored_digest, restored = restore_into(empty_database_url, out, "--yes")
    assert result.exit_code == 0, result.output
    assert "restaurée" in result.output
    assert before["check_ins"] == 2 * (1 + 2 + 3 + 4 + 1 + 2)
    # The restore is logged in the restored database, one entry more than the copy holds.
    assert after == dict(before, audit_log=before["audit_log"] + 1)
    assert restored_digest == digest
    assert restored == [f'{{"filename": "{out}", "via": "cli"}}']


def test_a_backup_taken_while_people_check_in_holds_whole_check_ins(app, runner, tmp_path,
                                                                    empty_database_url):
    session = factories.session()
    session_id, half_day_id = session.id, session.half_days[0].id
    db.session.commit()
    committed, stop, errors = threading.Event(), threading.Event(), []

    def walk_ins() -> None:
        """People arriving one by one: each one's record, registration and check-in are one
        transaction, so any consistent copy holds as many of each."""
        with app.app_context():
            try:
                for n in range(300):
                    if stop.is_set():
                        break
                    person = factories.participant(last_name="Arrivée")
                    factories.registration(db.session.get(Session, session_id), person)
                    record_check_in(half_day_id, person.id, CheckInMethod.QR)
                    db.session.commit()
                    if n == 10:
                        committed.set()
            except Exception as error:  # reported by the test below
                errors.append(error)
            finally:
                committed.set()
                db.session.remove()

    writer = threading.Thread(target=walk_ins, daemon=True)
    writer.start()
    try:
        assert committed.wait(60)
        out = tmp_path / "pendant"
        backup_to(runner, out)
    finally:
        stop.set()
        writer.join(60)
    assert not writer.is_alive() and errors == []

    result, counts, _, _ = restore_into(empty_database_url, out, "--yes")
    assert result.exit_code == 0, result.output
    assert counts["participants"] == counts["registrations"] == counts["check_ins"]
    assert counts["check_ins"] >= 11


def test_restore_refuses_a_database_that_is_not_empty(app, runner, tmp_path):
    fill_programme()
    out = tmp_path / "copie"
    backup_to(runner, out)
    before = row_counts(db.engine)

    result = runner.invoke(args=["restore", str(out), "--yes"])

    assert result.exit_code == 1
    assert "La base de destination n'est pas vide" in result.output
    assert row_counts(db.engine) == before


def test_restore_refuses_a_backup_from_other_migrations(app, runner, tmp_path,
                                                        empty_database_url):
    fill_programme()
    with db.engine.begin() as connection:
        head = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'a1b2c3d4e5f6'"))
    try:
        out = tmp_path / "ancienne"
        backup_to(runner, out)
    finally:
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = :head"),
                               {"head": head})

    result, counts, _, _ = restore_into(empty_database_url, out, "--yes")

    assert result.exit_code == 1
    assert "La sauvegarde est à la révision a1b2c3d4e5f6" in result.output
    assert f"révision {head}" in result.output
    assert counts == {}  # nothing restored


def test_restore_asks_first_and_does_nothing_when_told_no(app, runner, tmp_path,
                                                          empty_database_url):
    fill_programme()
    out = tmp_path / "copie"
    backup_to(runner, out)

    result, counts, _, _ = restore_into(empty_database_url, out, input="n\n")

    assert result.exit_code == 1
    assert "Restaurer" in result.output and "Rien n'a été modifié." in result.output
    assert counts == {}


def test_restore_refuses_a_file_that_is_no_backup(app, tmp_path, empty_database_url):
    stray = tmp_path / "notes.txt"
    stray.write_text("pas une sauvegarde")

    result, counts, _, _ = restore_into(empty_database_url, stray, "--yes")

    assert result.exit_code == 1
    assert "n'est pas une sauvegarde" in result.output
    assert counts == {}


def test_the_dated_copies_beyond_fourteen_are_deleted(app, runner, tmp_path, clock):
    kind = plan.backend(app.config["SQLALCHEMY_DATABASE_URI"])
    for day in range(1, 16):
        (tmp_path / plan.dated_name(kind, datetime(2026, 11, day, 2, 30))).write_bytes(b"old")
    (tmp_path / "a-garder.txt").write_text("not a dated copy")
    clock.set_utc(datetime(2026, 12, 3, 2, 30, tzinfo=timezone.utc))

    result = runner.invoke(args=["backup", "--dir", str(tmp_path), "--keep", "14"])

    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    newest = plan.dated_name(kind, datetime(2026, 12, 3, 2, 30))
    assert newest in names and "a-garder.txt" in names
    dated = [name for name in names if name.startswith("trainings-")]
    assert len(dated) == 14
    assert plan.dated_name(kind, datetime(2026, 11, 2, 2, 30)) not in names
    assert plan.dated_name(kind, datetime(2026, 11, 3, 2, 30)) in names


def unit_settings(path: Path) -> dict[str, str]:
    settings = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def test_the_backup_unit_runs_the_real_command(app, runner, tmp_path):
    argv = shlex.split(unit_settings(SYSTEMD / "trainings-backup.service")["ExecStart"])
    assert Path(argv[0]).name == "flask" and argv[1:4] == ["--app", "wsgi", "backup"]
    options = argv[4:]
    help_text = runner.invoke(args=["backup", "--help"]).output
    assert all(option in help_text for option in options if option.startswith("-"))
    params = backup_command.make_context("backup", list(options)).params
    assert params["keep"] == 14 and params["directory"] is not None

    # The same options, writing into this test's folder, make one dated copy.
    options[options.index("--dir") + 1] = str(tmp_path)
    result = runner.invoke(args=["backup", *options])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.iterdir())) == 1


def test_the_timer_starts_the_backup_daily_and_catches_up():
    timer = unit_settings(SYSTEMD / "trainings-backup.timer")
    assert timer["OnCalendar"] in ("daily", "*-*-* 02:30:00")
    assert timer["Persistent"] == "true"
    assert timer.get("Unit", "trainings-backup.service") == "trainings-backup.service"


def test_backup_says_where_it_cannot_write(app, runner, tmp_path):
    missing = runner.invoke(args=["backup", "-o", str(tmp_path / "absent" / "copie")])
    neither = runner.invoke(args=["backup"])
    both = runner.invoke(args=["backup", "-o", str(tmp_path / "copie"), "--dir", str(tmp_path)])

    assert missing.exit_code == neither.exit_code == both.exit_code == 1
    assert f"Le dossier {tmp_path / 'absent'} n'existe pas." in missing.output
    assert "Indiquez soit -o FICHIER, soit --dir DOSSIER" in neither.output
    assert "Indiquez soit -o FICHIER, soit --dir DOSSIER" in both.output
    assert list(tmp_path.iterdir()) == [] and entries(AuditEvent.BACKUP) == []
