"""Who is asking: the bearer token on the request, resolved once per request."""
from __future__ import annotations

from flask import g, request

from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.errors import Unauthorized


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
        raise Unauthorized("Invalid or expired access token.")
    return token


def _remember(account: Account | None) -> Account:
    if account is None:
        raise Unauthorized("Invalid or expired access token.")
    g.account = account
    g.account_id = account.id  # for the request log, without touching the session after commit
    return account


def current_account() -> Account:
    """The signed-in account, or a 401 problem."""
    if "account" not in g:
        _remember(accounts_service.authenticate(access_token=_checked_token()))
    return g.account


def current_account_in_event(event_id: int) -> dict:
    """The signed-in account (or a 401) and, when its token is looked up here, its standing in the event
    from the same query: keyword arguments for `access.attendee` and the other entry points."""
    if "account" in g:
        return {"account": g.account, "event_id": event_id}
    found = accounts_service.authenticate_in_event(access_token=_checked_token(), event_id=event_id)
    account = _remember(found and found[0])
    return {"account": account, "event_id": event_id, "known": (found[1], found[2])}
