"""Account pages (to be completed)."""
from flask import Blueprint

from trainings.access import guard_admin_blueprint

bp = Blueprint("accounts", __name__, url_prefix="/admin/users")
bp.before_request(guard_admin_blueprint)


@bp.get("/")
def users():
    return "TODO"
