"""Prometheus metrics, correct across gunicorn workers, served at `/metrics` to allowed scrapers only.

Under gunicorn each worker writes its samples to files in `PROMETHEUS_MULTIPROC_DIR` (set by the
gunicorn config through `gunicorn_hooks`) and whichever worker answers a scrape sums them all; without
it (the Flask dev server, tests) the process's own registry is served.
"""
from __future__ import annotations

import hmac
import ipaddress
import logging

from flask import Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy.exc import SQLAlchemyError

from server import errors
from server.extensions import db

log = logging.getLogger(__name__)
# The mode prometheus_client chose when it was imported (the variable may be set later, e.g. by a test
# that reads a gunicorn config file; this process's samples are then still in its own registry).
MULTIPROCESS = values.ValueClass is not values.MutexValue
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUEST_SECONDS = Histogram(
    "rapport_http_request_duration_seconds", "Time to answer a request, by URL rule and status class.",
    ["endpoint", "method", "status_class"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120))
INDEX_BUILDS = Counter("rapport_index_builds_total",
                       "Suggestion indexes built from scratch (full) or patched with changed attendees.", ["kind"])


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request in the latency histogram."""
    REQUEST_SECONDS.labels(route, method if method in _METHODS else "OTHER", f"{status // 100}xx").observe(seconds)


class _ImportBacklog:
    """Import queue depth, read from the database at scrape time (the same for every worker and host)."""

    def collect(self):
        from server.imports import service as imports_service

        try:
            backlog = imports_service.backlog()
        except SQLAlchemyError:
            # The request metrics matter most while the database is down: serve them without this one.
            db.session.rollback()
            log.warning("metrics: import queue depth left out, the database does not answer", exc_info=True)
            return
        family = GaugeMetricFamily("rapport_import_queue_depth", "Attendee imports waiting or running.",
                                   labels=["status"])
        for status, count in backlog.items():
            family.add_metric([status], count)
        yield family


def _exposition() -> bytes:
    if MULTIPROCESS:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    backlog = CollectorRegistry(auto_describe=False)
    backlog.register(_ImportBacklog())
    return generate_latest(registry) + generate_latest(backlog)


def _refusal() -> Response | None:
    token = current_app.config["RAPPORT_METRICS_TOKEN"]
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return None
        return errors.problem(401, title="Unauthorized", detail="Send `Authorization: Bearer <RAPPORT_METRICS_TOKEN>`.",
                              headers={"WWW-Authenticate": 'Bearer realm="rapport-metrics"'})
    # No token: this host only. A request that came through a proxy is refused even from loopback,
    # since a proxy on this host would make every client look local.
    address = request.remote_addr or ""
    proxied = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    try:
        local = ipaddress.ip_address(address).is_loopback
    except ValueError:
        local = False
    if local and not proxied:
        return None
    return errors.problem(403, title="Forbidden",
                          detail="Metrics are served to this host only; set RAPPORT_METRICS_TOKEN to scrape remotely.")


def init_app(app: Flask) -> None:
    """Register `/metrics` and the request counters."""
    @app.get("/metrics")
    def metrics():
        refusal = _refusal()
        if refusal is not None:
            return refusal
        return Response(_exposition(), mimetype=CONTENT_TYPE_LATEST)
