"""Export pages: a session's attendance workbook, the export of every attendance of a period,
and the paper sign-in sheet typed back. Every download is logged."""
from __future__ import annotations


from flask import (
    Blueprint, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from trainings.downloads.files import send
from trainings.access import check_region, editors, guard_staff_blueprint
from trainings.exports import services
from trainings.exports.forms import AttendanceExportForm, PaperUploadForm
from trainings.extensions import db
from trainings.registry.visibility import sees_contacts
from trainings.schedule import services as schedule_services
from trainings.schedule.selection import selection_from_query

bp = Blueprint("exports", __name__)
bp.before_request(guard_staff_blueprint)


@bp.get("/sessions/<int:session_id>/attendance.xlsx")
def session_attendance(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    download = services.session_workbook(session, current_user.id,
                                         contacts=sees_contacts(current_user.role))
    db.session.commit()
    return send(download)


@bp.get("/sessions/<int:session_id>/paper-entry.xlsx")
def paper_template(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    download = services.session_workbook(session, current_user.id, for_entry=True,
                                         contacts=sees_contacts(current_user.role))
    db.session.commit()
    return send(download)


@bp.route("/sessions/<int:session_id>/paper", methods=["GET", "POST"])
@editors
def new_paper_entry(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    form = PaperUploadForm()
    result = None
    if form.validate_on_submit():
        result = services.import_paper_sheet(session, form.file.data.read(), current_user.id)
        if result.ok:
            db.session.commit()
            flash(_("Feuille papier enregistrée : %(recorded)s présence(s) ajoutée(s), "
                    "%(already)s déjà enregistrée(s) laissée(s) telle(s) quelle(s).",
                    recorded=result.recorded, already=result.already_present), "success")
            return redirect(url_for("schedule.detail", session_id=session.id,
                                    _anchor="attendance"))
    status = 400 if form.is_submitted() else 200
    return render_template("exports/paper.html", session=session, form=form,
                           result=result), status


def _export_form() -> AttendanceExportForm:
    form = AttendanceExportForm(request.args)
    form.scope_choices(current_user.scope_region)
    return form


@bp.get("/exports/attendance")
def attendance():
    return render_template("exports/attendance.html", form=_export_form())


@bp.get("/exports/attendance.xlsx")
def attendance_xlsx():
    if request.args.get("region"):
        # another region is refused, not silently ignored
        check_region(request.args["region"], current_user.scope_region)
    form = _export_form()
    selection, refused = selection_from_query(form, services.AttendanceFilters, request.args)
    if refused:
        return render_template("exports/attendance.html", form=form), 400
    download = services.consolidated_workbook(selection, current_user.scope_region,
                                              current_user.id)
    db.session.commit()
    return send(download)
