"""The API's endpoints: JSON, bearer tokens, the same role and region rules as the pages.

Only `Authorization: Bearer <token>` authenticates here (trainings.api.auth), never the pages'
session cookie, and no cookie is ever set: a browser cannot be made to send a request in
someone's name, so CSRF does not apply (the blueprint is exempt, for the field push's PUT and
POST). A token's scope chooses its endpoints: a read token reads, a field-push token only sends
results (trainings.api.push). The blueprint commits once after each request (the token's last
use, the download log, an upload).
Each view declares its query schema and its answers: flask-smorest parses the one and
documents both (trainings.api.openapi)."""
from __future__ import annotations


import flask_smorest
from flask import Response, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from trainings.auth.models import TokenScope
from trainings.downloads.files import send
from trainings.api import filters, schemas, services
from trainings.api.auth import bearer_token, token_scope
from trainings.api.errors import BadToken
from trainings.exports import services as export_services
from trainings.registry.visibility import sees_contacts
from trainings.clock import local_today
from trainings.extensions import csrf, db
from trainings.progress import services as progress
from trainings.reports import services as reports
from trainings.schedule.services import SessionFilters

API_ROOT = "/api/v1"


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's blueprint, whose query strings the API's strict parser reads."""

    ARGUMENTS_PARSER = filters.QueryParser()


bp = Blueprint("api", __name__, url_prefix=API_ROOT,
               description=_l("API en JSON et en classeurs Excel : lecture, et envoi des résultats "
                             "terrain."))

csrf.exempt(bp)  # bearer tokens only, no cookie (trainings.api.auth)

PUBLIC_ENDPOINTS = frozenset({"api.openapi_json"})  # a description, no data
# The only endpoints a field-push token opens, and the only ones a read token does not.
FIELD_PUSH_ENDPOINTS = frozenset({"api.field_upload_state", "api.field_upload_put",
                                  "api.field_upload_preview", "api.field_upload_apply"})
# The error answers each kind of endpoint documents, by name (trainings.api.openapi.RESPONSES).
ONE = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound"}
LIST = {400: "BadFilter", 401: "Unauthorized", 403: "Forbidden"}
XLSX = export_services.XLSX_MIMETYPE
WORKBOOK = {"type": "string", "format": "binary"}
SESSION_ID = {"in": "path", "name": "session_id",
              "description": _l("Identifiant de la session.")}


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return
    if bearer_token(request) is None:
        raise Unauthorized()  # the generic message says how to send one
    raise BadToken(_("Jeton d'accès inconnu ou révoqué, ou compte désactivé."))


@bp.before_request
def check_scope():
    """Each token to its own use (after authenticate: the token is known)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    pushing = request.endpoint in FIELD_PUSH_ENDPOINTS
    if pushing and token_scope() != TokenScope.FIELD_PUSH:
        raise Forbidden(_("Ce jeton sert à lire l'API : il n'envoie pas de résultats terrain. "
                          "Créez un jeton « Envoi des résultats terrain » depuis « Mon "
                          "compte »."))
    if pushing and not current_user.can_edit:
        raise Forbidden()  # a role that may no longer import results
    if not pushing and token_scope() == TokenScope.FIELD_PUSH:
        raise Forbidden(_("Ce jeton sert seulement à envoyer des résultats terrain : il ne "
                          "lit pas l'API."))


@bp.after_request
def commit(response: Response) -> Response:
    db.session.commit()
    response.cache_control.no_store = True  # names of people, links that let people in
    return response


@bp.get("/openapi.json")
@bp.doc(summary=_l("Ce document (sans authentification)."), security=[])
@bp.response(200, {"type": "object"}, description=_l("Document OpenAPI 3.1."))
def openapi_json():
    return jsonify(flask_smorest.current_api.spec.to_dict())


@bp.get("/sessions")
@bp.doc(summary=_l("Sessions visibles par le compte, filtrées comme la liste des sessions."),
        responses=LIST)
@bp.arguments(filters.SESSIONS, location="query")
@bp.response(200, schemas.SessionList, description=_l("Les sessions, par date de début."))
def sessions(selection: SessionFilters):
    return jsonify({"sessions": services.sessions(selection, current_user.scope_region)})


@bp.get("/sessions/<int:session_id>", parameters=[SESSION_ID])
@bp.doc(summary=_l("Une session, son nombre d'inscrit·e·s et les liens ouverts aux "
                   "participant·e·s."), responses=ONE)
@bp.response(200, schemas.SessionDetail, description=_l("La session."))
def session(session_id: int):
    return jsonify(services.session_detail(
        services.get_session(session_id, current_user.scope_region)))


@bp.get("/sessions/<int:session_id>/attendance", parameters=[SESSION_ID])
@bp.doc(summary=_l("Les présences de la session, une ligne par personne et demi-journée "
                   "(téléchargement journalisé)."), responses=ONE)
@bp.response(200, schemas.Attendance, description=_l("Les présences."))
def attendance(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    return jsonify(services.attendance(session, current_user.id))


@bp.get("/sessions/<int:session_id>/attendance.xlsx", parameters=[SESSION_ID])
@bp.doc(summary=_l("Le classeur d'émargement de la session (comme la page ; journalisé)."),
        responses=ONE)
@bp.response(200, WORKBOOK, content_type=XLSX, description=_l("Classeur Excel (pièce jointe)."))
def attendance_xlsx(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    return send(export_services.session_workbook(session, current_user.id,
                                                 contacts=sees_contacts(current_user.role)))


@bp.get("/sessions/<int:session_id>/gains", parameters=[SESSION_ID])
@bp.doc(summary=_l("Gains de connaissances de la session par sexe, et par question."),
        responses=ONE)
@bp.response(200, schemas.Gains, description=_l("Chiffres non arrondis, null quand non "
                                                "définis."))
def session_gains(session_id: int):
    return jsonify(reports.report_json(reports.session_report(
        services.get_session(session_id, current_user.scope_region))))


@bp.get("/sessions/<int:session_id>/gains.xlsx", parameters=[SESSION_ID])
@bp.doc(summary=_l("Le classeur des gains de la session (comme la page)."), responses=ONE)
@bp.response(200, WORKBOOK, content_type=XLSX, description=_l("Classeur Excel (pièce jointe)."))
def session_gains_xlsx(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    return send(reports.session_gains_download(session, current_user.id))


@bp.get("/gains")
@bp.doc(summary=_l("Gains de connaissances poolés sur les sessions choisies (paires de toutes "
                   "les sessions, jamais une moyenne de moyennes)."), responses=LIST)
@bp.arguments(filters.GAINS, location="query")
@bp.response(200, schemas.Gains, description=_l("Chiffres non arrondis, null quand non "
                                                "définis."))
def gains(selection: reports.ReportFilters):
    services.check_scope(selection.region, selection.province, current_user.scope_region)
    report = reports.programme_report(selection, current_user.scope_region, details=False)
    return jsonify(reports.report_json(report))


@bp.get("/indicators")
@bp.doc(summary=_l("Les indicateurs du rapport d'avancement par sexe (un trimestre par "
                   "défaut), avec la période précédente, le cumul et les cibles."),
        responses=LIST)
@bp.arguments(filters.INDICATORS, location="query")
@bp.response(200, schemas.Indicators, description=_l("Chiffres non arrondis, null quand non "
                                                     "définis."))
def indicators(selection: progress.ProgressSelection):
    services.check_scope(selection.region, None, current_user.scope_region)
    report = progress.progress_report(selection, current_user.scope_region, local_today(),
                                      progress.completion_threshold())
    return jsonify(progress.report_json(report))


@bp.get("/trainings/<int:training_id>/questions", parameters=[
    {"in": "path", "name": "training_id", "description": _l("Identifiant de la formation.")}])
@bp.doc(summary=_l("La banque de questions d'une formation, bonnes réponses comprises."),
        responses={401: "Unauthorized", 404: "NotFound"})
@bp.response(200, schemas.Questions, description=_l("Les questions dans l'ordre de la "
                                                    "banque."))
def questions(training_id: int):
    return jsonify(services.questions(training_id))


@bp.get("/half-days/<int:half_day_id>/checkin-link", parameters=[
    {"in": "path", "name": "half_day_id", "description": _l("Identifiant de la demi-journée.")}])
@bp.doc(summary=_l("Le lien de pointage que la page de projection montre en ce moment."),
        responses=ONE)
@bp.response(200, schemas.CheckinLink, description=_l("Le lien et sa fin de validité."))
def checkin_link(half_day_id: int):
    return jsonify(services.checkin_link(
        services.get_half_day(half_day_id, current_user.scope_region)))
