"""The field kit's pages: on the central server, « Préparer le kit terrain » and « Importer des
résultats terrain » (upload, preview, import); on the laptop, « Exporter les résultats
terrain ». The session page shows them in its « Atelier sans internet » panel."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import editors, guard_staff_blueprint
from trainings.downloads.files import Download, send
from trainings.downloads.log import log_download
from trainings.extensions import db
from trainings.field import kit as kits
from trainings.field import results, uploads
from trainings.field.forms import ApplyForm, ResultsUploadForm
from trainings.field.messages import FieldError
from trainings.field.presentation import KIND_LABELS, conflict_text, summary, walk_in_text
from trainings.schedule import pages
from trainings.schedule.services import get_session

bp = Blueprint("field", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)
ZIP = "application/zip"


def _panel(session, _forms) -> dict:
    return {"field_copy": kits.field_copy(session.id)}


pages.add_panel("field", pages.Panel("field/_session_panel.html", _panel, position=30))


@bp.post("/<int:session_id>/field/kit")
@editors
def make_kit(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    made = kits.make_kit(session, current_user.id)
    log_download(current_user.id, "field-kit", made.filename, session_id=session.id)
    db.session.commit()
    return send(Download(made.content, made.filename, ZIP))


@bp.post("/<int:session_id>/field/results")
@editors
def export_results(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    try:
        made = results.make_results(session, current_user.id)
    except FieldError as error:
        flash(error.message, "error")
        return redirect(url_for("schedule.detail", session_id=session.id))
    log_download(current_user.id, "field-results", made.filename, session_id=session.id)
    db.session.commit()
    return send(Download(made.content, made.filename, ZIP))


@bp.before_request
def _larger_uploads() -> None:
    """A workshop's results, signatures included, may exceed the usual upload limit."""
    if request.endpoint == "field.new_import":
        request.max_content_length = current_app.config["FIELD_MAX_PACKAGE_BYTES"]


@bp.route("/<int:session_id>/field/imports", methods=["GET", "POST"])
@editors
def new_import(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    form = ResultsUploadForm()
    error = None
    if form.validate_on_submit():
        content = form.file.data.read()
        try:
            results.check(content, current_user.scope_region, session.id)
        except FieldError as refused:
            error = refused.message
        else:
            upload = uploads.store(current_user.id, content)
            db.session.commit()
            return redirect(url_for("field.preview", session_id=session.id,
                                    upload_id=upload.id))
    status = 400 if form.is_submitted() else 200
    return render_template("field/import.html", session=session, form=form,
                           error=error), status


def _checked(session_id: int, upload_id: int):
    session = get_session(session_id, current_user.scope_region)
    upload = uploads.get(upload_id, current_user.id)
    if upload is None or not upload.complete:
        abort(404)
    try:
        return session, upload, results.check(upload.content, current_user.scope_region,
                                              session.id)
    except FieldError:
        abort(404)  # checked when it was stored: another session's id in the address


@bp.get("/<int:session_id>/field/imports/<int:upload_id>")
@editors
def preview(session_id: int, upload_id: int):
    session, upload, checked = _checked(session_id, upload_id)
    report = results.preview(checked)
    return render_template("field/preview.html", session=session, upload=upload,
                           report=report, form=ApplyForm(), labels=KIND_LABELS,
                           summary=summary(report, applied=False),
                           walk_in_text=walk_in_text, conflict_text=conflict_text)


@bp.post("/<int:session_id>/field/imports/<int:upload_id>")
@editors
def apply(session_id: int, upload_id: int):
    session, upload, checked = _checked(session_id, upload_id)
    if not ApplyForm().validate_on_submit():
        abort(400)
    try:
        report = results.apply(checked, current_user.id, "page")
    except FieldError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("field.preview", session_id=session.id, upload_id=upload.id))
    uploads.mark_applied(upload, report)
    db.session.commit()
    flash(summary(report, applied=True), "success")
    return redirect(url_for("schedule.detail", session_id=session.id, _anchor="field"))
