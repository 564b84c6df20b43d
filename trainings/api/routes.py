"""The read API's endpoints: JSON, bearer tokens, the same role and region rules as the pages.

Only `Authorization: Bearer <token>` authenticates here, never the pages' session cookie, and
no cookie is ever set: the account is the current user for this request only. Every endpoint
is GET (nothing to protect against CSRF); the blueprint commits once after each request (the
token's last use, the download log)."""
from __future__ import annotations

import io

from flask import Blueprint, Response, jsonify, request, send_file
from flask_babel import gettext as _
from werkzeug.exceptions import Unauthorized

from trainings.api import filters, openapi, services
from trainings.api.errors import BadToken
from trainings.auth import tokens
from trainings.exports import services as export_services
from trainings.extensions import db, login_manager
from trainings.reports import services as reports

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = frozenset({"api.openapi_json"})  # a description, no data


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    credentials = request.authorization
    if credentials is None or credentials.type != "bearer" or not credentials.token:
        raise Unauthorized()  # the generic message says how to send one
    user = tokens.authenticate(credentials.token)
    if user is None:
        raise BadToken(_("Jeton d'accès inconnu ou révoqué, ou compte désactivé."))
    # For this request only: login_user() would write the account into the session cookie.
    login_manager._update_request_context_with_user(user)


@bp.after_request
def commit(response: Response) -> Response:
    db.session.commit()
    response.cache_control.no_store = True  # names of people, links that let people in
    return response


def _send(download: export_services.Download) -> Response:
    """A workbook as an attachment; a temporary file is closed (hence deleted) once sent."""
    content = download.content
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    return send_file(content, mimetype=export_services.XLSX_MIMETYPE, as_attachment=True,
                     download_name=download.filename)


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi.document())


@bp.get("/sessions")
def sessions():
    return jsonify({"sessions": services.sessions(filters.session_filters(request.args))})


@bp.get("/sessions/<int:session_id>")
def session(session_id: int):
    return jsonify(services.session_detail(services.get_session(session_id)))


@bp.get("/sessions/<int:session_id>/attendance")
def attendance(session_id: int):
    return jsonify(services.attendance(services.get_session(session_id)))


@bp.get("/sessions/<int:session_id>/attendance.xlsx")
def attendance_xlsx(session_id: int):
    return _send(export_services.session_workbook(services.get_session(session_id)))


@bp.get("/sessions/<int:session_id>/gains")
def session_gains(session_id: int):
    return jsonify(reports.report_json(reports.session_report(
        services.get_session(session_id))))


@bp.get("/sessions/<int:session_id>/gains.xlsx")
def session_gains_xlsx(session_id: int):
    return _send(reports.session_gains_download(services.get_session(session_id)))


@bp.get("/gains")
def gains():
    selection = filters.report_filters(request.args)
    services.check_scope(selection.region, selection.province)
    return jsonify(reports.report_json(reports.programme_report(selection, details=False)))


@bp.get("/trainings/<int:training_id>/questions")
def questions(training_id: int):
    return jsonify(services.questions(training_id))


@bp.get("/half-days/<int:half_day_id>/checkin-link")
def checkin_link(half_day_id: int):
    return jsonify(services.checkin_link(services.get_half_day(half_day_id)))
