"""/metrics under gunicorn with two workers (PROMETHEUS_MULTIPROC_DIR): the figures are every
worker's, added up, whichever worker answers the scrape. Bounded: 40 requests, 60 s at most."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def healthz_count(text: str) -> float:
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples
               if sample.name == "flask_http_request_duration_seconds_count"
               and sample.labels.get("endpoint") == "health.healthz")


@pytest.fixture
def two_workers(_schema, tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    port = free_port()
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(folder), DATABASE_URL=DATABASE_URL,
               SECRET_KEY="test-secret")
    errors = tmp_path / "gunicorn.log"  # a file, not a pipe that a chatty server could fill
    with errors.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
             "--timeout", "30", "--graceful-timeout", "5", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, errors.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
        yield port, folder
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def test_metrics_add_up_every_worker_s_requests(two_workers):
    port, folder = two_workers
    # A request left half-sent keeps one worker busy: the other serves every other request,
    # then the first one serves it. Both workers have counted some.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)
        statuses = [get(port, "/healthz")[0] for _ in range(REQUESTS)]
        slow.sendall(b"Connection: close\r\n\r\n")
        assert slow.recv(64).startswith(b"HTTP/1.1 200")
    assert statuses == [200] * REQUESTS
    assert len(list(folder.glob("histogram_*.db"))) == 2
    scrapes = [get(port, "/metrics") for _ in range(6)]
    assert [status for status, _ in scrapes] == [200] * 6
    assert [healthz_count(text) for _, text in scrapes] == [REQUESTS + 1] * 6
