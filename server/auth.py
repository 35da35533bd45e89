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


def current_account() -> Account:
    """The signed-in account, or a 401 problem."""
    if "account" not in g:
        token = bearer_token()
        if token is None:
            raise Unauthorized("Sign in and send `Authorization: Bearer <access_token>`.")
        if len(token) > 200:
            raise Unauthorized("Invalid or expired access token.")
        account = accounts_service.authenticate(access_token=token)
        if account is None:
            raise Unauthorized("Invalid or expired access token.")
        g.account = account
        g.account_id = account.id  # for the request log, without touching the session after commit
    return g.account
