"""Account pages for administrators: list, create, edit, deactivate and reactivate accounts,
revoke their API tokens, reset their password (a one-time link), remove their two-factor
authentication (lost phone)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import guard_admin_blueprint
from trainings.accounts import services
from trainings.accounts.forms import UserCreateForm, UserEditForm
from trainings.auth import resets, tokens, totp
from trainings.phone.links import public_base_url
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
                                        region=form.region.data or None, name=form.name.data,
                                        actor=current_user)
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
    tokens.revoke(row, actor_id=current_user.id)
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


@bp.post("/<int:user_id>/password-reset")
def reset_password(user_id: int):
    """Make a one-time link for the account, shown on this answer only (not in a flash
    message, which the session cookie would keep); the account's logins are closed."""
    user = services.get_user(user_id)
    if user.id == current_user.id:
        flash(_("Changez votre propre mot de passe depuis « Mon compte »."), "error")
        return redirect(url_for("accounts.edit", user_id=user.id))
    secret = resets.start_reset(user, actor_id=current_user.id)
    db.session.commit()
    link = public_base_url() + url_for("auth.password_reset", secret=secret)
    return render_template("accounts/reset_link.html", user=user, link=link,
                           hours=int(resets.RESET_LIFETIME.total_seconds() // 3600))


@bp.post("/<int:user_id>/totp/remove")
def remove_totp(user_id: int):
    """For an account whose phone is lost: it logs in with its password alone until it
    enrols again."""
    user = services.get_user(user_id)
    if user.totp_enabled:
        totp.disable(user, actor_id=current_user.id)
        db.session.commit()
        flash(_("Double authentification de %(email)s retirée.", email=user.email), "success")
    return redirect(url_for("accounts.edit", user_id=user.id, _anchor="security"))
