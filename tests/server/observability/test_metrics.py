"""`/metrics`: who may read it, and what it counts (in one process; several workers: test_live.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from server.extensions import db
from server.imports.models import AttendeeImport
from server.types import utcnow
from tests.factories import create_event, join_event, signup_organizer

REMOTE = {"REMOTE_ADDR": "203.0.113.9"}


def samples(text: str) -> dict[tuple, float]:
    """`{(sample name, (label, value), ...): value}` from an exposition."""
    return {(s.name, *sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def scrape(client, **kwargs) -> dict[tuple, float]:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def count(metrics: dict, endpoint: str, status_class: str, method: str = "GET") -> float:
    key = ("rapport_http_request_duration_seconds_count", ("endpoint", endpoint), ("method", method),
           ("status_class", status_class))
    return metrics.get(key, 0.0)


@pytest.mark.parametrize("token, headers, environ, status", [
    ("", {}, {}, 200),  # this host, directly
    ("", {"X-Forwarded-For": "203.0.113.9"}, {}, 403),  # a proxy on this host: anyone behind it
    ("", {"Forwarded": "for=203.0.113.9"}, {}, 403),
    ("", {}, REMOTE, 403),
    ("", {}, {"REMOTE_ADDR": "::1"}, 200),
    ("s3cret-scraper", {}, {}, 401),  # with a token, even this host must send it
    ("s3cret-scraper", {"Authorization": "Bearer wrong"}, REMOTE, 401),
    ("s3cret-scraper", {"Authorization": "Basic s3cret-scraper"}, REMOTE, 401),
    ("s3cret-scraper", {"Authorization": "Bearer s3cret-scraper"}, REMOTE, 200),
    ("s3cret-scraper", {"Authorization": "Bearer s3cret-scraper", "X-Forwarded-For": "203.0.113.9"}, {}, 200),
])
def test_who_may_read_metrics(database_url, _schema, token, headers, environ, status):
    from tests.conftest import make_app

    client = make_app(database_url, METRICS_TOKEN=token).test_client()
    response = client.get("/metrics", headers=headers, environ_base=environ)
    assert response.status_code == status
    if status != 200:
        assert response.mimetype == "application/problem+json" and "rapport_" not in response.get_data(as_text=True)


def test_requests_are_counted_by_route_rule_and_status_class(client):
    before = scrape(client)
    for _ in range(3):
        client.get("/livez")
    client.get("/api/v1/events/7")  # 401: not signed in
    client.get("/nowhere")
    after = scrape(client)
    assert count(after, "/livez", "2xx") - count(before, "/livez", "2xx") == 3
    assert count(after, "/api/v1/events/<int:event_id>", "4xx") - count(before, "/api/v1/events/<int:event_id>", "4xx") == 1
    assert count(after, "<unmatched>", "4xx") - count(before, "<unmatched>", "4xx") == 1


def test_index_builds_are_counted(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    ana = join_event(client, app, event, interests=["Rust"])
    join_event(client, app, event, interests=["Rust"])
    full = ("rapport_index_builds_total", ("kind", "full"))
    before = scrape(client).get(full, 0.0)
    assert client.get(f"/api/v1/events/{event['id']}/suggestions", headers=ana["headers"]).status_code == 200
    assert scrape(client)[full] == before + 1


def test_with_the_database_down_the_request_metrics_are_still_served(tmp_path):
    from tests.conftest import make_app

    down = make_app(f"sqlite:///{tmp_path}/missing-folder/rapport.db").test_client()
    assert down.get("/api/v1/events/1", headers={"Authorization": "Bearer x"}).status_code == 503
    metrics = scrape(down)
    assert count(metrics, "/api/v1/events/<int:event_id>", "5xx") >= 1
    assert not any(key[0] == "rapport_import_queue_depth" for key in metrics)


def test_import_queue_depth_counts_live_imports_of_every_event(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    with app.app_context():
        for status, age in [("queued", 0), ("queued", 0), ("running", 0), ("running", 7200), ("succeeded", 0)]:
            db.session.add(AttendeeImport(event_id=event["id"], status=status, format="csv",
                                          heartbeat_at=utcnow() - timedelta(seconds=age)))
        db.session.commit()
    metrics = scrape(client)
    assert metrics[("rapport_import_queue_depth", ("status", "queued"))] == 2
    # The hour-old `running` one has no heartbeat: its worker died, it is failed, not in the queue.
    assert metrics[("rapport_import_queue_depth", ("status", "running"))] == 1
