"""The statements of a send, built once per dialect and run with parameters.

On PostgreSQL one statement checks the token, decides and writes everything (data-modifying CTEs):
the account behind the token (`accounts.service.live_account_id_select`), the checks (one row: the
conversation's parties, why a send is refused, an earlier message with this `client_id`, the sender's
profile at the event, whether the recipient has devices, whether either person has ever synced),
then, only when nothing refuses it, the message, the conversation's activity and the recipient's
notification. SQLite cannot write in a CTE: there the token and the checks are one SELECT and each
write a statement of its own (so is PostgreSQL's rare send by someone with no profile at the event).
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, String, Text, and_, bindparam, case, func, literal_column, select, true, update

from server import access
from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.extensions import db
from server.messages.models import Conversation, ConversationMember, Message, MessagingSuspension
from server.notifications.models import Notification
from server.push.models import Device
from server.sync.models import SyncState
from server.types import UTCDateTime

KIND = "message_received"
_TYPES = {"me": Integer, "conversation_id": Integer, "client_id": String, "text": Text, "now": UTCDateTime,
          "since": UTCDateTime, "per_minute": Integer, "message_id": Integer, "attendee_id": Integer,
          "display_name": String, "other": Integer, "event_id": Integer}
_WRITTEN = ("conversation_id", "message_id", "attendee_id", "display_name", "other", "event_id")
_built: dict[str, SimpleNamespace] = {}


def _p(name: str):
    return bindparam(name, type_=_TYPES[name])


def _word(word: str):
    return literal_column(f"'{word}'", String)  # constant identifiers of ours, never input


def _checks():
    """One row per live token (none: the token is refused): its account and, when the conversation is
    theirs (else NULL), its parties and why sending is refused (NULL: it is not)."""
    # Short SQL matters: psycopg caches its parsing of statements up to 4 kB only.
    signed_in = accounts_service.live_account_id_select().cte("t")
    me = signed_in.c.id
    low, high = Conversation.account_low_id, Conversation.account_high_id
    other = low + high - me  # the member who is not me (shorter SQL than a CASE)
    erased = select(Account.erased_at).where(Account.id == other).scalar_subquery()
    suspended = select(MessagingSuspension.id).where(MessagingSuspension.event_id == Conversation.event_id,
                                                     MessagingSuspension.account_id == me).exists()
    recent = select(func.count(Message.id)).where(Message.sender_account_id == me,
                                                  Message.created_at > _p("since")).scalar_subquery()
    refused = case((access.blocked_either_sql(low, high), _word("unknown")), (erased.is_not(None), _word("erased")),
                   (~access.connected_sql(low, high), _word("not_connected")), (suspended, _word("suspended")),
                   (recent >= _p("per_minute"), _word("rate")), else_=None)
    sent = select(Message.id).where(Message.conversation_id == Conversation.id, Message.sender_account_id == me,
                                    Message.client_id == _p("client_id")).scalar_subquery()
    devices = select(Device.id).where(Device.account_id == other).exists()
    # Nobody of the two ever synced (the usual case): sync's commit hook has nothing to write for them.
    synced = select(SyncState.account_id).where(SyncState.account_id.in_([low, high])).exists()
    return (select(me.label("account_id"), Conversation.id, Conversation.event_id, low, high, other.label("other"),
                   refused.label("refused"), sent.label("sent_id"), Attendee.id.label("attendee_id"),
                   Attendee.display_name, devices.label("has_devices"), synced.label("synced"))
            .select_from(signed_in)
            .outerjoin(ConversationMember, and_(ConversationMember.conversation_id == _p("conversation_id"),
                                                ConversationMember.account_id == me))
            .outerjoin(Conversation, Conversation.id == ConversationMember.conversation_id)
            .outerjoin(Attendee, and_(Attendee.event_id == Conversation.event_id, Attendee.account_id == me)))


def _message_insert(source):
    """INSERT of the message; `source` selects its conversation and sender ids. (Not the dialects' ON
    CONFLICT inserts: SQLAlchemy caches no statement holding one, and compiling this one costs more than a send.)"""
    return db.insert(Message).from_select(
        ["conversation_id", "sender_account_id", "client_id", "body", "created_at"],
        source.add_columns(_p("client_id"), _p("text"), _p("now"))).returning(Message.id, Message.conversation_id)


def _follow_ups(v: dict[str, Any], json_object, guard=None) -> list:
    """What a new message changes besides itself; `v` holds SQL for the written values."""
    guarded = () if guard is None else (guard,)
    activity = update(Conversation).where(Conversation.id == v["conversation_id"], *guarded).values(
        last_activity_at=_p("now"), last_message_id=case(
            (Conversation.last_message_id < v["message_id"], v["message_id"]), else_=Conversation.last_message_id))
    data = json_object(_word("conversation_id"), v["conversation_id"], _word("message_id"), v["message_id"],
                       _word("attendee_id"), v["attendee_id"], _word("display_name"), v["display_name"])
    notification = db.insert(Notification).from_select(
        ["account_id", "event_id", "kind", "data", "created_at"],
        select(v["other"], v["event_id"], _word(KIND), data, _p("now")).where(*guarded)).returning(Notification.id)
    return [activity, notification]


def _all_in_one(checks):
    """PostgreSQL: token, checks and writes in one statement; the writes happen only when the checks pass
    and the sender has a profile at the conversation's event (the notification shows it)."""
    s = checks.cte("s")
    ready = and_(s.c.id.is_not(None), s.c.refused.is_(None), s.c.sent_id.is_(None), s.c.attendee_id.is_not(None))
    m = _message_insert(select(s.c.id, s.c.account_id).where(ready)).cte("m")
    # Written from s and m themselves, joined (one row, or none when nothing is sent).
    v = {k: s.c[k] for k in ("other", "event_id", "attendee_id", "display_name")}
    v.update(conversation_id=m.c.conversation_id, message_id=m.c.id)
    activity, notification = [w.cte(f"w{i}") for i, w in enumerate(
        _follow_ups(v, func.json_build_object, m.c.conversation_id == s.c.id))]
    return (select(s, m.c.id.label("message_id"), select(notification.c.id).scalar_subquery().label("notification_id"))
            .select_from(s.outerjoin(m, true())).add_cte(activity, notification))


def built() -> SimpleNamespace:
    """The statements for the session's dialect: `checks`, `all_in_one` (PostgreSQL, else None),
    `insert` and `follow_ups` (the writes one at a time)."""
    name = db.session.get_bind().dialect.name
    if name not in _built:
        pg = name == "postgresql"
        plain = _follow_ups({k: _p(k) for k in _WRITTEN}, func.json_build_object if pg else func.json_object)
        checks = _checks()
        _built[name] = SimpleNamespace(checks=checks, all_in_one=_all_in_one(checks) if pg else None, follow_ups=plain,
                                       insert=_message_insert(select(_p("conversation_id"), _p("me"))))
    return _built[name]
