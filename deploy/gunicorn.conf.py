"""gunicorn settings of the image (`rapport web`); each can be changed through the environment."""
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Long-polls (GET /me/inbox?wait=25) park on a thread, not a process; see ../gunicorn.conf.py.
worker_class = "gthread"
threads = int(os.environ.get("RAPPORT_WEB_THREADS", "512"))
# Uploads of up to RAPPORT_IMPORT_SYNC_MAX_ROWS rows are imported inside the request, so the
# default 30 s would kill a worker mid-import on a slow day.
timeout = int(os.environ.get("RAPPORT_WEB_TIMEOUT", "120"))
# On SIGTERM (a rolling deploy, `docker stop`) requests in flight get this long to finish;
# keep it below the orchestrator's stop grace period (compose.yaml: stop_grace_period).
graceful_timeout = int(os.environ.get("RAPPORT_WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("RAPPORT_WEB_KEEPALIVE", "5"))
# The heartbeat file lives in memory: a container's overlay filesystem can stall it.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No access log: the app writes one JSON line per request (request id, route, status, duration).
errorlog = "-"

# Prometheus multiprocess mode: the folder is chosen before any worker imports prometheus_client.
from server.observability import gunicorn_hooks  # noqa: E402  (PYTHONPATH=/app in the image)

gunicorn_hooks.prepare_metrics_dir()
on_starting, child_exit, on_exit = gunicorn_hooks.on_starting, gunicorn_hooks.child_exit, gunicorn_hooks.on_exit

# gunicorn's own refusals (414, 431, malformed requests) answer problem+json, like the app.
from server import gunicorn_errors  # noqa: E402

gunicorn_errors.install()
