"""Big files answer 202 and run in the background (a thread here, RQ with Redis); progress and the
report are read from the database; the CLI does the same work with a progress bar."""
from datetime import timedelta

import pytest

from server import worker
from server.extensions import db
from server.imports import jobs
from server.imports.models import AttendeeImport, AttendeeImportFile
from server.mail import outbox
from server.types import utcnow
from tests.server.imports.helpers import API, attendees, organizer_with_event, upload, wait_for


@pytest.fixture
def app_overrides():
    return {"IMPORT_SYNC_MAX_ROWS": 5, "IMPORT_BATCH_ROWS": 4}


def _csv(count: int, bad_every: int = 0) -> str:
    rows = [f"p{i}@example.org,Person {i},{'world peace' if bad_every and i % bad_every == 0 else 'hiring'}"
            for i in range(count)]
    return "Email,Name,Goals\n" + "\n".join(rows) + "\n"


def test_big_file_runs_in_the_background_and_reports_from_the_database(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, _csv(23, bad_every=5), send_invites=True)
    assert response.status_code == 202, response.json
    assert response.json["status"] in ("queued", "running", "succeeded") and "rows" not in response.json
    report = wait_for(client, owner, response.headers["Location"])
    assert report["status"] == "succeeded" and report["progress"] == {"rows_done": 23, "rows_total": 23}
    assert report["counts"] == {"created": 18, "updated": 0, "unchanged": 0, "error": 5}
    assert [e["row"] for e in report["errors"]] == [2, 7, 12, 17, 22] and report["errors_total"] == 5
    with app.app_context():  # the upload is kept only while the import runs
        assert db.session.get(AttendeeImportFile, report["id"]) is None
        invited = sorted(m["To"] for m in outbox() if "invited" in m["Subject"])
    assert invited == sorted(f"p{i}@example.org" for i in range(23) if i % 5)
    assert len(attendees(client, owner, event)) == 18
    # Rows page by page, and the failures alone.
    url = f"{API}/events/{event['id']}/imports/{report['id']}/rows"
    first = client.get(f"{url}?limit=10", headers=owner["headers"])
    assert [r["row"] for r in first.json["items"]] == list(range(2, 12)) and 'rel="next"' in first.headers["Link"]
    rest = client.get(f"{url}?limit=50&cursor={first.json['next_cursor']}", headers=owner["headers"]).json
    assert [r["row"] for r in rest["items"]] == list(range(12, 25)) and rest["next_cursor"] is None
    failed = client.get(f"{url}?status=error", headers=owner["headers"]).json["items"]
    assert [(r["row"], r["errors"][0]["column"]) for r in failed] == [(r, "Goals") for r in (2, 7, 12, 17, 22)]
    listed = client.get(f"{API}/events/{event['id']}/imports", headers=owner["headers"]).json["items"]
    assert [i["id"] for i in listed] == [report["id"]]


def test_dry_run_in_the_background_writes_nothing(client, app):
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, _csv(12), dry_run=True, send_invites=True)
    report = wait_for(client, owner, response.headers["Location"])
    assert report["counts"] == {"created": 12, "updated": 0, "unchanged": 0, "error": 0}
    assert attendees(client, owner, event) == []
    with app.app_context():
        assert not [m for m in outbox() if "invited" in m["Subject"]]


def _dead_import(app, event) -> int:
    """A running import whose worker stopped beating an hour ago."""
    with app.app_context():
        imp = AttendeeImport(event_id=event["id"], status="running", format="csv", rows_total=10, rows_done=4,
                             heartbeat_at=utcnow() - timedelta(hours=1))
        db.session.add(imp)
        db.session.commit()
        return imp.id


def test_an_import_whose_worker_died_shows_as_failed(client, app):
    owner, event = organizer_with_event(client)
    import_id = _dead_import(app, event)
    report = client.get(f"{API}/events/{event['id']}/imports/{import_id}", headers=owner["headers"]).json
    assert report["status"] == "failed" and "Upload the file again" in report["failure"]
    assert report["progress"] == {"rows_done": 4, "rows_total": 10}


def test_reading_a_dead_import_writes_nothing(client, app):
    owner, event = organizer_with_event(client)
    import_id = _dead_import(app, event)
    for url in (f"imports/{import_id}", "imports"):
        assert client.get(f"{API}/events/{event['id']}/{url}", headers=owner["headers"]).status_code == 200
    with app.app_context():
        stored = db.session.get(AttendeeImport, import_id)
        assert (stored.status, stored.failure, stored.finished_at) == ("running", None, None)


def test_with_redis_configured_the_import_goes_to_an_rq_queue(client, app, monkeypatch):
    enqueued = []

    class FakeQueue:
        def __init__(self, name, connection):
            self.name = name

        def enqueue(self, func, *args, **kwargs):
            enqueued.append((self.name, func, args, kwargs["job_id"]))

    monkeypatch.setattr("rq.Queue", FakeQueue)
    app.config["RAPPORT_REDIS_URL"] = "redis://127.0.0.1:1/0"
    owner, event = organizer_with_event(client)
    response = upload(client, owner, event, _csv(9))
    assert response.status_code == 202 and response.json["status"] == "queued"
    import_id = response.json["id"]
    assert enqueued == [(jobs.QUEUE, jobs.JOB, (import_id,), f"attendee-import-{import_id}")]
    # What the worker does with the job, from the stored upload:
    app.config["RAPPORT_REDIS_URL"] = ""
    monkeypatch.setattr(worker, "_worker_app", app)
    entry_module, _, entry = jobs.JOB.rpartition(".")
    assert entry_module == worker.__name__
    getattr(worker, entry)(import_id)
    report = client.get(response.headers["Location"], headers=owner["headers"]).json
    assert report["status"] == "succeeded" and report["counts"]["created"] == 9


def test_cli_imports_with_a_progress_bar_and_the_same_report(client, app, tmp_path):
    owner, event = organizer_with_event(client)
    path = tmp_path / "list.csv"
    path.write_text(_csv(9, bad_every=4))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import-attendees", str(event["id"]), str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "6 created, 0 updated, 0 unchanged, 3 with errors (dry run: nothing written)" in dry.output
    assert attendees(client, owner, event) == []
    real = runner.invoke(args=["import-attendees", str(event["id"]), str(path)])
    assert real.exit_code == 0 and "Importing" in real.output
    assert "row 2, Goals: Unknown goal 'world peace'" in real.output
    assert len(attendees(client, owner, event)) == 6
    missing = runner.invoke(args=["import-attendees", "999999", str(path)])
    assert missing.exit_code != 0 and "No event 999999" in missing.output
