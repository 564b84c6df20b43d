"""One log line per request: its id, method, path, status, duration and endpoint; in JSON when
LOG_FORMAT=json. Never the query string, which can hold a phone number or an e-mail."""
from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

from trainings.security_headers import PARTICIPANT_BLUEPRINTS, SECRET_URL_ENDPOINTS

log = logging.getLogger("trainings.requests")
HEADER = "X-Request-ID"
# An incoming id is kept when it is a short plain token (a proxy's, a UUID); anything else
# could forge or garble the log lines, and is replaced.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The fields a request's line carries, in the JSON object as in the plain text.
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "endpoint")


def request_id() -> str:
    """The request's id: the incoming X-Request-ID when sane, otherwise a new one."""
    incoming = request.headers.get(HEADER, "")
    return incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex


def logged_path() -> str:
    """The path, without its query string. A URL that carries a secret (a participant's link,
    a password reset) is logged as its rule, `/c/<token>`, not with the secret."""
    rule = request.url_rule
    if rule is not None and (request.blueprint in PARTICIPANT_BLUEPRINTS
                             or request.endpoint in SECRET_URL_ENDPOINTS):
        return rule.rule
    return request.path


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the request's fields when
    the record has them, and the current request's id on any record logged during one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if "request_id" not in entry and has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id()


def finish(response: Response) -> Response:
    started = g.get("request_started")
    if "request_id" not in g:  # a request refused before ours started
        g.request_id = request_id()
    fields = {
        "request_id": g.request_id,
        "method": request.method,
        "path": logged_path(),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "endpoint": request.endpoint,
    }
    log.info("%(method)s %(path)s %(status)s %(duration_ms)s ms endpoint=%(endpoint)s "
             "id=%(request_id)s", fields, extra=fields)
    response.headers[HEADER] = g.request_id
    return response


def init_app(app: Flask) -> None:
    log.setLevel(logging.INFO)
    app.logger  # noqa: B018  (Flask gives its logger, our lines' parent, its handler now)
    if app.config.get("LOG_FORMAT") == "json":
        # Flask's own handler writes the application's records to the server's error stream
        # (gunicorn's too): every one of them, requests and errors, becomes a JSON line.
        default_handler.setFormatter(JsonFormatter())
    # Before every other extension's hook, and after them all (Flask calls the after-request
    # hooks last registered first): a request a rate limit refuses is timed and logged too.
    app.before_request_funcs.setdefault(None, []).insert(0, start)
    app.after_request_funcs.setdefault(None, []).insert(0, finish)
