"""How the other person of a conversation is shown: their profile where the two met, else their newest."""
from __future__ import annotations

from server.accounts.models import Account
from server.attendees import service as attendees_service
from server.attendees.models import Attendee, erased_placeholder
from server.extensions import db

LEFT_NAME = "A former attendee"  # still an account, but in no event any more


def erased(account_id: int) -> bool:
    """The account was erased (DELETE /me): nothing can be sent to it."""
    account = db.session.get(Account, account_id)
    return account is None or account.erased_at is not None


def card(account_id: int, event_id: int | None) -> Attendee:
    """The account's public profile at `event_id`, else its newest one, else a placeholder."""
    if event_id is not None:
        here = attendees_service.of_account(event_id=event_id, account_id=account_id)
        if here is not None:
            return here
    events = attendees_service.attended_event_ids(account_id=account_id)
    if events:
        newest = max(events, key=lambda pair: pair[1])[0]
        return attendees_service.of_account(event_id=newest, account_id=account_id)
    placeholder = erased_placeholder(event_id)
    if not erased(account_id):
        placeholder.display_name = LEFT_NAME
    return placeholder
