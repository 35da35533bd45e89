"""Meeting requests between attendees: request, accept, decline, cancel, propose, and the outcome."""
from __future__ import annotations

from itertools import combinations

from server.extensions import db
from server.meetings.models import Meeting, MeetingParticipant


def no_show_counts(*, event_id: int) -> dict[int, int]:
    """attendee id -> how many of this event's meetings they were marked a no-show of."""
    rows = db.session.execute(
        db.select(MeetingParticipant.attendee_id, db.func.count(MeetingParticipant.id))
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event_id, MeetingParticipant.no_show.is_(True))
        .group_by(MeetingParticipant.attendee_id)
    ).all()
    return {attendee_id: count for attendee_id, count in rows}


def held_pairs(*, event_id: int) -> set[tuple[int, int]]:
    """(low, high) attendee id pairs who met in a meeting marked held (no-shows left out)."""
    rows = db.session.execute(
        db.select(MeetingParticipant.meeting_id, MeetingParticipant.attendee_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event_id, Meeting.status == "held", MeetingParticipant.no_show.is_(False),
               MeetingParticipant.response == "accepted")
    ).all()
    present: dict[int, list[int]] = {}
    for meeting_id, attendee_id in rows:
        present.setdefault(meeting_id, []).append(attendee_id)
    return {tuple(sorted(pair)) for people in present.values() for pair in combinations(people, 2)}
