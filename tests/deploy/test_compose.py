"""compose.yaml: valid against the Compose Specification's schema, and wired to the image's entry point."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((Path(__file__).parent / "compose-spec.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def entry_point_commands() -> set[str]:
    """The roles `deploy/rapport` knows: the branches of its `case "$command"`."""
    script = (ROOT / "deploy" / "rapport").read_text()
    body = script.split('case "$command" in', 1)[1]
    return set(re.findall(r"^    ([a-z][a-z-]*)\)", body, re.MULTILINE))


def test_compose_file_follows_the_compose_specification(compose, validator):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


@pytest.mark.parametrize("path, bad_value", [
    (("services", "web", "depends_on", "migrate", "condition"), "service_finished"),
    (("services", "redis", "volumes"), "redis-data:/data"),
    (("services", "worker", "restrt"), "always"),
    (("services", "migrate", "command"), {"run": "migrate"}),
])
def test_the_schema_catches_mistakes(compose, validator, path, bad_value):
    broken = copy.deepcopy(compose)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad_value
    assert list(validator.iter_errors(broken))


def test_the_image_runs_the_entry_point():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["rapport"]' in dockerfile
    assert "COPY deploy/rapport /usr/local/bin/rapport" in dockerfile
    assert 'CMD ["web"]' in dockerfile
    assert "db upgrade" not in dockerfile  # migrations are the one-shot `rapport migrate`, not every start
    assert {"migrate", "web", "worker", "healthcheck"} <= entry_point_commands()
    branches = (ROOT / "deploy" / "rapport").read_text().split('case "$command" in', 1)[1]
    web_branch = branches.split("\n    web)", 1)[1].split(";;", 1)[0]
    assert "exec gunicorn" in web_branch and "db upgrade" not in web_branch


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_run_an_entry_point_command_of_the_image(compose, service):
    spec = compose["services"][service]
    assert spec["image"] == compose["services"]["web"]["image"]
    assert spec["build"] == "."
    assert spec["command"] == [service]
    assert spec["command"][0] in entry_point_commands()
    check = spec["healthcheck"]
    assert check.get("disable") or check["test"] == ["CMD", "rapport", "healthcheck", service]


@pytest.mark.parametrize("service", ["web", "worker"])
def test_web_and_worker_wait_for_the_migration(compose, service):
    depends = compose["services"][service]["depends_on"]
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    assert depends["postgres"] == {"condition": "service_healthy"}
    assert depends["redis"] == {"condition": "service_healthy"}
    assert compose["services"]["migrate"]["restart"] == "no"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_secrets_come_from_files(compose, service):
    spec = compose["services"][service]
    environment = spec["environment"]
    assert environment["RAPPORT_ENV"] == "production"
    for name in ("SECRET_KEY", "DATABASE_URL", "SMTP_PASSWORD"):
        assert f"RAPPORT_{name}" not in environment
        path = environment[f"RAPPORT_{name}_FILE"]
        secret = path.removeprefix("/run/secrets/")
        assert secret in spec["secrets"] and secret in compose["secrets"]


@pytest.mark.parametrize("service, volume", [("postgres", "postgres-data"), ("redis", "redis-data")])
def test_data_services_keep_their_data_and_report_health(compose, service, volume):
    spec = compose["services"][service]
    assert any(mount.startswith(f"{volume}:") for mount in spec["volumes"])
    assert volume in compose["volumes"]
    assert spec["healthcheck"]["test"][0] == "CMD"
