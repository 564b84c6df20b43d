"""The export of every attendance, sent while it is written: the same workbook as the one
written to a file before, its first bytes before the query runs, a database failure midway
logged and leaving an incomplete file, statements and memory that do not grow with the data."""
from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from datetime import date, time

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from benchmarks.measure import MB, peak_memory_growth
from tests import audit, factories
from tests.querycount import count_queries
from trainings.attendance.services import record_check_in
from trainings.clock import local_to_utc
from trainings.exports import services, xlsx
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, Participant, Registration, Role, Sex,
)

URL = "/exports/attendance.xlsx"
HOSTILE = ["=1+2", "+212612345678", "-2+3", "@SUM(A1:A9)", "\x07Nom\x1b contrôle",
           "<script>alert(1)</script>", "مريم بنت ٣ و 12", " espace ", "Ali & <Co> \"Fils\""]


@pytest.fixture
def programme():
    """Three sessions in two regions, people with hostile names, organisations and functions,
    checked in by QR code or by hand at several half-days."""
    staff = factories.user(Role.EXPERT, name="=cmd|' /C calc'!A0")
    sessions = [factories.session(region=region, start=date(2026, 12, day), days=2,
                                  title=f"{HOSTILE[n]} session {n}")
                for n, (region, day) in enumerate((("oriental", 7), ("souss-massa", 9),
                                                   ("oriental", 14)))]
    people = []
    for n, text in enumerate(HOSTILE * 2):
        organization = factories.organization(name=f"{text} {n}", kind=("osc", "commune")[n % 2])
        people.append(factories.participant(
            last_name=text, first_name=HOSTILE[-1 - n % len(HOSTILE)],
            sex=(Sex.FEMALE, Sex.MALE, None)[n % 3], organization_id=organization.id,
            function=("é" * 140 if n == 3 else text)))
    for s_index, session in enumerate(sessions):
        for p_index, person in enumerate(people):
            if (p_index + s_index) % 4 == 3:
                continue
            factories.registration(session, person)
            for h_index, half_day in enumerate(session.half_days):
                if (p_index + h_index) % 3:
                    by = staff.id if p_index % 2 else None
                    record_check_in(half_day.id, person.id,
                                    CheckInMethod.MANUAL if by else CheckInMethod.QR,
                                    recorded_by_id=by)
    db.session.commit()
    return sessions


def streamed(response) -> list[bytes]:
    """The response's pieces as the server sends them, the response closed afterwards."""
    try:
        return [bytes(piece) for piece in response.response]
    finally:
        response.close()


def parts(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return [(name, archive.read(name)) for name in archive.namelist()]


def written_to_a_file(app) -> bytes:
    """The workbook as the export wrote it before it was streamed: the same lines and words,
    written whole into a seekable file."""
    filters = services.AttendanceFilters()
    buffer = io.BytesIO()
    with app.test_request_context():
        xlsx.consolidated_workbook(services.attendance_rows(filters, None), buffer,
                                   services.workbook_labels(),
                                   services.filter_lines(filters, None))
    return buffer.getvalue()


def test_streamed_export_is_the_workbook_written_whole_before(app, client, auth, programme):
    auth.as_role(Role.EXPERT)
    response = client.get(URL, buffered=False)
    assert response.status_code == 200
    assert "Content-Length" not in response.headers  # sent as it is written
    assert response.headers["Cache-Control"] == "no-store"
    sent = b"".join(streamed(response))
    expected = written_to_a_file(app)
    assert parts(sent) == parts(expected)
    book, before = load_workbook(io.BytesIO(sent)), load_workbook(io.BytesIO(expected))
    assert book.sheetnames == before.sheetnames == ["Synthèse", "Données"]
    for name in book.sheetnames:
        assert [[(c.value, c.font.b, c.number_format, c.quotePrefix) for c in row]
                for row in book[name].iter_rows()] == \
            [[(c.value, c.font.b, c.number_format, c.quotePrefix) for c in row]
             for row in before[name].iter_rows()]
    data = book["Données"]
    names = {data.cell(row, 13).value for row in range(2, data.max_row + 1)}
    assert {"=1+2".upper(), "<SCRIPT>ALERT(1)</SCRIPT>", "مريم بنت ٣ و 12"} <= names
    assert data.max_row > 60


def test_first_bytes_leave_before_the_query_runs(app, auth, client, programme):
    user = auth.as_role(Role.EXPERT)
    with app.test_request_context():
        download = services.consolidated_workbook(services.AttendanceFilters(), None, user.id)
        with count_queries() as statements:
            first = next(download.content)
        assert first.startswith(b"PK\x03\x04") and statements == []
        with count_queries() as statements:
            rest = b"".join(download.content)
        assert len([s for s in statements if "check_ins" in s]) == 1
    assert [name for name, _part in parts(first + rest)][:2] == [
        "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml"]


def test_download_is_logged_before_the_first_byte(client, auth, programme):
    user = auth.as_role(Role.EXPERT)
    response = client.get(URL, query_string={"region": "oriental"}, buffered=False)
    log = audit.download()  # nothing of the file read yet
    assert (log.user_id, log.kind, log.details) == (
        user.id, "attendance-all-xlsx", {"region": "oriental"})
    streamed(response)


def test_a_database_failure_midway_is_logged_and_the_file_left_incomplete(
        client, auth, programme, monkeypatch, caplog):
    auth.as_role(Role.EXPERT)
    real_rows = services.attendance_rows

    def failing(filters, scope):
        for n, row in enumerate(real_rows(filters, scope)):
            if n == 20:
                raise sa.exc.OperationalError("SELECT", {}, Exception("server closed"))
            yield row

    monkeypatch.setattr(services, "attendance_rows", failing)
    response = client.get(URL, buffered=False)
    assert response.status_code == 200  # already under way when the failure comes
    pieces = []
    with caplog.at_level(logging.ERROR, logger="trainings"), \
            pytest.raises(sa.exc.OperationalError):
        for piece in response.response:
            pieces.append(bytes(piece))
    response.close()
    sent = b"".join(pieces)
    assert sent.startswith(b"PK\x03\x04")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(sent))
    failures = [r for r in caplog.records if r.name == "trainings.exports.services"]
    assert len(failures) == 1 and failures[0].exc_info
    assert "presences_debut_fin.xlsx" in failures[0].getMessage()


def test_statements_do_not_grow_with_the_attendances(client, auth, programme):
    auth.as_role(Role.EXPERT)
    with count_queries() as small:
        streamed(client.get(URL, buffered=False))
    session = factories.session(days=3)
    people = [factories.participant(last_name=f"Nom{n}", sex=Sex.MALE) for n in range(40)]
    for person in people:
        factories.registration(session, person)
        for half_day in session.half_days:
            record_check_in(half_day.id, person.id, CheckInMethod.QR)
    db.session.commit()
    with count_queries() as large:
        pieces = streamed(client.get(URL, buffered=False))
    assert len(large) == len(small)
    assert load_workbook(io.BytesIO(b"".join(pieces)))["Données"].max_row > 240


def test_50000_check_ins_stream_with_bounded_memory(client, auth):
    """Bulk-inserted: 5,000 people at the ten half-days of a five-day session. The pieces go
    to a file on disk as they come, as a client would save them."""
    auth.as_role(Role.EXPERT)
    session = factories.session(days=5)
    db.session.execute(sa.insert(Participant), [
        {"first_name": f"Prénom{n}", "last_name": f"Nom{n}", "sex": (Sex.FEMALE, Sex.MALE)[n % 2],
         "function": "", "region": "oriental"} for n in range(5000)])
    ids = list(db.session.scalars(sa.select(Participant.id)))
    db.session.execute(sa.insert(Registration), [
        {"session_id": session.id, "participant_id": pid} for pid in ids])
    stamp = local_to_utc(session.start_date, time(9))
    db.session.execute(sa.insert(CheckIn), [
        {"half_day_id": half_day.id, "participant_id": pid, "method": CheckInMethod.QR,
         "checked_in_at": stamp} for half_day in session.half_days for pid in ids])
    db.session.commit()
    with tempfile.TemporaryFile() as file:
        def download() -> int:
            count = 0
            for piece in streamed(client.get(URL, buffered=False)):
                file.write(piece)
                count += 1
            return count

        pieces, growth = peak_memory_growth(download)
        size = file.tell()
        print(f"\n50,000 check-ins: {size / MB:.1f} MB in {pieces} pieces, "
              f"peak memory growth {growth / MB:.1f} MB")
        assert pieces > 10
        assert growth < 60 * MB
        file.seek(0)
        summary = load_workbook(file, read_only=True)["Synthèse"]
        rows = {row[0]: row[1:5] for row in summary.iter_rows(values_only=True)
                if row and row[0]}
    assert rows["Présences (personne × demi-journée)"] == (25000, 25000, 0, 50000)
    assert rows["Personnes formées (uniques)"] == (2500, 2500, 0, 5000)
