"""Health and observability: /healthz and /readyz, one log line per request, and Prometheus
metrics at /metrics (request counts and latencies per endpoint, check-ins by method)."""
from __future__ import annotations

from flask import Flask

from trainings.observability import health, metrics, requestlog
from trainings.observability.metrics import count_check_ins

__all__ = ["count_check_ins", "init_app"]


def init_app(app: Flask) -> None:
    """After the extensions (a bad METRICS_ALLOW is refused in French, through Babel)."""
    requestlog.init_app(app)
    metrics.init_app(app)
    health.init_app(app)
