"""Prometheus metrics at /metrics (prometheus-flask-exporter): requests counted and timed per
endpoint, and check-ins by method, counted when their transaction commits. Answered only to a
bearer of METRICS_TOKEN or to an address of METRICS_ALLOW; a 404 to anyone else."""
from __future__ import annotations

import functools
import hmac
import ipaddress
import os
from collections import Counter as Tally

from flask import Flask, Request, abort, current_app, has_app_context, request
from flask_babel import gettext as _
from prometheus_client import CollectorRegistry, Counter
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from trainings.extensions import db

PATH = "/metrics"
PENDING = "pending_check_ins"  # key of the database session's info: method -> count


def endpoint(request: Request) -> str:
    """The label requests are grouped by: the view's name (`schedule.detail`), never the raw
    path, so that an id in a path makes no new series; "unmatched" for a path of no view."""
    return request.endpoint or "unmatched"


def allowed_networks(setting: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """METRICS_ALLOW: addresses or networks (CIDR), separated by commas."""
    networks = []
    for item in setting.split(","):
        if item.strip():
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise ValueError(_("METRICS_ALLOW : « %(item)s » n'est ni une adresse IP ni un "
                                   "réseau (CIDR).", item=item.strip())) from None
    return networks


def may_read_metrics(token: str | None, authorization: str, address: str | None,
                     networks: list) -> bool:
    """A bearer of the token, or a client whose address is in one of the networks (pure)."""
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(client in network for network in networks)


def guarded(view):
    """The metrics view, for those allowed; a 404 for anyone else, who learns nothing of it."""
    @functools.wraps(view)
    def metrics_view(*args, **kwargs):
        if not may_read_metrics(current_app.config.get("METRICS_TOKEN"),
                                request.headers.get("Authorization", ""), request.remote_addr,
                                current_app.extensions["metrics_networks"]):
            abort(404)
        return view(*args, **kwargs)
    return metrics_view


def count_check_ins(method: str, count: int = 1) -> None:
    """Check-ins just inserted (new ones, not duplicates): counted when the transaction commits,
    so that a check-in rolled back is never counted."""
    if count > 0:
        db.session.info.setdefault(PENDING, Tally())[str(method)] += count


@event.listens_for(OrmSession, "after_commit")
def _count_committed(session: OrmSession) -> None:
    pending = session.info.pop(PENDING, None)
    if pending and has_app_context():
        counter = current_app.extensions.get("checkins_counter")
        for method, count in pending.items():
            if counter is not None:
                counter.labels(method=method).inc(count)


@event.listens_for(OrmSession, "after_rollback")
def _forget_rolled_back(session: OrmSession) -> None:
    session.info.pop(PENDING, None)


def exporter() -> PrometheusMetrics:
    """Several gunicorn workers (PROMETHEUS_MULTIPROC_DIR set): each writes its figures to
    that folder and /metrics adds up every worker's. One process: a registry per application."""
    options = {"group_by": endpoint, "metrics_decorator": guarded}
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return GunicornInternalPrometheusMetrics.for_app_factory(path=PATH, **options)
    return PrometheusMetrics.for_app_factory(path=PATH, registry=CollectorRegistry(), **options)


def init_app(app: Flask) -> None:
    with app.app_context():  # the message of a bad METRICS_ALLOW, in French
        app.extensions["metrics_networks"] = allowed_networks(
            app.config.get("METRICS_ALLOW", ""))
    metrics = exporter()
    metrics.init_app(app)
    app.extensions["checkins_counter"] = Counter(
        "trainings_checkins_total", "Check-ins recorded (new ones only), by method",
        ["method"], registry=metrics.registry)
