"""Catalogue pages: list, create, edit and delete trainings (experts and admins)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from trainings.access import catalogue_editors as editors, guard_staff_blueprint
from trainings.catalogue import services, usage
from trainings.catalogue.forms import TrainingForm
from trainings.catalogue.models import Training
from trainings.extensions import db

bp = Blueprint("catalogue", __name__, url_prefix="/trainings")
bp.before_request(guard_staff_blueprint)


@bp.get("/")
def trainings():
    return render_template("catalogue/list.html", rows=services.trainings_with_counts())


@bp.get("/<int:training_id>")
def detail(training_id: int):
    training = services.get_training(training_id)
    return render_template("catalogue/detail.html", training=training,
                           has_sessions=services.has_sessions(training),
                           bank_size=usage.count(usage.QUESTIONS, training.id))


def _save(form: TrainingForm, training: Training):
    if services.title_taken(form.title.data, training.id):
        form.title.errors.append(_("Une formation porte déjà cet intitulé."))
        return None
    services.save_training(training, form.data)
    db.session.commit()
    flash(_("Formation enregistrée."), "success")
    return redirect(url_for("catalogue.detail", training_id=training.id))


@bp.route("/new", methods=["GET", "POST"])
@editors
def create():
    form = TrainingForm()
    if form.validate_on_submit() and (response := _save(form, Training())):
        return response
    return render_template("catalogue/form.html", form=form, training=None)


@bp.route("/<int:training_id>/edit", methods=["GET", "POST"])
@editors
def edit(training_id: int):
    training = services.get_training(training_id)
    form = TrainingForm(obj=training)
    if form.validate_on_submit() and (response := _save(form, training)):
        return response
    return render_template("catalogue/form.html", form=form, training=training)


@bp.post("/<int:training_id>/delete")
@editors
def delete(training_id: int):
    training = services.get_training(training_id)
    if services.has_sessions(training):
        flash(_("Cette formation a des sessions : elle ne peut pas être supprimée."), "error")
        return redirect(url_for("catalogue.detail", training_id=training.id))
    db.session.delete(training)
    db.session.commit()
    flash(_("Formation supprimée."), "success")
    return redirect(url_for("catalogue.trainings"))
