"""The read API's endpoints: JSON, bearer tokens, the same role and region rules as the pages."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
