"""Both gunicorn config files wire the multiprocess-metrics hooks; what the hooks do to the folder."""
from __future__ import annotations

import os
import runpy
import shutil
import types

import pytest

from server.observability import gunicorn_hooks
from tests.live import ROOT


@pytest.mark.parametrize("config", ["gunicorn.conf.py", "deploy/gunicorn.conf.py"])
def test_both_configs_install_the_hooks_and_keep_a_given_folder(monkeypatch, tmp_path, config):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    settings = runpy.run_path(str(ROOT / config))
    assert settings["on_starting"] is gunicorn_hooks.on_starting
    assert settings["child_exit"] is gunicorn_hooks.child_exit
    assert settings["on_exit"] is gunicorn_hooks.on_exit
    assert (tmp_path / "metrics").is_dir() and str(tmp_path / "metrics") not in gunicorn_hooks._owned


def test_start_empties_the_folder_and_a_dead_worker_loses_only_its_live_gauges(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "histogram_123.db").write_bytes(b"old run")
    gunicorn_hooks.on_starting(None)
    assert list(tmp_path.iterdir()) == []
    for name in ("counter_77.db", "histogram_77.db", "gauge_livesum_77.db", "gauge_livesum_78.db"):
        (tmp_path / name).write_bytes(b"")
    gunicorn_hooks.child_exit(None, types.SimpleNamespace(pid=77))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_77.db", "gauge_livesum_78.db", "histogram_77.db"]


def test_without_a_folder_the_master_makes_one_and_removes_it_on_exit(monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.setattr(gunicorn_hooks, "_owned", [])
    path = gunicorn_hooks.prepare_metrics_dir()
    try:
        assert gunicorn_hooks._owned == [path]
        gunicorn_hooks.on_exit(None)
        assert not os.path.exists(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)
