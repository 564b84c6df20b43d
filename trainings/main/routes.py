"""Home page: what the account should act on this week."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from trainings.access import guard_staff_blueprint
from trainings.auth.models import Role
from trainings.schedule import services as schedule_services

bp = Blueprint("main", __name__)
bp.before_request(guard_staff_blueprint)


@bp.get("/")
def home():
    if current_user.role == Role.ADMIN:
        return redirect(url_for("accounts.users"))
    this_week, upcoming = schedule_services.home_sessions(current_user.scope_region)
    return render_template("main/home.html", this_week=this_week, upcoming=upcoming)
