"""Speed networking over HTTP: check-in (also by badge), preview, publish, rounds with reasons, re-plan
around no-shows without touching started rounds, seating plan as JSON and CSV, and a second session."""
import csv
import io
from itertools import combinations

import icalendar
import pytest

from tests.factories import join_event

TOPICS = ["Rust", "Payments", "Chess", "Opera", "Climate", "Design"]


@pytest.fixture
def crowd(client, app, world):
    """Four more people (one with a name a spreadsheet would run as a formula), everyone checked in;
    Ana blocked Ben; Cai and Dee are connected (a badge scan)."""
    base, owner, people = world["base"], world["owner"], dict(world["people"])
    for i, name in enumerate(["Eva", "Fox", "Gil", "=HYPERLINK(\"http://x.example\")"]):
        people[name] = join_event(client, app, world["event"], display_name=name, company=f"Co {i}",
                                  interests=[TOPICS[i], TOPICS[i + 2]], goals=["meeting_peers"])
    assert client.post(f"{base}/blocks", json={"attendee_id": people["Ben"]["id"]},
                       headers=people["Ana"]["headers"]).status_code in (200, 201)
    cai_qr = client.get(f"{base}/attendees/me/qr", headers=people["Cai"]["headers"]).json["token"]
    assert client.post(f"{base}/connections/scan", json={"token": cai_qr},
                       headers=people["Dee"]["headers"]).status_code == 201
    for name, person in people.items():
        if name == "Eva":  # at the door her badge is scanned
            token = client.get(f"{base}/attendees/me/qr", headers=person["headers"]).json["token"]
            response = client.post(f"{base}/check-ins", json={"token": token}, headers=owner["headers"])
            assert response.status_code == 201 and response.json["method"] == "badge"
        else:
            response = client.post(f"{base}/check-ins", json={"attendee_id": person["id"]}, headers=owner["headers"])
            assert response.status_code == 201, response.json
    return people


def _session(client, world, **overrides):
    body = {"name": "Speed networking", "starts_at": "2027-03-28T14:00:00Z", "rounds": 3, "minutes_per_round": 10,
            "participants": "checked_in", "table_count": 4, **overrides}
    response = client.post(f"{world['base']}/sessions", json=body, headers=world["owner"]["headers"])
    assert response.status_code == 201, response.json
    return response.json


def _groups(plan):
    """round -> set of frozensets of attendee ids."""
    return {r["round_no"]: {frozenset(p["id"] for p in t["attendees"]) for t in r["tables"]} for r in plan["rounds"]}


def _pairs(groups):
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


def test_session_seats_everyone_without_repeats_or_blocked_pairs_and_replans_only_unstarted_rounds(
        client, world, crowd, clock):
    base, owner = world["base"], world["owner"]
    ids = {name: p["id"] for name, p in crowd.items()}
    session = _session(client, world)
    url = f"{base}/sessions/{session['id']}"

    preview = client.get(f"{url}/preview", headers=owner["headers"])
    assert preview.status_code == 200, preview.json
    assert client.get(f"{base}/attendees/me/rounds", headers=crowd["Ana"]["headers"]).json["items"] == []

    published = client.post(f"{url}/publish", headers=owner["headers"])
    assert published.status_code == 200, published.json
    assert _groups(published.json) == _groups(preview.json)  # the preview was the plan
    rounds = _groups(published.json)
    assert sorted(rounds) == [1, 2, 3]
    for groups in rounds.values():
        assert sorted(a for g in groups for a in g) == sorted(ids.values())  # everyone, once per round
    seen = [_pairs(groups) for groups in rounds.values()]
    assert sum(len(s) for s in seen) == len(set().union(*seen))  # nobody meets anyone twice
    never = {frozenset((ids["Ana"], ids["Ben"])), frozenset((ids["Cai"], ids["Dee"]))}  # blocked, connected
    assert not never & set().union(*seen)
    assert client.post(f"{url}/publish", headers=owner["headers"]).status_code == 409

    # Each attendee sees their rounds: time, table, partner and why.
    mine = client.get(f"{base}/attendees/me/rounds", headers=crowd["Cai"]["headers"]).json["items"]
    assert [(r["round_no"], r["starts_at"]) for r in mine] == [
        (1, "2027-03-28T14:00:00Z"), (2, "2027-03-28T14:10:00Z"), (3, "2027-03-28T14:20:00Z")]
    first = mine[0]
    assert first["table_label"] == f"Table {first['table_no']}"
    partner = first["partners"][0]
    assert {partner["attendee"]["id"]} == set(next(g for g in rounds[1] if ids["Cai"] in g)) - {ids["Cai"]}
    assert "email" not in partner["attendee"]
    assert all({"kind", "text"} <= set(reason) for p in first["partners"] for reason in p["reasons"])
    agenda = client.get(f"{base}/attendees/me/agenda", headers=crowd["Cai"]["headers"]).json["items"]
    # 14:00 UTC on 28 March is 15:00 in Lisbon: summer time began at 01:00 UTC that day.
    assert [(i["kind"], i["starts_at_local"]) for i in agenda][0] == ("round", "2027-03-28T15:00:00+01:00")
    cal = icalendar.Calendar.from_ical(client.get(f"{base}/attendees/me/agenda.ics",
                                                  headers=crowd["Cai"]["headers"]).data)
    assert len(cal.walk("VEVENT")) == 3
    # Seated in a round (as everyone is), nobody can ask for or be booked in a meeting at the same time.
    during = client.post(f"{base}/slots", json={"starts_at": "2027-03-28T14:15:00Z", "ends_at": "2027-03-28T14:35:00Z"},
                         headers=owner["headers"]).json["id"]
    clash = client.post(f"{base}/meetings", json={"invitee_ids": [ids["Cai"]], "slot_id": during},
                        headers=crowd["Eva"]["headers"])
    assert clash.status_code == 409 and clash.json["errors"] == {"slot_id": ["You are not free."]}

    # Round 2 has started; Fox and Gil went home. Rounds 1 and 2 stay as they are.
    clock("2027-03-28T14:12:00Z")
    replanned = client.post(f"{url}/replan", json={"absent_ids": [ids["Fox"], ids["Gil"]]},
                            headers=owner["headers"])
    assert replanned.status_code == 200, replanned.json
    after = _groups(replanned.json)
    assert (after[1], after[2]) == (rounds[1], rounds[2])
    assert sorted(a for g in after[3] for a in g) == sorted(set(ids.values()) - {ids["Fox"], ids["Gil"]})
    assert not _pairs(after[3]) & (_pairs(after[1]) | _pairs(after[2]) | never)
    clock("2027-03-28T14:25:00Z")
    assert client.post(f"{url}/replan", json={}, headers=owner["headers"]).status_code == 409  # all started

    # Printable plan: one row per person per round; a formula-like name is neutralised.
    response = client.get(f"{url}/seating.csv", headers=owner["headers"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 8 + 8 + 6
    assert rows[0]["starts_at_local"] == "2027-03-28 15:00"
    names = {r["display_name"] for r in rows}
    assert "'=HYPERLINK(\"http://x.example\")" in names and "=HYPERLINK(\"http://x.example\")" not in names
    plan = client.get(f"{url}/seating", headers=owner["headers"]).json
    assert _groups(plan) == after

    # A second session never repeats a pair from the first.
    second = _session(client, world, name="Second round", starts_at="2027-03-29T09:00:00Z", rounds=1,
                      minutes_per_round=15)
    again = client.post(f"{base}/sessions/{second['id']}/publish", headers=owner["headers"])
    assert again.status_code == 200, again.json
    earlier = _pairs(after[1]) | _pairs(after[2]) | _pairs(after[3])
    assert not _pairs(_groups(again.json)[1]) & earlier


def test_opted_in_session_takes_only_those_who_opted_in(client, world, crowd):
    base, owner = world["base"], world["owner"]
    session = _session(client, world, participants="opted_in", rounds=1, table_count=2)
    url = f"{base}/sessions/{session['id']}"
    for name in ("Eva", "Fox", "Gil"):
        response = client.put(f"{url}/opt-in", json={"opted_in": True}, headers=crowd[name]["headers"])
        assert response.status_code == 200 and response.json == {"opted_in": True}
    listed = client.get(f"{base}/sessions", headers=crowd["Eva"]["headers"]).json["items"]
    assert [(s["id"], s["opted_in"]) for s in listed] == [(session["id"], True)]
    plan = client.post(f"{url}/publish", headers=owner["headers"]).json
    seated = sorted(p["id"] for t in plan["rounds"][0]["tables"] for p in t["attendees"])
    assert seated == sorted(crowd[n]["id"] for n in ("Eva", "Fox", "Gil"))  # three: one trio-sized table
    assert len(plan["rounds"][0]["tables"]) == 1
