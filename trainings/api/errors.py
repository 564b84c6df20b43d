"""Errors of the API as JSON, {"error": message} (plus "parameter" for a bad filter),
instead of the pages' HTML error page."""
from __future__ import annotations

from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, HTTPException, Unauthorized

API_PREFIX = "/api/"

MESSAGES = {
    400: _l("Requête invalide."),
    401: _l("Authentification requise : envoyez l'en-tête « Authorization: Bearer <jeton> »."),
    403: _l("Votre compte n'a pas accès à cette ressource."),
    404: _l("Ressource introuvable."),
    405: _l("Méthode non permise pour cette adresse de l'API."),
    413: _l("Requête trop volumineuse."),
    429: _l("Trop de requêtes. Patientez une minute puis réessayez."),
    500: _l("Erreur interne du serveur."),
}


class BadFilter(BadRequest):
    """A query parameter the API cannot accept; the message names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(description=message)
        self.parameter = parameter


class BadToken(Unauthorized):
    """A bearer token was sent but is unknown, revoked, or its account deactivated."""

    bearer_error = "invalid_token"


def is_api_request() -> bool:
    """Also true for an /api/ URL that matched no rule (404, 405), which has no blueprint."""
    return request.blueprint == "api" or request.path.startswith(API_PREFIX)


def error_response(error: HTTPException, reference: str | None = None) -> Response:
    """The JSON answer; a server error's `reference` (as logged) is said in its message."""
    code = error.code or 500
    # A description given when raising is ours (French); Werkzeug's defaults are English.
    message = vars(error).get("description") or MESSAGES.get(code) or error.name
    if reference:
        message = _("%(message)s Référence : %(reference)s — communiquez-la à "
                    "l'administrateur.", message=message, reference=reference)
    body = {"error": str(message)}
    if isinstance(error, BadFilter):
        body["parameter"] = error.parameter
    response = jsonify(body)
    response.status_code = code
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if code == 401:
        bearer_error = getattr(error, "bearer_error", None)
        response.headers["WWW-Authenticate"] = (
            f'Bearer error="{bearer_error}"' if bearer_error else "Bearer")
    return response
