"""The benchmark suite at a small scale, without timings (too noisy for CI): the staff pages
send as many SQL statements whatever the size of the programme, the participant's check-in
pages stay light, and the consolidated export's memory stays within its budget.

Runs on the suite's database engine: SQLite files of its own, or TEST_DATABASE_URL's
PostgreSQL database, whose public schema it rebuilds and leaves empty at the migrations' head.
"""
from __future__ import annotations

import os

import pytest

from benchmarks import database, exports, page_weight, staff_pages
from benchmarks.synthetic import reset_schema
from trainings.extensions import db

SMALL, LARGER = 0.01, 0.04


@pytest.fixture(scope="module")
def urls(tmp_path_factory):
    """scale -> database URL. On PostgreSQL both sizes share the database, built in turn."""
    shared = os.environ.get("TEST_DATABASE_URL", "")
    if shared.startswith("postgresql"):
        yield {SMALL: shared, LARGER: shared}
        app = database.bench_app(shared)
        with app.app_context():
            reset_schema()  # the next tests expect an empty database
            db.engine.dispose()
        return
    folder = tmp_path_factory.mktemp("benchmarks")
    yield {scale: f"sqlite:///{folder / f'bench-{scale}.db'}" for scale in (SMALL, LARGER)}


def built(urls, scale: float) -> str:
    return database.ensure_database(scale, url=urls[scale], log=lambda *_: None)


def test_staff_pages_send_as_many_statements_at_both_sizes(urls):
    small = staff_pages.measure(built(urls, SMALL), repeat=1, warmup=1)
    larger = staff_pages.measure(built(urls, LARGER), repeat=1, warmup=1)
    for name, page in larger.items():
        if not page.present:  # a page still being written elsewhere is not measured
            continue
        assert (page.status, small[name].status) == (200, 200), name
        assert page.queries == small[name].queries, (
            f"{name}: {small[name].queries} statements at scale {SMALL}, "
            f"{page.queries} at {LARGER}")
    assert larger["session list"].present and larger["roster"].present


def test_checkin_pages_stay_under_their_weight_budget(urls):
    pages = page_weight.measure(built(urls, LARGER))
    assert len(pages) == 4
    for page in pages:
        assert page.status == 200, page.name
        assert page.total_bytes <= page_weight.BUDGET_BYTES, (page.name, page.resources)
        assert page.other_hosts == [], page.name


def test_consolidated_export_stays_under_its_memory_budget(urls):
    result = exports.isolated("consolidated-app", built(urls, LARGER))
    assert result["size"] > 0
    assert result["memory"] <= exports.MEMORY_BUDGET
