"""The audit log's pages, for administrators only: the list and its workbook. Read-only."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import guard_admin_blueprint
from trainings.downloads.files import send
from trainings.extensions import db
from trainings.journal import services
from trainings.journal.forms import JournalFilterForm

bp = Blueprint("journal", __name__, url_prefix="/admin/audit")
bp.before_request(guard_admin_blueprint)

FILTERS = ("event", "date_from", "date_to", "actor", "session", "person")


def _filters() -> tuple[JournalFilterForm, services.JournalFilters, dict]:
    form = JournalFilterForm(request.args)
    form.event.choices = [("", _("Tous"))] + services.event_choices()
    form.actor.choices = [("", _("Tous"))] + services.account_choices()
    form.validate()
    args = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return form, services.filters_from_form(form), args


def _page_number() -> int:
    number = request.args.get("page", "1")
    return int(number) if number.isdigit() and len(number) < 7 else 1


@bp.get("/")
def journal():
    form, filters, args = _filters()
    page = services.journal_page(filters, _page_number())
    return (render_template("journal/list.html", form=form, page=page, args=args),
            400 if form.errors else 200)


@bp.get("/journal.xlsx")
def export():
    form, filters, args = _filters()
    if form.errors:  # the page again, the faulty filters named: nothing exported
        page = services.journal_page(filters, 1)
        return render_template("journal/list.html", form=form, page=page, args=args), 400
    download = services.export_workbook(filters, current_user.id)
    db.session.commit()
    return send(download)
