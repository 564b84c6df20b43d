"""Report pages: a session's knowledge gains, the programme's pooled gains, and their workbooks."""
from __future__ import annotations

from flask import Blueprint

from trainings.access import guard_staff_blueprint

bp = Blueprint("reports", __name__)
bp.before_request(guard_staff_blueprint)
