"""The caller's agenda (meetings and speed-networking rounds) as JSON and as an iCalendar file.

Times are UTC with `Z` plus the event's local wall-clock time with its offset, computed per
instant, so a slot after a daylight-saving change carries the new offset. The .ics file names the
event's zone (TZID with a VTIMEZONE covering the event), keeps one stable UID per meeting and
per round, and raises SEQUENCE whenever a meeting or a session's plan changes, so calendar apps
update the entries they imported instead of adding duplicates.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app

from server.access import Caller
from server.events.models import Event
from server.extensions import db
from server.meetings import service as meetings_service
from server.meetings.models import MeetingLocation, MeetingSlot
from server.sessions import plans

SHOWN = ("pending", "accepted", "held", "no_show")  # declined and cancelled meetings leave the agenda
ICS_STATUS = {"pending": "TENTATIVE", "accepted": "CONFIRMED", "held": "CONFIRMED", "no_show": "CONFIRMED",
              "declined": "CANCELLED", "cancelled": "CANCELLED"}


def local_iso(moment: datetime, zone: ZoneInfo) -> str:
    """A moment in ISO 8601 at the event's time zone."""
    return moment.astimezone(zone).isoformat()


def _items(event: Event, attendee_id: int) -> list[dict[str, Any]]:
    """Every meeting (any status) and round of the attendee, in time order."""
    items = []
    for meeting in meetings_service.meetings_of(attendee_id=attendee_id):
        slot = db.session.get(MeetingSlot, meeting.slot_id)
        location = db.session.get(MeetingLocation, meeting.location_id) if meeting.location_id else None
        described = meetings_service.describe(meeting, viewer_id=attendee_id)
        others = [p["attendee"].display_name for p in described["participants"] if p["attendee"].id != attendee_id]
        my = described["my_response"]
        items.append({
            "kind": "meeting", "uid": f"meeting-{meeting.id}", "starts_at": slot.starts_at, "ends_at": slot.ends_at,
            "title": "Meeting with " + ", ".join(others), "location": location.name if location else None,
            "status": "declined" if my == "declined" else meeting.status, "meeting_id": meeting.id,
            "sequence": meeting.sequence, "stamp": meeting.updated_at, "description": meeting.message,
        })
    items += plans.agenda_rounds(attendee_id=attendee_id, event_id=event.id)
    return sorted(items, key=lambda i: (i["starts_at"], i["uid"]))


def agenda(*, caller: Caller) -> dict[str, Any]:
    """The caller's meetings (not declined or cancelled) and rounds, in UTC and in the event's zone."""
    event_id, me = caller.event_id, caller.attendee
    event = db.session.get(Event, event_id)
    zone = ZoneInfo(event.timezone)
    items = [i for i in _items(event, me.id) if i["status"] in SHOWN]
    for item in items:
        item["starts_at_local"] = local_iso(item["starts_at"], zone)
        item["ends_at_local"] = local_iso(item["ends_at"], zone)
    return {"event_id": event.id, "timezone": event.timezone, "items": items}


def agenda_ics(*, caller: Caller) -> bytes:
    """The agenda as iCalendar: meetings (cancelled ones as STATUS:CANCELLED) and rounds."""
    event_id, me = caller.event_id, caller.attendee
    event = db.session.get(Event, event_id)
    zone = ZoneInfo(event.timezone)
    host = urlsplit(current_app.config["RAPPORT_PUBLIC_URL"]).hostname or "rapport"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Rapport//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{event.name}: my agenda")
    cal.add("x-wr-timezone", event.timezone)
    items = _items(event, me.id)
    first = min([event.starts_at, *(i["starts_at"] for i in items)]).astimezone(zone).date()
    last = max([event.ends_at, *(i["ends_at"] for i in items)]).astimezone(zone).date()
    cal.add_component(icalendar.Timezone.from_tzinfo(zone, tzid=event.timezone, first_date=first - timedelta(days=1),
                                                     last_date=last + timedelta(days=1)))
    for item in items:
        vevent = icalendar.Event()
        # Stable per meeting/round and attendee: re-imports update the same entry.
        vevent.add("uid", f"{item['uid']}-attendee-{me.id}@{host}")
        vevent.add("dtstamp", item["stamp"])
        vevent.add("sequence", item["sequence"])
        vevent.add("dtstart", item["starts_at"].astimezone(zone))
        vevent.add("dtend", item["ends_at"].astimezone(zone))
        vevent.add("summary", item["title"])
        vevent.add("status", ICS_STATUS[item["status"]])
        if item["location"]:
            vevent.add("location", item["location"])
        if item["description"]:
            vevent.add("description", item["description"])
        cal.add_component(vevent)
    return cal.to_ical()
