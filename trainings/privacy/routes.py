"""A person's rights from their staff page: download everything held about them, anonymise
them (with a confirmation step)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings import i18n
from trainings.access import check_region, guard_staff_blueprint, roles_required
from trainings.auth.models import Role
from trainings.downloads.files import send
from trainings.extensions import db
from trainings.privacy import services
from trainings.privacy.forms import EraseForm
from trainings.registry.services import get_participant

bp = Blueprint("privacy", __name__)
bp.before_request(guard_staff_blueprint)

# Who may export a person's data (coordinators: people they may see) and who may erase it.
exporters = roles_required(Role.ADMIN, Role.EXPERT, Role.COORDINATOR)
erasers = roles_required(Role.ADMIN, Role.EXPERT)


@bp.get("/participants/<int:participant_id>/personal-data.zip")
@exporters
def export(participant_id: int):
    """?langue=fr|ar|en: the PDF's language (the person's, if they read Arabic); by default the
    staff member's."""
    asked = request.args.get("langue")
    language = i18n.valid(asked)
    if asked is not None and language is None:
        abort(400)
    person = get_participant(participant_id, current_user.scope_region)
    content = services.export(person, current_user.id, language)
    db.session.commit()
    return send(content.zip())


def _erasable(participant_id: int):
    person = get_participant(participant_id, current_user.scope_region)
    check_region(person.region, current_user.scope_region)
    if person.erased_at is not None:
        abort(404)
    return person


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@erasers
def erase(participant_id: int):
    person = _erasable(participant_id)
    form = EraseForm()
    if form.validate_on_submit():
        services.erase(person, current_user.id)
        db.session.commit()
        flash(_("Fiche n° %(id)s anonymisée : il n'en reste que les données statistiques.",
                id=participant_id), "success")
        return redirect(url_for("registry.participant", participant_id=participant_id))
    status = 400 if form.is_submitted() else 200
    return render_template("privacy/erase.html", person=person, form=form), status
