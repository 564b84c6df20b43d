"""The benchmark's WSGI entry: the application exactly as wsgi.py builds it (configuration from
the environment), plus one route that only inserts a row into a benchmark-only table: the
baseline of B1. Never imported by the application; served only by the benchmark's gunicorn."""
from __future__ import annotations

import gc
from datetime import datetime, timezone

import sqlalchemy as sa

from benchmarks.database import bench_baseline
from trainings import create_app
from trainings.extensions import csrf, db

app = create_app()
gc.freeze()  # as wsgi.py does


@app.post("/_bench/insert")
@csrf.exempt
def bench_insert():
    """One INSERT and its commit, through the same database settings as the check-in."""
    db.session.execute(sa.insert(bench_baseline).values(
        note="baseline", created_at=datetime.now(timezone.utc).replace(tzinfo=None)))
    db.session.commit()
    return "", 204
