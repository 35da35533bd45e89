"""Uploading the same list again changes nothing; two imports of one list at once create nobody twice."""
import threading

from server.extensions import db
from server.imports import service
from tests.conftest import make_app
from tests.server.imports.helpers import attendees, organizer_with_event, upload


def _people_csv(count: int, *, company: str = "Quantix") -> str:
    lines = ["Ticket ID,Full name,Email,Company,Interests,Goals"]
    lines += [f"T{i},Person {i},person{i}@example.org,{company},Rust; Payments,hiring" for i in range(count)]
    return "\n".join(lines) + "\n"


def test_same_file_twice_creates_nothing_the_second_time(client, app):
    owner, event = organizer_with_event(client)
    first = upload(client, owner, event, _people_csv(30))
    assert first.json["counts"] == {"created": 30, "updated": 0, "unchanged": 0, "error": 0}
    before = attendees(client, owner, event)
    revision = client.get(f"/api/v1/events/{event['id']}", headers=owner["headers"]).json.get("revision")
    second = upload(client, owner, event, _people_csv(30))
    assert second.json["counts"] == {"created": 0, "updated": 0, "unchanged": 30, "error": 0}
    assert {r["status"] for r in second.json["rows"]} == {"unchanged"}
    assert attendees(client, owner, event) == before  # not even updated_at moved
    assert client.get(f"/api/v1/events/{event['id']}", headers=owner["headers"]).json.get("revision") == revision


def test_changed_rows_update_by_external_id_then_by_email(client, app):
    owner, event = organizer_with_event(client)
    upload(client, owner, event, _people_csv(3))
    # Same ticket ids, new company: updated. A row without ticket id finds its person by email.
    changed = _people_csv(2, company="Northwind") + "\n,,PERSON2@example.org,Acme,,\n"
    response = upload(client, owner, event, changed)
    assert response.json["counts"] == {"created": 0, "updated": 3, "unchanged": 0, "error": 0}
    companies = {a["email"]: a["company"] for a in attendees(client, owner, event)}
    assert companies == {"person0@example.org": "Northwind", "person1@example.org": "Northwind",
                         "person2@example.org": "Acme"}
    # An external id cannot move a person to another address.
    moved = upload(client, owner, event, "Ticket ID,Email\nT0,someone.else@example.org\n")
    assert moved.json["errors"] == [{"row": 2, "column": "Email", "message": "External ID 'T0' belongs to the "
                                     "attendee signed in as person0@example.org; an import cannot change it."}]


def test_two_concurrent_imports_of_one_file_create_each_person_once(app, database_url):
    """Two workers (own app, own connections) import the same file at the same time."""
    client = app.test_client()
    owner, event = organizer_with_event(client)
    data = _people_csv(600).encode()
    apps = [make_app(database_url, IMPORT_BATCH_ROWS=50) for _ in range(2)]
    ids = []
    for worker in apps:
        with worker.app_context():
            imp, table = service.create_import(event_id=event["id"], created_by=None, upload=service.Upload(data))
            ids.append((imp.id, table))
    start = threading.Barrier(2)
    results = {}

    def run(worker, job):
        import_id, table = job
        with worker.app_context():
            start.wait()
            imp = service.run_import(import_id=import_id, table=table)
            results[import_id] = (imp.status, imp.created, imp.unchanged, imp.updated, imp.failed_rows)
            db.session.remove()
            db.engine.dispose()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(apps, ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r[0] for r in results.values()] == ["succeeded", "succeeded"], results
    assert sum(r[1] for r in results.values()) == 600  # each person created by exactly one import
    assert all(r[4] == 0 for r in results.values()), results
    people = attendees(client, owner, event)
    assert len(people) == 600 and len({p["email"] for p in people}) == 600
