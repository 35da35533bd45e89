"""Outcomes of an event for its organizers: aggregates only, never a note, a log text or who said what.

Definitions (the README repeats them):
- a profile is *complete* with at least one goal, at least 3 interests and a company or a job title;
- a *good suggestion* scores at least GOOD_SUGGESTION_SCORE (one shared interest weighs at least 1.0
  with its idf, a complementary goal 3.0), counted over the event's whole matching index with no
  exclusions: what the event could offer each person;
- the *follow-up rate* is the share of connections made at the event with a contact logged by either
  side within FOLLOWUP_WINDOW of the later of the event's end and the moment they connected;
- *no-shows* are feedback saying the other did not show up plus meetings marked no-show.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from matching import InterestVocabulary, normalize_interest
from server.access import Caller
from server.attendees import service as attendees_service
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.connections.models import ORIGINS
from server.followups import service as followups_service
from server.intros import service as intros_service
from server.matches import service as matches_service
from server.meetings import service as meetings_service
from server.messages import counts as messages_counts

GOOD_SUGGESTION_SCORE = 1.0
GOOD_SUGGESTIONS_WANTED = 3
FOLLOWUP_WINDOW = timedelta(days=14)
TOP_INTERESTS = 10


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _all_attendees(caller: Caller) -> list[Attendee]:
    """Every attendee, read page by page through the directory (organizers see everyone)."""
    found, cursor = [], None
    while True:
        page, cursor, _ = attendees_service.directory(caller=caller, limit=200, cursor=cursor)
        found += page
        if not cursor:
            return found


def is_complete(attendee: Attendee) -> bool:
    """Goals, at least 3 interests, and a company or a job title."""
    return bool(attendee.goals) and len(attendee.interests or ()) >= 3 and bool(attendee.company or attendee.job_title)


def _good_suggestions(event) -> int:
    """How many attendees the index can offer at least 3 good suggestions."""
    cache = matches_service.event_index(event)
    with cache.lock:
        top = {aid: cache.index.suggest(aid, GOOD_SUGGESTIONS_WANTED) for aid in cache.index.ids()}
    return sum(1 for found in top.values()
               if len(found) >= GOOD_SUGGESTIONS_WANTED and min(m.score for m in found) >= GOOD_SUGGESTION_SCORE)


def _top_interests(attendees: list[Attendee]) -> list[dict[str, Any]]:
    """Interests by how many people hold them, under matching's canonical labels."""
    vocabulary = InterestVocabulary()
    # Profiles saved before blank interests were refused may hold "😀" or "-": they name nothing.
    held = [[text for text in a.interests or () if normalize_interest(text)] for a in attendees]
    tags = iter(vocabulary.canonicalize_many([text for texts in held for text in texts]))
    counts: Counter[int] = Counter()
    for texts in held:
        counts.update({next(tags) for _ in texts})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], vocabulary.label(item[0])))
    return [{"label": vocabulary.label(tag), "count": count} for tag, count in ranked[:TOP_INTERESTS]]


def _followup_rate(event, connections) -> dict[str, Any]:
    firsts = followups_service.first_contacts(connection_ids={c.id for c in connections})
    followed = sum(1 for c in connections
                   if c.id in firsts and firsts[c.id] <= max(event.ends_at, c.created_at) + FOLLOWUP_WINDOW)
    return {"window_days": FOLLOWUP_WINDOW.days, "connections": len(connections), "followed_up": followed,
            "rate": _share(followed, len(connections))}


def event_analytics(*, caller: Caller) -> dict[str, Any]:
    """The event's outcomes (organizers only): see the module docstring for each definition."""
    event_id, event = caller.event_id, caller.event
    attendees = _all_attendees(caller)
    total = len(attendees)
    complete = sum(1 for a in attendees if is_complete(a))
    good = _good_suggestions(event)
    intros = Counter(status for *_, status in intros_service.event_rows(event_id=event_id))
    connections = connections_service.made_at(event_id=event_id)
    by_origin = {origin: 0 for origin in ORIGINS} | Counter(c.origin for c in connections)
    feedback = followups_service.event_feedback(event_id=event_id)
    ratings = [f["rating"] for f in feedback if f["rating"] is not None]
    reported = sum(1 for f in feedback if f["no_show"])
    missed = sum(meetings_service.no_show_counts(event_id=event_id).values())
    return {
        "event_id": event_id,
        "registrations": {"total": total, "joined": sum(1 for a in attendees if a.status == "joined"),
                          "invited": sum(1 for a in attendees if a.status == "invited")},
        "profile_completion": {"complete": complete, "share": _share(complete, total)},
        "good_suggestions": {"threshold": GOOD_SUGGESTION_SCORE, "wanted": GOOD_SUGGESTIONS_WANTED,
                             "attendees": good, "share": _share(good, total)},
        "intros": {"sent": sum(intros.values()), **{s: intros.get(s, 0)
                                                    for s in ("accepted", "declined", "pending", "cancelled")}},
        "mutual_matches": by_origin["mutual_match"],
        "connections": {"total": len(connections), "by_origin": by_origin},
        "followup_rate": _followup_rate(event, connections),
        "messaging": messages_counts.conversation_counts(event_id=event_id),
        "ratings": {"count": len(ratings),
                    "average": round(sum(ratings) / len(ratings), 2) if ratings else None},
        "no_shows": {"reported_by_attendees": reported, "meetings": missed, "total": reported + missed},
        "top_interests": _top_interests(attendees),
    }


def no_shows(*, caller: Caller) -> list[dict[str, Any]]:
    """Who was reported as not showing up, and how often; never who reported it."""
    event_id = caller.event_id
    reported = Counter(f["subject_account_id"] for f in followups_service.event_feedback(event_id=event_id)
                       if f["no_show"])
    profiles = attendees_service.by_accounts(event_id=event_id, account_ids=set(reported))
    by_attendee = {profiles[a].id: n for a, n in reported.items() if a in profiles}  # those who left are gone
    missed = meetings_service.no_show_counts(event_id=event_id)
    people = {a.id: a for a in profiles.values()}
    for attendee_id in set(missed) - set(people):
        people[attendee_id] = attendees_service.in_event(event_id=event_id, attendee_id=attendee_id)
    items = [{"attendee": person, "reported_no_shows": by_attendee.get(aid, 0), "missed_meetings": missed.get(aid, 0),
              "total": by_attendee.get(aid, 0) + missed.get(aid, 0)} for aid, person in people.items()]
    return sorted(items, key=lambda item: (-item["total"], item["attendee"].id))


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """`{"a": {"b": 1}}` -> [("a.b", 1)]; interests become `top_interests.<label>`; for CSV."""
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += flatten(value, f"{name}.")
        elif key == "top_interests":
            rows += [(f"top_interests.{item['label']}", item["count"]) for item in value]
        else:
            rows.append((name, "" if value is None else value))
    return rows
