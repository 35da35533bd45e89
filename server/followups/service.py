"""Private follow-up data on a connection: notes, the contact log, next steps and meeting feedback.

Who sees what: everything here is private to its author. Each side of a connection keeps its own
note, its own log and its own next step; the other side sees nothing of them (not even that they
exist), and anyone who is not one of the two gets 404 for the connection itself. Organizers see
feedback only as aggregates (`event_feedback`).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_

from server.accounts.models import Account
from server.connections import service as connections_service
from server.connections.models import Connection
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.followups import clock
from server.followups.models import ConnectionNote, FollowUp, ConnectionFeedback, NextStep
from server.pagination import paginate

# A phone's clock may run a little ahead of ours; beyond this a contact "in the future" is a mistake.
CLOCK_SKEW = timedelta(minutes=10)
# People often talk before the connection is recorded (an intro accepted the day after they met).
BEFORE_CONNECTION = timedelta(days=1)
# Next steps further out than this are typos (year 2205), not plans.
NEXT_STEP_HORIZON = timedelta(days=5 * 366)
LOW_RATING = 2  # ratings at or below this keep the pair apart in suggestions


def connection_of(*, account: Account, connection_id: int) -> Connection:
    """The connection if the caller is one of its two accounts; 404 for everyone else."""
    connection = connections_service.get_connection(connection_id=connection_id)
    if connection is None or account.id not in (connection.account_low_id, connection.account_high_id):
        raise NotFound("No such connection.")
    return connection


def _own(model, account: Account, connection_id: int, what: str):
    connection_of(account=account, connection_id=connection_id)
    row = db.session.execute(db.select(model).where(
        model.connection_id == connection_id, model.author_account_id == account.id)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"You have no {what} on this connection.")
    return row


# -- notes ---------------------------------------------------------------------------------------

def get_note(*, account: Account, connection_id: int) -> ConnectionNote:
    """The caller's own note on the connection (404 when they wrote none)."""
    return _own(ConnectionNote, account, connection_id, "note")


def put_note(*, account: Account, connection_id: int, body: str) -> ConnectionNote:
    """Create or replace the caller's note."""
    connection_of(account=account, connection_id=connection_id)
    note = db.session.execute(db.select(ConnectionNote).where(
        ConnectionNote.connection_id == connection_id, ConnectionNote.author_account_id == account.id)
    ).scalar_one_or_none()
    if note is None:
        note = ConnectionNote(connection_id=connection_id, author_account_id=account.id)
        db.session.add(note)
    note.body, note.updated_at = body, clock.now()
    db.session.commit()
    return note


def delete_note(*, account: Account, connection_id: int) -> None:
    """Delete the caller's note."""
    db.session.delete(_own(ConnectionNote, account, connection_id, "note"))
    db.session.commit()


# -- the contact log -----------------------------------------------------------------------------

def _check_happened_at(connection: Connection, happened_at: datetime) -> None:
    if happened_at > clock.now() + CLOCK_SKEW:
        raise ValidationFailed("happened_at", "Cannot be in the future.")
    if happened_at < connection.created_at - BEFORE_CONNECTION:
        raise ValidationFailed("happened_at", "Cannot be before you connected.")


def log_followup(*, account: Account, connection_id: int, data: dict[str, Any]) -> FollowUp:
    """Log a contact with the other person (private to the caller)."""
    connection = connection_of(account=account, connection_id=connection_id)
    _check_happened_at(connection, data["happened_at"])
    now = clock.now()
    row = FollowUp(connection_id=connection_id, author_account_id=account.id, created_at=now, updated_at=now,
                   **data)
    db.session.add(row)
    db.session.commit()
    return row


def list_followups(*, account: Account, connection_id: int, limit: int | None = None,
                   cursor: str | None = None) -> tuple[list[FollowUp], str | None]:
    """One page of the caller's own log on this connection, in the order they were logged."""
    connection_of(account=account, connection_id=connection_id)
    stmt = db.select(FollowUp).where(FollowUp.connection_id == connection_id,
                                     FollowUp.author_account_id == account.id)
    return paginate(stmt, FollowUp.id, limit=limit, cursor=cursor, session=db.session)


def _own_followup(account: Account, connection_id: int, followup_id: int) -> tuple[Connection, FollowUp]:
    connection = connection_of(account=account, connection_id=connection_id)
    row = db.session.get(FollowUp, followup_id)
    if row is None or row.connection_id != connection_id or row.author_account_id != account.id:
        raise NotFound("No such follow-up.")
    return connection, row


def update_followup(*, account: Account, connection_id: int, followup_id: int, data: dict[str, Any]) -> FollowUp:
    """Change one of the caller's log entries."""
    connection, row = _own_followup(account, connection_id, followup_id)
    if "happened_at" in data:
        _check_happened_at(connection, data["happened_at"])
    for key, value in data.items():
        setattr(row, key, value)
    row.updated_at = clock.now()
    db.session.commit()
    return row


def delete_followup(*, account: Account, connection_id: int, followup_id: int) -> None:
    """Delete one of the caller's log entries."""
    db.session.delete(_own_followup(account, connection_id, followup_id)[1])
    db.session.commit()


# -- next steps ----------------------------------------------------------------------------------

def get_next_step(*, account: Account, connection_id: int) -> NextStep:
    """The caller's planned next contact (404 when none is set)."""
    return _own(NextStep, account, connection_id, "next step")


def put_next_step(*, account: Account, connection_id: int, due_on: date, note: str = "") -> NextStep:
    """Set (or move) the caller's next contact; it counts as done once they log a later contact."""
    connection_of(account=account, connection_id=connection_id)
    today = clock.today()
    # The person's own "today" may be yesterday in UTC: allow one day back.
    if due_on < today - timedelta(days=1):
        raise ValidationFailed("due_on", "Cannot be in the past.")
    if due_on > today + NEXT_STEP_HORIZON:
        raise ValidationFailed("due_on", "Too far in the future (at most 5 years ahead).")
    step = db.session.execute(db.select(NextStep).where(
        NextStep.connection_id == connection_id, NextStep.author_account_id == account.id)).scalar_one_or_none()
    if step is None:
        step = NextStep(connection_id=connection_id, author_account_id=account.id)
        db.session.add(step)
    step.due_on, step.note, step.set_at = due_on, note, clock.now()
    db.session.commit()
    return step


def delete_next_step(*, account: Account, connection_id: int) -> None:
    """Clear the caller's next step."""
    db.session.delete(_own(NextStep, account, connection_id, "next step"))
    db.session.commit()


# -- feedback after meeting ------------------------------------------------------------------------

def get_feedback(*, account: Account, connection_id: int) -> ConnectionFeedback:
    """The caller's own feedback on meeting the other person (404 when none)."""
    connection = connection_of(account=account, connection_id=connection_id)
    row = _feedback_row(account.id, connection.other(account.id))
    if row is None:
        raise NotFound("You have no feedback on this connection.")
    return row


def _feedback_row(author: int, subject: int) -> ConnectionFeedback | None:
    return db.session.execute(db.select(ConnectionFeedback).where(
        ConnectionFeedback.author_account_id == author, ConnectionFeedback.subject_account_id == subject)
    ).scalar_one_or_none()


def put_feedback(*, account: Account, connection_id: int, rating: int | None, would_meet_again: bool,
                 no_show: bool) -> ConnectionFeedback:
    """Rate meeting the other person; a low rating keeps the pair out of each other's suggestions."""
    connection = connection_of(account=account, connection_id=connection_id)
    if rating is None and not no_show:
        raise ValidationFailed("rating", "Required unless no_show is true.")
    other = connection.other(account.id)
    row = _feedback_row(account.id, other)
    if row is None:
        row = ConnectionFeedback(author_account_id=account.id, subject_account_id=other)
        db.session.add(row)
    row.connection_id, row.event_id = connection.id, connection.event_id
    row.rating, row.would_meet_again, row.no_show = rating, would_meet_again, no_show
    row.updated_at = clock.now()
    db.session.commit()
    return row


def unwanted_account_queries(*, account_id: int) -> tuple:
    """Queries of the accounts never to suggest to this one (either side rated meeting the other
    low), for a caller to run in one union with its own."""
    low = or_(ConnectionFeedback.rating <= LOW_RATING, ConnectionFeedback.would_meet_again.is_(False))
    return (
        db.select(ConnectionFeedback.subject_account_id).where(low, ConnectionFeedback.author_account_id == account_id),
        db.select(ConnectionFeedback.author_account_id).where(low, ConnectionFeedback.subject_account_id == account_id),
    )


# -- aggregates for organizers (never any text) ----------------------------------------------------

def event_feedback(*, event_id: int) -> list[dict[str, Any]]:
    """Feedback given on connections made at this event: subject account, rating, no-show; no author."""
    rows = db.session.execute(db.select(ConnectionFeedback.subject_account_id, ConnectionFeedback.rating,
                                        ConnectionFeedback.no_show).where(ConnectionFeedback.event_id == event_id)
                              .order_by(ConnectionFeedback.id)).all()
    return [{"subject_account_id": s, "rating": r, "no_show": n} for s, r, n in rows]


def first_contacts(*, connection_ids: set[int]) -> dict[int, datetime]:
    """connection id -> the earliest contact either side logged on it (organizers' follow-up rate)."""
    if not connection_ids:
        return {}
    return dict(db.session.execute(db.select(FollowUp.connection_id, func.min(FollowUp.happened_at)).where(
        FollowUp.connection_id.in_(connection_ids)).group_by(FollowUp.connection_id)).all())
