"""What each webhook carries: ids and fields the organizer already sees through the API, minus
anything an attendee keeps to themselves (contact fields they did not share, notes, follow-ups,
messages, meeting requests' text).

Features call these with their rows, just before their own commit.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from server.attendees.models import CONTACT_FIELDS
from server.webhooks.outbox import emit

__all__ = ["attendee", "checked_in", "connection", "meeting", "import_finished", "session_published"]
# The organizer reads all of these through the API (department, team and office included), so their systems may too.
PROFILE_FIELDS = ("display_name", "status", "company", "job_title", "industry", "department", "team", "office",
                  "goals", "interests", "external_id")


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def attendee(row, *, type_: str) -> None:
    """attendee.created / attendee.updated: the profile, with only the contact fields it shares."""
    data: dict[str, Any] = {"id": row.id, "event_id": row.event_id}
    data.update({name: getattr(row, name) for name in PROFILE_FIELDS})
    data.update({name: getattr(row, name) for name in CONTACT_FIELDS if name in (row.shared_fields or [])})
    emit(event_id=row.event_id, type_=type_, data=data)


def checked_in(row) -> None:
    """Queue `attendee.checked_in`."""
    emit(event_id=row.event_id, type_="attendee.checked_in", data={
        "attendee_id": row.attendee_id, "event_id": row.event_id, "method": row.method,
        "checked_in_at": _time(row.checked_in_at)})


def connection(row, a, b) -> None:
    """Queue `connection.created` for two attendees' new connection."""
    emit(event_id=a.event_id, type_="connection.created", data={
        "id": row.id, "event_id": a.event_id, "attendee_ids": sorted((a.id, b.id)), "origin": row.origin})


def meeting(row, slot, *, type_: str) -> None:
    """meeting.booked / meeting.cancelled: who, when and where; never the request's message."""
    emit(event_id=row.event_id, type_=type_, data={
        "id": row.id, "event_id": row.event_id, "status": row.status,
        "attendee_ids": sorted(p.attendee_id for p in row.participants if p.response != "declined"),
        "slot_id": row.slot_id, "starts_at": _time(slot.starts_at), "ends_at": _time(slot.ends_at),
        "location_id": row.location_id})


def import_finished(row) -> None:
    """Queue `import.finished` (one per import)."""
    emit(event_id=row.event_id, type_="import.finished", data={
        "id": row.id, "event_id": row.event_id, "status": row.status, "rows_total": row.rows_total,
        "created": row.created, "updated": row.updated, "unchanged": row.unchanged,
        "failed_rows": row.failed_rows})


def session_published(row) -> None:
    """Queue `session.published`."""
    emit(event_id=row.event_id, type_="session.published", data={
        "id": row.id, "event_id": row.event_id, "name": row.name, "starts_at": _time(row.starts_at),
        "rounds": row.rounds, "minutes_per_round": row.minutes_per_round, "published_at": _time(row.published_at)})
