"""The conversation list (newest activity first) and the inbox (what arrived after a cursor, waiting if nothing)."""
from __future__ import annotations

import base64
import binascii
import json
import time
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_

from server import access
from server.accounts.models import Account
from server.errors import ValidationFailed
from server.extensions import db
from server.inputs import MAX_ID
from server.messages import cards, wakeup
from server.messages.models import Conversation, ConversationMember, Message
from server.messages.service import PREVIEW_CHARS, readable, unread_counts
from server.pagination import decode_cursor, encode_cursor

INBOX_ITEMS = 100


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed("cursor", "Not a cursor this API returned.")


def _activity_cursor(conversation: Conversation) -> str:
    raw = json.dumps({"t": conversation.last_activity_at.isoformat(), "i": conversation.id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _activity_after(cursor: str) -> tuple[datetime, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        moment, last_id = datetime.fromisoformat(data["t"]), data["i"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if moment.tzinfo is None or not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 <= last_id <= MAX_ID:
        raise _bad_cursor()
    return moment, last_id


def _mine(account_id: int, *columns):
    """(conversation, member) rows of the caller (or `columns` of them), without pairs blocked either way."""
    hidden = access.blocked_account_ids(account_id=account_id)
    stmt = db.select(*(columns or (Conversation, ConversationMember))).select_from(Conversation).join(
        ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                 ConversationMember.account_id == account_id))
    if hidden:
        stmt = stmt.where(Conversation.account_low_id.not_in(hidden), Conversation.account_high_id.not_in(hidden))
    return stmt


def conversations(*, account: Account, limit: int | None = None, cursor: str | None = None):
    """The caller's conversations, newest activity first, each with the other's card, preview and unread."""
    limit = min(limit or current_app.config["RAPPORT_PAGE_LIMIT_DEFAULT"], current_app.config["RAPPORT_PAGE_LIMIT_MAX"])
    stmt = _mine(account.id)
    if cursor:
        moment, last_id = _activity_after(cursor)
        stmt = stmt.where(or_(Conversation.last_activity_at < moment,
                              and_(Conversation.last_activity_at == moment, Conversation.id < last_id)))
    rows = db.session.execute(stmt.order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
                              .limit(limit + 1)).all()
    next_cursor = _activity_cursor(rows[limit - 1][0]) if len(rows) > limit else None
    rows = rows[:limit]
    return [describe(c, m, account.id) for c, m in rows], next_cursor


def describe(conversation: Conversation, member: ConversationMember, account_id: int,
             unread: int | None = None) -> dict[str, Any]:
    """One conversation as the caller sees it."""
    last = None
    if conversation.last_message_id > member.hidden_through_message_id:
        last = db.session.get(Message, conversation.last_message_id)
    if unread is None:
        unread = unread_counts(account_id=account_id, members=[member])[conversation.id]
    return {"id": conversation.id, "event_id": conversation.event_id, "created_at": conversation.created_at,
            "last_activity_at": conversation.last_activity_at,
            "attendee": cards.card(conversation.other(account_id), conversation.event_id),
            "last_message": None if last is None else {
                "id": last.id, "preview": last.body[:PREVIEW_CHARS], "mine": last.sender_account_id == account_id,
                "created_at": last.created_at},
            "unread": unread, "last_read_message_id": member.last_read_message_id}


def one(*, account: Account, conversation_id: int) -> dict[str, Any]:
    """One conversation the account is a member of, as the inbox shows it."""
    conversation, member = readable(account=account, conversation_id=conversation_id)
    return describe(conversation, member, account.id)


def _newer(account_id: int, after: int) -> list[Message]:
    stmt = _mine(account_id, Message).join(Message, Message.conversation_id == Conversation.id).where(
        Message.id > after, Message.id > ConversationMember.hidden_through_message_id)
    return list(db.session.execute(stmt.order_by(Message.id).limit(INBOX_ITEMS)).scalars())


def _latest(account_id: int) -> int:
    stmt = _mine(account_id, Conversation.last_message_id)
    return max(db.session.execute(stmt).scalars(), default=0)


def inbox(*, account: Account, after: str | None = None, wait: int = 0) -> dict[str, Any]:
    """Messages (both directions) after the cursor; with none yet, hold up to `wait` seconds for one."""
    account_id = account.id
    if after is None:
        return {"items": [], "cursor": encode_cursor(_latest(account_id))}
    floor = decode_cursor(after)
    deadline = time.monotonic() + wait
    with wakeup.waiting(account_id) as woken:
        while True:
            found = _newer(account_id, floor)
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                break
            # Never hold a database connection while waiting: hundreds of clients may be parked here.
            db.session.remove()
            woken.wait(min(remaining, wakeup.RECHECK_SECONDS))
            woken.clear()
    return {"items": found, "cursor": encode_cursor(found[-1].id if found else floor)}
