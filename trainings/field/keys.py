"""This server's Ed25519 key, which signs its field kits: `FIELD_SIGNING_KEY` from the
environment (base64 of the 32 raw bytes; the same on every server of a programme), or one
generated once into instance/field_signing_key."""
from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from flask import current_app

from trainings.field import package


def signing_key() -> bytes:
    from_env = current_app.config.get("FIELD_SIGNING_KEY") or os.environ.get("FIELD_SIGNING_KEY")
    if from_env:
        try:
            raw = base64.b64decode(from_env, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise RuntimeError("FIELD_SIGNING_KEY must be the base64 of 32 bytes")
        return raw
    path = Path(current_app.instance_path) / "field_signing_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64encode(package.new_signing_key()))
        path.chmod(0o600)
    return base64.b64decode(path.read_bytes().strip())


def server_public_key() -> str:
    return package.public_key(signing_key())


def server_name() -> str:
    """How a laptop names this server: its public address, else its host name."""
    return (current_app.config.get("PUBLIC_BASE_URL") or os.uname().nodename)[:200]
