"""B1: the participant's check-in POST under many phones at once, served by gunicorn (2 sync
workers, as in production) on 127.0.0.1, beside a route that only does one INSERT, in the same
run and on the same database.

Each simulated phone first opens the room's QR link and gives its phone number (not timed),
as a phone does; then all phones send their confirmation (POST /c/confirm) concurrently: that
POST is what is timed. The baseline phones POST /_bench/insert (benchmarks/wsgi_bench.py),
half of them before and half after the check-ins so that drift on a shared machine falls on
both. Rate limits are turned off for the run (RATELIMIT_ENABLED=0): a whole test load comes
from one address. Budget: check-in throughput ≥ 0.7 × the baseline's.
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from benchmarks.database import SECRET_KEY, bench_app, bench_baseline, bench_metadata
from benchmarks.measure import Line, hidden_field, percentile
from benchmarks.synthetic import ROOM_SESSION_TITLE, named_session_id
from trainings.attendance.models import CheckIn
from trainings.extensions import db
from trainings.phone import links
from trainings.registry.models import Participant, Registration
from trainings.schedule.models import HalfDay

ROOT = Path(__file__).resolve().parent.parent
RATIO_BUDGET = 0.7
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Phone:
    contact: str
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, method: str, path: str, body: dict | None = None,
            cookies: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """One HTTP request on a new connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = dict(FORM) if body is not None else {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        connection.request(method, path, urlencode(body) if body is not None else None, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if cookies is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.headers), text
    finally:
        connection.close()


class Server:
    """gunicorn serving benchmarks.wsgi_bench:app with 2 workers on a free local port."""

    def __init__(self, url: str, workers: int = 2) -> None:
        self.port = free_port()
        # The workers' log (a line per request) goes to a file: a pipe nobody reads fills up
        # after a few hundred requests and blocks every worker.
        self.log = tempfile.TemporaryFile()
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
               "RATELIMIT_ENABLED": "0", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "benchmarks.wsgi_bench:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("gunicorn stopped: " + self.log.read().decode())
            try:
                if request(self.port, "GET", "/login")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_phase(name: str, count: int, concurrency: int, max_seconds: float, send) -> Phase:
    """`count` calls of send(index) -> (ok, label) by `concurrency` threads, stopped after
    max_seconds; latencies of the successful ones."""
    phase = Phase(name)
    lock = threading.Lock()
    next_index = iter(range(count))
    deadline = time.monotonic() + max_seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            start = time.perf_counter()
            try:
                ok, label = send(index)
            except OSError as error:
                ok, label = False, type(error).__name__
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    phase.latencies.append(elapsed)
                else:
                    phase.errors[label] = phase.errors.get(label, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - start
    return phase


def _prepare(url: str, count: int) -> tuple[str, list[Phone], int]:
    """The room's static QR token, the phones of `count` registered people, and the half-day;
    its earlier check-ins removed, the baseline's table created and emptied."""
    app = bench_app(url)
    with app.app_context():
        session_id = named_session_id(ROOM_SESSION_TITLE)
        half_day = db.session.scalar(sa.select(HalfDay).where(HalfDay.session_id == session_id)
                                     .order_by(HalfDay.starts_at).limit(1))
        with app.test_request_context():
            token = links.checkin_token(half_day)
        phones = list(db.session.scalars(
            sa.select(Participant.phone)
            .join(Registration, Registration.participant_id == Participant.id)
            .where(Registration.session_id == session_id, Participant.phone.is_not(None))
            .order_by(Participant.id).limit(count)))
        half_day_id = half_day.id
        _reset(half_day_id)
        db.session.remove()
        db.engine.dispose()
    return token, [Phone(p) for p in phones], half_day_id


def _reset(half_day_id: int) -> None:
    bench_metadata.create_all(db.engine)
    db.session.execute(sa.delete(CheckIn).where(CheckIn.half_day_id == half_day_id))
    db.session.execute(sa.delete(bench_baseline))
    db.session.commit()


def measure(url: str, checkins: int = 400, phones: int = 16, max_seconds: float = 60.0,
            log=print) -> dict:
    token, people, half_day_id = _prepare(url, checkins)
    with Server(url) as server:
        port = server.port

        def scan_and_identify(index: int):
            phone = people[index]
            status, _h, page = request(port, "GET", f"/c/{token}", cookies=phone.cookies)
            if status != 200:
                return False, f"scan {status}"
            status, _h, page = request(port, "POST", "/c/identify", {
                "csrf_token": hidden_field(page, "csrf_token"),
                "proof": hidden_field(page, "proof"), "contact": phone.contact}, phone.cookies)
            if status != 200 or 'name="person"' not in page:
                return False, f"identify {status}"
            phone.form = {name: hidden_field(page, name)
                          for name in ("csrf_token", "proof", "person")}
            return True, ""

        def confirm(index: int):
            phone = people[index]
            if not phone.form:
                return False, "not prepared"
            status, headers, _page = request(port, "POST", "/c/confirm", phone.form,
                                             phone.cookies)
            return status == 302 and "/c/ok/" in headers.get("Location", ""), f"confirm {status}"

        def insert(_index: int):
            status = request(port, "POST", "/_bench/insert", {})[0]
            return status == 204, f"insert {status}"

        run_phase("warm-up", 40, phones, max_seconds, insert)
        log(f"  B1: {len(people)} phones scan the room's code and identify themselves ...")
        prepared = run_phase("scan + identify", len(people), phones, max_seconds * 2,
                             scan_and_identify)
        half = len(people) // 2
        before = run_phase("baseline", half, phones, max_seconds / 2, insert)
        log(f"  B1: {len(people)} check-in POSTs from {phones} phones at once ...")
        checkin = run_phase("check-in", len(people), phones, max_seconds, confirm)
        after = run_phase("baseline", len(people) - half, phones, max_seconds / 2, insert)
    baseline = Phase("baseline", before.latencies + after.latencies,
                     {k: before.errors.get(k, 0) + after.errors.get(k, 0)
                      for k in before.errors.keys() | after.errors.keys()},
                     before.seconds + after.seconds)
    app = bench_app(url)
    with app.app_context():
        recorded = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)
                                     .where(CheckIn.half_day_id == half_day_id))
        _reset(half_day_id)
        db.engine.dispose()
    return {"checkin": checkin, "baseline": baseline, "prepared": prepared,
            "recorded": recorded, "phones": phones}


def lines(result: dict) -> list[Line]:
    checkin, baseline = result["checkin"], result["baseline"]
    ratio = checkin.rps / baseline.rps if baseline.rps else 0.0

    def summary(phase: Phase) -> dict:
        return {"requests": len(phase.latencies), "errors": phase.errors,
                "seconds": phase.seconds, "rps": phase.rps,
                "p50_s": percentile(phase.latencies, 50), "p99_s": percentile(phase.latencies, 99)}

    data = {"checkin": summary(checkin), "baseline": summary(baseline),
            "prepare": summary(result["prepared"]), "ratio": ratio,
            "check_ins_recorded": result["recorded"], "concurrent_phones": result["phones"]}
    errors = sum(checkin.errors.values())
    return [
        Line("B1", f"check-in POST, {result['phones']} phones: throughput",
             f"{checkin.rps:.0f} req/s ({ratio:.2f}×)", f"{baseline.rps:.0f} req/s one INSERT",
             f"≥ {RATIO_BUDGET}× baseline",
             ratio >= RATIO_BUDGET and errors == 0 and result["recorded"] == len(checkin.latencies),
             data),
        Line("B1", "check-in POST: latency p50 / p99",
             f"{percentile(checkin.latencies, 50) * 1000:.0f} / "
             f"{percentile(checkin.latencies, 99) * 1000:.0f} ms"
             + (f", {errors} errors" if errors else ""),
             f"{percentile(baseline.latencies, 50) * 1000:.0f} / "
             f"{percentile(baseline.latencies, 99) * 1000:.0f} ms", "", None, data),
    ]
