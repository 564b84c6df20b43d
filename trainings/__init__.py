"""The training platform: create_app() builds the Flask application."""
from __future__ import annotations

import os
import secrets
import sqlite3

from flask import Flask, make_response, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from trainings import (i18n, identifiers, observability, ratelimits, security_headers,
                       static_files)
from trainings.config import Config, database_url, instance_secret
from trainings.extensions import babel, csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    # The remember cookie is as secure as the session cookie, whichever way that was set.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    if app.config.get("PROXY_FIX"):
        # One proxy in front: its X-Forwarded-For is the client (the rate limits' key).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    register_extensions(app)
    observability.init_app(app)
    identifiers.init_app(app)
    register_blueprints(app)
    static_files.init_app(app)
    security_headers.init_app(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite enforces foreign keys only when asked; WAL lets readers and a writer coexist."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # A room of phones checking in at once queues on SQLite's single writer: let a write
        # wait its turn (15 s) rather than fail, even on a slow, busy laptop.
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


def register_extensions(app: Flask) -> None:
    from trainings import models  # noqa: F401  (tables known to Alembic)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    ratelimits.init_app(app)  # before CSRF: a throttled client is refused before anything else
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories="translations")  # trainings/translations
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(login_id: str):
        from trainings.auth import logins

        return logins.user_of(login_id, app.config["REMEMBER_COOKIE_DURATION"])

    from trainings.api import auth as api_auth

    api_auth.init_app(app)  # the API's bearer tokens, through Flask-Login's request_loader


def register_blueprints(app: Flask) -> None:
    from trainings.accounts.routes import bp as accounts_bp
    from trainings.api import openapi
    from trainings.assessments.public import bp as tests_bp
    from trainings.assessments.routes import bp as assessments_bp
    from trainings.attendance.public import bp as checkin_bp
    from trainings.attendance.routes import bp as attendance_bp
    from trainings.auth.routes import bp as auth_bp
    from trainings.catalogue.routes import bp as catalogue_bp
    from trainings.documents.routes import bp as documents_bp, public_bp as certificates_bp
    from trainings.exports.routes import bp as exports_bp
    from trainings.field.routes import bp as field_bp
    from trainings.help.routes import bp as help_bp
    from trainings.journal.routes import bp as journal_bp
    from trainings.main.routes import bp as main_bp
    from trainings.notice.routes import bp as notice_bp
    from trainings.privacy.routes import bp as privacy_bp
    from trainings.progress.routes import bp as progress_bp
    from trainings.registry.routes import bp as registry_bp
    from trainings.reports.routes import bp as reports_bp
    from trainings.schedule.routes import bp as schedule_bp

    for blueprint in (auth_bp, main_bp, catalogue_bp, schedule_bp, registry_bp, accounts_bp,
                      attendance_bp, checkin_bp, documents_bp, certificates_bp, exports_bp,
                      assessments_bp, tests_bp, reports_bp, help_bp, notice_bp, privacy_bp,
                      journal_bp, field_bp, progress_bp):
        app.register_blueprint(blueprint)
    openapi.init_app(app)  # the API's blueprint, through flask-smorest, which documents it


def register_errorhandlers(app: Flask) -> None:
    """The HTML error page, or {"error": ...} in JSON for the read API (/api/...). The
    participants' addresses (check-in /c, tests /t) get theirs in the participants' layout,
    with a way back to checking in: they have no account to go back to."""
    from trainings.api.errors import error_response, is_api_request
    from trainings.assessments.public import bp as tests_bp
    from trainings.attendance.public import bp as checkin_bp
    from trainings.notice.routes import bp as notice_bp

    participant_prefixes = tuple(bp.url_prefix for bp in (checkin_bp, tests_bp, notice_bp))

    def error_page(error: HTTPException, csrf: bool = False, reference: str | None = None) -> str:
        path = request.path
        if any(path == prefix or path.startswith(prefix + "/") for prefix in participant_prefixes):
            return render_template("checkin/error.html", error=error, csrf=csrf,
                                   reference=reference)
        return render_template("error.html", error=error, csrf=csrf, reference=reference)

    # Nothing alerts anyone of a server error: it is logged, traceback and all, under a
    # reference the page shows, which the person gives the administrator, who finds it in
    # the log. Flask's own record (the same traceback without the reference) is left out.
    app.log_exception = lambda exc_info: None

    def render_error(error: HTTPException):
        reference = None
        if error.code and error.code >= 500:
            db.session.rollback()
            reference = incident_reference()
            app.logger.error("Erreur %s, référence %s : %s %s", error.code, reference,
                             request.method, request.path,
                             exc_info=getattr(error, "original_exception", None))
        if is_api_request():
            return error_response(error, reference)
        return error_page(error, reference=reference), error.code

    for code in (400, 401, 403, 404, 405, 413, 500):
        app.register_error_handler(code, render_error)

    @app.errorhandler(429)
    def too_many_requests(error: HTTPException):
        if is_api_request():
            response = error_response(error)
        else:
            response = make_response(error_page(error), 429)
        response.headers["Retry-After"] = str(ratelimits.retry_after())
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_page(error, csrf=True), 400


def incident_reference() -> str:
    """A short random reference for a server error, easy to read out: 7F3A-91C2."""
    digits = secrets.token_hex(4).upper()
    return f"{digits[:4]}-{digits[4:]}"


def register_template_helpers(app: Flask) -> None:
    from trainings import templating

    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from trainings.accounts.cli import users_cli
    from trainings.backup.cli import backup_command, restore_command
    from trainings.deployment.cli import check_config_command
    from trainings.demo import demo_command
    from trainings.privacy.cli import people_cli, retention_command
    from trainings.field.cli import field_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(people_cli)
    app.cli.add_command(retention_command)
    app.cli.add_command(field_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(check_config_command)
