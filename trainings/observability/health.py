"""/healthz (the process answers) and /readyz (the database, Redis and the migrations are ready),
for a load balancer or a supervisor: no login, no rate limit, no cookie, no secret."""
from __future__ import annotations

import logging

import redis
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify

from trainings.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)

# A dead Redis must not hold the probe: the answer comes within these seconds.
REDIS_TIMEOUT_SECONDS = 1.0
OK, FAILED, NOT_USED = "ok", "failed", "not used"


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    revision = database_revision()
    head = migrations_head()
    checks = {
        "database": OK if revision is not None else FAILED,
        "redis": redis_check(current_app.config.get("RATELIMIT_STORAGE_URI") or ""),
        "migrations": OK if revision is not None and revision == head else FAILED,
    }
    ready = all(result != FAILED for result in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks,
            "revision": {"database": revision or None, "head": head}}
    return jsonify(body), 200 if ready else 503


def database_revision() -> str | None:
    """The Alembic revision the database is at ("" when it has none), None when it does not
    answer. Read on a connection of its own, outside the request's session."""
    try:
        with db.engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")
                                      ).scalar() or ""
    except sa.exc.SQLAlchemyError as error:
        # The class only: a driver's message may quote the address, password and all.
        log.warning("readyz: database unavailable (%s)", type(error).__name__)
        return None


def migrations_head() -> str | None:
    """The head revision of the migrations this code carries (read once per application)."""
    heads = current_app.extensions.get("migrations_head")
    if heads is None:
        config = current_app.extensions["migrate"].migrate.get_config()
        heads = current_app.extensions["migrations_head"] = (
            ScriptDirectory.from_config(config).get_heads())
    return heads[0] if len(heads) == 1 else None


def redis_check(storage_uri: str) -> str:
    """Whether the rate limits' Redis answers a PING; "not used" when they count elsewhere."""
    if not storage_uri.startswith("redis"):
        return NOT_USED
    try:
        if storage_uri.startswith(("redis://", "rediss://", "redis+unix://")):
            client = redis.Redis.from_url(
                storage_uri.replace("redis+unix://", "unix://", 1),
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
            with client:
                answered = client.ping()
        else:  # sentinel, cluster: through the limits storage, which knows them
            answered = limiter.storage.check()
    except (redis.RedisError, OSError) as error:
        log.warning("readyz: Redis unavailable (%s)", type(error).__name__)
        return FAILED
    return OK if answered else FAILED


def init_app(app: Flask) -> None:
    limiter.exempt(bp)
    app.register_blueprint(bp)
