"""Who holds this phone: the signed `checkin_person` cookie set after a check-in, shared by the
participant's pages (check-in, tests, satisfaction). No account, no password."""
from __future__ import annotations

from functools import lru_cache

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "checkin_person"
COOKIE_AGE = 365 * 24 * 3600
# The attempts this phone sent, whose results only it may show (trainings/assessments/public.py).
RESULTS_COOKIE = "test_results"
RESULTS_PATH = "/t"


@lru_cache(maxsize=64)
def _serializer(secret: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=f"checkin-{purpose}")


def signer(purpose: str) -> URLSafeSerializer:
    """A serializer for one purpose of the check-in pages (its salt keeps purposes apart),
    built once per secret and purpose rather than on every request."""
    return _serializer(current_app.config["SECRET_KEY"], purpose)


def signed_id(purpose: str, value: str | None) -> int | None:
    """The id a value signed for this purpose holds, or None when forged or malformed."""
    try:
        return int(signer(purpose).loads(value or ""))
    except (BadSignature, ValueError, TypeError):
        return None


def remembered_person_id() -> int | None:
    """The id of the person this phone's cookie names, or None; no database access."""
    return signed_id("cookie", request.cookies.get(COOKIE))


def remember(response: Response, participant_id: int) -> Response:
    """Remember the person on this phone for their next check-ins and tests."""
    response.set_cookie(COOKIE, signer("cookie").dumps(participant_id),
                        max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def forget(response: Response) -> Response:
    """« Ce n'est pas moi »: this phone no longer names anyone, nor shows anyone's results."""
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=secure)
    response.delete_cookie(RESULTS_COOKIE, path=RESULTS_PATH, httponly=True, samesite="Lax",
                           secure=secure)
    return response


def initials(*names: str) -> str:
    """A name as a participant's page may show it: the initial of each part, "A. B." for
    Anas Benali, so that a phone shared by several people never shows the previous one's name.
    Pure. A part without a letter or digit (or an empty one) is left out."""
    letters = []
    for name in names:
        first = next((char for char in (name or "") if char.isalnum()), None)
        if first is not None:
            letters.append(first.upper() + ".")
    return " ".join(letters)
