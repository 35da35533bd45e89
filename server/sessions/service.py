"""Speed-networking sessions: create, opt in, preview, publish, re-plan, and who sits where.

Who meets whom comes from `matching.plan_rounds` (see `seating`): everyone seated every round,
nobody twice (also across earlier sessions, existing connections and held meetings), blocked
pairs never. Published seats are rows; a re-plan rewrites only rounds that have not started.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any

from server import matching_inputs, outbox_sender
from server.access import Caller
from server.attendees import service as attendees_service
from server.connections import service as connections_service
from server.errors import Conflict, NotFound, ValidationFailed
from server.events.models import Event
from server.extensions import db
from server.meetings import service as meetings_service, venue
from server.sessions import plans, seating
from server.sessions.models import NetworkingSession, SessionOptIn, SessionSeat
from server.types import utcnow
from server.webhooks import payloads as webhooks


def create(*, caller: Caller, data: dict[str, Any]) -> NetworkingSession:
    """A draft session inside the event's time, with tables by count or by named tables (organizers)."""
    event_id, event = caller.event_id, caller.event
    data = dict(data)
    location_ids = data.pop("location_ids", None)
    if data.get("mix_departments") and data.get("group_size", 2) != 3:
        raise ValidationFailed("mix_departments", "Mixing departments needs group_size 3 (tables of 3-4).")
    if (location_ids is None) == (data.get("table_count") is None):
        raise ValidationFailed("table_count", "Give table_count or location_ids.")
    for index, location_id in enumerate(location_ids or ()):
        table = venue.get_location(event_id=event_id, location_id=location_id, field=f"location_ids.{index}")
        if table.capacity < data.get("group_size", 2):
            raise ValidationFailed(f"location_ids.{index}", f"{table.name} seats {table.capacity}.")
    if location_ids and len(set(location_ids)) != len(location_ids):
        raise ValidationFailed("location_ids", "Each table once.")
    session = NetworkingSession(event_id=event_id, location_ids=location_ids or [], **data)
    end = plans.round_times(session, session.rounds)[1]
    if session.starts_at < event.starts_at or end > event.ends_at:
        raise ValidationFailed("starts_at", "All rounds must lie within the event's starts_at..ends_at.")
    db.session.add(session)
    db.session.commit()
    return session


def _locked(caller: Caller, session_id: int) -> tuple[Event, NetworkingSession]:
    """Organizer access, then the session write-locked (as `meetings.answers._locked` does a meeting)."""
    event, event_id = caller.event, caller.event_id
    db.session.execute(db.update(NetworkingSession).where(NetworkingSession.id == session_id)
                       .values(sequence=NetworkingSession.sequence))
    session = plans.session_in(event_id, session_id)
    db.session.refresh(session)
    return event, session


def list_sessions(*, caller: Caller) -> list[tuple[NetworkingSession, bool | None]]:
    """The event's sessions, with whether the caller opted in (None for organizers without a profile)."""
    me = caller.attendee
    rows = db.session.execute(db.select(NetworkingSession).where(NetworkingSession.event_id == caller.event_id)
                              .order_by(NetworkingSession.starts_at, NetworkingSession.id)).scalars().all()
    if not caller.is_organizer:
        rows = [s for s in rows if s.status == "published" or s.participants == "opted_in"]
    opted = set(db.session.execute(db.select(SessionOptIn.session_id).where(
        SessionOptIn.attendee_id == me.id)).scalars()) if me else set()
    return [(s, (s.id in opted) if me else None) for s in rows]


def get(*, caller: Caller, session_id: int) -> NetworkingSession:
    """One networking session of the event."""
    event_id = caller.event_id
    return plans.session_in(event_id, session_id)


def delete(*, caller: Caller, session_id: int) -> None:
    """Delete a networking session and its seats."""
    event_id = caller.event_id
    db.session.delete(plans.session_in(event_id, session_id))
    db.session.commit()


def opt_in(*, caller: Caller, session_id: int, opted_in: bool) -> bool:
    """Take part in (or leave) a session that takes those who opted in; published plans change on re-plan."""
    event_id, me = caller.event_id, caller.attendee
    session = plans.session_in(event_id, session_id)
    if session.participants != "opted_in":
        raise Conflict("This session seats everyone checked in; there is nothing to opt into.")
    row = db.session.execute(db.select(SessionOptIn).where(
        SessionOptIn.session_id == session.id, SessionOptIn.attendee_id == me.id)).scalar_one_or_none()
    if opted_in and row is None:
        db.session.add(SessionOptIn(session_id=session.id, attendee_id=me.id))
    elif not opted_in and row is not None:
        db.session.delete(row)
    db.session.commit()
    return opted_in


def participant_ids(session: NetworkingSession) -> set[int]:
    """Who takes part now: checked in, or opted in; minus people reported absent."""
    if session.participants == "checked_in":
        found = venue.checked_in_ids(event_id=session.event_id)
    else:
        found = set(db.session.execute(db.select(SessionOptIn.attendee_id).where(
            SessionOptIn.session_id == session.id)).scalars())
    return found - set(session.absent_ids or ())


def _pairs(groups) -> set[tuple[int, int]]:
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}


def _seat_groups(session_ids: list[int], *, max_round: int | None = None) -> dict[tuple, list[int]]:
    """(session, round, table) -> attendee ids, for the given sessions (up to `max_round`)."""
    stmt = db.select(SessionSeat.session_id, SessionSeat.round_no, SessionSeat.table_no, SessionSeat.attendee_id)\
        .where(SessionSeat.session_id.in_(session_ids))
    if max_round is not None:
        stmt = stmt.where(SessionSeat.round_no <= max_round)
    groups: dict[tuple, list[int]] = {}
    for session_id, round_no, table_no, attendee_id in db.session.execute(stmt).all():
        groups.setdefault((session_id, round_no, table_no), []).append(attendee_id)
    return groups


def _constraints(session: NetworkingSession, public: dict[int, dict], played: int):
    """(met, blocked) attendee pairs: connections, held meetings, earlier sessions, rounds played here."""
    account_of = {pid: p["account_id"] for pid, p in public.items()}
    attendee_of = {a: pid for pid, a in account_of.items()}
    accounts = set(attendee_of)
    met = {tuple(sorted((attendee_of[a], attendee_of[b])))
           for a, b in connections_service.connected_pairs(account_ids=accounts)}
    blocked = {tuple(sorted((attendee_of[a], attendee_of[b])))
               for a, b in connections_service.blocked_pairs(account_ids=accounts)}
    met |= meetings_service.held_pairs(event_id=session.event_id)
    others = list(db.session.execute(db.select(NetworkingSession.id).where(
        NetworkingSession.event_id == session.event_id, NetworkingSession.id != session.id,
        NetworkingSession.status == "published")).scalars())
    met |= _pairs(_seat_groups(others).values())
    if played:
        met |= _pairs(_seat_groups([session.id], max_round=played).values())
    return met, blocked


def _plan(event: Event, session: NetworkingSession, played: int) -> list[dict[str, Any]]:
    """Seats for rounds played+1..rounds: [{round_no, table_no, attendee_id, partners}]."""
    people, public = matching_inputs.profiles(event_id=event.id, attendee_ids=participant_ids(session))
    if len(people) < 2:
        raise Conflict("Fewer than two participants: nobody can be seated.",
                       errors={"participants": ["At least two people must take part."]})
    met, blocked = _constraints(session, public, played)
    groups_by_round, index = seating.plan(event, people, session.rounds - played, met=met, blocked=blocked,
                                          group_size=session.group_size, mix_departments=session.mix_departments)
    tables = plans.tables_of(session)
    seats = []
    for offset, groups in enumerate(groups_by_round):
        for group, table_no in zip(groups, seating.tables_for(groups, tables)):
            for attendee_id in group:
                seats.append({"round_no": played + offset + 1, "table_no": table_no, "attendee_id": attendee_id,
                              "partners": seating.partners(index, group, attendee_id, event)})
    return seats


def preview(*, caller: Caller, session_id: int) -> dict[str, Any]:
    """The plan as it would be published now (the stored one once published); nothing is stored."""
    event_id, event = caller.event_id, caller.event
    session = plans.session_in(event_id, session_id)
    seats = plans.seats_of(session) if session.status == "published" else _plan(event, session, 0)
    return {"session": session, "rounds": plans.by_table(session, seats)}


def publish(*, caller: Caller, session_id: int) -> dict[str, Any]:
    """Plan every round and store the seats; attendees see their tables from now on (organizers)."""
    event, session = _locked(caller, session_id)
    if session.status == "published":
        raise Conflict("Already published; re-plan the remaining rounds instead.")
    seats = _plan(event, session, 0)
    _store(session, seats)
    session.status, session.published_at = "published", utcnow()
    session.sequence += 1
    webhooks.session_published(session)
    outbox_sender.wake_after_commit(db.session, "push")  # the push sender plans its look at the first round
    db.session.commit()
    return {"session": session, "rounds": plans.by_table(session, plans.seats_of(session))}


def replan(*, caller: Caller, session_id: int, played_rounds: int | None = None,
           absent_ids: list[int] = ()) -> dict[str, Any]:
    """Re-plan the rounds not yet started for who is here now; started rounds are never touched."""
    event_id = caller.event_id
    event, session = _locked(caller, session_id)
    for index, attendee_id in enumerate(absent_ids):
        try:
            attendees_service.in_event(event_id=event_id, attendee_id=attendee_id)
        except NotFound:
            raise NotFound("No such attendee in this event.",
                           errors={f"absent_ids.{index}": ["Unknown attendee."]}) from None
    if session.status != "published":
        raise Conflict("Publish the session first.")
    now = utcnow()
    started = sum(1 for r in range(1, session.rounds + 1) if plans.round_times(session, r)[0] <= now)
    played = max(started, played_rounds or 0)
    if played > session.rounds:
        raise ValidationFailed("played_rounds", f"The session has {session.rounds} rounds.")
    if played == session.rounds:
        raise Conflict("Every round has started; nothing is left to re-plan.")
    session.absent_ids = sorted(set(session.absent_ids or ()) | set(absent_ids))
    seats = _plan(event, session, played)
    db.session.execute(db.delete(SessionSeat).where(SessionSeat.session_id == session.id,
                                                    SessionSeat.round_no > played))
    _store(session, seats)
    session.sequence += 1
    db.session.commit()
    return {"session": session, "rounds": plans.by_table(session, plans.seats_of(session))}


def _store(session: NetworkingSession, seats: list[dict]) -> None:
    db.session.execute(db.insert(SessionSeat), [{"session_id": session.id, **seat} for seat in seats])
