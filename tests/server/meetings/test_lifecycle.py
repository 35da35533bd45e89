"""End to end over HTTP: request, counter-proposal, accept with a table assigned, agenda and .ics across
the daylight-saving change, cancel, decline, held (which connects) and no-show (which follow-ups count)."""
from datetime import datetime, timedelta, timezone

import icalendar

from server.meetings import service as meetings_service
from tests.server.meetings.conftest import API


def _post(client, url, person, body=None):
    return client.post(url, json=body, headers=person["headers"]) if body is not None else \
        client.post(url, headers=person["headers"])


def _feed(client, person):
    return [n["kind"] for n in client.get(f"{API}/me/notifications", headers=person["headers"]).json["items"]]


def _calendar(client, base, person):
    response = client.get(f"{base}/attendees/me/agenda.ics", headers=person["headers"])
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}, cal


def test_meeting_lifecycle_with_agenda_and_calendar_across_summer_time(client, app, world, clock):
    base, slots, tables, people = world["base"], world["slots"], world["tables"], world["people"]
    ana, ben, cai, dee = (people[n] for n in ("Ana", "Ben", "Cai", "Dee"))

    # Ana asks Ben for the Saturday slot; Ben is told.
    asked = _post(client, f"{base}/meetings", ana,
                  {"invitee_ids": [ben["id"]], "slot_id": slots["before"], "message": "Seed round chat?"})
    assert asked.status_code == 201, asked.json
    meeting = asked.json
    assert (meeting["status"], meeting["my_response"], meeting["location"]) == ("pending", "accepted", None)
    assert [p["attendee"]["id"] for p in meeting["participants"]] == [ana["id"], ben["id"]]
    assert "email" not in meeting["participants"][1]["attendee"]
    assert _feed(client, ben) == ["meeting_requested"]

    # Ben counter-proposes Monday (after the change to summer time), by time rather than slot id.
    moved = _post(client, f"{base}/meetings/{meeting['id']}/propose", ben, {"starts_at": "2027-03-29T11:05:00+01:00"})
    assert moved.status_code == 200, moved.json
    assert (moved.json["status"], moved.json["proposed_by_id"], moved.json["slot"]["id"]) == (
        "pending", ben["id"], slots["after"])
    assert _post(client, f"{base}/meetings/{meeting['id']}/accept", ben).status_code == 409  # his own proposal
    accepted = _post(client, f"{base}/meetings/{meeting['id']}/accept", ana)
    assert accepted.status_code == 200, accepted.json
    # No table was asked for: the smallest free one that seats two is booked.
    assert accepted.json["status"] == "accepted" and accepted.json["location"]["id"] == tables["Table A"]
    assert _feed(client, ben)[-1] == "meeting_accepted"

    # Nobody is double-booked: Cai cannot get Ana in that slot, and Ana's availability shows it.
    clash = _post(client, f"{base}/meetings", cai, {"invitee_ids": [ana["id"]], "slot_id": slots["after"]})
    assert clash.status_code == 409 and clash.mimetype == "application/problem+json"
    mine = client.get(f"{base}/attendees/me/availability", headers=ana["headers"]).json["items"]
    assert [(i["slot"]["id"], i["booked"]) for i in mine] == [
        (slots["before"], False), (slots["after"], True), (slots["later"], False)]

    # Saturday (before the change) with Cai, then cancelled by Ana.
    sat = _post(client, f"{base}/meetings", ana, {"invitee_ids": [cai["id"]], "slot_id": slots["before"]}).json
    assert _post(client, f"{base}/meetings/{sat['id']}/accept", cai).json["status"] == "accepted"
    events, cal = _calendar(client, base, ana)
    assert len(cal.walk("VTIMEZONE")) == 1 and str(cal.walk("VTIMEZONE")[0]["tzid"]) == "Europe/Lisbon"
    uid_sat = next(u for u in events if u.startswith(f"meeting-{sat['id']}-"))
    uid_mon = next(u for u in events if u.startswith(f"meeting-{meeting['id']}-"))
    saturday, monday = events[uid_sat].decoded("dtstart"), events[uid_mon].decoded("dtstart")
    # Wall-clock times in Lisbon: 10:00 WET (+00:00) on Saturday, 11:00 WEST (+01:00) on Monday.
    assert (saturday.replace(tzinfo=None), saturday.utcoffset()) == (datetime(2027, 3, 27, 10, 0), timedelta(0))
    assert (monday.replace(tzinfo=None), monday.utcoffset()) == (datetime(2027, 3, 29, 11, 0), timedelta(hours=1))
    assert monday.astimezone(timezone.utc) == datetime(2027, 3, 29, 10, 0, tzinfo=timezone.utc)
    assert events[uid_mon].decoded("dtend") - monday == timedelta(minutes=20)
    assert str(events[uid_mon]["location"]) == "Table A" and str(events[uid_mon]["status"]) == "CONFIRMED"
    sequence_before = int(events[uid_sat]["sequence"])

    agenda = client.get(f"{base}/attendees/me/agenda", headers=ana["headers"]).json
    assert agenda["timezone"] == "Europe/Lisbon"
    assert [(i["kind"], i["starts_at"], i["starts_at_local"]) for i in agenda["items"]] == [
        ("meeting", "2027-03-27T10:00:00Z", "2027-03-27T10:00:00+00:00"),
        ("meeting", "2027-03-29T10:00:00Z", "2027-03-29T11:00:00+01:00")]

    assert _post(client, f"{base}/meetings/{sat['id']}/cancel", ana).json["status"] == "cancelled"
    events, _ = _calendar(client, base, ana)
    assert str(events[uid_sat]["status"]) == "CANCELLED"  # same UID, so calendars drop the entry
    assert int(events[uid_sat]["sequence"]) > sequence_before
    assert [i["meeting_id"] for i in client.get(f"{base}/attendees/me/agenda", headers=ana["headers"]).json[
        "items"]] == [meeting["id"]]
    assert "meeting_cancelled" in _feed(client, cai)
    # The slot and the table are free again.
    again = _post(client, f"{base}/meetings", dee, {"invitee_ids": [cai["id"]], "slot_id": slots["before"],
                                                    "location_id": tables["Table A"]}).json
    assert _post(client, f"{base}/meetings/{again['id']}/decline", cai).json["status"] == "declined"

    # Outcomes only once the slot has started; held connects the two.
    assert _post(client, f"{base}/meetings/{meeting['id']}/outcome", ben, {"outcome": "held"}).status_code == 409
    clock("2027-03-29T10:25:00Z")
    held = _post(client, f"{base}/meetings/{meeting['id']}/outcome", ben, {"outcome": "held"})
    assert held.status_code == 200 and held.json["status"] == "held"
    connections = client.get(f"{base}/connections", headers=ana["headers"]).json["items"]
    assert [(c["attendee"]["id"], c["origin"]) for c in connections] == [(ben["id"], "meeting")]
    assert _post(client, f"{base}/meetings/{meeting['id']}/outcome", ana, {"outcome": "held"}).status_code == 409

    # Cai does not come to the later slot: Ana reports it; follow-ups read the counts.
    clock("2027-03-28T12:00:00Z")
    later = _post(client, f"{base}/meetings", ana, {"invitee_ids": [cai["id"]], "slot_id": slots["later"]}).json
    _post(client, f"{base}/meetings/{later['id']}/accept", cai)
    clock("2027-03-29T10:35:00Z")
    reported = _post(client, f"{base}/meetings/{later['id']}/outcome", ana, {"outcome": "no_show"})
    assert reported.status_code == 200 and reported.json["status"] == "no_show"
    assert [(p["attendee"]["id"], p["no_show"]) for p in reported.json["participants"]] == [
        (ana["id"], False), (cai["id"], True)]
    with app.app_context():
        assert meetings_service.no_show_counts(event_id=world["event"]["id"]) == {cai["id"]: 1}
        assert meetings_service.held_pairs(event_id=world["event"]["id"]) == {tuple(sorted((ana["id"], ben["id"])))}


def test_group_meeting_books_a_table_that_seats_everyone(client, world):
    base, slots, tables, people = world["base"], world["slots"], world["tables"], world["people"]
    ana, ben, cai, dee = (people[n] for n in ("Ana", "Ben", "Cai", "Dee"))
    group = _post(client, f"{base}/meetings", ana, {"invitee_ids": [ben["id"], cai["id"], dee["id"]],
                                                    "slot_id": slots["later"]}).json
    assert _post(client, f"{base}/meetings/{group['id']}/accept", ben).json["status"] == "pending"
    assert _post(client, f"{base}/meetings/{group['id']}/decline", dee).json["status"] == "pending"
    done = _post(client, f"{base}/meetings/{group['id']}/accept", cai).json
    # Three still come: Table A seats two, so Table B is booked.
    assert (done["status"], done["location"]["id"]) == ("accepted", tables["Table B"])
    assert [p["response"] for p in done["participants"]] == ["accepted", "accepted", "accepted", "declined"]
    # A group of four does not fit the two-seat table.
    too_many = _post(client, f"{base}/meetings", dee, {"invitee_ids": [ana["id"], ben["id"], cai["id"]],
                                                       "slot_id": slots["before"], "location_id": tables["Table A"]})
    assert too_many.status_code == 422 and "invitee_ids" in too_many.json["errors"]
