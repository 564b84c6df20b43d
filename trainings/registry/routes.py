"""Registry pages (to be completed)."""
from flask import Blueprint

from trainings.access import guard_staff_blueprint

bp = Blueprint("registry", __name__)
bp.before_request(guard_staff_blueprint)


@bp.get("/participants/")
def participants():
    return "TODO"


@bp.get("/organizations/")
def organizations():
    return "TODO"
