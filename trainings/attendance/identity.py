"""Who holds this phone: the signed `checkin_person` cookie set after a check-in, shared by the
participant's pages (check-in, tests, satisfaction). No account, no password."""
from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from trainings.extensions import db
from trainings.registry.models import Participant

COOKIE = "checkin_person"
COOKIE_AGE = 365 * 24 * 3600


def signer(purpose: str) -> URLSafeSerializer:
    """A serializer for one purpose of the check-in pages (its salt keeps purposes apart)."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"checkin-{purpose}")


def remembered_person() -> Participant | None:
    """The person this phone's cookie names, or None."""
    try:
        person_id = int(signer("cookie").loads(request.cookies.get(COOKIE, "")))
    except (BadSignature, ValueError, TypeError):
        return None
    return db.session.get(Participant, person_id)


def remember(response: Response, participant_id: int) -> Response:
    """Remember the person on this phone for their next check-ins and tests."""
    response.set_cookie(COOKIE, signer("cookie").dumps(participant_id),
                        max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
