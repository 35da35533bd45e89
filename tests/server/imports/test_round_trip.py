"""An export uploaded back unchanged changes nothing: every valid profile survives CSV and XLSX exactly.

Profiles are random (hypothesis) and go in through the same PATCH an organizer uses, so anything the
profile rules accept is covered: separators inside list items, quotes, formula starters, OOXML escape
look-alikes, control characters, non-ASCII and emoji.
"""
import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.server.imports.helpers import API, attendees, organizer_with_event, upload

TRICKY = ["Research, development", "a; b", "x|y", '"quoted"', 'say "hi"', '""', "=SUM(A1)", "+351", "-x",
          "@ceo", "'=already", "''", "_x000D_", "_x005F_x0041_", "line\nbreak", "cr\rhere", "tab\there",
          "ctrl\x01\x1f", "Ünïcödé", "日本語", "😀 emoji", "\ufffe", "a,", ",a", '"a", "b"', "\u2028sep"]
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=30)
item = st.one_of(st.sampled_from(TRICKY), _TEXT, st.lists(st.sampled_from(TRICKY), min_size=2, max_size=3).map("".join))
url_path = st.text(string.ascii_letters + string.digits + ",;|'=+-@_()!*~.", max_size=20)
GOALS = ["raising_funds", "investing", "hiring", "job_seeking", "mentoring", "learning"]

profile = st.fixed_dictionaries({}, optional={
    "display_name": item, "company": item, "job_title": item, "industry": item,
    "bio": st.lists(item, max_size=4).map(" ".join),
    "phone": st.from_regex(r"[+0-9 ()./-]{1,40}", fullmatch=True),
    "interests": st.lists(item, max_size=8),
    "goals": st.lists(st.sampled_from(GOALS), max_size=4),
    "links": st.lists(url_path.map(lambda p: f"https://example.org/{p}"), max_size=3),
})


def _export_and_reupload(client, owner, event, before):
    for suffix in ("csv", "xlsx"):
        exported = client.get(f"{API}/events/{event['id']}/attendees.{suffix}", headers=owner["headers"])
        assert exported.status_code == 200
        dry = upload(client, owner, event, exported.data, f"export.{suffix}", dry_run=True)
        assert dry.status_code == 201, dry.json
        assert dry.json["counts"] == {"created": 0, "updated": 0, "unchanged": len(before), "error": 0}, (
            suffix, dry.json["errors"])
        real = upload(client, owner, event, exported.data, f"export.{suffix}")
        assert real.json["counts"]["unchanged"] == len(before), (suffix, real.json["errors"])
        assert attendees(client, owner, event) == before, suffix


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles=st.lists(profile, min_size=1, max_size=3))
def test_random_valid_profiles_survive_csv_and_xlsx_round_trips(client, app, profiles):
    owner, event = organizer_with_event(client)
    body = [{"email": f"p{i}@example.org"} for i in range(len(profiles))]
    assert client.post(f"{API}/events/{event['id']}/imports", json=body, headers=owner["headers"]).status_code == 201
    for person, changes in zip(attendees(client, owner, event), profiles):
        patched = client.patch(f"{API}/events/{event['id']}/attendees/{person['id']}", json=changes,
                               headers=owner["headers"])
        assume(patched.status_code == 200)  # only what the profile rules accept must round-trip
    _export_and_reupload(client, owner, event, attendees(client, owner, event))


def test_interest_with_a_comma_is_one_interest_after_a_round_trip(client, app):
    """Issue 18's report, as a fixed example: it used to come back as three interests, `updated: 1`."""
    owner, event = organizer_with_event(client)
    client.post(f"{API}/events/{event['id']}/imports", json=[{"email": "ana@example.org"}], headers=owner["headers"])
    (ana,) = attendees(client, owner, event)
    client.patch(f"{API}/events/{event['id']}/attendees/{ana['id']}", headers=owner["headers"],
                 json={"interests": ["Research, development", "jazz"]})
    exported = client.get(f"{API}/events/{event['id']}/attendees.csv", headers=owner["headers"])
    assert '"""Research, development""; jazz"' in exported.data.decode()
    _export_and_reupload(client, owner, event, attendees(client, owner, event))
    assert attendees(client, owner, event)[0]["interests"] == ["Research, development", "jazz"]


def test_json_list_items_keep_their_separators(client, app):
    owner, event = organizer_with_event(client)
    body = [{"email": "ana@example.org", "interests": ["Research, development", "a|b", 'say "hi"'],
             "links": ["https://example.org/a,b", "https://example.org/c"]}]
    response = client.post(f"{API}/events/{event['id']}/imports", json=body, headers=owner["headers"])
    assert response.status_code == 201 and response.json["counts"]["created"] == 1, response.json
    (ana,) = attendees(client, owner, event)
    assert ana["interests"] == ["Research, development", "a|b", 'say "hi"']
    assert ana["links"] == ["https://example.org/a,b", "https://example.org/c"]
