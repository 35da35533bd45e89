"""A list too big to check in the request: the preview and the import run in the background, the
pages show progress, and the held file outlives the background dry run."""
from __future__ import annotations

import io
import re
import time

import pytest

from tests.factories import create_event, signup_organizer
from tests.server.console.helpers import console_sign_in, token_of

ROWS = "".join(f"p{i}@example.org,Person {i},Acme\n" for i in range(12))


@pytest.fixture
def app_overrides():
    return {"IMPORT_SYNC_MAX_ROWS": 5}


def _until_done(client, url: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get(url).text
        if "<progress" not in page:
            return page
        assert re.search(r'<progress id="progress" max="12" value="\d+" data-reload="2">', page)
        time.sleep(0.1)
    raise AssertionError("the background import did not finish")


def test_background_preview_and_import(client, app):
    org = signup_organizer(client)
    event = create_event(client, org["headers"])
    console_sign_in(client, org["email"])
    token = token_of(client)
    base = f"/console/events/{event['id']}"
    csv = ("Email,Name,Company\n" + ROWS).encode()
    preview_url = client.post(f"{base}/import", data={"csrf_token": token, "file": (io.BytesIO(csv), "big.csv")},
                              content_type="multipart/form-data").headers["Location"]
    preview = _until_done(client, preview_url)
    assert "Would be created" in preview and 'class="n-created">12<' in preview
    upload = re.search(r'action="(/console/events/\d+/uploads/\d+/import)"', preview).group(1)
    report_url = client.post(upload, data={"csrf_token": token, "column_map": "{}"}).headers["Location"]
    report = _until_done(client, report_url)
    assert "succeeded" in report and 'class="n-created">12<' in report
