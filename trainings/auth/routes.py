"""Login (password, then the TOTP code when the account has one), logout, the account page
(password, two-factor authentication, other logins, API tokens) and the one-time password
reset links."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request, session,
    url_for,
)
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup

from trainings import i18n
from trainings.auth import resets, services, tokens, totp
from trainings.auth.forms import (
    LanguageForm, LoginForm, PasswordChangeForm, PasswordResetForm, SecondFactorForm,
    TokenForm, TotpDisableForm, TotpEnableForm,
)
from trainings.auth.models import TokenScope, User
from trainings.clock import utcnow
from trainings.extensions import db, limiter
from trainings.phone.qr import qr_svg
from trainings.ratelimits import login_email_limit, login_limit, submitted_email

bp = Blueprint("auth", __name__)

# Between the password and the code, the session remembers who is logging in, for this long.
PENDING_LOGIN = "pending_login"
PENDING_LIFETIME = timedelta(minutes=5)
# The secret being enrolled, until a code from the app confirms it. It waits in the signed session
# cookie of the browser that shows it anyway, and is worth nothing until confirmed.
ENROLLING_SECRET = "totp_enrolling"


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("main.home")


def _finish_login(user: User, remember: bool, next_url: str | None,
                  second_factor: str | None = None):
    services.log_in(user, current_app.config["REMEMBER_COOKIE_DURATION"], second_factor)
    login_user(user, remember=remember)
    db.session.commit()
    return redirect(_safe_next(next_url))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_email_limit, key_func=submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.check_password(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # the failed attempt stays in the audit log
            form.password.errors.append(_("E-mail ou mot de passe incorrect."))
        elif user.totp_enabled:
            session[PENDING_LOGIN] = {"user": user.id, "remember": bool(form.remember.data),
                                      "next": request.args.get("next"),
                                      "at": utcnow().timestamp(), "password": _stamp(user)}
            return redirect(url_for("auth.second_factor"))
        else:
            return _finish_login(user, form.remember.data, request.args.get("next"))
    return render_template("auth/login.html", form=form)


def _stamp(user: User) -> str:
    """A short mark of the account's password hash: a password changed or reset between the
    password and the code ends the pending login."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _pending_login() -> tuple[User, dict] | None:
    """The account whose password was just given and its login's choices, or None (none,
    too old, account changed since)."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    if utcnow().timestamp() - float(pending.get("at", 0)) > PENDING_LIFETIME.total_seconds():
        return None
    user = db.session.get(User, pending["user"])
    if user is None or not user.active or not user.totp_enabled \
            or pending.get("password") != _stamp(user):
        return None
    return user, pending


def pending_account() -> str:
    """Rate-limit key of the code page: the account being logged into, whatever the address."""
    pending = session.get(PENDING_LOGIN)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    return f"second-factor:{user_id}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_email_limit, key_func=pending_account, methods=["POST"])
def second_factor():
    pending = _pending_login()
    if pending is None:
        session.pop(PENDING_LOGIN, None)
        flash(_("Saisissez d'abord votre e-mail et votre mot de passe."), "error")
        return redirect(url_for("auth.login"))
    user, choices = pending
    form = SecondFactorForm()
    if form.validate_on_submit():
        used = services.second_factor(user, form.code.data)
        if used is None:
            db.session.commit()  # the failed attempt stays in the audit log
            form.code.errors.append(_("Code incorrect, expiré ou déjà utilisé."))
        else:
            session.pop(PENDING_LOGIN, None)
            return _finish_login(user, choices.get("remember", False), choices.get("next"), used)
    return render_template("auth/second_factor.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    services.log_out(current_user)  # a copy of this browser's cookies now opens nothing
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
            services.change_password(current_user, form.new.data)
            db.session.commit()
            flash(_("Mot de passe modifié."), "success")
            return redirect(url_for("auth.account"))
    return render_account(form)


def render_account(form: PasswordChangeForm | None = None, new_token: str | None = None,
                   totp_form: TotpDisableForm | None = None,
                   language_form: LanguageForm | None = None,
                   token_form: TokenForm | None = None):
    response = make_response(render_template(
        "auth/account.html", form=form or PasswordChangeForm(formdata=None),
        tokens=tokens.tokens_of(current_user), new_token=new_token,
        token_form=token_form or TokenForm(formdata=None),
        totp_form=totp_form or TotpDisableForm(formdata=None),
        recovery_codes_left=totp.recovery_codes_left(current_user)
        if current_user.totp_enabled else None,
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
    ended = services.close_other_logins(current_user)
    db.session.commit()
    flash(ngettext("%(num)d autre session déconnectée.", "%(num)d autres sessions déconnectées.",
                   ended) if ended else _("Aucune autre session n'était ouverte."), "success")
    return redirect(url_for("auth.account", _anchor="logins"))


@bp.post("/account/tokens")
@login_required
def create_token():
    """A new API token, shown on this answer only: not in a flash message, which would keep it
    in the session cookie."""
    form = TokenForm()
    if not form.validate_on_submit():
        return render_account(token_form=form), 400
    scope = TokenScope(form.scope.data)
    if not tokens.may_hold(current_user, scope):
        form.scope.errors.append(_("Votre rôle ne permet pas d'importer des résultats "
                                   "terrain : seuls les comptes d'administration, d'expertise "
                                   "et de coordination créent ce jeton."))
        return render_account(token_form=form), 403
    _row, secret = tokens.issue(current_user, actor_id=current_user.id, scope=scope)
    db.session.commit()
    return render_account(new_token=secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    row = tokens.token_of(current_user, token_id)
    tokens.revoke(row, actor_id=current_user.id)
    db.session.commit()
    flash(_("Jeton %(prefix)s… révoqué : il ne donne plus accès à l'API.", prefix=row.prefix),
          "success")
    return redirect(url_for("auth.account", _anchor="tokens"))


@bp.route("/account/totp", methods=["GET", "POST"])
@login_required
def enable_totp():
    """Enrolment: the QR code and the secret of a new key, confirmed by a code of the app;
    then the recovery codes, shown on this answer only."""
    if not current_user.may_use_totp:
        return redirect(url_for("auth.account"))
    if current_user.totp_enabled:
        flash(_("La double authentification est déjà activée."), "info")
        return redirect(url_for("auth.account", _anchor="totp"))
    secret = session.get(ENROLLING_SECRET)
    if not isinstance(secret, str) or not secret:
        secret = session[ENROLLING_SECRET] = totp.new_secret()
    form = TotpEnableForm()
    if form.validate_on_submit():
        codes = totp.enable(current_user, secret, form.code.data)
        if codes is None:
            form.code.errors.append(_("Code incorrect : vérifiez l'heure du téléphone et "
                                      "saisissez le code affiché maintenant."))
        else:
            db.session.commit()
            session.pop(ENROLLING_SECRET, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = totp.provisioning_uri(secret, current_user.email)
    return render_template("auth/totp_enable.html", form=form, secret=secret,
                           qr=Markup(qr_svg(uri, css_class="qr totp-qr")))


@bp.post("/account/totp/disable")
@login_required
def disable_totp():
    form = TotpDisableForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Mot de passe incorrect."))
        elif services.second_factor(current_user, form.code.data, "totp-disable") is None:
            form.code.errors.append(_("Code incorrect, expiré ou déjà utilisé."))
        else:
            totp.disable(current_user, actor_id=current_user.id)
            db.session.commit()
            flash(_("Double authentification désactivée."), "success")
            return redirect(url_for("auth.account", _anchor="totp"))
        db.session.commit()  # a failed code stays in the audit log
    return render_account(totp_form=form)


@bp.route("/password-reset/<secret>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def password_reset(secret: str):
    """The page a one-time link opens: choose a new password. The link is spent once used."""
    user = resets.account_of_link(secret)
    if user is None:
        return render_template("auth/password_reset.html", form=None), 404
    form = PasswordResetForm()
    if form.validate_on_submit():
        resets.complete_reset(user, form.new.data)
        db.session.commit()
        flash(_("Mot de passe enregistré : connectez-vous avec le nouveau."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/password_reset.html", form=form, user=user)
