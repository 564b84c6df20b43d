"""The field push (trainings.field.push sends to it): a laptop's results package, sent in
pieces with a field-push token, then previewed and imported as from the import page. A piece
says where it goes (Content-Range); a sender cut off asks how much arrived (GET) and goes on."""
from __future__ import annotations

from typing import NoReturn

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import UnprocessableEntity

from trainings.api import schemas
from trainings.api.routes import bp
from trainings.extensions import db
from trainings.field import results, uploads
from trainings.field.messages import FieldError
from trainings.field.presentation import report_json

DIGEST = {"in": "path", "name": "digest", "description": _l(
    "SHA-256 du paquet entier, en hexadécimal minuscule (64 caractères)."),
    "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}
CONTENT_RANGE = {"in": "header", "name": "Content-Range", "required": True,
                 "description": _l("« bytes DÉBUT-FIN/TOTAL » : la place du morceau (FIN "
                                   "incluse) et la taille du paquet entier."),
                 "schema": {"type": "string", "pattern": r"^bytes \d+-\d+/\d+$"}}
CHUNK = {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}}
PUSH = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound"}
UPLOAD_RULE = "/field/uploads/<digest>"


def _error(description) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": schemas.Error}}}


REFUSED = {
    400: _error(_l("Content-Range absent ou incohérent.")),
    409: _error(_l("Le morceau ne commence pas où en est l'envoi ; « received » dit où "
                   "reprendre.")),
    413: _error(_l("Paquet au-delà de FIELD_MAX_PACKAGE_BYTES, ou morceau trop gros.")),
    422: _error(_l("Le paquet entier ne correspond pas à son empreinte : envoi effacé.")),
}
IMPORT_REFUSED = {
    409: _error(_l("Le paquet n'est pas encore arrivé en entier.")),
    422: _error(_l("Paquet refusé (modifié, d'un autre serveur, d'une autre session…) ; rien "
                   "n'est écrit.")),
}


@bp.errorhandler(uploads.UploadError)
def upload_refused(error: uploads.UploadError):
    """The refusal in JSON; an upload found corrupt is deleted (the blueprint commits)."""
    body = {"error": error.message}
    if error.received is not None:
        body["received"] = error.received
    return jsonify(body), error.status


@bp.get(UPLOAD_RULE, parameters=[DIGEST])
@bp.doc(summary=_l("Où en est l'envoi d'un paquet de résultats terrain (pour le reprendre)."),
        responses=PUSH)
@bp.response(200, schemas.UploadState, description=_l("L'état de l'envoi."))
def field_upload_state(digest: str):
    upload = uploads.find(current_user.id, digest)
    if upload is None:
        raise uploads.UploadError("unknown")
    return jsonify(uploads.state(upload))


@bp.put(UPLOAD_RULE, parameters=[DIGEST])
@bp.doc(summary=_l("Envoyer un morceau d'un paquet de résultats terrain (jeton « envoi des "
                   "résultats terrain »)."), parameters=[CONTENT_RANGE], requestBody=CHUNK,
        responses={**PUSH, **REFUSED})
@bp.response(200, schemas.Piece, description=_l("Le morceau est ajouté."))
def field_upload_put(digest: str):
    chunk = request.get_data(cache=False)
    piece = uploads.parse_range(request.headers.get("Content-Range"), len(chunk))
    upload = uploads.receive(current_user.id, digest, piece, chunk,
                             current_app.config["FIELD_MAX_PACKAGE_BYTES"])
    state = uploads.state(upload)
    del state["applied"]
    return jsonify(state)


@bp.post(f"{UPLOAD_RULE}/preview", parameters=[DIGEST])
@bp.doc(summary=_l("Aperçu de l'import d'un paquet reçu : rien n'est écrit."),
        responses={**PUSH, **IMPORT_REFUSED})
@bp.response(200, schemas.ImportReport, description=_l("Ce que l'import ferait."))
def field_upload_preview(digest: str):
    checked = _checked(uploads.ready(current_user.id, digest))
    return jsonify(report_json(results.preview(checked), checked.session, applied=False))


@bp.post(f"{UPLOAD_RULE}/apply", parameters=[DIGEST])
@bp.doc(summary=_l("Importer un paquet reçu, tout ou rien ; l'importer de nouveau n'ajoute "
                   "rien."), responses={**PUSH, **IMPORT_REFUSED})
@bp.response(200, schemas.ImportReport, description=_l("Ce que l'import a fait."))
def field_upload_apply(digest: str):
    upload = uploads.ready(current_user.id, digest)
    checked = _checked(upload)
    try:
        report = results.apply(checked, current_user.id, "api")
    except FieldError as error:
        _refuse(error)
    uploads.mark_applied(upload, report)
    return jsonify(report_json(report, checked.session, applied=True))


def _checked(upload) -> results.Checked:
    try:
        return results.check(upload.content, current_user.scope_region)
    except FieldError as error:
        _refuse(error)


def _refuse(error: FieldError) -> NoReturn:
    db.session.rollback()  # nothing of a refused package is kept
    raise UnprocessableEntity(error.message)
