"""The participant's check-in pages: no account, no JavaScript needed, tiny."""
from flask import Blueprint

bp = Blueprint("checkin", __name__)
