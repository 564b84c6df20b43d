"""Application settings, read from the environment; secrets never live in the repository."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def instance_secret(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once into instance/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance_path: str) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'trainings.db'}"


class Config:
    """Production-like defaults; every value can be overridden from the environment."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_BYTES", 2 * 1024 * 1024))
    # A field workshop's results package (trainings/field), signatures included.
    FIELD_MAX_PACKAGE_BYTES = int(os.environ.get("FIELD_MAX_PACKAGE_BYTES", 32 * 1024 * 1024))
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Africa/Casablanca"
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    # "Rester connecté·e" lasts this long; so does any login (trainings/auth/logins.py).
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_DAYS", 14)))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # REMEMBER_COOKIE_SECURE follows SESSION_COOKIE_SECURE (set in create_app).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # The header of sign-in sheets and certificates.
    PROGRAMME_NAME = os.environ.get(
        "PROGRAMME_NAME", "Programme d'appui à la régionalisation de la politique migratoire")
    PROGRAMME_FUNDERS = os.environ.get("PROGRAMME_FUNDERS", "AFD, Union européenne")
    # The notice « Vos données personnelles » (trainings/notice): who is responsible for the
    # data, whom participants ask to see, correct or erase theirs, and how long they are kept.
    # Unset: the notice names them in the page's language (trainings/notice/routes.py).
    PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER") or None
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT") or None
    # People with no activity (registration to a session, check-in, test) for this many months
    # are anonymised by `flask retention` (law 09-08; docs/donnees-personnelles.md).
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", 36))
    # The largest results package a field laptop may push through the API (trainings.field).
    FIELD_MAX_PACKAGE_BYTES = int(os.environ.get("FIELD_MAX_PACKAGE_BYTES", 32 * 1024 * 1024))
    QR_ROTATION_SECONDS = int(os.environ.get("QR_ROTATION_SECONDS", 20))
    # Where `flask demo` writes the demo passwords; unset means instance/demo-logins.txt.
    DEMO_LOGINS_PATH = os.environ.get("DEMO_LOGINS_PATH")
    # The progress report: % of a session's half-days that makes a person complete it.
    PROGRESS_COMPLETION_THRESHOLD = int(os.environ.get("PROGRESS_COMPLETION_THRESHOLD", 80))
    # Behind one reverse proxy: trust its X-Forwarded-For/-Proto (the limits key on the client).
    PROXY_FIX = os.environ.get("PROXY_FIX", "0") == "1"

    # Rate limits (Flask-Limiter, see trainings/ratelimits.py). Counters live in memory, per
    # worker, unless a Redis URI is given; several gunicorn workers should share Redis.
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_STORAGE_URI = (os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")
                             or "memory://")
    # Should Redis go away, count in memory rather than answer 500 to a room checking in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute")  # per address
    RATELIMIT_LOGIN_EMAIL = os.environ.get("RATELIMIT_LOGIN_EMAIL", "5 per minute")  # per e-mail
    # A whole room shares one Wi-Fi address: 60 people x 4 requests fit with room to spare.
    RATELIMIT_CHECKIN = os.environ.get("RATELIMIT_CHECKIN", "600 per 2 minutes")
    # Answers 400/404 of those pages (unknown token, wrong code), per address: sized to a room,
    # whose mistypes all count on its one address (why it still brakes guessing: ratelimits.py).
    RATELIMIT_CHECKIN_FAILURES = os.environ.get("RATELIMIT_CHECKIN_FAILURES", "100 per minute")
    # Identifications (a phone or e-mail typed on /c or /t) per phone, wherever it connects from.
    RATELIMIT_IDENTIFY_DEVICE = os.environ.get("RATELIMIT_IDENTIFY_DEVICE", "20 per 10 minutes")
    # Contacts typed that are not the session's participants' (newcomers, unknown numbers), per
    # half-day code or test link, whatever the address: a room's walk-ins fit, a guesser stops.
    RATELIMIT_IDENTIFY_CODE = os.environ.get("RATELIMIT_IDENTIFY_CODE", "300 per 10 minutes")

    # Observability (trainings/observability): request log lines in JSON with LOG_FORMAT=json;
    # /metrics for a bearer of METRICS_TOKEN or a client of METRICS_ALLOW (addresses, CIDRs).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1,::1")
