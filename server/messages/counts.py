"""Messaging as numbers for other features: contact for the due list, counts for summaries and analytics."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_

from server.extensions import db
from server.messages.models import Conversation, Message


def last_sent_at(*, account_id: int) -> dict[int, Any]:
    """other account id -> when this account last wrote to them: a message counts as contact."""
    rows = db.session.execute(db.select(Conversation.account_low_id, Conversation.account_high_id,
                                        func.max(Message.created_at))
                              .join(Message, Message.conversation_id == Conversation.id)
                              .where(Message.sender_account_id == account_id)
                              .group_by(Conversation.account_low_id, Conversation.account_high_id)).all()
    return {(high if low == account_id else low): at for low, high, at in rows}


def conversation_counts(*, event_id: int, account_id: int | None = None) -> dict[str, int]:
    """Conversations begun at the event (or the account's there) and their messages: counts only."""
    stmt = db.select(Conversation.id).where(Conversation.event_id == event_id)
    if account_id is not None:
        stmt = stmt.where(or_(Conversation.account_low_id == account_id, Conversation.account_high_id == account_id))
    ids = stmt.scalar_subquery()
    conversations = db.session.execute(db.select(func.count()).select_from(stmt.subquery())).scalar_one()
    messages = db.session.execute(db.select(func.count(Message.id)).where(Message.conversation_id.in_(ids))).scalar_one()
    return {"conversations": conversations, "messages": messages}
