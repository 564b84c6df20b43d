"""The progress report's pages: the indicators of a quarter against their targets, its Word
document and workbook, and the targets' page (admins and experts)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from trainings.access import check_region, guard_staff_blueprint, roles_required
from trainings.auth.models import Role
from trainings.clock import local_today
from trainings.downloads.files import send
from trainings.extensions import db
from trainings.i18n import babel_locale, current_language, valid
from trainings.progress import downloads, periods, presentation, services, targets
from trainings.progress.summary import small_group_lines, summary_sentences
from trainings.progress.forms import ProgressFilterForm, TargetForm
from trainings.progress.indicators import BY_KEY
from trainings.progress.labels import figure_text, percent, target_text
from trainings.reports.presentation import group_labels
from trainings.schedule.selection import selection_from_query

bp = Blueprint("progress", __name__)
bp.before_request(guard_staff_blueprint)


def _selection() -> tuple[ProgressFilterForm, services.ProgressSelection, bool]:
    """The filters' form, the selection (a quarter read into its dates unless dates are
    given), and whether a filter was refused."""
    if request.args.get("region"):
        check_region(request.args["region"], current_user.scope_region)  # 403, not ignored
    form = ProgressFilterForm(request.args)
    form.scope_choices(current_user.scope_region, local_today())
    selection, refused = selection_from_query(form, services.ProgressSelection, request.args)
    quarter = periods.parse_quarter(request.args.get("quarter", ""))
    if request.args.get("quarter") and quarter is None:
        form.quarter.errors = [_("N'est pas un choix valide.")]
        refused = True
    if quarter and not (selection.date_from or selection.date_to):
        selection.date_from, selection.date_to = quarter.start, quarter.end
    return form, selection, bool(refused)


def _report(selection: services.ProgressSelection) -> services.ProgressReport:
    return services.progress_report(selection, current_user.scope_region, local_today(),
                                     services.completion_threshold())


@bp.get("/reports/progress")
def page():
    form, selection, refused = _selection()
    if refused:
        return render_template("progress/page.html", form=form, report=None), 400
    report = _report(selection)
    words = presentation.labels()
    charts = {name: Markup(svg) for name, svg in presentation.svg_charts(report).items()}
    return render_template("progress/page.html", form=form, report=report, words=words,
                           summary=summary_sentences(report, words),
                           small=small_group_lines(report, words), charts=charts,
                           query={key: value for key, value in request.args.items()
                                  if key != "language"},
                           figure_text=figure_text, target_text=target_text, percent=percent)


def _download(write):
    form, selection, refused = _selection()
    if refused:
        return render_template("progress/page.html", form=form, report=None), 400
    language = valid(request.args.get("language")) or current_language()
    download = write(_report(selection), current_user.scope_region, current_user.id, language)
    db.session.commit()
    return send(download)


@bp.get("/reports/progress.docx")
def docx():
    return _download(downloads.docx_download)


@bp.get("/reports/progress.xlsx")
def xlsx():
    return _download(downloads.xlsx_download)


@bp.route("/reports/progress/targets", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.EXPERT)
def target_list():
    form = TargetForm()
    form.fill_choices(presentation.indicator_names(), group_labels())
    if form.validate_on_submit():
        targets.save_target(form.indicator.data, form.group.data, form.year.data,
                            float(form.value.data), current_user.id)
        db.session.commit()
        flash(_("Cible enregistrée."), "success")
        return redirect(url_for("progress.target_list"))
    status = 400 if form.errors else 200
    return render_template("progress/targets.html", form=form, targets=targets.all_targets(),
                           names=presentation.indicator_names(), groups=group_labels(),
                           definitions=BY_KEY, target_text=target_text,
                           locale=babel_locale(current_language())), status


@bp.post("/reports/progress/targets/<int:target_id>/delete")
@roles_required(Role.ADMIN, Role.EXPERT)
def target_delete(target_id: int):
    targets.delete_target(target_id)
    db.session.commit()
    flash(_("Cible supprimée."), "success")
    return redirect(url_for("progress.target_list"))
