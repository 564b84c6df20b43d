"""Account pages for administrators: list, create, edit, deactivate and reactivate accounts,
revoke their API tokens."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import guard_admin_blueprint
from trainings.accounts import services
from trainings.accounts.forms import UserCreateForm, UserEditForm
from trainings.auth import tokens
from trainings.extensions import db

bp = Blueprint("accounts", __name__, url_prefix="/admin/users")
bp.before_request(guard_admin_blueprint)


@bp.get("/")
def users():
    return render_template("accounts/list.html", users=services.all_users())


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.role.data, form.password.data,
                                        region=form.region.data or None, name=form.name.data)
        except services.AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Compte %(email)s créé.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/form.html", form=form, user=None)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    user = services.get_user(user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(user, name=form.name.data, role=form.role.data,
                                 region=form.region.data or None, active=form.active.data,
                                 actor=current_user)
        except services.AccountError as error:
            form[error.field or "role"].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Compte %(email)s enregistré.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/form.html", form=form, user=user,
                           tokens=tokens.tokens_of(user))


@bp.post("/<int:user_id>/tokens/revoke")
def revoke_token(user_id: int):
    """The token's id comes in the form, so that the URL names only the account."""
    user = services.get_user(user_id)
    row = tokens.token_of(user, request.form.get("token_id", type=int))
    tokens.revoke(row)
    db.session.commit()
    flash(_("Jeton %(prefix)s… de %(email)s révoqué.", prefix=row.prefix, email=user.email),
          "success")
    return redirect(url_for("accounts.edit", user_id=user.id, _anchor="tokens"))


def _set_active(user_id: int, active: bool):
    """Change the account's state; returns it, or None after flashing why it was refused."""
    user = services.get_user(user_id)
    try:
        services.set_active(user, active, actor=current_user)
    except services.AccountError as error:
        flash(str(error), "error")
        return None
    db.session.commit()
    return user


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    if user := _set_active(user_id, False):
        flash(_("Compte %(email)s désactivé.", email=user.email), "success")
    return redirect(url_for("accounts.users"))


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id: int):
    if user := _set_active(user_id, True):
        flash(_("Compte %(email)s réactivé.", email=user.email), "success")
    return redirect(url_for("accounts.users"))
