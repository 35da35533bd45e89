"""Many attendees at once (imports and exports): plan every row against the database, then write.

`upsert` matches a row by external ID first, else by sign-in address (accounts are unique per
address). It never commits: the caller's transaction holds whole attendees (account + profile), so
a batch is either all written or not at all. Inserts use ON CONFLICT DO NOTHING against the unique
constraints (event, account) and (event, external_id): when a concurrent import or sign-up wins a
row, that row is planned again against what the winner wrote, so nothing is ever duplicated.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.events import service as events_service
from server.extensions import db
from server.sqlbulk import insert_unnest
from server.types import utcnow

# Profile fields an import may set on an existing attendee (the address is the identity: never changed).
UPDATABLE = ("display_name", "company", "job_title", "industry", "bio", "phone", "links", "interests", "goals",
             "department", "team", "office")
_COLUMNS = (Attendee.id, Attendee.external_id, Account.email.label("account_email"),
            *(getattr(Attendee, name) for name in UPDATABLE), Attendee.status)


@dataclass
class BulkRow:
    key: int  # the caller's row number, echoed in the outcome
    email: str | None  # normalized sign-in address
    external_id: str | None
    fields: dict[str, Any] = field(default_factory=dict)  # clean values of UPDATABLE fields


@dataclass
class BulkOutcome:
    status: str  # created | updated | unchanged | error
    attendee_id: int | None = None
    field: str | None = None  # for errors: which field is at fault
    message: str | None = None
    email: str | None = None  # created: where an invitation would go
    display_name: str | None = None


def _existing(event_id: int, rows: list[BulkRow]) -> tuple[dict[str, Any], dict[str, Any]]:
    ext_ids = {r.external_id for r in rows if r.external_id}
    base = db.select(*_COLUMNS).join(Account, Account.id == Attendee.account_id).where(Attendee.event_id == event_id)
    found = db.session.execute(base.where(Attendee.external_id.in_(ext_ids))).all() if ext_ids else []
    # By address only the rows their external ID did not find (a re-upload finds everyone by ID).
    known = {row.external_id: row.account_email for row in found}
    emails = {r.email for r in rows if r.email and known.get(r.external_id) != r.email}
    if emails:
        found += db.session.execute(base.where(Account.email.in_(emails))).all()
    by_ext = {row.external_id: row for row in found if row.external_id}
    return by_ext, {row.account_email: row for row in found}


def _error(name: str, message: str) -> BulkOutcome:
    return BulkOutcome("error", field=name, message=message)


def _plan(event_id: int, rows: list[BulkRow]):
    """Split rows into creates, updates (row, id, changes) and settled outcomes; reads only."""
    by_ext, by_email = _existing(event_id, rows)
    creates, updates, outcomes = [], [], {}
    for row in rows:
        current = by_ext.get(row.external_id) if row.external_id else None
        if current is not None and row.email and row.email != current.account_email:
            outcomes[row.key] = _error("email", f"External ID {row.external_id!r} belongs to the attendee "
                                       f"signed in as {current.account_email}; an import cannot change it.")
            continue
        if current is None and row.email:
            current = by_email.get(row.email)
            if current is not None and row.external_id and current.external_id not in (None, row.external_id):
                outcomes[row.key] = _error("external_id", f"{row.email} already has external ID "
                                           f"{current.external_id!r}.")
                continue
        if current is None:
            if row.email:
                creates.append(row)
            else:
                outcomes[row.key] = _error("email", "Required for a new attendee (no attendee has this "
                                           "external ID yet).")
            continue
        changes = {k: v for k, v in row.fields.items() if getattr(current, k) != v}
        if row.external_id and current.external_id != row.external_id:
            changes["external_id"] = row.external_id
        if changes:
            updates.append((row, current.id, changes))
        else:
            outcomes[row.key] = BulkOutcome("unchanged", current.id)
    return creates, updates, outcomes


def _new_values(event_id: int, row: BulkRow, account_id: int, revision: int | None, now) -> dict[str, Any]:
    values = {name: row.fields.get(name, "") for name in ("company", "job_title", "industry", "bio", "phone",
                                                          "department", "team", "office")}
    values.update({name: row.fields.get(name, []) for name in ("links", "interests", "goals")})
    values.update(
        event_id=event_id, account_id=account_id, status="invited", email=row.email,
        display_name=row.fields.get("display_name") or row.email.split("@")[0][:120],
        external_id=row.external_id, discoverable=True, open_to_matching=True, shared_fields=["email"],
        created_at=now, updated_at=now, joined_at=None, matching_revision=revision,
    )
    return values


def _insert(event_id: int, creates: list[BulkRow], revision: int | None, now) -> dict[int, int]:
    """Insert new attendees (and accounts); row key -> attendee id for the rows inserted here."""
    names = {r.email: r.fields.get("display_name", "") for r in creates}
    account_ids = accounts_service.ensure_accounts(names_by_email=names)
    table = Attendee.__table__
    values = [_new_values(event_id, r, account_ids[r.email], revision, now) for r in creates]
    # No RETURNING: the rows inserted here are the ones carrying this batch's revision, which no other
    # transaction can hold.
    if db.engine.dialect.name == "postgresql":
        insert_unnest(table, values, conflict="ON CONFLICT DO NOTHING")
    else:
        db.session.execute(sqlite_insert(table).on_conflict_do_nothing(), values)
    inserted = dict(db.session.execute(
        db.select(table.c.account_id, table.c.id).where(
            table.c.event_id == event_id, table.c.matching_revision == revision,
            table.c.account_id.in_([v["account_id"] for v in values]))
    ).all())
    return {r.key: inserted[account_ids[r.email]] for r in creates if account_ids[r.email] in inserted}


def upsert(*, event_id: int, rows: list[BulkRow], dry_run: bool = False) -> dict[int, BulkOutcome]:
    """Outcome per row key. Dry runs only plan. Writes stamp rows with one new event revision."""
    creates, updates, outcomes = _plan(event_id, rows)
    if dry_run or not (creates or updates):
        outcomes.update({r.key: BulkOutcome("created", email=r.email) for r in creates})
        outcomes.update({r.key: BulkOutcome("updated", attendee_id) for r, attendee_id, _ in updates})
        return outcomes
    # The event row lock (PostgreSQL) orders this batch after any other writer of the event.
    revision = events_service.bump_revision(event_id=event_id)
    now = utcnow()
    if creates:
        won = _insert(event_id, creates, revision, now)
        for r in creates:
            if r.key in won:
                name = r.fields.get("display_name") or r.email.split("@")[0]
                outcomes[r.key] = BulkOutcome("created", won[r.key], email=r.email, display_name=name)
        lost = [r for r in creates if r.key not in won]
        if lost:  # a concurrent writer created them first: compare with what it wrote
            again_creates, again_updates, again_outcomes = _plan(event_id, lost)
            outcomes.update(again_outcomes)
            updates += again_updates
            for r in again_creates:
                outcomes[r.key] = _error("email", "Changed by someone else during the import; upload again.")
    if updates:
        db.session.execute(update(Attendee), [
            {"id": attendee_id, **changes, "updated_at": now, "matching_revision": revision}
            for _, attendee_id, changes in updates
        ])
        outcomes.update({r.key: BulkOutcome("updated", attendee_id) for r, attendee_id, _ in updates})
    return outcomes


def export_rows(*, event_id: int, batch: int = 1000) -> Iterator[Any]:
    """Rows of id, external_id, account_email, the UPDATABLE fields and status (`_COLUMNS`) in id
    order, fetched `batch` at a time (keyset), for streaming."""
    after = 0
    while True:
        page = db.session.execute(
            db.select(*_COLUMNS).join(Account, Account.id == Attendee.account_id)
            .where(Attendee.event_id == event_id, Attendee.id > after).order_by(Attendee.id).limit(batch)
        ).all()
        yield from page
        if len(page) < batch:
            return
        after = page[-1].id
