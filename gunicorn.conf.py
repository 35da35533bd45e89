"""gunicorn reads this file from the working directory (make run, make fuzz, the live tests).
The image uses deploy/gunicorn.conf.py, which installs the same error writer and metrics hooks."""
import os

from server.observability import gunicorn_hooks

# Before any worker imports prometheus_client: every worker writes its samples to this folder.
gunicorn_hooks.prepare_metrics_dir()
on_starting, child_exit, on_exit = gunicorn_hooks.on_starting, gunicorn_hooks.child_exit, gunicorn_hooks.on_exit

from server import gunicorn_errors  # noqa: E402

# Long-polls (GET /me/inbox?wait=25) hold a request up to 25 s. A sync worker would spend a whole
# process on each waiting client; gthread parks it on a thread (started on demand, so a large pool
# costs nothing while idle) and keeps heartbeating from its main loop. Threads must cover the
# clients waiting at once per worker: 1,000 waiting on 2 workers need 500 each.
worker_class = "gthread"
threads = int(os.environ.get("RAPPORT_WEB_THREADS", "512"))

gunicorn_errors.install()
