"""The one notification policy: what is pushed, to which devices, when, and with which words.

- per-kind preferences (`muted_kinds`) and quiet hours in the event's time zone: a push that
  falls in quiet hours waits for their end (the feed has it at once);
- one collapse key per kind and event: while a push is still waiting, a newer one of the same key
  replaces it and counts (a burst of messages becomes one banner, "3 new");
- the payload names only the kind by default; names, times and titles only with `previews`.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server.push.models import PushSettings

TITLES = {
    "intro_received": "New intro request", "intro_accepted": "Your intro was accepted",
    "mutual_match": "It's a match", "connection_scanned": "New connection",
    "meeting_requested": "Meeting request", "meeting_accepted": "Meeting accepted",
    "meeting_proposed": "A new time was proposed", "meeting_cancelled": "Meeting cancelled",
    "message_received": "New message", "message_report_resolved": "Your report was reviewed",
    "messaging_suspended": "Messaging suspended", "webhook_disabled": "A webhook was disabled",
    "announcement": "Announcement", "round_starting": "Your next round is starting",
}
# What `previews` adds to the banner, where the kind's data has it.
PREVIEW_FIELDS = ("display_name", "starts_at", "title")
# Ids the app needs to open the right screen: no text.
ID_FIELDS = ("intro_id", "meeting_id", "conversation_id", "attendee_id", "announcement_id", "session_id", "round_no")


def collapse_key(kind: str, event_id: int | None) -> str:
    return f"{kind}:{event_id or 0}"


def _parse(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def quiet_until(settings: PushSettings | None, zone: str | None, now: datetime) -> datetime | None:
    """When quiet hours that hold `now` end (UTC), or None when pushing now is fine."""
    if settings is None or not settings.quiet_start or not settings.quiet_end:
        return None
    tz = ZoneInfo(zone or "UTC")
    local = now.astimezone(tz)
    start, end = _parse(settings.quiet_start), _parse(settings.quiet_end)
    clock = local.time().replace(second=0, microsecond=0)
    inside = (start <= clock < end) if start < end else (clock >= start or clock < end)
    if not inside:
        return None
    ends = datetime.combine(local.date(), end, tz)
    if ends <= local:
        ends = datetime.combine(local.date() + timedelta(days=1), end, tz)
    return ends.astimezone(now.tzinfo)


def wanted(settings: PushSettings | None, kind: str) -> bool:
    return settings is None or kind not in (settings.muted_kinds or [])


def payload(kind: str, event_id: int | None, data: dict[str, Any], *, previews: bool, count: int = 1) -> dict[str, Any]:
    """What the device receives: kind, ids and a generic title; text from `data` only with previews."""
    body: dict[str, Any] = {"kind": kind, "event_id": event_id, "title": TITLES.get(kind, "Rapport"),
                            "count": count, **{k: data[k] for k in ID_FIELDS if k in data}}
    if previews:
        body["preview"] = {k: data[k] for k in PREVIEW_FIELDS if k in data}
    return body
