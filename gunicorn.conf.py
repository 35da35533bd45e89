"""gunicorn reads this file from the working directory (make run, make fuzz, the live tests).
The image uses deploy/gunicorn.conf.py, which installs the same error writer and metrics hooks."""
from server.observability import gunicorn_hooks

# Before any worker imports prometheus_client: every worker writes its samples to this folder.
gunicorn_hooks.prepare_metrics_dir()
on_starting, child_exit, on_exit = gunicorn_hooks.on_starting, gunicorn_hooks.child_exit, gunicorn_hooks.on_exit

from server import gunicorn_errors  # noqa: E402

gunicorn_errors.install()
