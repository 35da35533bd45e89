"""Console sign-in state and CSRF: the session cookie holds an access token and a CSRF secret."""
from __future__ import annotations

import functools
import hmac
import secrets
from typing import Callable

from flask import g, redirect, render_template, request, session, url_for

from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.console.blueprint import CSP, bp
from server.errors import ApiError
from server.extensions import db

_TOKEN = "access_token"
_CSRF = "csrf"


def csrf_token() -> str:
    """This browser session's CSRF token, made on first use (forms embed it)."""
    if _CSRF not in session:
        session[_CSRF] = secrets.token_urlsafe(32)
    return session[_CSRF]


def organizer() -> Account | None:
    """The signed-in organizer, or None (no cookie, an expired or revoked token, not an organizer)."""
    if "console_account" not in g:
        token = session.get(_TOKEN)
        account = accounts_service.authenticate(access_token=token) if isinstance(token, str) else None
        g.console_account = account if account is not None and account.can_organize else None
    return g.console_account


def signed_in(view: Callable) -> Callable:
    """Pages for organizers only: others are sent to the sign-in page."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        account = organizer()
        if account is None:
            return redirect(url_for("console.sign_in", next=request.full_path.rstrip("?")))
        return view(account, *args, **kwargs)

    return guarded


def start_session(token: str) -> None:
    """Remember a fresh sign-in; a new CSRF secret too, so a token planted before sign-in is useless."""
    session.clear()
    session[_TOKEN] = token
    session[_CSRF] = secrets.token_urlsafe(32)


def end_session() -> None:
    """Revoke the session's token and forget the cookie's contents."""
    token = session.get(_TOKEN)
    if isinstance(token, str):
        accounts_service.logout(access_token=token)
    session.clear()


@bp.before_request
def _check_csrf():
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    sent = request.form.get("csrf_token", "")
    expected = session.get(_CSRF, "")
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        return render_template("console/error.html", status=400, title="Form expired",
                               detail="This form was not sent from this console session (missing or wrong "
                                      "CSRF token). Reload the page and try again."), 400
    return None


@bp.after_request
def _security_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")  # pages show personal data
    return response


@bp.errorhandler(ApiError)
def _service_error(error: ApiError):
    # The services' errors, shown as a page: the same status, the field named, nothing written.
    db.session.rollback()
    return render_template("console/error.html", status=error.status, title=error.title, detail=error.detail,
                           errors=error.errors or {}), error.status


@bp.app_context_processor
def _template_helpers():
    return {"csrf_token": csrf_token}
