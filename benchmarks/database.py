"""Where the benchmark databases live and how the application is pointed at them.

SQLite by default: one file per scale under benchmarks/out/, built once and reused (the file
name carries the scale and the builder's version). PostgreSQL when DATABASE_URL is set: one
database, rebuilt whenever the scale asked for differs from the one it holds.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

import sqlalchemy as sa

from trainings import create_app
from trainings.extensions import db

OUT = Path(__file__).resolve().parent / "out"
# Change when the synthetic data change, so that cached SQLite files are rebuilt.
BUILDER_VERSION = 3
# A fixed secret: gunicorn's workers and the measuring process must sign alike.
SECRET_KEY = "benchmark-secret-not-for-production"

# Benchmark-only tables, never part of the application's schema or migrations.
bench_metadata = sa.MetaData()
bench_meta = sa.Table("bench_meta", bench_metadata,
                      sa.Column("key", sa.String(50), primary_key=True),
                      sa.Column("value", sa.String(200), nullable=False))
bench_baseline = sa.Table("bench_baseline", bench_metadata,
                          sa.Column("id", sa.Integer, primary_key=True),
                          sa.Column("note", sa.String(100), nullable=False),
                          sa.Column("created_at", sa.DateTime, nullable=False))


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def database_url(scale: float) -> str:
    """DATABASE_URL when set (PostgreSQL), else this scale's cached SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT / f'bench-{scale_tag(scale)}-v{BUILDER_VERSION}.db'}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def bench_app(url: str, **config):
    """The application with its real configuration, on the benchmark database."""
    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY,
                "RATELIMIT_ENABLED": False}
    settings.update(config)
    app = create_app(settings)
    gc.freeze()  # as wsgi.py does in production
    return app


def migrations_head(app) -> str:
    from alembic.script import ScriptDirectory

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        return ScriptDirectory.from_config(config).get_current_head() or ""


def built_scale(app) -> str | None:
    """The scale the database holds, or None when it was never (completely) built."""
    with app.app_context():
        try:
            if not sa.inspect(db.engine).has_table("bench_meta"):
                return None
            return db.session.scalar(sa.select(bench_meta.c.value)
                                     .where(bench_meta.c.key == "scale"))
        finally:
            # Pooled connections would keep writing to a file deleted for a rebuild.
            db.session.remove()
            db.engine.dispose()


def ensure_database(scale: float, rebuild: bool = False, log=print, url: str | None = None,
                    ) -> str:
    """The URL of a database holding the synthetic programme at this scale, built if needed;
    by default this scale's SQLite file, or DATABASE_URL."""
    from benchmarks import synthetic

    url = url or database_url(scale)
    app = bench_app(url)
    # A new migration elsewhere in the project makes the cached database stale too.
    wanted = f"{scale:g}:{BUILDER_VERSION}:{migrations_head(app)}"
    if not rebuild and built_scale(app) == wanted:
        return url
    log(f"building the synthetic database at scale {scale:g} ({url.split('@')[-1]}) ...")
    if is_sqlite(url):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with app.app_context():
        counts = synthetic.build(scale)
        bench_metadata.create_all(db.engine)
        db.session.execute(sa.delete(bench_meta))
        db.session.execute(sa.insert(bench_meta), [{"key": "scale", "value": wanted}])
        db.session.commit()
        if not is_sqlite(url):
            # A live PostgreSQL has statistics (autovacuum analyses as data arrive); a bulk
            # load has none until analysed, and plans without them are not the production's.
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "ANALYZE")
        db.engine.dispose()
    log("  " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    return url
