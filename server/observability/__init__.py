"""Observability: JSON request logs with a request id, Prometheus metrics, liveness.

This package's `__init__` imports nothing: the gunicorn config files import `gunicorn_hooks` before
prometheus_client may be loaded (it picks single- or multi-process mode once, at import).
"""
