"""Session pages: list, calendar, create and edit, half-days."""
from __future__ import annotations

import calendar as calendar_module
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user

from trainings.access import check_region, editors, guard_staff_blueprint
from trainings.catalogue import usage
from trainings.catalogue.models import Training
from trainings.clock import local_today
from trainings.extensions import db
from trainings.forms_common import region_choices
from trainings.schedule import halfdays, months, pages, services
from trainings.schedule.forms import HalfDayForm, HalfDayTimesForm, SessionFilterForm, SessionForm
from trainings.schedule.models import Period, Session
from trainings.schedule.selection import selection_from_query

bp = Blueprint("schedule", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)
# The catalogue, below schedule, shows how many sessions each training has, and keeps a
# training with sessions from being deleted.
usage.add_counter(usage.SESSIONS, services.sessions_per_training)


def _training_choices() -> list[tuple[int, str]]:
    return [(t.id, t.title)
            for t in db.session.scalars(sa.select(Training).order_by(Training.title))]


def _session_form(session: Session | None = None) -> SessionForm:
    form = SessionForm(obj=session) if session else SessionForm()
    scope = current_user.scope_region
    form.training_id.choices = _training_choices()
    form.region.choices = region_choices(scope)
    form.province.restrict([scope] if scope else None)
    if session and not form.is_submitted():
        form.audience.data = session.audience
        form.status.data = session.status.value
    return form


@bp.get("/")
def sessions():
    form = SessionFilterForm(request.args)
    form.scope_choices(current_user.scope_region)
    filters, refused = selection_from_query(form, services.SessionFilters, request.args)
    if refused:
        flash(_("Certains filtres sont invalides et ont été ignorés."), "error")
    page = db.paginate(services.filtered_sessions(filters, current_user.scope_region),
                       per_page=50, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("schedule/list.html", form=form, page=page, args=args)


@bp.get("/calendar")
def calendar():
    asked = request.args.get("month", "").strip()
    first = months.month_start(asked)
    if first is None:
        if asked:
            flash(_("Mois invalide : écrivez-le AAAA-MM (par exemple 2026-12), entre %(first)s "
                    "et %(last)s. Voici le mois en cours.",
                    first=months.FIRST_YEAR, last=months.LAST_YEAR), "error")
        first = local_today().replace(day=1)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    sessions = services.sessions_between(weeks[0][0], weeks[-1][-1], current_user.scope_region)
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        for day in weeks_days(weeks):
            if session.start_date <= day <= session.end_date:
                by_day.setdefault(day, []).append(session)
    return render_template("schedule/calendar.html", weeks=weeks, by_day=by_day, first=first,
                           title=format_date(first, "MMMM y"),
                           prev_month=months.previous_month(first),
                           next_month=months.next_month(first), today=local_today())


def weeks_days(weeks: list[list[date]]) -> list[date]:
    return [day for week in weeks for day in week]


@bp.route("/new", methods=["GET", "POST"])
@editors
def create():
    form = _session_form()
    if not form.training_id.choices:
        flash(_("Créez d'abord une formation dans le catalogue."), "error")
        return redirect(url_for("catalogue.trainings"))
    if request.method == "GET" and request.args.get("training", type=int):
        form.training_id.data = request.args.get("training", type=int)
    if form.validate_on_submit():
        session = services.save_session(Session(), form.data)
        db.session.commit()
        flash(_("Session créée avec %(n)s demi-journées.", n=len(session.half_days)), "success")
        return redirect(url_for("schedule.detail", session_id=session.id))
    return render_template("schedule/form.html", form=form, session=None)


@bp.get("/<int:session_id>")
def detail(session_id: int):
    return pages.render_detail(services.get_session(session_id, current_user.scope_region))


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@editors
def edit(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    form = _session_form(session)
    if form.validate_on_submit():
        check_region(form.region.data, current_user.scope_region)
        services.save_session(session, form.data)
        db.session.commit()
        flash(_("Session enregistrée."), "success")
        return redirect(url_for("schedule.detail", session_id=session.id))
    return render_template("schedule/form.html", form=form, session=session)


@bp.post("/<int:session_id>/delete")
def delete(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    services.delete_session(session)
    db.session.commit()
    flash(_("Session supprimée."), "success")
    return redirect(url_for("schedule.sessions"))


@bp.post("/<int:session_id>/half-days")
def add_half_day(session_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    form = HalfDayForm()
    if form.validate_on_submit():
        period = Period(form.period.data)
        problem = services.new_half_day_problem(session, form.date.data, period)
        if problem:
            form.date.errors.append(_date_problem_message(session, problem))
        else:
            services.add_half_day(session, form.date.data, period, form.start.data, form.end.data)
            db.session.commit()
            flash(_("Demi-journée ajoutée."), "success")
            return redirect(url_for("schedule.detail", session_id=session.id))
    return pages.render_detail(session, 400, half_day_form=form)


@bp.route("/<int:session_id>/half-days/<int:half_day_id>", methods=["GET", "POST"])
@editors
def edit_half_day(session_id: int, half_day_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    half_day = services.get_half_day(session, half_day_id)
    form = HalfDayTimesForm(date=half_day.date)
    if request.method == "GET":
        form.start.data, form.end.data = services.local_times(half_day)
    if form.validate_on_submit():
        problem = services.move_problem(half_day, form.date.data)
        if problem is None:
            services.update_half_day(half_day, form.date.data, form.start.data, form.end.data)
            db.session.commit()
            flash(_("Date et horaires enregistrés."), "success")
            return redirect(url_for("schedule.detail", session_id=session.id))
        form.date.errors.append(_date_problem_message(session, problem))
    return render_template("schedule/half_day.html", session=session, half_day=half_day,
                           form=form), 400 if form.errors else 200


def _date_problem_message(session: Session, problem: str) -> str:
    if problem == halfdays.OUTSIDE_SESSION:
        return _("Cette date est en dehors des dates de la session (du %(start)s au %(end)s).",
                 start=format_date(session.start_date), end=format_date(session.end_date))
    if problem == halfdays.TAKEN:
        return _("Cette demi-journée existe déjà.")
    return _("Des présences sont déjà enregistrées pour cette demi-journée : sa date ne peut "
             "plus changer. Ajoutez plutôt une demi-journée à la nouvelle date.")


@bp.post("/<int:session_id>/half-days/<int:half_day_id>/delete")
def delete_half_day(session_id: int, half_day_id: int):
    session = services.get_session(session_id, current_user.scope_region)
    half_day = services.get_half_day(session, half_day_id)
    if len(session.half_days) == 1:
        flash(_("Une session garde au moins une demi-journée."), "error")
    else:
        services.remove_half_day(half_day)
        db.session.commit()
        flash(_("Demi-journée supprimée."), "success")
    return redirect(url_for("schedule.detail", session_id=session.id))
