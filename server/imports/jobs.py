"""Where big imports run: an RQ worker when `RAPPORT_REDIS_URL` is set, else a thread of this process.

Start workers with `rq worker rapport-imports --url "$RAPPORT_REDIS_URL"` in an environment that has
the same `RAPPORT_*` settings as the web processes (the job, `server.worker.run_import`, builds its own
app from them).
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from flask import Flask, current_app

log = logging.getLogger(__name__)
QUEUE = "rapport-imports"
JOB = "server.worker.run_import"  # by name: the worker module builds the app, which imports this one
JOB_TIMEOUT = 3600  # seconds; 200,000 rows take well under a minute


def dispatch(import_id: int, *, run: Callable[..., Any]) -> None:
    """Run the queued import elsewhere (`run(import_id=...)` in a thread when there is no Redis); its
    progress is in the database for every worker to read."""
    redis_url = current_app.config["RAPPORT_REDIS_URL"]
    if redis_url:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
        queue.enqueue(JOB, import_id, job_timeout=JOB_TIMEOUT, job_id=f"attendee-import-{import_id}")
        return
    app = current_app._get_current_object()
    threading.Thread(target=_run_in_thread, args=(app, run, import_id), name=f"import-{import_id}", daemon=True).start()


def _run_in_thread(app: Flask, run: Callable[..., Any], import_id: int) -> None:
    with app.app_context():
        try:
            run(import_id=import_id)
        except Exception:  # run_import records its own failures; this is a last resort for the log
            log.exception("import %s crashed", import_id)

