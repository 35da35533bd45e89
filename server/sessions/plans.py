"""Stored seating plans: who sits where and when, for organizers (JSON, CSV) and for each attendee."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server import access, csv_export, matching_inputs
from server.access import Caller
from server.extensions import db
from server.meetings import venue
from server.sessions.models import NetworkingSession, SessionSeat


def round_times(session: NetworkingSession, round_no: int) -> tuple[datetime, datetime]:
    """Start and end of a round (1-based)."""
    start = session.starts_at + timedelta(minutes=session.minutes_per_round * (round_no - 1))
    return start, start + timedelta(minutes=session.minutes_per_round)


def tables_of(session: NetworkingSession) -> list[tuple[str, int | None]]:
    """(label, capacity) of the session's tables in number order; capacity None for numbered tables."""
    if session.location_ids:
        by_id = {t.id: t for t in venue.locations(event_id=session.event_id)}
        return [(by_id[i].name, by_id[i].capacity) for i in session.location_ids if i in by_id]
    return [(f"Table {n}", None) for n in range(1, session.table_count + 1)]


def table_label(tables: list[tuple[str, int | None]], table_no: int) -> str:
    """The label of table `table_no` (1-based) among `tables_of`; a number past them shows as "Table N"."""
    return tables[table_no - 1][0] if table_no <= len(tables) else f"Table {table_no}"


def session_in(event_id: int, session_id: int) -> NetworkingSession:
    """A networking session of this event; 404 for any other id."""
    return access.get_in_event(NetworkingSession, session_id, event_id=event_id, detail="No such session.")


def seats_of(session: NetworkingSession) -> list[dict[str, Any]]:
    """Who sits where, by round and table (without the stored reasons, which only `rounds_of` needs)."""
    rows = db.session.execute(db.select(SessionSeat.round_no, SessionSeat.table_no, SessionSeat.attendee_id,
                                        SessionSeat.partners)
                              .where(SessionSeat.session_id == session.id)
                              .order_by(SessionSeat.round_no, SessionSeat.table_no, SessionSeat.attendee_id)).all()
    return [{"round_no": r, "table_no": t, "attendee_id": a, "partners": p} for r, t, a, p in rows]


def seating_plan(*, caller: Caller, session_id: int) -> dict[str, Any]:
    """Rounds -> tables -> people, for the organizers' screens and printouts."""
    event_id = caller.event_id
    session = session_in(event_id, session_id)
    return {"session": session, "rounds": by_table(session, seats_of(session))}


def by_table(session: NetworkingSession, seats: list[dict]) -> list[dict[str, Any]]:
    """A session's seats grouped by round, then table, with public profiles."""
    _, public = matching_inputs.profiles(event_id=session.event_id, attendee_ids={s["attendee_id"] for s in seats})
    labels = tables_of(session)
    rounds: dict[int, dict[int, list[dict]]] = {}
    for seat in seats:
        rounds.setdefault(seat["round_no"], {}).setdefault(seat["table_no"], []).append(public[seat["attendee_id"]])
    return [{"round_no": r, "starts_at": round_times(session, r)[0], "ends_at": round_times(session, r)[1],
             "quality": round_quality([s for s in seats if s["round_no"] == r]),
             "tables": [{"table_no": t, "label": table_label(labels, t),
                         "attendees": people} for t, people in sorted(tables.items())]}
            for r, tables in sorted(rounds.items())]


def round_quality(seats: list[dict]) -> dict[str, Any]:
    """How well one round seats people: pairs at its tables, how many share common ground (a positive
    score), and the mean pair score. Each pair counted once."""
    scores = [p["score"] for seat in seats for p in seat.get("partners") or () if seat["attendee_id"] < p["attendee_id"]]
    return {"pairs": len(scores), "with_common_ground": sum(1 for score in scores if score > 0),
            "mean_score": round(sum(scores) / len(scores), 4) if scores else 0.0}


def seating_csv(*, caller: Caller, session_id: int) -> str:
    """The seating plan as a printable CSV, one row per person per round (see `server.csv_export`)."""
    event_id, event = caller.event_id, caller.event
    session = session_in(event_id, session_id)
    zone = ZoneInfo(event.timezone)
    rows = ((rnd["round_no"], rnd["starts_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"), table["table_no"],
             table["label"], person["id"], person["display_name"], person["company"], person["job_title"])
            for rnd in by_table(session, seats_of(session)) for table in rnd["tables"] for person in table["attendees"])
    return csv_export.text(["round", "starts_at_local", "table", "table_label", "attendee_id", "display_name",
                            "company", "job_title"], rows)


def rounds_of(*, attendee_id: int, event_id: int) -> list[dict[str, Any]]:
    """The attendee's seats in published sessions: when, which table, with whom and why."""
    rows = db.session.execute(
        db.select(SessionSeat, NetworkingSession)
        .join(NetworkingSession, NetworkingSession.id == SessionSeat.session_id)
        .where(SessionSeat.attendee_id == attendee_id, NetworkingSession.event_id == event_id,
               NetworkingSession.status == "published")
        .order_by(NetworkingSession.starts_at, SessionSeat.round_no)).all()
    partner_ids = {p["attendee_id"] for seat, _ in rows for p in seat.partners}
    _, public = matching_inputs.profiles(event_id=event_id, attendee_ids=partner_ids)
    found = []
    for seat, session in rows:
        starts_at, ends_at = round_times(session, seat.round_no)
        labels = tables_of(session)
        found.append({
            "session": session, "round_no": seat.round_no, "starts_at": starts_at, "ends_at": ends_at,
            "table_no": seat.table_no,
            "table_label": table_label(labels, seat.table_no),
            "partners": [{**p, "attendee": public[p["attendee_id"]]} for p in seat.partners
                         if p["attendee_id"] in public]})
    return found


def agenda_rounds(*, attendee_id: int, event_id: int) -> list[dict[str, Any]]:
    """The attendee's rounds as agenda items (the meetings' agenda adds its own and sorts)."""
    items = []
    for seat in rounds_of(attendee_id=attendee_id, event_id=event_id):
        session = seat["session"]
        names = ", ".join(p["attendee"]["display_name"] for p in seat["partners"])
        items.append({
            "kind": "round", "uid": f"round-{session.id}-{seat['round_no']}", "starts_at": seat["starts_at"],
            "ends_at": seat["ends_at"], "title": f"{session.name}, round {seat['round_no']}: {names}",
            "location": seat["table_label"], "status": "accepted", "session_id": session.id,
            "round_no": seat["round_no"], "table_no": seat["table_no"], "partners": seat["partners"],
            "sequence": session.sequence, "stamp": session.published_at or session.created_at,
            "description": "; ".join(r["text"] for p in seat["partners"] for r in p["reasons"]),
        })
    return items


def my_rounds(*, caller: Caller) -> list[dict[str, Any]]:
    """The caller's seat in every round of the published sessions."""
    event_id, me = caller.event_id, caller.attendee
    return rounds_of(attendee_id=me.id, event_id=event_id)


def seated_during(*, attendee_ids: set[int], starts_at: datetime, ends_at: datetime) -> set[int]:
    """Who of `attendee_ids` sits at a published session's table at some moment in [starts_at, ends_at)."""
    if not attendee_ids:
        return set()
    rows = db.session.execute(
        db.select(SessionSeat.attendee_id, SessionSeat.round_no, NetworkingSession)
        .join(NetworkingSession, NetworkingSession.id == SessionSeat.session_id)
        .where(SessionSeat.attendee_id.in_(attendee_ids), NetworkingSession.status == "published",
               NetworkingSession.starts_at < ends_at)).all()
    found = set()
    for attendee_id, round_no, session in rows:
        start, end = round_times(session, round_no)
        if start < ends_at and end > starts_at:
            found.add(attendee_id)
    return found
