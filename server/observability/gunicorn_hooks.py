"""gunicorn hooks for Prometheus multiprocess mode, shared by `gunicorn.conf.py` and the image's.

`prepare_metrics_dir()` runs in the master before any worker loads the app (hence before
prometheus_client is imported there): it gives the workers one folder to write their samples to.
"""
from __future__ import annotations

import glob
import os
import shutil
import tempfile

ENV = "PROMETHEUS_MULTIPROC_DIR"
_owned: list[str] = []  # folders this master made, removed when it exits


def prepare_metrics_dir() -> str:
    """Use PROMETHEUS_MULTIPROC_DIR when given (made if missing), else a private temporary folder."""
    path = os.environ.get(ENV)
    if path:
        os.makedirs(path, exist_ok=True)
    else:
        path = tempfile.mkdtemp(prefix="rapport-metrics-")
        _owned.append(path)
        os.environ[ENV] = path
    return path


def on_starting(server) -> None:
    """Gunicorn master start: clear the metrics folder."""
    # Samples of a previous run (same folder, dead pids) would be summed into this one's.
    for stale in glob.glob(os.path.join(os.environ[ENV], "*.db")):
        os.remove(stale)


def child_exit(server, worker) -> None:
    """Gunicorn worker exit: drop its live gauges."""
    # Counters and histograms of the dead worker stay (they are totals); its live gauges go.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Gunicorn master exit: remove the folders it created."""
    for path in _owned:
        shutil.rmtree(path, ignore_errors=True)
