"""What the room sees: the check-in link, token and typed code of a half-day, and badge codes."""
from __future__ import annotations

import time
from typing import Protocol

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from trainings.phone import tokens

BADGE_PREFIX = "TRB:"


class _Rotation(Protocol):
    qr_rotation: bool  # False: the session's code never changes


class HalfDayLike(Protocol):
    """What the links read of a half-day (trainings.schedule.models.HalfDay), which they do not
    import: the schedule sits above them."""

    id: int
    session: _Rotation


def _secret() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def rotation_seconds() -> int:
    return int(current_app.config.get("QR_ROTATION_SECONDS", 20))


def now_step(now: float | None = None) -> int:
    return tokens.rotation_step(time.time() if now is None else now, rotation_seconds())


def public_base_url() -> str:
    """PUBLIC_BASE_URL when set, otherwise the address this page was served from."""
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")


def points_to_this_machine_only(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")


def checkin_token(half_day: HalfDayLike, static: bool = False, now: float | None = None) -> str:
    """The token to show now: rotating unless the session turned rotation off (or a poster)."""
    step = tokens.STATIC_STEP if static or not half_day.session.qr_rotation else now_step(now)
    return tokens.make_token(_secret(), half_day.id, step)


def checkin_url(token: str) -> str:
    return f"{public_base_url()}/c/{token}"


def typed_code(half_day: HalfDayLike, now: float | None = None) -> str:
    step = tokens.STATIC_STEP if not half_day.session.qr_rotation else now_step(now)
    return tokens.short_code(_secret(), half_day.id, step)


def read_checkin_token(token: str, now: float | None = None) -> tokens.TokenData:
    """Verify a scanned token; raises tokens.BadToken or tokens.ExpiredToken."""
    data = tokens.read_token(_secret(), token)
    tokens.check_fresh(data, now_step(now))
    return data


def match_code(half_day: HalfDayLike, code: str, now: float | None = None) -> tokens.CodeMatch:
    """A typed code is valid for the current and the previous rotation, like a token; an older
    one of the last half hour is recognised as expired. Typing slips are forgiven
    (tokens.canonical_code)."""
    step = None if not half_day.session.qr_rotation else now_step(now)
    return tokens.match_code(_secret(), half_day.id, code, step)


def _badge_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="badge")


def badge_content(participant_id: int) -> str:
    """What a personal badge's QR code holds."""
    return BADGE_PREFIX + _badge_serializer().dumps(participant_id)


def read_badge(content: str) -> int | None:
    """The participant id of a scanned badge, or None when it is not one of ours."""
    content = content.strip()
    if not content.startswith(BADGE_PREFIX):
        return None
    try:
        return int(_badge_serializer().loads(content[len(BADGE_PREFIX):]))
    except (BadSignature, ValueError, TypeError):
        return None
