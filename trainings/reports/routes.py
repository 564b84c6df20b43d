"""Report pages: a session's knowledge gains, the programme's pooled gains, and their workbooks."""
from __future__ import annotations


from flask import Blueprint, render_template, request
from flask_login import current_user
from markupsafe import Markup

from trainings.downloads.files import send
from trainings.access import check_region, guard_staff_blueprint
from trainings.extensions import db
from trainings.i18n import current_language
from trainings.reports import presentation, services
from trainings.reports.forms import ReportFilterForm
from trainings.schedule import services as schedule_services
from trainings.schedule.selection import selection_from_query

bp = Blueprint("reports", __name__)
bp.before_request(guard_staff_blueprint)


def _charts(report, prefix: str) -> dict[str, Markup]:
    return {name: Markup(svg) for name, svg in presentation.report_charts(report, prefix).items()}


@bp.get("/sessions/<int:session_id>/report")
def session_report(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    report = services.session_report(session, language=current_language())
    return render_template("reports/session.html", session=session, report=report,
                           view=presentation.report_view(report), charts=_charts(report, "session"))


@bp.get("/sessions/<int:session_id>/report.xlsx")
def session_report_xlsx(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    download = services.session_gains_download(session, current_user.id, current_language())
    db.session.commit()
    return send(download)


def _selection() -> tuple[ReportFilterForm, services.ReportFilters, bool]:
    """The filters' form, the selection, and whether a filter was refused."""
    if request.args.get("region"):
        # another region is refused, not silently ignored
        check_region(request.args["region"], current_user.scope_region)
    form = ReportFilterForm(request.args)
    form.scope_choices(current_user.scope_region)
    selection, refused = selection_from_query(form, services.ReportFilters, request.args)
    return form, selection, bool(refused)


@bp.get("/reports/programme")
def programme():
    form, selection, refused = _selection()
    if refused:
        return render_template("reports/programme.html", form=form, report=None), 400
    report = services.programme_report(selection, current_user.scope_region)
    return render_template("reports/programme.html", form=form, report=report,
                           view=presentation.report_view(report), charts=_charts(report, "programme"))


@bp.get("/reports/programme.xlsx")
def programme_xlsx():
    form, selection, refused = _selection()
    if refused:
        return render_template("reports/programme.html", form=form, report=None), 400
    download = services.programme_gains_download(selection, current_user.scope_region,
                                                current_user.id)
    db.session.commit()
    return send(download)
