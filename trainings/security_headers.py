"""Security headers on every answer: a Content-Security-Policy without 'unsafe-inline', no
framing, no MIME sniffing, a referrer kept home, and no caching of pages with personal data."""
from __future__ import annotations

from flask import Flask, Response, request

# Every script and style is a file under static/ (no inline <script>, no style= attribute, no
# on*= handler): 'self' is enough and an injected script or style does not run.
# img-src data: is for browsers' own form-control icons; nothing comes from another host.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

# The pages a participant opens from a QR code: their URLs carry tokens, which must not leak
# to another page through the Referer header, even one of ours.
PARTICIPANT_BLUEPRINTS = frozenset({"checkin", "tests", "certificates", "notice"})
# Staff pages whose URL carries a secret too (the one-time password reset link).
SECRET_URL_ENDPOINTS = frozenset({"auth.password_reset"})
# Files of static/, at their URL or at the icon's (static_files.py): no personal data.
STATIC_ENDPOINTS = frozenset({"static", "favicon"})


def security_headers(blueprint: str | None, endpoint: str | None) -> dict[str, str]:
    """The headers an answer from this blueprint and endpoint carries (pure)."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer" if blueprint in PARTICIPANT_BLUEPRINTS
        or endpoint in SECRET_URL_ENDPOINTS else "same-origin",
    }
    # Static files keep the long caching of trainings/static_files.py; every other answer may
    # hold personal data (names, phones, scores, tokens) and is never stored by a cache.
    if endpoint not in STATIC_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
    return headers


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in security_headers(request.blueprint, request.endpoint).items():
            response.headers[name] = value
        return response
