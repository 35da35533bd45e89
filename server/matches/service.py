"""Suggestions with reasons, feedback on them, and mutual matches.

Rows become `matching` inputs (and reasons become JSON) in `server.matching_inputs`, as for sessions.
"""
from __future__ import annotations

import functools
from typing import Any

import orjson
from sqlalchemy import bindparam, func, literal, union_all

from server import access, matching_inputs
from server.access import Caller
from server.attendees import service as attendees_service
from server.connections import service as connections_service
from server.departments import service as departments_service
from server.errors import Conflict, ValidationFailed
from server.events.models import Event
from server.extensions import db
from server.followups import service as followups_service
from server.intros import service as intros_service
from server.matches import exposure, index_cache, overrides
from server.matches.models import SuggestionFeedback
from server.notifications import service as notifications_service

POSITIVE = ("interested", "must_meet")


def event_index(event: Event | access.EventSettings) -> index_cache.EventIndex:
    """This worker's index of the event, brought up to the event's current revision."""
    return index_cache.current(
        event_key=(event.id, event.created_at, *departments_service.index_settings(event)),
        revision=event.revision,
        weights=departments_service.weights_for(event),
        # Read only when the revision moved, so the ORM object is loaded then (if not at hand).
        load_catalogue=lambda: matching_inputs.intent_rows(event=db.session.get(Event, event.id)),
        load_all=lambda: matching_inputs.matching_rows(event_id=event.id),
        load_changed=lambda since: matching_inputs.matching_rows(event_id=event.id, since_revision=since),
        load_ids=lambda: attendees_service.attendee_ids(event_id=event.id),
        load_aliases=lambda: overrides.aliases(event_id=event.id),
    )


def _unwanted(account, attendee) -> tuple:
    """Queries of the accounts and of the attendees never to suggest (see `suggestions`)."""
    return ((*access.blocked_or_connected_queries(account_id=account),
             *followups_service.unwanted_account_queries(account_id=account)),  # rated low
            (db.select(SuggestionFeedback.target_id).where(SuggestionFeedback.attendee_id == attendee),
             *intros_service.partner_queries(attendee_id=attendee)))


def _excluded_arrays(account, attendee) -> tuple:
    # PostgreSQL: the exclusions as two arrays (accounts, attendees) in the token's own statement
    # (`auth.current_attendee`), correlated to the caller's ids: one round trip for the whole request.
    # Each part keeps only its own table: the caller's row comes from the enclosing statement.
    own = [union_all(*(q.correlate_except(q.selected_columns[0].table) for q in queries)).subquery()
           for queries in _unwanted(account, attendee)]
    return tuple(db.select(func.array_agg(part.c[0])).select_from(part).scalar_subquery() for part in own)


def read_with_token():
    """What the suggestions view asks `auth.current_attendee` to read with the token: the exclusions
    where the database can return them as arrays (PostgreSQL), else nothing (`_excluded` reads them)."""
    return _excluded_arrays if db.session.get_bind().dialect.name == "postgresql" else None


@functools.cache
def _excluded_statement():
    # Built once with the caller's ids as parameters: constructing the eight-part union (and its cache
    # key) on every request cost more CPU than running it.
    accounts, attendees = _unwanted(bindparam("account_id"), bindparam("attendee_id"))
    return union_all(*(q.add_columns(literal("account")) for q in accounts),
                     *(q.add_columns(literal("attendee")) for q in attendees))


def _excluded(caller: access.Standing, cache: index_cache.EventIndex) -> set[int]:
    """Who must never be suggested to the caller (see the rules in `suggestions`)."""
    if caller.extra:
        accounts, attendees = (ids or () for ids in caller.extra)
    else:
        rows = db.session.execute(_excluded_statement(), {"account_id": caller.account_id,
                                                          "attendee_id": caller.attendee_id}).all()
        accounts = [i for i, kind in rows if kind == "account"]
        attendees = [i for i, kind in rows if kind == "attendee"]
    excluded = set(attendees)
    excluded.update(cache.attendee_of[a] for a in accounts if a in cache.attendee_of)
    if caller.event.exclude_same_company:
        excluded |= cache.colleagues(caller.attendee_id)
    return excluded


def suggestions(*, caller: access.Standing, limit: int = 10) -> bytes:
    """Ranked people to meet, with reasons, as the JSON answer. Never: oneself, hidden or not-matching
    people, blocked people (either way), connections, people already rated or asked, colleagues when
    the event says so. Popular people are damped by their pending requests and impressions."""
    # Hot path: the caller, the event and (PostgreSQL) the exclusions come with the token in one
    # statement; the rest from the worker's index, its cached profile cards and exposure snapshot.
    if not (caller.discoverable and caller.open_to_matching):
        raise Conflict("Suggestions are for people open to matching: turn on `discoverable` and "
                       "`open_to_matching` in your profile.", errors={"open_to_matching": ["Must be true."]})
    me, event = caller.attendee_id, caller.event
    cache = event_index(event)
    if me not in cache.index:
        return orjson.dumps({"items": []})
    excluded = _excluded(caller, cache)  # outside the index's lock: it may wait for the database
    damping = exposure.snapshot(event_id=event.id)
    with cache.lock:
        matches = cache.index.suggest(me, limit, exclude=excluded, exposure=damping)
    exposure.record(event_id=event.id, attendee_ids=[m.profile_id for m in matches])
    return orjson.dumps({"items": [
        {"attendee": cache.card(m.profile_id), "score": round(m.score, 4),
         "icebreaker": departments_service.icebreaker(m, event),
         "reasons": matching_inputs.reasons(m, event=event, partner_name=cache.public[m.profile_id]["display_name"])}
        for m in matches]})


def give_feedback(*, caller: Caller, attendee_id: int, kind: str) -> dict[str, Any]:
    """Record interested / skip / must_meet on a person; two positives make a mutual match."""
    event_id, me = caller.event_id, caller.attendee
    if attendee_id == me.id:
        raise ValidationFailed("attendee_id", "You cannot rate yourself.")
    other = access.reachable_attendee(me=me, attendee_id=attendee_id)
    row = db.session.execute(db.select(SuggestionFeedback).where(
        SuggestionFeedback.attendee_id == me.id, SuggestionFeedback.target_id == other.id)).scalar_one_or_none()
    if row is None:
        row = SuggestionFeedback(event_id=event_id, attendee_id=me.id, target_id=other.id, kind=kind)
        db.session.add(row)
    row.kind = kind
    connection = None
    if kind in POSITIVE and _likes(other.id, me.id):
        connection, created = connections_service.connect(a=me, b=other, origin="mutual_match")
        if created:
            for person, partner in ((me, other), (other, me)):
                notifications_service.notify(
                    account_id=person.account_id, event_id=event_id, kind="mutual_match",
                    data={"attendee_id": partner.id, "display_name": partner.display_name})
    db.session.commit()
    return {"attendee_id": other.id, "kind": kind, "mutual": connection is not None,
            "connection_id": connection.id if connection else None}


def _likes(attendee_id: int, target_id: int) -> bool:
    return db.session.execute(db.select(SuggestionFeedback.id).where(
        SuggestionFeedback.attendee_id == attendee_id, SuggestionFeedback.target_id == target_id,
        SuggestionFeedback.kind.in_(POSITIVE))).first() is not None

