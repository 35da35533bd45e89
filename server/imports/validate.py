"""One spreadsheet row -> a clean `BulkRow`, or its errors by column, with the profile schema's own rules.

Limits come from `ProfileInputSchema`'s fields (the same objects that check PATCH bodies), and the
tidy-ups (deduplicated interests, goals and links) from `attendees_service.clean_profile`, so an
imported profile is exactly what the person could have typed in the app. An empty cell means "not
given": it never clears what a profile already holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from matching import normalize_goal
from matching.errors import MatchingError
from server.accounts import service as accounts_service
from server.attendees import service as attendees_service
from server.attendees.schemas import ProfileInputSchema, names_something
from server.imports.columns import ColumnPlan
from server.imports.goal_phrases import PHRASES, phrase_key
from server.imports.lists import join_list, split_list
from server.imports.parsing import unneutralise

EXTERNAL_ID_MAX = 120  # the column's length
_FIELDS = ProfileInputSchema().fields  # bound fields: their validators are the profile limits
_TEXT = ("company", "job_title", "industry", "bio", "phone", "department", "team", "office")

# Values repeat a lot.
_MEMO_FIELDS = {"company", "job_title", "industry", "bio", "interests", "goals", "department", "team", "office"}
_UNITS = ("department", "team", "office")
_MEMO_SIZE = 200_000
Problem = tuple[int, str, str]  # (column position, header, message)


@dataclass
class RowContext:
    plan: ColumnPlan
    event_id: int
    goal_keys: set[str]
    goal_lookup: dict[str, str]  # case-folded key or label -> key
    goal_help: str
    max_cell: int
    from_file: bool  # CSV/XLSX cells may carry export's formula neutralisation
    memo: dict = field(default_factory=dict)


def goal_lookup(intents: list[tuple[str, str]]) -> dict[str, str]:
    """Every way an organizer may write a goal: its key or its label, in any case or separator style, and
    (looked up by `phrase_key`) how registration forms phrase the default goals the event has."""
    lookup: dict[str, str] = {}
    keys = {key for key, _ in intents}
    for key, phrases in PHRASES.items():
        if key in keys:
            lookup.update({phrase_key(phrase): key for phrase in phrases})
    for key, label in intents:
        for spelling in (key, label):
            if phrased := phrase_key(spelling):  # a label of framing words only ("Looking for") names nothing
                lookup[phrased] = key
            lookup[spelling.strip().casefold()] = key
            lookup[normalize_goal(spelling)] = key
    return lookup


def _messages(error: ma.ValidationError, values: list[str] | None = None) -> str:
    messages = error.messages
    if isinstance(messages, dict):  # list fields: {index: [...]}
        return " ".join(f"{values[i]!r}: {' '.join(m)}" if values else " ".join(m) for i, m in sorted(messages.items()))
    return " ".join(messages) if isinstance(messages, list) else str(messages)


def _text(value: Any, ctx: RowContext) -> str:
    if isinstance(value, list):  # JSON arrays: one item per value
        value = join_list([str(v).strip() for v in value if str(v).strip()])  # items keep their commas
    value = value if isinstance(value, str) else str(value)
    return unneutralise(value) if ctx.from_file else value


def _gather(ctx: RowContext, cells: list[Any], problems: list[Problem]) -> dict[str, tuple[int, str]]:
    """field -> (first column position, text) for non-empty cells; over-long cells become problems."""
    found: dict[str, tuple[int, str]] = {}
    width = len(cells)
    for name, positions in ctx.plan.fields.items():
        if len(positions) == 1:  # the common case, kept short
            position = positions[0]
            value = cells[position] if position < width else ""
            if value.__class__ is str:
                if ctx.from_file and value[:1] == "'":
                    value = unneutralise(value)
                if value and len(value) <= ctx.max_cell and not value.isspace():
                    found[name] = (position, value)
                    continue
                if not value or value.isspace():
                    continue
        parts, first = [], None
        for position in positions:
            text = _text(cells[position], ctx) if position < width else ""
            if not text.strip():
                continue
            if len(text) > ctx.max_cell:
                problems.append((position, ctx.plan.headers[position], f"Longer than {ctx.max_cell} characters."))
                continue
            parts.append(text)
            first = position if first is None else first
        if parts:
            found[name] = (first, "; ".join(parts) if len(parts) > 1 else parts[0])
    return found


def _load(name: str, value: Any, position: int, ctx: RowContext, problems: list[Problem], items=None) -> Any:
    """The profile field's own deserialize; results for repeated cells (companies, goals) are memoized."""
    key = (name, tuple(value) if isinstance(value, list) else value)
    hit = ctx.memo.get(key)
    if hit is None:
        field_ = _FIELDS[name]
        try:  # cells are present and non-null here, so deserialize runs only the field's own checks
            hit = (True, field_.deserialize(value, name, None))
        except ma.ValidationError as error:
            hit = (False, _messages(error, items))
        if name in _MEMO_FIELDS and len(ctx.memo) < _MEMO_SIZE:
            ctx.memo[key] = hit
    if not hit[0]:
        problems.append((position, ctx.plan.headers[position], hit[1]))
        return None
    return hit[1]


def check_row(ctx: RowContext, cells: list[Any]) -> tuple[attendees_service.BulkRow | None, list[Problem], bool]:
    """(row or None, problems, blank). A row with any problem is not imported at all."""
    problems: list[Problem] = []
    found = _gather(ctx, cells, problems)
    if not found and not problems:
        return None, [], True
    data: dict[str, Any] = {}
    email = external_id = None
    if "email" in found:
        position, text = found["email"]
        email = _load("email", text.strip(), position, ctx, problems)
        email = accounts_service.normalize_email(email) if email else None
    if "external_id" in found:
        position, text = found["external_id"]
        external_id = text.strip()
        if len(external_id) > EXTERNAL_ID_MAX:
            problems.append((position, ctx.plan.headers[position], f"Longer than {EXTERNAL_ID_MAX} characters."))
    name = found.get("display_name")
    if name is None and ("first_name" in found or "last_name" in found):
        halves = [found[h] for h in ("first_name", "last_name") if h in found]
        name = (halves[0][0], " ".join(" ".join(t.split()) for _, t in halves))
    if name is not None:
        data["display_name"] = _load("display_name", name[1], name[0], ctx, problems)
    for name in _TEXT:
        if name in _UNITS and name in found and not names_something(found[name][1]):
            continue  # "-" or "n/a"-like placeholders in a unit column mean "none", as for interests
        if name in found:
            data[name] = _load(name, found[name][1], found[name][0], ctx, problems)
    if "links" in found:
        position, text = found["links"]
        # A URL holds no spaces, so hand-typed lists may also separate links with spaces or new lines.
        links = [part for item in split_list(text) for part in item.split()]
        data["links"] = _load("links", links, position, ctx, problems, links)
    if "interests" in found:
        position, text = found["interests"]
        # Spreadsheets often hold "-" or an emoji for "none": dropped, not a row error.
        interests = [part for part in split_list(text) if names_something(part)]
        if interests:  # a cell of only placeholders is an empty cell: the profile keeps its interests
            data["interests"] = _load("interests", interests, position, ctx, problems, interests)
    if "goals" in found:
        data["goals"] = _goals(ctx, *found["goals"], problems)
    if problems:
        return None, problems, False
    data = attendees_service.clean_profile(data, goal_keys=ctx.goal_keys, event_id=ctx.event_id)
    return attendees_service.BulkRow(key=0, email=email, external_id=external_id or None, fields=data), [], False


def _goals(ctx: RowContext, position: int, text: str, problems: list[Problem]) -> list[str] | None:
    keys, unknown = [], []
    for part in split_list(text):
        if part in ctx.goal_keys:  # an exported key reads back as itself, even if it is another goal's label
            keys.append(part)
            continue
        try:
            key = (ctx.goal_lookup.get(part.casefold()) or ctx.goal_lookup.get(normalize_goal(part))
                   or ctx.goal_lookup.get(phrase_key(part)))
        except MatchingError:
            key = None
        if key is None:
            unknown.append(part)
        else:
            keys.append(key)
    if unknown:
        problems.append((position, ctx.plan.headers[position],
                         f"Unknown goal {', '.join(map(repr, unknown))}; the event's goals are {ctx.goal_help}."))
        return None
    return _load("goals", keys, position, ctx, problems, keys)
