"""Two application servers behind a proxy, as a programme's central server runs: separate
gunicorn processes on the same database and the same Redis, with one SECRET_KEY, and Caddy
balancing between them round robin. A room checks in through the proxy, a person scans on
both servers at once, a QR link or a login made on one server works on the other, the rate
limits count across both, and a server killed in the middle of a burst loses no acknowledged
check-in while the proxy sends the rest to the survivor.

Needs Debian's `caddy`, the virtual environment's gunicorn and a Redis at 127.0.0.1:6379
(database 14, or 13 when TEST_REDIS_URL names 14; emptied by the test): their absence fails
the test. Only loopback traffic; every wait is bounded.
"""
from __future__ import annotations

import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
import sqlalchemy as sa

from tests import factories
from tests.conftest import DATABASE_URL
from tests.multihost import AppServer, Browser, Proxy, path_of, refuses, wait_until
from trainings.attendance.models import CheckIn
from trainings.auth import tokens as api_tokens
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import Participant, Role
from trainings.schedule.models import WindowOverride


def _redis_url() -> str:
    """A Redis database of this test's own, beside the one the rate-limit test empties."""
    suite = urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    number = 13 if suite.path.strip("/") == "14" else 14
    return urlunsplit(suite._replace(path=f"/{number}"))


REDIS_URL = _redis_url()
LOGIN_LIMIT = 3


@dataclass
class Hosts:
    a: AppServer
    b: AppServer
    proxy: Proxy
    store: redis.Redis


@pytest.fixture(scope="module")
def cluster(_schema, tmp_path_factory):
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.ConnectionError:
        store.close()
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: the multi-host test needs it")
    folder = tmp_path_factory.mktemp("multihost")
    env = {**os.environ, "DATABASE_URL": DATABASE_URL,
           # One secret for both, as every server of a programme has: cookies, CSRF tokens and
           # QR links signed by one are read by the other.
           "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_STORAGE_URI": REDIS_URL,
           "RATELIMIT_ENABLED": "1", "RATELIMIT_LOGIN": f"{LOGIN_LIMIT} per minute",
           "PROXY_FIX": "1", "SESSION_COOKIE_SECURE": "0",  # plain http on loopback
           # A projected link stays valid for the whole test (the room's burst included).
           "QR_ROTATION_SECONDS": "300"}
    started = []
    try:
        started.append(AppServer("a", env, folder))
        started.append(AppServer("b", env, folder))
        started.append(Proxy(started[:2], folder))
        yield Hosts(*started, store)
    finally:
        for process in reversed(started):
            process.stop()
        store.flushdb()
        store.close()


@pytest.fixture
def hosts(cluster, app):
    """Both servers up and balanced between, the rate-limit counters empty."""
    cluster.store.flushdb()
    revived = [server.revive() for server in (cluster.a, cluster.b)]
    if any(revived):
        cluster.proxy.restart()
    return cluster


def room(count: int) -> tuple[int, list[str]]:
    """A session held today whose first half-day's check-in is open, `count` people registered
    to it: the half-day's id and their phone numbers, committed for the servers to read."""
    session = factories.session(start=local_today())
    half_day = session.half_days[0]
    half_day.window_override = WindowOverride.OPEN
    people = [factories.participant() for _ in range(count)]
    for person in people:
        factories.registration(session, person)
    half_day_id, phones = half_day.id, [person.phone for person in people]
    db.session.commit()
    return half_day_id, phones


def projected_link(port: int, half_day_id: int) -> str:
    """The check-in link the projector shows, as the server on `port` renders it (read API)."""
    _row, token = api_tokens.issue(factories.user(Role.ADMIN))
    db.session.commit()
    answer = Browser().get(port, f"/api/v1/half-days/{half_day_id}/checkin-link",
                           headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.text
    url = answer.json()["url"]
    assert url and "/c/" in url, answer.text
    return path_of(url)


class Refused(Exception):
    """A step of the check-in was not answered as a phone expects."""


def expect(answer, status: int, step: str):
    if answer.status != status:
        raise Refused(f"{step}: {answer.status}")
    return answer


def scan_and_identify(phone: Browser, port: int, link: str, contact: str) -> dict:
    """Open the projected link, type the phone number: the confirmation form to send."""
    scan = expect(phone.get(port, link), 200, "scan")
    page = expect(phone.post(port, "/c/identify", {
        "csrf_token": scan.hidden("csrf_token"), "proof": scan.hidden("proof"),
        "contact": contact}), 200, "identify")
    if 'name="person"' not in page.text:
        raise Refused("identify: not greeted as registered")
    return {name: page.hidden(name) for name in ("csrf_token", "proof", "person")}


def confirm(phone: Browser, port: int, form: dict) -> None:
    """Confirm, then open the confirmation page the answer points to."""
    answer = expect(phone.post(port, "/c/confirm", form), 302, "confirm")
    if "/c/ok/" not in answer.headers.get("Location", ""):
        raise Refused("confirm: not sent to the confirmation")
    expect(phone.follow(port, answer), 200, "confirmation page")


def check_in(phone: Browser, port: int, link: str, contact: str) -> None:
    confirm(phone, port, scan_and_identify(phone, port, link, contact))


def checked_in_phones(half_day_id: int) -> list[str]:
    """The phone number of each check-in row of the half-day (one entry per row)."""
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(Participant.phone).join(CheckIn, CheckIn.participant_id == Participant.id)
        .where(CheckIn.half_day_id == half_day_id)))


def test_sixty_phones_check_in_through_the_proxy_within_a_minute(hosts):
    half_day_id, contacts = room(60)
    link = projected_link(hosts.proxy.port, half_day_id)
    journal = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(check_in, Browser(journal=journal), hosts.proxy.port, link, c)
                   for c in contacts]
        done, late = wait(futures, timeout=60)
    print(f"\n60 phones checked in through the proxy in {time.monotonic() - started:.1f} s")
    assert not late, f"{len(late)} phones not checked in within a minute"
    assert [future.exception() for future in done] == [None] * 60
    assert sorted(checked_in_phones(half_day_id)) == sorted(contacts)
    served = {note.upstream for note in journal}
    assert served == {f"127.0.0.1:{hosts.a.port}", f"127.0.0.1:{hosts.b.port}"}


def test_a_person_confirming_on_both_servers_at_once_is_checked_in_once(hosts):
    """Each person on four phones at once, two on each server, typing the same number."""
    half_day_id, contacts = room(5)
    link = projected_link(hosts.a.port, half_day_id)
    ports = [hosts.a.port, hosts.a.port, hosts.b.port, hosts.b.port]
    scans = [(Browser(), port, contact) for contact in contacts for port in ports]
    forms = [scan_and_identify(phone, port, link, contact) for phone, port, contact in scans]
    together = threading.Barrier(len(scans))

    def confirm_together(index: int) -> None:
        phone, port, _contact = scans[index]
        together.wait(timeout=30)
        confirm(phone, port, forms[index])

    with ThreadPoolExecutor(max_workers=len(scans)) as pool:
        outcomes = [future.exception(timeout=60) for future in
                    [pool.submit(confirm_together, i) for i in range(len(scans))]]

    assert outcomes == [None] * len(scans)
    assert sorted(checked_in_phones(half_day_id)) == sorted(contacts)


def test_a_qr_link_rendered_by_one_server_is_accepted_by_the_other(hosts):
    half_day_id, contacts = room(1)
    link = projected_link(hosts.a.port, half_day_id)
    phone = Browser()
    page = phone.get(hosts.b.port, link)
    assert page.status == 200
    assert page.hidden("proof")
    assert Browser().get(hosts.b.port, link[:-3] + "xyz").status == 404  # a forged link

    confirm(phone, hosts.b.port, scan_and_identify(phone, hosts.b.port, link, contacts[0]))
    assert checked_in_phones(half_day_id) == contacts


def test_a_staff_login_on_one_server_is_valid_on_the_other(hosts):
    user = factories.user(Role.EXPERT, name="Experte Multihost")
    db.session.commit()
    assert Browser().get(hosts.b.port, "/sessions/").status == 302  # anonymous: to the login
    laptop = Browser()
    form = laptop.get(hosts.a.port, "/login")
    answer = laptop.post(hosts.a.port, "/login", {
        "csrf_token": form.hidden("csrf_token"), "email": user.email,
        "password": factories.PASSWORD})
    assert answer.status == 302

    page = laptop.get(hosts.b.port, "/sessions/")
    assert page.status == 200
    assert "Experte Multihost" in page.text


def test_login_attempts_are_counted_across_both_servers(hosts):
    laptop = Browser()
    form = laptop.get(hosts.a.port, "/login")
    attempt = {"csrf_token": form.hidden("csrf_token"), "email": "personne@example.org",
               "password": "pas le bon"}
    ports = [hosts.a.port, hosts.b.port] * LOGIN_LIMIT
    statuses = [laptop.post(port, "/login", attempt).status for port in ports[:LOGIN_LIMIT + 1]]
    assert statuses == [200] * LOGIN_LIMIT + [429]


def test_a_server_killed_mid_burst_loses_no_acknowledged_check_in(hosts):
    """SIGKILL to server A and its workers once ten phones are checked in; the other phones go
    on through the proxy, trying again (as a person taps again) when an answer is lost."""
    half_day_id, contacts = room(40)
    link = projected_link(hosts.proxy.port, half_day_id)
    acknowledged, journal = [], []

    def phone(contact: str) -> None:
        for _attempt in range(4):
            try:
                check_in(Browser(journal=journal), hosts.proxy.port, link, contact)
            except (OSError, HTTPException, Refused):
                continue
            acknowledged.append(contact)
            return
        raise AssertionError(f"{contact}: never checked in")

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(phone, contact) for contact in contacts]
        wait_until(lambda: len(acknowledged) >= 10, 60, "ten check-ins before the kill")
        hosts.a.kill()
        wait_until(lambda: refuses(hosts.a.port), 10, "server A gone")
        dead_at = time.monotonic()
        done, late = wait(futures, timeout=60)

    assert not late
    assert [future.exception() for future in done] == [None] * len(contacts)
    rows = checked_in_phones(half_day_id)
    assert sorted(rows) == sorted(contacts)  # one row each, none lost
    assert set(acknowledged) == set(contacts)
    after = [note for note in journal if note.started > dead_at]
    lost = [note.status for note in journal if not answered(note)]
    print(f"\nkill: {len(lost)} answers lost ({lost}), {len(after)} requests after it")
    assert after, "the burst was over before the kill"
    survivor = f"127.0.0.1:{hosts.b.port}"
    assert [(answered(note), note.upstream) for note in after] == [(True, survivor)] * len(after)


def answered(note) -> bool:
    """The request got the answer a phone expects: no error, no proxy error."""
    return isinstance(note.status, int) and note.status < 400
