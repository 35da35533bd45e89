"""Conversations between connected accounts: open, list, send (once per client_id), page, mark read.

Only the two accounts of a conversation ever read or write it; organizers never do. A block either
way hides the conversation from both (404, like an id that does not exist) and hides the history up
to the block from the blocker for good. Writing needs a live connection and no suspension.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, event, func, or_, update
from sqlalchemy.exc import IntegrityError

from server import access
from server.accounts.models import Account
from server.connections.models import Block, Connection
from server.errors import Conflict, NotFound, TooManyRequests
from server.extensions import db
from server.messages import cards
from server.messages.models import Conversation, ConversationMember, Message
from server.types import utcnow

PREVIEW_CHARS = 120


def unknown_conversation(field: str = "conversation_id") -> NotFound:
    """The 404 of a conversation the caller may not see (whether it exists or not)."""
    return NotFound("No such conversation.", errors={field: ["Unknown conversation."]})


def readable(*, account: Account, conversation_id: int) -> tuple[Conversation, ConversationMember]:
    """The caller's conversation and their side of it; 404 for others' and for blocked pairs."""
    row = db.session.execute(db.select(Conversation, ConversationMember).join(
        ConversationMember, and_(ConversationMember.conversation_id == Conversation.id,
                                 ConversationMember.account_id == account.id))
        .where(Conversation.id == conversation_id)).first()
    if row is None or access.blocked_either(account.id, row[0].other(account.id)):
        raise unknown_conversation()
    return row[0], row[1]


def rate_limited(field: str, detail: str, limit_text: str) -> TooManyRequests:
    """429 naming the field whose limit was reached."""
    return TooManyRequests(detail, errors={field: [limit_text]}, headers={"Retry-After": "60"})


def open_conversation(*, account: Account, connection_id: int) -> tuple[Conversation, bool]:
    """The conversation with a connection's other side, started if new (at most N new a day)."""
    connection = db.session.get(Connection, connection_id)
    if connection is None or account.id not in (connection.account_low_id, connection.account_high_id):
        raise NotFound("No such connection.", errors={"connection_id": ["Unknown connection."]})
    other = connection.other(account.id)
    if cards.erased(other):
        raise Conflict("They deleted their account.", errors={"connection_id": ["They deleted their account."]})
    found = _between(account.id, other)
    if found is not None:
        return found, False
    per_day = current_app.config["RAPPORT_NEW_CONVERSATIONS_PER_DAY"]
    started = db.session.execute(db.select(func.count(Conversation.id)).where(
        Conversation.started_by_account_id == account.id,
        Conversation.created_at > utcnow() - timedelta(days=1))).scalar_one()
    if started >= per_day:
        raise rate_limited("connection_id", f"You started {per_day} conversations today, the most allowed.",
                            f"At most {per_day} new conversations a day.")
    low, high = sorted((account.id, other))
    conversation = Conversation(account_low_id=low, account_high_id=high, event_id=connection.event_id,
                                started_by_account_id=account.id)
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
            db.session.flush()
            db.session.add_all([ConversationMember(conversation_id=conversation.id, account_id=a) for a in (low, high)])
    except IntegrityError:
        return _between(account.id, other), False  # the other side opened it at the same moment
    db.session.commit()
    return conversation, True


def _between(a: int, b: int) -> Conversation | None:
    low, high = sorted((a, b))
    return db.session.execute(db.select(Conversation).where(
        Conversation.account_low_id == low, Conversation.account_high_id == high)).scalar_one_or_none()


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds (the caller's account, a row just written)."""
    # The answer shows the message just written and the sender's id: expiring them at commit would cost
    # a second transaction (BEGIN, two SELECTs, ROLLBACK) only to read back what was just sent.
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def visible_messages(member: ConversationMember):
    """Messages of the member's conversation they may see (their own block hid the earlier ones)."""
    return db.select(Message).where(Message.conversation_id == member.conversation_id,
                                    Message.id > member.hidden_through_message_id)


def page(*, account: Account, conversation_id: int, before: int | None = None, after: int | None = None,
         limit: int | None = None) -> dict[str, Any]:
    """A page in id order: after `after` (oldest first), before `before`, or the newest page."""
    _, member = readable(account=account, conversation_id=conversation_id)
    limit = min(limit or current_app.config["RAPPORT_PAGE_LIMIT_DEFAULT"], current_app.config["RAPPORT_PAGE_LIMIT_MAX"])
    stmt = visible_messages(member)
    if before is not None:
        stmt = stmt.where(Message.id < before)
    if after is not None:
        rows = list(db.session.execute(stmt.where(Message.id > after).order_by(Message.id).limit(limit + 1)).scalars())
    else:
        rows = list(db.session.execute(stmt.order_by(Message.id.desc()).limit(limit + 1)).scalars())[::-1]
        rows = rows[1:] if len(rows) > limit else rows
        return {"items": rows, "has_more": len(rows) == limit and _older_exists(stmt, rows)}
    return {"items": rows[:limit], "has_more": len(rows) > limit}


def _older_exists(stmt, rows: list[Message]) -> bool:
    return db.session.execute(stmt.where(Message.id < rows[0].id).limit(1)).first() is not None


def mark_read(*, account: Account, conversation_id: int, message_id: int) -> dict[str, Any]:
    """Read receipts: everything up to `message_id` is read (never moves back)."""
    conversation, member = readable(account=account, conversation_id=conversation_id)
    if db.session.execute(visible_messages(member).where(Message.id == message_id)).first() is None:
        raise NotFound("No such message in this conversation.", errors={"message_id": ["Unknown message."]})
    member.last_read_message_id = max(member.last_read_message_id, message_id)
    db.session.commit()
    return {"conversation_id": conversation.id, "last_read_message_id": member.last_read_message_id,
            "unread": unread_counts(account_id=account.id, members=[member])[conversation.id]}


def unread_counts(*, account_id: int, members: list[ConversationMember]) -> dict[int, int]:
    """conversation id -> messages from the other side after what the member read, in one query."""
    if not members:
        return {}
    floors = [and_(Message.conversation_id == m.conversation_id,
                   Message.id > max(m.last_read_message_id, m.hidden_through_message_id)) for m in members]
    counted = dict(db.session.execute(db.select(Message.conversation_id, func.count(Message.id)).where(
        Message.sender_account_id != account_id, or_(*floors)).group_by(Message.conversation_id)).all())
    return {m.conversation_id: counted.get(m.conversation_id, 0) for m in members}


@event.listens_for(Block, "after_insert")
def _hide_history_from_blocker(_mapper, connection, block: Block) -> None:
    # Wherever a block is made, what came before it stays hidden from the blocker even after an
    # unblock (a listener, so the block itself need not know about messaging).
    low, high = sorted((block.blocker_account_id, block.blocked_account_id))
    pair = db.select(Conversation.id).where(Conversation.account_low_id == low, Conversation.account_high_id == high)
    last = db.select(Conversation.last_message_id).where(Conversation.id == ConversationMember.conversation_id)
    connection.execute(update(ConversationMember).where(
        ConversationMember.conversation_id.in_(pair.scalar_subquery()),
        ConversationMember.account_id == block.blocker_account_id).values(
        hidden_through_message_id=last.scalar_subquery()))


def as_items(messages: list[Message], *, account_id: int) -> list[dict[str, Any]]:
    """Messages as a member sees them: which ones they sent themselves."""
    return [{"message": m, "from_me": m.sender_account_id == account_id} for m in messages]

