"""Who is asking: the bearer token on the request, resolved once per request."""
from __future__ import annotations

import functools
from typing import Callable

from flask import g, request
from sqlalchemy import and_, bindparam

from server import access, dbpool
from server.accounts import service as accounts_service
from server.accounts.models import Account, AuthToken
from server.attendees.models import Attendee
from server.errors import Unauthorized
from server.events.models import Event, EventOrganizer

INVALID_TOKEN = "Invalid or expired access token."


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _checked_token() -> str:
    token = bearer_token()
    if token is None:
        raise Unauthorized("Sign in and send `Authorization: Bearer <access_token>`.")
    if len(token) > 200:
        raise Unauthorized(INVALID_TOKEN)
    return token


def _remember(account: Account | None) -> Account:
    if account is None:
        raise Unauthorized(INVALID_TOKEN)
    g.account = account
    g.account_id = account.id  # for the request log, without touching the session after commit
    return account


def current_account() -> Account:
    """The signed-in account, or a 401 problem."""
    if "account" not in g:
        _remember(accounts_service.authenticate(access_token=_checked_token()))
    return g.account


@functools.cache
def _standing_statement(extra: Callable | None):
    event_id = bindparam("event_id")
    account = AuthToken.account_id
    own = (extra(account, Attendee.id) if extra else ())
    return (accounts_service.live_token_select(account, *access.STANDING_COLUMNS, *own)
            .outerjoin(Event, Event.id == event_id)
            .outerjoin(Attendee, and_(Attendee.account_id == account, Attendee.event_id == Event.id))
            .outerjoin(EventOrganizer, and_(EventOrganizer.account_id == account, EventOrganizer.event_id == Event.id)))


def current_attendee(event_id: int, extra: Callable | None = None) -> access.Standing:
    """The signed-in attendee of the event as plain values (401, or `access.standing`'s 404 / 403), in one
    Core statement: no ORM objects. `extra(account_id, attendee_id)` -> columns (e.g. correlated subqueries)
    read in the same round trip, in `Standing.extra`; one function per hot path (statements are cached by it)."""
    parameters = {**accounts_service.token_parameters(_checked_token()), "event_id": event_id}
    with dbpool.read_connection() as connection:
        row = connection.execute(_standing_statement(extra), parameters).first()
    if row is None:
        raise Unauthorized(INVALID_TOKEN)
    g.account_id = row[0]  # the request log's
    return access.standing(row)
