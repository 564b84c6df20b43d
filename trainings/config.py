"""Application settings, read from the environment; secrets never live in the repository."""
from __future__ import annotations

import os
import secrets
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
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Africa/Casablanca"
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    QR_ROTATION_SECONDS = int(os.environ.get("QR_ROTATION_SECONDS", 20))
    # Where `flask demo` writes the demo passwords; unset means instance/demo-logins.txt.
    DEMO_LOGINS_PATH = os.environ.get("DEMO_LOGINS_PATH")
