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
import unicodedata
from dataclasses import dataclass
from enum import Enum

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


# The letters and digits of a typed code. None of them looks like another: no O or 0, no I or 1,
# and L is the only one of L, I, 1 (lower-case l) there is. Kept as it is since the first codes:
# the code of a session without rotation lasts a whole half-day and may be written on a board.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# What people type for what they read: O for 0 and back, I, 1 or l for L. Both the code and what
# was typed are folded this way before they are compared.
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "L", "I": "L"})
# Dropped from what was typed: spaces, and hyphens or dots put between groups of characters.
_SEPARATORS = frozenset(" .-_/·")


def short_code(secret: bytes, half_day_id: int, step: int, length: int = CODE_LENGTH) -> str:
    """A code to type instead of scanning, in CODE_ALPHABET."""
    digest = hmac.new(secret, f"code:{half_day_id}:{step}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def _typed_char(char: str) -> str:
    """One typed character as a code character: a digit of any script (Arabic-Indic ٣ on an
    Arabic keyboard) as a Western digit, a letter in upper case, a separator as nothing."""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    if char.isspace() or char in _SEPARATORS or unicodedata.category(char) == "Pd":
        return ""
    return char.upper()


def canonical_code(typed: str) -> str:
    """A typed code as it is compared: full-width or Arabic-Indic digits, lower case, spaces,
    hyphens and look-alikes (O/0, I/1/L) all folded. Every character of CODE_ALPHABET is its
    own canonical form (one per folded class), so a code made by short_code() is canonical and
    no two different codes fold together."""
    text = unicodedata.normalize("NFKC", typed)
    return "".join(_typed_char(char) for char in text).translate(_LOOK_ALIKES)


class CodeMatch(Enum):
    """What a typed code is for one half-day."""

    NONE = "none"  # not this half-day's code, now or lately
    FRESH = "fresh"  # the code shown now, or the one just before (like a scanned token)
    EXPIRED = "expired"  # a code this half-day showed earlier: read the new one


# How far back an expired code is still recognised as one (and so answered "expired" rather
# than "wrong"): 90 rotations, half an hour at the default 20 seconds.
EXPIRED_LOOKBACK_STEPS = 90


def match_code(secret: bytes, half_day_id: int, typed: str, now_step: int | None,
               lookback: int = EXPIRED_LOOKBACK_STEPS) -> CodeMatch:
    """Compare a typed code with a half-day's codes. now_step None: its code never rotates
    (the static one). Otherwise the current and the previous rotation are FRESH and the
    `lookback` rotations before them EXPIRED."""
    typed = canonical_code(typed)
    if len(typed) != CODE_LENGTH or not typed.isascii():  # compare_digest takes ASCII only
        return CodeMatch.NONE

    def made_at(step: int) -> bool:
        return hmac.compare_digest(typed, short_code(secret, half_day_id, step))

    if now_step is None:
        return CodeMatch.FRESH if made_at(STATIC_STEP) else CodeMatch.NONE
    if made_at(now_step) or made_at(now_step - 1):
        return CodeMatch.FRESH
    oldest = max(STATIC_STEP + 1, now_step - 1 - lookback)
    if any(made_at(step) for step in range(now_step - 2, oldest - 1, -1)):
        return CodeMatch.EXPIRED
    return CodeMatch.NONE
