"""The outcomes dashboard's figures: `/analytics` itself, plus the few steps it does not count."""
from __future__ import annotations

from collections import Counter
from typing import Any

from server import access
from server.accounts.models import Account
from server.analytics import service as analytics_service
from server.connections import service as connections_service
from server.matches import exposure
from server.meetings import service as meetings_service


def gini(values: list[float]) -> float:
    """0 when everyone was suggested equally often, towards 1 when a few got all the attention."""
    values = sorted(values)
    total = sum(values)
    if not values or total == 0:
        return 0.0
    n = len(values)
    weighted = sum((i + 1) * v for i, v in enumerate(values))
    return round((2 * weighted) / (n * total) - (n + 1) / n, 3)


def figures(*, account: Account, event_id: int) -> dict[str, Any]:
    """Funnel, connections per day (cumulative), top interests and exposure fairness of one event."""
    caller = access.organizer(account=account, event_id=event_id)
    outcomes = analytics_service.event_analytics(caller=caller)  # organizers only
    shown = exposure.snapshot(event_id=event_id)
    everyone = outcomes["registrations"]["total"]
    attention = [shown.get(a, 0.0) for a in shown] + [0.0] * max(everyone - len(shown), 0)
    funnel = [
        ("Registered", everyone),
        ("Joined", outcomes["registrations"]["joined"]),
        ("Profile complete", outcomes["profile_completion"]["complete"]),
        ("Shown in suggestions", sum(1 for v in shown.values() if v > 0)),
        ("Intros sent", outcomes["intros"]["sent"]),
        ("Intros accepted", outcomes["intros"]["accepted"]),
        ("Meetings held (pairs)", len(meetings_service.held_pairs(event_id=event_id))),
        (f"Followed up within {outcomes['followup_rate']['window_days']} days",
         outcomes["followup_rate"]["followed_up"]),
    ]
    per_day = Counter(c.created_at.date() for c in connections_service.made_at(event_id=event_id))
    running, over_time = 0, []
    for day in sorted(per_day):
        running += per_day[day]
        over_time.append((day, running))
    return {"analytics": outcomes, "funnel": funnel, "connections_over_time": over_time,
            "top_interests": [(i["label"], i["count"]) for i in outcomes["top_interests"]],
            "exposure_gini": gini(attention), "exposed": len(shown)}
