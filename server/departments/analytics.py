"""The department x department matrix of an internal event: counts only, never a name.

- *matrix*: connections made at this event (their `event_id`) between two of its attendees, by the
  two people's departments (compared by `matching.unit_key`, shown in the spelling most attendees
  wrote). Symmetric: a connection between departments i and j counts in cells (i, j) and (j, i),
  one within department i once in (i, i). People without a department are under `null`.
- *crossed share*: of the connections between attendees whose departments are both known, the
  share joining two departments, `before` the event (made before it started, at earlier events or
  in between) and `after` (everything up to now, this event included).
"""
from __future__ import annotations

from typing import Any

from matching import unit_key, unit_labels
from server import matching_inputs
from server.access import Caller
from server.connections import service as connections_service


def _share(crossed: int, total: int) -> dict[str, Any]:
    return {"connections": total, "crossed": crossed, "share": round(crossed / total, 4) if total else None}


def _crossed(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    known = [(a, b) for a, b in pairs if a and b]
    return _share(sum(1 for a, b in known if a != b), len(known))


def department_matrix(*, caller: Caller) -> dict[str, Any]:
    """The event's department x department connection counts and crossed shares (organizers)."""
    event, event_id = caller.event, caller.event_id
    rows = matching_inputs.matching_rows(event_id=event_id)
    department_of = {r["account_id"]: unit_key(r["department"]) for r in rows}
    labels = unit_labels(r["department"] for r in rows if r["department"])
    keys = sorted(labels, key=lambda k: (labels[k].casefold(), k))
    if any(not key for key in department_of.values()):
        keys.append("")
    position = {key: i for i, key in enumerate(keys)}
    matrix = [[0] * len(keys) for _ in keys]
    before, after = [], []
    for connection in connections_service.among(account_ids=set(department_of)):
        pair = (department_of[connection.account_low_id], department_of[connection.account_high_id])
        after.append(pair)
        if connection.created_at < event.starts_at:
            before.append(pair)
        if connection.event_id == event_id:
            i, j = position[pair[0]], position[pair[1]]
            matrix[i][j] += 1
            if i != j:
                matrix[j][i] += 1
    sizes = {key: 0 for key in keys}
    for key in department_of.values():
        sizes[key] += 1
    return {
        "event_id": event_id,
        "departments": [{"label": labels.get(k), "attendees": sizes[k]} for k in keys],
        "matrix": matrix,
        "connections_made": sum(matrix[i][j] for i in range(len(keys)) for j in range(i, len(keys))),
        "crossed_share": {"before": _crossed(before), "after": _crossed(after)},
    }
