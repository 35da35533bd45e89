"""Bad input gets a 4xx problem+json naming the field, never a 5xx, and writes nothing."""
import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.meetings import models
from server.sessions import models as sessions_models

PROBLEM = "application/problem+json"
BIG = 2**40
# (what, who, method, path, body, status, field): path and body may name {slot} {closed} {table} {ana}
# {ben} {dee} {session} {meeting}; who is ana (attendee) or owner (organizer).
CASES = [
    ("slot outside the event", "owner", "POST", "slots",
     {"starts_at": "2027-03-26T10:00:00Z", "ends_at": "2027-03-26T10:20:00Z"}, 422, "starts_at"),
    ("slot ending past the event", "owner", "POST", "slots",
     {"starts_at": "2027-03-29T17:50:00Z", "ends_at": "2027-03-29T18:10:00Z"}, 422, "starts_at"),
    ("slot ending before it starts", "owner", "POST", "slots",
     {"starts_at": "2027-03-28T10:20:00Z", "ends_at": "2027-03-28T10:00:00Z"}, 422, "ends_at"),
    ("overlapping slots", "owner", "POST", "slots",
     {"starts_at": "2027-03-27T10:10:00Z", "ends_at": "2027-03-27T10:30:00Z"}, 409, "starts_at"),
    ("naive datetime", "owner", "POST", "slots",
     {"starts_at": "2027-03-28T10:00:00", "ends_at": "2027-03-28T10:20:00Z"}, 422, "starts_at"),
    ("moving a slot onto another", "owner", "PATCH", "slots/{slot}",
     {"starts_at": "2027-03-29T10:30:00Z", "ends_at": "2027-03-29T10:40:00Z"}, 409, "starts_at"),
    ("table of 0", "owner", "POST", "locations", {"name": "T", "capacity": 0}, 422, "capacity"),
    ("table of 1", "owner", "POST", "locations", {"name": "T", "capacity": 1}, 422, "capacity"),
    ("table of 100", "owner", "POST", "locations", {"name": "T", "capacity": 100}, 422, "capacity"),
    ("capacity as text", "owner", "POST", "locations", {"name": "T", "capacity": "4"}, 422, "capacity"),
    ("table without a name", "owner", "POST", "locations", {"name": "  ", "capacity": 4}, 422, "name"),
    ("meeting with oneself", "ana", "POST", "meetings", {"invitee_ids": ["{ana}"], "slot_id": "{slot}"},
     422, "invitee_ids.0"),
    ("meeting with a blocked person", "ana", "POST", "meetings", {"invitee_ids": ["{dee}"], "slot_id": "{slot}"},
     404, "invitee_ids.0"),
    ("unknown invitee", "ana", "POST", "meetings", {"invitee_ids": [999999], "slot_id": "{slot}"},
     404, "invitee_ids.0"),
    ("invitee id past the id range", "ana", "POST", "meetings", {"invitee_ids": [BIG], "slot_id": "{slot}"},
     422, "invitee_ids.0"),
    ("nobody invited", "ana", "POST", "meetings", {"invitee_ids": [], "slot_id": "{slot}"}, 422, "invitee_ids"),
    ("invited twice", "ana", "POST", "meetings", {"invitee_ids": ["{ben}", "{ben}"], "slot_id": "{slot}"},
     422, "invitee_ids.1"),
    ("slot and time both", "ana", "POST", "meetings",
     {"invitee_ids": ["{ben}"], "slot_id": "{slot}", "starts_at": "2027-03-27T10:00:00Z"}, 422, "slot_id"),
    ("neither slot nor time", "ana", "POST", "meetings", {"invitee_ids": ["{ben}"]}, 422, "slot_id"),
    ("unknown slot", "ana", "POST", "meetings", {"invitee_ids": ["{ben}"], "slot_id": 999999}, 404, "slot_id"),
    ("closed slot", "ana", "POST", "meetings", {"invitee_ids": ["{ben}"], "slot_id": "{closed}"}, 422, "slot_id"),
    ("time in no slot", "ana", "POST", "meetings",
     {"invitee_ids": ["{ben}"], "starts_at": "2027-03-28T03:00:00Z"}, 422, "starts_at"),
    ("naive meeting time", "ana", "POST", "meetings",
     {"invitee_ids": ["{ben}"], "starts_at": "2027-03-27T10:00:00"}, 422, "starts_at"),
    ("unknown table", "ana", "POST", "meetings",
     {"invitee_ids": ["{ben}"], "slot_id": "{slot}", "location_id": 999999}, 404, "location_id"),
    ("message too long", "ana", "POST", "meetings",
     {"invitee_ids": ["{ben}"], "slot_id": "{slot}", "message": "x" * 501}, 422, "message"),
    ("unknown outcome", "ana", "POST", "meetings/{meeting}/outcome", {"outcome": "maybe"}, 422, "outcome"),
    ("unknown meeting", "ana", "POST", "meetings/999999/accept", None, 404, None),
    ("busy in an unknown slot", "ana", "PUT", "attendees/me/availability", {"busy_slot_ids": [999999]},
     404, "busy_slot_ids.0"),
    ("check-in with nothing", "owner", "POST", "check-ins", {}, 422, "attendee_id"),
    ("check-in with a forged badge", "owner", "POST", "check-ins", {"token": "not-a-token"}, 422, "token"),
    ("check-in of an unknown attendee", "owner", "POST", "check-ins", {"attendee_id": 999999}, 404, "attendee_id"),
    ("rounds < 1", "owner", "POST", "sessions", {"rounds": 0}, 422, "rounds"),
    ("negative minutes", "owner", "POST", "sessions", {"minutes_per_round": -5}, 422, "minutes_per_round"),
    ("unknown participants rule", "owner", "POST", "sessions", {"participants": "everyone"}, 422, "participants"),
    ("groups of five", "owner", "POST", "sessions", {"group_size": 5}, 422, "group_size"),
    ("no tables", "owner", "POST", "sessions", {"table_count": None}, 422, "table_count"),
    ("zero tables", "owner", "POST", "sessions", {"table_count": 0}, 422, "table_count"),
    ("tables by count and by name", "owner", "POST", "sessions", {"location_ids": ["{table}"]}, 422, "table_count"),
    ("unknown named table", "owner", "POST", "sessions", {"table_count": None, "location_ids": [999999]},
     404, "location_ids.0"),
    ("session past the event's end", "owner", "POST", "sessions", {"starts_at": "2027-03-29T17:55:00Z"},
     422, "starts_at"),
    ("naive session start", "owner", "POST", "sessions", {"starts_at": "2027-03-28T14:00:00"}, 422, "starts_at"),
    ("publish with fewer than two people", "owner", "POST", "sessions/{session}/publish", None, 409, "participants"),
    ("unknown session", "owner", "GET", "sessions/999999/preview", None, 404, None),
    ("re-plan before publishing", "owner", "POST", "sessions/{session}/replan", {}, 409, None),
    ("re-plan with a negative played count", "owner", "POST", "sessions/{session}/replan", {"played_rounds": -1},
     422, "played_rounds"),
    ("re-plan with an unknown absentee", "owner", "POST", "sessions/{session}/replan", {"absent_ids": [999999]},
     404, "absent_ids.0"),
]
SESSION = {"name": "Speed", "starts_at": "2027-03-28T14:00:00Z", "rounds": 2, "minutes_per_round": 10,
           "participants": "checked_in", "table_count": 4}


def _fill(value, names):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in names:
        return names[value[1:-1]]
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


def _rows(app) -> int:
    with app.app_context():
        tables = (models.MeetingSlot, models.MeetingLocation, models.Meeting, models.MeetingParticipant,
                  models.Booking, models.CheckIn, models.BusySlot, sessions_models.NetworkingSession,
                  sessions_models.SessionSeat)
        return sum(db.session.execute(select(func.count()).select_from(t)).scalar_one() for t in tables)


@pytest.fixture
def names(client, world):
    base, owner, people = world["base"], world["owner"], world["people"]
    assert client.post(f"{base}/blocks", json={"attendee_id": people["Dee"]["id"]},
                       headers=people["Ana"]["headers"]).status_code in (200, 201)
    closed = client.post(f"{base}/slots", json={"starts_at": "2027-03-28T09:00:00Z", "ends_at": "2027-03-28T09:20:00Z",
                                                "open_for_meetings": False}, headers=owner["headers"]).json["id"]
    meeting = client.post(f"{base}/meetings", json={"invitee_ids": [people["Ben"]["id"]],
                                                    "slot_id": world["slots"]["before"]},
                          headers=people["Ana"]["headers"]).json["id"]
    session = client.post(f"{base}/sessions", json=SESSION, headers=owner["headers"]).json["id"]
    return {"slot": world["slots"]["before"], "closed": closed, "table": world["tables"]["Table A"],
            "ana": people["Ana"]["id"], "ben": people["Ben"]["id"], "dee": people["Dee"]["id"],
            "meeting": meeting, "session": session}


@pytest.mark.parametrize("who", ["owner", "ana"])
def test_bad_input_is_a_4xx_problem_naming_the_field_and_writes_nothing(client, app, world, names, who):
    headers = {"owner": world["owner"]["headers"], "ana": world["people"]["Ana"]["headers"]}
    before = _rows(app)
    for what, caller, method, path, body, status, field in CASES:
        if caller != who:
            continue
        if path == "sessions" and body is not None:
            body = {k: v for k, v in {**SESSION, **body}.items() if v is not None}
        response = client.open(f"{world['base']}/{_fill(path, names)}", method=method, json=_fill(body, names),
                               headers=headers[caller])
        assert response.status_code == status, (what, response.get_data(as_text=True)[:400])
        assert response.mimetype == PROBLEM, what
        if field:
            assert field in (response.json.get("errors") or {}), (what, response.json)
    assert _rows(app) == before
