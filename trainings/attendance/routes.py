"""Staff attendance pages: projection, poster, roster, badges, scanner."""
from flask import Blueprint

from trainings.access import guard_staff_blueprint

bp = Blueprint("attendance", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)
