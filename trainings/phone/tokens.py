"""Signed check-in tokens: short enough for a small QR code, bound to one half-day, rotating.

A token packs the half-day id, the rotation step it was made for (0 for the printed poster,
which never rotates) and a truncated HMAC of both under the application's secret.
Pure: no Flask, no database.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass

MAC_BYTES = 8
STATIC_STEP = 0


class BadToken(ValueError):
    """The token is malformed or its signature does not match: forged or mistyped."""


class ExpiredToken(ValueError):
    """The token was genuine but belongs to a rotation older than the previous one."""


@dataclass(frozen=True)
class TokenData:
    half_day_id: int
    step: int


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, b"checkin:" + payload, hashlib.sha256).digest()[:MAC_BYTES]


def make_token(secret: bytes, half_day_id: int, step: int) -> str:
    payload = struct.pack(">II", half_day_id, step)
    raw = payload + _mac(secret, payload)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def read_token(secret: bytes, token: str) -> TokenData:
    """Decode and verify a token; raises BadToken when it was not made with this secret."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
    except (ValueError, UnicodeEncodeError) as error:
        raise BadToken(token) from error
    if len(raw) != 8 + MAC_BYTES:
        raise BadToken(token)
    payload, mac = raw[:8], raw[8:]
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        raise BadToken(token)
    half_day_id, step = struct.unpack(">II", payload)
    return TokenData(half_day_id, step)


def rotation_step(now: float, period_seconds: int) -> int:
    """The rotation a moment (seconds since the epoch) falls in; never 0, kept for the poster."""
    return int(now // period_seconds) + 1


def check_fresh(data: TokenData, now_step: int) -> None:
    """A rotating token stays valid for its own rotation and the next one (nobody fails
    mid-scan); the poster's static token does not expire (the check-in window still applies)."""
    if data.step == STATIC_STEP:
        return
    if data.step not in (now_step, now_step - 1):
        raise ExpiredToken(data)


def short_code(secret: bytes, half_day_id: int, step: int, length: int = 6) -> str:
    """A code to type instead of scanning: unambiguous letters and digits (no O/0, I/1)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digest = hmac.new(secret, f"code:{half_day_id}:{step}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)
