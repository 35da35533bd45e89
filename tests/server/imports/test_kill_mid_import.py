"""A process killed in the middle of an import leaves whole attendees only, shows as failed, and a
re-run completes the list."""
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from server.imports.service import STALE_MESSAGE
from tests.server.imports.helpers import API, attendees, organizer_with_event, upload

ROOT = Path(__file__).resolve().parents[3]
ROWS, BATCH = 1000, 100

CHILD = textwrap.dedent("""
    import sys, time
    from tests.conftest import make_app
    from server.imports import service
    url, event_id, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = make_app(url, IMPORT_BATCH_ROWS=%d)
    with app.app_context():
        imp, table = service.create_import(event_id=event_id, created_by=None,
                                           upload=service.Upload(open(path, "rb").read(), "list.csv"))
        print("import", imp.id, flush=True)
        def progress(done):
            print("committed", done, flush=True)
            time.sleep(0.3)  # slow enough to be killed between batches, or in the middle of one
        service.run_import(import_id=imp.id, table=table, on_progress=progress)
    print("finished", flush=True)
""" % BATCH)


@pytest.fixture
def app_overrides():
    return {"IMPORT_STALE_AFTER": 0}


def _csv() -> str:
    lines = ["Ticket ID,First Name,Last Name,Email,Company,Interests"]
    lines += [f"K{i},Kim,Number{i},kim{i}@example.org,Company {i},Topic {i % 7}; Rust" for i in range(ROWS)]
    return "\n".join(lines) + "\n"


def test_sigkill_mid_import_leaves_whole_attendees_and_a_rerun_completes(client, app, database_url, tmp_path):
    owner, event = organizer_with_event(client)
    path = tmp_path / "list.csv"
    path.write_text(_csv())
    child = subprocess.Popen([sys.executable, "-c", CHILD, database_url, str(event["id"]), str(path)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    import_id, committed = None, 0
    for line in child.stdout:
        word, number = line.split()
        if word == "import":
            import_id = int(number)
        elif word == "committed":
            committed += 1
            if committed == 3:
                os.kill(child.pid, signal.SIGKILL)
                break
    child.wait(30)
    assert child.returncode == -signal.SIGKILL

    people = attendees(client, owner, event)
    assert 3 * BATCH <= len(people) < ROWS and len(people) % BATCH == 0  # whole batches only
    for person in people:  # every attendee that exists is complete: account, profile, interests
        number = int(person["email"].removeprefix("kim").split("@")[0])
        assert person["display_name"] == f"Kim Number{number}" and person["company"] == f"Company {number}"
        assert person["interests"] == [f"Topic {number % 7}", "Rust"]
    report = client.get(f"{API}/events/{event['id']}/imports/{import_id}", headers=owner["headers"]).json
    assert report["status"] == "failed" and report["failure"] == STALE_MESSAGE
    assert report["progress"]["rows_done"] == report["counts"]["created"] == len(people)

    rerun = upload(client, owner, event, path.read_bytes())
    assert rerun.status_code == 201, rerun.json
    assert rerun.json["counts"] == {"created": ROWS - len(people), "updated": 0, "unchanged": len(people), "error": 0}
    assert len(attendees(client, owner, event)) == ROWS
