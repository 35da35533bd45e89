"""Connections (with contact details only between connected people), blocks, and QR exchange."""
from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import segno
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from server import access
from server.access import Caller
from server.accounts.models import Account
from server.attendees import service as attendees_service
from server.attendees.models import Attendee, erased_placeholder
from server.connections.models import Block, Connection
from server.errors import NotFound, ValidationFailed
from server.events import service as events_service
from server.extensions import db
from server.intros import pairs as intro_pairs
from server.notifications import service as notifications_service
from server.pagination import paginate
from server.types import utcnow
from server.webhooks import payloads as webhooks


# -- blocks --------------------------------------------------------------------------------------

def is_blocked(*, account_a: int, account_b: int) -> bool:
    """Either account blocked the other."""
    return account_b in access.blocked_account_ids(account_id=account_a)


def block(*, caller: Caller, attendee_id: int) -> Attendee:
    """Block a person of this event; ends any connection and pending intros between the two."""
    account, event_id, me = caller.account, caller.event_id, caller.attendee
    other = access.reachable_attendee(me=me, attendee_id=attendee_id, own_block_counts=True)
    if other.account_id == account.id:
        raise ValidationFailed("attendee_id", "You cannot block yourself.")
    if _not_yet_blocked(account.id, other.account_id):
        db.session.add(Block(blocker_account_id=account.id, blocked_account_id=other.account_id, event_id=event_id))
        pair = _ordered(account.id, other.account_id)
        db.session.execute(db.delete(Connection).where(
            Connection.account_low_id == pair[0], Connection.account_high_id == pair[1]))
        intro_pairs.cancel_between(event_id=event_id, attendee_ids=(me.id, other.id))
        events_service.bump_revision(event_id=event_id)
        db.session.commit()
    return other


def _not_yet_blocked(blocker: int, blocked: int) -> bool:
    return db.session.execute(
        db.select(Block.id).where(Block.blocker_account_id == blocker, Block.blocked_account_id == blocked)
    ).first() is None


def unblock(*, caller: Caller, attendee_id: int) -> None:
    """Lift the caller's block on a person of this event."""
    account, event_id, me = caller.account, caller.event_id, caller.attendee
    other = access.reachable_attendee(me=me, attendee_id=attendee_id, own_block_counts=True)
    row = db.session.execute(db.select(Block).where(
        Block.blocker_account_id == account.id, Block.blocked_account_id == other.account_id)).scalar_one_or_none()
    if row is None:
        raise NotFound("You have not blocked this person.")
    db.session.delete(row)
    events_service.bump_revision(event_id=event_id)
    db.session.commit()


def my_blocks(*, caller: Caller) -> list[Attendee]:
    """People of this event the caller blocked (not those who blocked the caller)."""
    account, event_id = caller.account, caller.event_id
    blocked = set(db.session.execute(
        db.select(Block.blocked_account_id).where(Block.blocker_account_id == account.id)).scalars())
    found = attendees_service.by_accounts(event_id=event_id, account_ids=blocked)
    return sorted(found.values(), key=lambda a: a.id)


# -- connections ---------------------------------------------------------------------------------

def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def connection_between(*, account_a: int, account_b: int) -> Connection | None:
    """The connection between two accounts, or None."""
    low, high = _ordered(account_a, account_b)
    return db.session.execute(db.select(Connection).where(
        Connection.account_low_id == low, Connection.account_high_id == high)).scalar_one_or_none()


def get_connection(*, connection_id: int) -> Connection | None:
    """The connection with this id, or None (no access check)."""
    return db.session.get(Connection, connection_id)


def connections_of(*, account_id: int) -> list[Connection]:
    """Every connection the account is one side of, oldest first."""
    return list(db.session.execute(db.select(Connection).where(or_(
        Connection.account_low_id == account_id, Connection.account_high_id == account_id)
    ).order_by(Connection.id)).scalars())


def made_at(*, event_id: int) -> list[Connection]:
    """Connections whose two people first connected at this event."""
    return list(db.session.execute(
        db.select(Connection).where(Connection.event_id == event_id).order_by(Connection.id)).scalars())


def among(*, account_ids: set[int]) -> list[Connection]:
    """Every connection between two of `account_ids`, whenever and wherever made (analytics)."""
    if not account_ids:
        return []
    return list(db.session.execute(db.select(Connection).where(
        Connection.account_low_id.in_(account_ids), Connection.account_high_id.in_(account_ids))
        .order_by(Connection.id)).scalars())


def connected_accounts() -> list[int]:
    """Every account with at least one connection, ascending."""
    low = db.select(Connection.account_low_id.label("a"))
    high = db.select(Connection.account_high_id.label("a"))
    return sorted(set(db.session.execute(low.union(high)).scalars()))


def connected_pairs(*, account_ids: set[int]) -> set[tuple[int, int]]:
    """(low, high) account pairs among `account_ids` that are connected, in one query (seating plans)."""
    if not account_ids:
        return set()
    return {tuple(row) for row in db.session.execute(db.select(Connection.account_low_id, Connection.account_high_id)
            .where(Connection.account_low_id.in_(account_ids), Connection.account_high_id.in_(account_ids))).all()}


def blocked_pairs(*, account_ids: set[int]) -> set[tuple[int, int]]:
    """(low, high) account pairs among `account_ids` where either blocked the other, in one query."""
    if not account_ids:
        return set()
    rows = db.session.execute(db.select(Block.blocker_account_id, Block.blocked_account_id).where(
        Block.blocker_account_id.in_(account_ids), Block.blocked_account_id.in_(account_ids))).all()
    return {_ordered(a, b) for a, b in rows}


def connect(*, a: Attendee, b: Attendee, origin: str) -> tuple[Connection, bool]:
    """Connect two attendees' accounts (once per pair, whatever the origin); refuses blocked pairs.

    Does not commit: callers commit together with what caused the connection.
    """
    if a.account_id == b.account_id:
        raise ValidationFailed("attendee_id", "You cannot connect with yourself.")
    if is_blocked(account_a=a.account_id, account_b=b.account_id):
        raise NotFound("No such attendee in this event.")
    existing = connection_between(account_a=a.account_id, account_b=b.account_id)
    if existing is not None:
        return existing, False
    low, high = _ordered(a.account_id, b.account_id)
    connection = Connection(account_low_id=low, account_high_id=high, event_id=a.event_id, origin=origin)
    try:
        with db.session.begin_nested():
            db.session.add(connection)
    except IntegrityError:
        # The other side connected at the same moment; theirs stands.
        return connection_between(account_a=a.account_id, account_b=b.account_id), False
    events_service.bump_revision(event_id=a.event_id)
    webhooks.connection(connection, a, b)
    return connection, True


def describe(connection: Connection, other: Attendee) -> dict[str, Any]:
    """A connection as one side sees it: the other's profile and what they share with connections."""
    return {"connection": connection, "attendee": other, "contact": attendees_service.contact_fields(other)}


def list_connections(
    *, caller: Caller, limit: int | None = None, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """The caller's connections with people of this event (wherever they first met)."""
    account, event_id = caller.account, caller.event_id
    others = db.select(Attendee.account_id).where(Attendee.event_id == event_id)
    erased = db.select(Account.id).where(Account.erased_at.is_not(None))

    def theirs(side):  # people of this event, and those met here who erased their account since
        return side.in_(others) | ((Connection.event_id == event_id) & side.in_(erased))

    stmt = db.select(Connection).where(or_(
        (Connection.account_low_id == account.id) & theirs(Connection.account_high_id),
        (Connection.account_high_id == account.id) & theirs(Connection.account_low_id)))
    rows, next_cursor = paginate(stmt, Connection.id, limit=limit, cursor=cursor, session=db.session)
    profiles = attendees_service.by_accounts(event_id=event_id, account_ids={c.other(account.id) for c in rows})
    return [describe(c, profiles.get(c.other(account.id)) or erased_placeholder(event_id))
            for c in rows], next_cursor


# -- QR exchange ---------------------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="rapport-qr")


def qr_token(*, caller: Caller) -> tuple[str, datetime]:
    """A signed, short-lived token naming the caller by a random handle, never by id. Writes nothing."""
    token = _serializer().dumps({"h": caller.attendee.qr_handle})
    return token, utcnow() + timedelta(seconds=current_app.config["RAPPORT_QR_TOKEN_TTL"])


def rotate_qr(*, caller: Caller) -> tuple[str, datetime]:
    """A new handle for the caller (every earlier token stops working), and a token carrying it."""
    attendees_service.rotate_qr_handle(attendee=caller.attendee)
    return qr_token(caller=caller)


def render_qr(token: str, *, kind: str) -> bytes:
    """The token as a QR code image: `svg` or `png`."""
    code = segno.make(token, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind=kind, scale=8 if kind == "png" else 4, border=2)
    return buffer.getvalue()


def attendee_for_token(*, event_id: int, token: str) -> Attendee:
    """The attendee of this event a badge's QR token names (scans, check-in at the door), or 422."""
    try:
        data: Any = _serializer().loads(token, max_age=current_app.config["RAPPORT_QR_TOKEN_TTL"])
    except SignatureExpired:
        raise ValidationFailed("token", "This QR code has expired; ask them to refresh it.") from None
    except BadSignature:
        raise ValidationFailed("token", "Not a Rapport QR code for this event.") from None
    other = attendees_service.by_qr_handle(event_id=event_id, handle=str((data or {}).get("h", "")))
    if other is None:
        raise ValidationFailed("token", "Not a Rapport QR code for this event.")
    return other


def scan(*, caller: Caller, token: str) -> tuple[dict[str, Any], bool]:
    """Connect with the person whose QR code was scanned; scanning twice keeps one connection."""
    event_id, me = caller.event_id, caller.attendee
    other = attendee_for_token(event_id=event_id, token=token)
    if other.id == me.id:
        raise ValidationFailed("token", "That is your own code.")
    connection, created = connect(a=me, b=other, origin="scan")
    if created:
        notifications_service.notify(account_id=other.account_id, event_id=event_id, kind="connection_scanned",
                                     data={"attendee_id": me.id, "display_name": me.display_name})
    db.session.commit()
    return describe(connection, other), created
