"""Who may do what: attendees see only their own meetings and rounds, organizers only their own events.

Ana asked Ben to meet; Cai is in the same event but not in the meeting; the owner organizes the
event; another organizer owns another event, where an outsider attends. Anonymous -> 401; no role
in the event -> 404; an attendee doing organizer work -> 403; an organizer with no profile in the
event cannot act as an attendee (403).
"""
import pytest

from tests.factories import create_event, join_event, signup_organizer
from tests.server.meetings.conftest import API

PROBLEM = "application/problem+json"


@pytest.fixture
def setup(client, app, world):
    base, owner, people = world["base"], world["owner"], world["people"]
    other_org = signup_organizer(client)
    other_event = create_event(client, other_org["headers"], name="Elsewhere")
    outsider = join_event(client, app, other_event, display_name="Out")
    meeting = client.post(f"{base}/meetings", json={"invitee_ids": [people["Ben"]["id"]],
                                                    "slot_id": world["slots"]["after"], "message": "private note"},
                          headers=people["Ana"]["headers"]).json
    for person in people.values():
        client.post(f"{base}/check-ins", json={"attendee_id": person["id"]}, headers=owner["headers"])
    session = client.post(f"{base}/sessions", json={
        "name": "Speed", "starts_at": "2027-03-28T14:00:00Z", "rounds": 1, "minutes_per_round": 10,
        "participants": "checked_in", "table_count": 2}, headers=owner["headers"]).json
    assert client.post(f"{base}/sessions/{session['id']}/publish", headers=owner["headers"]).status_code == 200
    headers = {"anonymous": {}, "ana": people["Ana"]["headers"], "ben": people["Ben"]["headers"],
               "cai": people["Cai"]["headers"], "owner": owner["headers"], "other_organizer": other_org["headers"],
               "outsider": outsider["headers"]}
    return {"base": base, "meeting": meeting["id"], "session": session["id"], "headers": headers,
            "slot": world["slots"]["before"], "ana": people["Ana"]["id"]}


ENDPOINTS = {
    "meeting": ("GET", "{base}/meetings/{meeting}"),
    "accept": ("POST", "{base}/meetings/{meeting}/accept"),
    "cancel": ("POST", "{base}/meetings/{meeting}/cancel"),
    "propose": ("POST", "{base}/meetings/{meeting}/propose"),
    "agenda": ("GET", "{base}/attendees/me/agenda"),
    "agenda_ics": ("GET", "{base}/attendees/me/agenda.ics"),
    "rounds": ("GET", "{base}/attendees/me/rounds"),
    "create_slot": ("POST", "{base}/slots"),
    "check_in": ("POST", "{base}/check-ins"),
    "check_ins": ("GET", "{base}/check-ins"),
    "seating": ("GET", "{base}/sessions/{session}/seating"),
    "seating_csv": ("GET", "{base}/sessions/{session}/seating.csv"),
    "publish": ("POST", "{base}/sessions/{session}/publish"),
    "replan": ("POST", "{base}/sessions/{session}/replan"),
}
BODIES = {"propose": lambda s: {"slot_id": s["slot"]},
          "create_slot": lambda s: {"starts_at": "2027-03-28T09:00:00Z", "ends_at": "2027-03-28T09:20:00Z"},
          "check_in": lambda s: {"attendee_id": s["ana"]}, "replan": lambda s: {"played_rounds": 0}}

CASES = [
    # Meetings: only the people in them.
    ("meeting", "anonymous", 401), ("meeting", "ana", 200), ("meeting", "ben", 200), ("meeting", "cai", 404),
    ("meeting", "owner", 403), ("meeting", "other_organizer", 404), ("meeting", "outsider", 404),
    ("accept", "cai", 404), ("accept", "outsider", 404), ("accept", "ana", 409), ("accept", "ben", 200),
    ("cancel", "cai", 404), ("cancel", "other_organizer", 404), ("cancel", "ben", 200),
    ("propose", "cai", 404), ("propose", "outsider", 404), ("propose", "ana", 200),
    # The caller's own agenda and rounds, inside events they attend.
    ("agenda", "anonymous", 401), ("agenda", "cai", 200), ("agenda", "owner", 403),
    ("agenda", "other_organizer", 404), ("agenda", "outsider", 404),
    ("agenda_ics", "outsider", 404), ("agenda_ics", "ana", 200),
    ("rounds", "outsider", 404), ("rounds", "other_organizer", 404), ("rounds", "cai", 200),
    # Organizer work: the event's organizers only.
    ("create_slot", "ana", 403), ("create_slot", "other_organizer", 404), ("create_slot", "outsider", 404),
    ("create_slot", "anonymous", 401), ("create_slot", "owner", 201),
    ("check_in", "ana", 403), ("check_in", "other_organizer", 404), ("check_in", "owner", 200),
    ("check_ins", "cai", 403), ("check_ins", "other_organizer", 404),
    ("seating", "ana", 403), ("seating", "other_organizer", 404), ("seating", "owner", 200),
    ("seating_csv", "cai", 403), ("seating_csv", "other_organizer", 404), ("seating_csv", "owner", 200),
    ("publish", "ana", 403), ("publish", "other_organizer", 404), ("publish", "owner", 409),
    ("replan", "ana", 403), ("replan", "other_organizer", 404), ("replan", "owner", 200),
]


CALLERS = sorted({caller for _, caller, _ in CASES})


@pytest.mark.parametrize("caller", CALLERS)
def test_who_may_do_what(client, setup, caller):
    """Every row of CASES for one caller, in table order (one world per caller keeps this fast;
    the rows that change something come after those that only look)."""
    for endpoint, _, expected in [case for case in CASES if case[1] == caller]:
        method, template = ENDPOINTS[endpoint]
        body = BODIES.get(endpoint, lambda s: None)(setup)
        response = client.open(template.format(**setup), method=method, json=body, headers=setup["headers"][caller])
        assert response.status_code == expected, (endpoint, response.get_data(as_text=True)[:300])
        if expected >= 400:
            assert response.mimetype == PROBLEM, endpoint
            assert "private note" not in response.get_data(as_text=True)


def test_lists_hold_only_the_callers_own_meetings_and_rounds(client, setup):
    base, headers = setup["base"], setup["headers"]
    assert [m["id"] for m in client.get(f"{base}/meetings", headers=headers["ana"]).json["items"]] == [setup["meeting"]]
    assert client.get(f"{base}/meetings", headers=headers["cai"]).json["items"] == []
    for name in ("ana", "ben", "cai"):
        me = client.get(f"{base}/attendees/me", headers=headers[name]).json["id"]
        items = client.get(f"{base}/attendees/me/rounds", headers=headers[name]).json["items"]
        plan = client.get(f"{base}/sessions/{setup['session']}/seating", headers=headers["owner"]).json
        tables = [{p["id"] for p in t["attendees"]} for t in plan["rounds"][0]["tables"]]
        mine = next(t for t in tables if me in t)
        assert [{p["attendee"]["id"] for p in r["partners"]} for r in items] == [mine - {me}]
        agenda = client.get(f"{base}/attendees/me/agenda", headers=headers[name]).json["items"]
        assert all(name != "cai" or i["kind"] == "round" for i in agenda)
    assert client.get(f"{API}/events/{setup['base'].rsplit('/', 1)[1]}/meetings",
                      headers=headers["outsider"]).status_code == 404
