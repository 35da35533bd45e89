"""Intro requests with consent: contact details are shared only when the recipient accepts."""
from __future__ import annotations

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError

from server import access
from server.access import Caller
from server.attendees.models import Attendee
from server.connections import service as connections_service
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.intros.models import Intro
from server.intros.pairs import between as _between
from server.locks import lock_row
from server.notifications import service as notifications_service
from server.pagination import paginate
from server.types import utcnow


def create(*, caller: Caller, to_attendee_id: int, message: str = "") -> Intro:
    """Ask to meet someone. Refused for oneself, blocked pairs, existing connections and duplicates."""
    me, event_id = caller.attendee, caller.event_id
    if to_attendee_id == me.id:
        raise ValidationFailed("to_attendee_id", "You cannot ask for an intro to yourself.")
    other = access.reachable_attendee(me=me, attendee_id=to_attendee_id, field="to_attendee_id")
    if connections_service.connection_between(account_a=me.account_id, account_b=other.account_id):
        raise Conflict("You are already connected.", errors={"to_attendee_id": ["Already connected."]})
    # The sender's own requests queue here, so the open-request check and the cap count see each other.
    lock_row(Attendee, me.id)
    open_intro = db.session.execute(db.select(Intro).where(
        _between(me.id, other.id), Intro.status.in_(("pending", "accepted")))).scalars().first()
    if open_intro is not None:
        detail = ("They already asked to meet you: accept their request instead."
                  if open_intro.sender_id == other.id else "You already asked to meet this person.")
        raise Conflict(detail, errors={"to_attendee_id": ["An intro request is already open."]})
    cap = caller.event.max_pending_intros
    if cap is not None and _pending_outgoing(me.id) >= cap:
        raise Conflict(f"You have {cap} pending intro requests, the most this event allows. "
                       "Wait for answers or cancel one.", errors={"to_attendee_id": ["Pending request limit reached."]})
    intro = Intro(event_id=event_id, sender_id=me.id, recipient_id=other.id, message=message)
    db.session.add(intro)
    try:
        db.session.flush()
    except IntegrityError:
        # The other person asked at the same moment: the pair's pending index took theirs first.
        db.session.rollback()
        raise Conflict("They already asked to meet you: accept their request instead.",
                       errors={"to_attendee_id": ["An intro request is already open."]}) from None
    notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="intro_received",
                                 data={"intro_id": intro.id, "attendee_id": me.id, "display_name": me.display_name})
    events_service.bump_revision(event_id=event_id)
    db.session.commit()
    return intro


def _pending_outgoing(attendee_id: int) -> int:
    return db.session.execute(db.select(func.count(Intro.id)).where(
        Intro.sender_id == attendee_id, Intro.status == "pending")).scalar_one()


def list_mine(*, caller: Caller, direction: str | None = None, status: str | None = None,
              limit: int | None = None, cursor: str | None = None) -> tuple[list[dict], str | None]:
    """The caller's intros in this event: incoming, outgoing or both."""
    me = caller.attendee
    sides = {"incoming": Intro.recipient_id == me.id, "outgoing": Intro.sender_id == me.id}
    stmt = db.select(Intro).where(Intro.event_id == caller.event_id,
                                  sides[direction] if direction else or_(*sides.values()))
    if status:
        stmt = stmt.where(Intro.status == status)
    rows, next_cursor = paginate(stmt, Intro.id, limit=limit, cursor=cursor, session=db.session)
    return describe(rows, viewer_id=me.id), next_cursor


def _mine(caller: Caller, intro_id: int) -> tuple[Intro, Attendee]:
    me = caller.attendee
    intro = access.get_in_event(Intro, intro_id, event_id=caller.event_id, detail="No such intro.")
    if me.id not in (intro.sender_id, intro.recipient_id):
        raise NotFound("No such intro.")
    return intro, me


def _respond(caller: Caller, intro_id: int, *, as_recipient: bool, status: str) -> Intro:
    intro, me = _mine(caller, intro_id)
    if (intro.recipient_id if as_recipient else intro.sender_id) != me.id:
        who = "recipient" if as_recipient else "sender"
        raise Forbidden(f"Only the {who} of an intro can do this.")
    if intro.status != "pending":
        raise Conflict(f"This intro is already {intro.status}.")
    intro.status, intro.responded_at = status, utcnow()
    return intro


def accept(*, caller: Caller, intro_id: int) -> Intro:
    """Accept: the two become connected and each sees what the other chose to share."""
    intro = _respond(caller, intro_id, as_recipient=True, status="accepted")
    sender = db.session.get(Attendee, intro.sender_id)
    recipient = db.session.get(Attendee, intro.recipient_id)
    connections_service.connect(a=recipient, b=sender, origin="intro")
    notifications_service.notify(account_id=sender.account_id, event_id=caller.event_id, kind="intro_accepted",
                                 data={"intro_id": intro.id, "attendee_id": recipient.id,
                                       "display_name": recipient.display_name})
    db.session.commit()
    return intro


def decline(*, caller: Caller, intro_id: int) -> Intro:
    """Decline (the recipient); the sender is not told, suggestions stop pairing the two."""
    intro = _respond(caller, intro_id, as_recipient=True, status="declined")
    events_service.bump_revision(event_id=caller.event_id)
    db.session.commit()
    return intro


def cancel(*, caller: Caller, intro_id: int) -> Intro:
    """Withdraw a pending request (the sender)."""
    intro = _respond(caller, intro_id, as_recipient=False, status="cancelled")
    db.session.commit()
    return intro


def partner_queries(*, attendee_id: int) -> tuple:
    """Queries of everyone the attendee has an intro with, in any state (suggestions skip them),
    for the caller to union with its own: SQLite cannot nest compound selects."""
    return (db.select(Intro.recipient_id).where(Intro.sender_id == attendee_id),
            db.select(Intro.sender_id).where(Intro.recipient_id == attendee_id))


def event_rows(*, event_id: int) -> list[tuple[int, int, str]]:
    """(sender_id, recipient_id, status) of every intro of the event: for outcome counts."""
    return [tuple(r) for r in db.session.execute(db.select(Intro.sender_id, Intro.recipient_id, Intro.status)
                                                 .where(Intro.event_id == event_id)).all()]


def pending_incoming_counts(*, event_id: int) -> dict[int, int]:
    """attendee id -> pending requests waiting for them: how swamped each person already is."""
    return dict(db.session.execute(db.select(Intro.recipient_id, func.count(Intro.id)).where(
        Intro.event_id == event_id, Intro.status == "pending").group_by(Intro.recipient_id)).all())


def describe(intros: list[Intro], *, viewer_id: int) -> list[dict]:
    """Intros with both people's public profiles and the viewer's side, loaded in one query."""
    ids = {i.sender_id for i in intros} | {i.recipient_id for i in intros}
    people = {a.id: a for a in db.session.execute(db.select(Attendee).where(Attendee.id.in_(ids))).scalars()}
    return [
        {"intro": i, "sender": people[i.sender_id], "recipient": people[i.recipient_id],
         "direction": "outgoing" if i.sender_id == viewer_id else "incoming"}
        for i in intros
    ]
