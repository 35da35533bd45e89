"""The image's inputs: the hashed lock matches pyproject.toml; gunicorn's settings come from the environment."""
from __future__ import annotations

import re
import runpy
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+)", requirement).groups()
        pins[normalize(name)] = version
    return pins


def lock_entries() -> dict[str, tuple[str, list[str], str]]:
    """name -> (version, hashes, `# via` text) for each entry of requirements.lock."""
    entries = {}
    text = (ROOT / "requirements.lock").read_text()
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if head:
            entries[normalize(head.group(1))] = (head.group(2), re.findall(r"--hash=sha256:[0-9a-f]{64}", block),
                                                 block)
    return entries


def test_every_dependency_is_locked_at_the_pinned_version():
    locked = lock_entries()
    stale = {name: (version, locked.get(name, ("missing",))[0])
             for name, version in pyproject_pins().items() if locked.get(name, ("",))[0] != version}
    assert stale == {}, "requirements.lock is stale against pyproject.toml: run `make lock`"


def test_the_lock_names_no_direct_dependency_that_pyproject_dropped():
    direct = {name for name, (_, _, block) in lock_entries().items() if "rapport (pyproject.toml)" in block}
    assert direct == set(pyproject_pins()), "requirements.lock is stale against pyproject.toml: run `make lock`"


def test_every_locked_package_carries_hashes():
    assert all(hashes for _, hashes, _ in lock_entries().values())
    assert "--require-hashes" in (ROOT / "Dockerfile").read_text()


@pytest.mark.parametrize("environment, expected", [
    ({}, {"bind": "0.0.0.0:8000", "workers": 4, "timeout": 120, "graceful_timeout": 30, "worker_class": "gthread",
          "threads": 512}),
    ({"PORT": "9000", "WEB_CONCURRENCY": "2", "RAPPORT_WEB_TIMEOUT": "300", "RAPPORT_WEB_GRACEFUL_TIMEOUT": "20",
      "RAPPORT_WEB_THREADS": "64"},
     {"bind": "0.0.0.0:9000", "workers": 2, "timeout": 300, "graceful_timeout": 20, "threads": 64}),
])
def test_gunicorn_settings(monkeypatch, environment, expected):
    for name in ("PORT", "WEB_CONCURRENCY", "RAPPORT_WEB_TIMEOUT", "RAPPORT_WEB_GRACEFUL_TIMEOUT", "RAPPORT_WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert {key: settings[key] for key in expected} == expected
