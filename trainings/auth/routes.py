"""Login, logout and the account page (password, API tokens)."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required, login_user, logout_user

from trainings import i18n
from trainings.auth import logins, tokens
from trainings.auth.forms import LanguageForm, LoginForm, PasswordChangeForm
from trainings.auth.models import User
from trainings.extensions import db, limiter
from trainings.ratelimits import login_email_limit, login_limit, submitted_email

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_email_limit, key_func=submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            sa.select(User).where(sa.func.lower(User.email) == form.email.data.strip().lower())
        )
        user = User.with_password(user, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mail ou mot de passe incorrect."))
        else:
            logins.open_login(user, current_app.config["REMEMBER_COOKIE_DURATION"])
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logins.close_login(current_user)  # a copy of this browser's cookies now opens nothing
    db.session.commit()
    logout_user()
    flash(_("Vous êtes déconnecté·e."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Mot de passe actuel incorrect."))
        else:
            current_user.set_password(form.new.data)
            # Whoever knew the old password is logged out everywhere else; this browser stays.
            logins.close_other_logins(current_user)
            db.session.commit()
            flash(_("Mot de passe modifié."), "success")
            return redirect(url_for("auth.account"))
    return render_account(form)


def render_account(form: PasswordChangeForm, new_token: str | None = None,
                   language_form: LanguageForm | None = None):
    response = make_response(render_template(
        "auth/account.html", form=form, tokens=tokens.tokens_of(current_user),
        new_token=new_token,
        language_form=language_form or LanguageForm(language=current_user.language or "")))
    if new_token:
        response.cache_control.no_store = True  # the token is shown once, never from a cache
    return response


@bp.post("/account/language")
@login_required
def set_language():
    """The staff member's language, kept with the account: every page follows it, unless a
    ?lang= link says otherwise."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return render_account(PasswordChangeForm(formdata=None), language_form=form), 400
    current_user.set_language(form.language.data)
    db.session.commit()
    flash(_("Langue enregistrée."), "success")
    response = redirect(url_for("auth.account", _anchor="language"))
    i18n.forget_choice(response)  # a ?lang= link followed earlier would override the preference
    return response


@bp.post("/account/logins/close-others")
@login_required
def close_other_logins():
    """The button "Déconnecter mes autres sessions": the account's other browsers are logged
    out, this one stays."""
    ended = logins.close_other_logins(current_user)
    db.session.commit()
    flash(ngettext("%(num)d autre session déconnectée.", "%(num)d autres sessions déconnectées.",
                   ended) if ended else _("Aucune autre session n'était ouverte."), "success")
    return redirect(url_for("auth.account", _anchor="logins"))


@bp.post("/account/tokens")
@login_required
def create_token():
    """A new API token, shown on this answer only: not in a flash message, which would keep it
    in the session cookie."""
    _row, secret = tokens.issue(current_user)
    db.session.commit()
    return render_account(PasswordChangeForm(formdata=None), new_token=secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    row = tokens.token_of(current_user, token_id)
    tokens.revoke(row)
    db.session.commit()
    flash(_("Jeton %(prefix)s… révoqué : il ne donne plus accès à l'API.", prefix=row.prefix),
          "success")
    return redirect(url_for("auth.account", _anchor="tokens"))
