"""Sign-up, password and emailed-code sign-in, token rotation and revocation."""
from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import bindparam, case, func, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server import mail
from server.accounts.models import Account, AuthToken, EmailCode
from server.errors import Conflict, TooManyRequests, Unauthorized
from server.extensions import db
from server.sqlbulk import insert_unnest
from server.types import UTCDateTime, utcnow

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the account does not exist, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("rapport-timing-equaliser")


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(email: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def normalize_email(email: str) -> str:
    """The one spelling of an address: trimmed, lower case."""
    return email.strip().lower()


def get_account(*, account_id: int) -> Account | None:
    """The account with this id, or None."""
    return db.session.get(Account, account_id)


def find_account(*, email: str) -> Account | None:
    """The account signed up with this address (any spelling), or None."""
    return db.session.execute(
        db.select(Account).where(Account.email == normalize_email(email))
    ).scalar_one_or_none()


def ensure_accounts(*, names_by_email: dict[str, str]) -> dict[str, int]:
    """Account ids for many normalized addresses, creating passwordless ones (imports).

    INSERT ... ON CONFLICT DO NOTHING, so a concurrent sign-up or import of the same address never
    fails or duplicates; the caller's transaction holds the new rows.
    """
    if not names_by_email:
        return {}
    emails = sorted(names_by_email)  # one order for every writer: no lock cycles
    rows = [{"email": e, "name": names_by_email[e][:120], "can_organize": False, "created_at": utcnow()}
            for e in emails]
    if db.engine.dialect.name == "postgresql":
        insert_unnest(Account.__table__, rows, conflict="ON CONFLICT (email) DO NOTHING")
    else:
        db.session.execute(sqlite_insert(Account.__table__).on_conflict_do_nothing(index_elements=["email"]), rows)
    return dict(db.session.execute(db.select(Account.email, Account.id).where(Account.email.in_(emails))).all())


def get_or_create_account(*, email: str, name: str = "") -> Account:
    """The account for an address, created passwordless when new (invitations, co-organizers)."""
    account = find_account(email=email)
    if account is None:
        account = Account(email=normalize_email(email), name=name)
        db.session.add(account)
        db.session.flush()
    return account


def issue_tokens(account: Account, *, family_id: str | None = None) -> TokenPair:
    """A new access + refresh token pair for `account` (one sign-in, one family)."""
    cfg = current_app.config
    now = utcnow()
    family_id = family_id or uuid.uuid4().hex
    tokens = {"access": secrets.token_urlsafe(32), "refresh": secrets.token_urlsafe(32)}
    for kind, token in tokens.items():
        ttl = cfg[f"RAPPORT_{kind.upper()}_TOKEN_TTL"]
        db.session.add(AuthToken(account_id=account.id, kind=kind, token_hash=_sha256(token),
                                 family_id=family_id, expires_at=now + timedelta(seconds=ttl)))
    account.last_login_at = now
    db.session.commit()
    return TokenPair(tokens["access"], tokens["refresh"], cfg["RAPPORT_ACCESS_TOKEN_TTL"])


def signup(*, email: str, password: str, name: str) -> TokenPair:
    """Create an organizer account with a password and sign it in."""
    email = normalize_email(email)
    if find_account(email=email) is not None:
        # Passwordless accounts exist for every attendee; letting sign-up set a password on one
        # would hand that person's account to whoever knows their address.
        raise Conflict("An account with this email exists. Sign in with an emailed code.",
                       errors={"email": ["Already registered."]})
    account = Account(email=email, name=name, password_hash=_hasher.hash(password), can_organize=True)
    db.session.add(account)
    db.session.flush()
    return issue_tokens(account)


def login(*, email: str, password: str) -> TokenPair:
    """Password sign-in; the same 401 for an unknown address and a wrong password."""
    account = find_account(email=email)
    stored = account.password_hash if account and account.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        raise Unauthorized("Wrong email or password.") from None
    if account is None or account.password_hash is None:
        raise Unauthorized("Wrong email or password.")
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return issue_tokens(account)


def request_email_code(*, email: str) -> None:
    """Mail a fresh 6-digit code. Known or not, the caller gets the same answer."""
    cfg = current_app.config
    email = normalize_email(email)
    now = utcnow()
    recent = db.session.execute(
        db.select(func.count(EmailCode.id)).where(
            EmailCode.email == email, EmailCode.created_at > now - timedelta(hours=1)
        )
    ).scalar_one()
    if recent >= cfg["RAPPORT_EMAIL_CODES_PER_HOUR"]:
        raise TooManyRequests("Too many codes requested for this address; try again later.",
                              headers={"Retry-After": "3600"})
    # A new code retires the old ones, so the 5-try limit cannot be multiplied.
    db.session.execute(
        update(EmailCode)
        .where(EmailCode.email == email, EmailCode.consumed_at.is_(None))
        .values(consumed_at=now)
    )
    code = f"{secrets.randbelow(10**6):06d}"
    ttl = cfg["RAPPORT_EMAIL_CODE_TTL"]
    db.session.add(EmailCode(email=email, code_hash=_code_hash(email, code),
                             expires_at=now + timedelta(seconds=ttl)))
    db.session.commit()
    mail.send(
        to=email,
        subject=f"Your Rapport sign-in code: {code}",
        body=f"Your Rapport sign-in code is {code}.\n\nIt is valid for {ttl // 60} minutes "
        "and can be used once. If you did not ask for it, ignore this message.\n",
    )


def verify_email_code(*, email: str, code: str) -> TokenPair:
    """Exchange a code for tokens; creates the account on first sign-in."""
    cfg = current_app.config
    email = normalize_email(email)
    now = utcnow()
    pending = db.session.execute(
        db.select(EmailCode)
        .where(EmailCode.email == email, EmailCode.consumed_at.is_(None))
        .order_by(EmailCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    invalid = Unauthorized("The code is wrong, expired or used. Ask for a new one.",
                           errors={"code": ["Invalid or expired code."]})
    if pending is None or pending.expires_at <= now:
        raise invalid
    # Every change below is one conditional UPDATE on a still-unused code: of concurrent tries,
    # exactly one consumes it, and each wrong one counts (no lost increments).
    unused = (EmailCode.id == pending.id, EmailCode.consumed_at.is_(None))
    if not hmac.compare_digest(pending.code_hash, _code_hash(email, code)):
        tries = EmailCode.attempts + 1
        db.session.execute(
            update(EmailCode).where(*unused).values(
                attempts=tries, consumed_at=case((tries >= cfg["RAPPORT_EMAIL_CODE_MAX_ATTEMPTS"], now))),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
        raise invalid
    if not _claimed(update(EmailCode).where(*unused).values(consumed_at=now)):
        raise invalid
    account = get_or_create_account(email=email, name=email.split("@")[0])
    return issue_tokens(account)


def _claimed(statement) -> bool:
    """Run a conditional UPDATE of one single-use row; True if this caller changed it (won)."""
    if db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount == 1:
        return True
    db.session.rollback()
    return False


def _live_token(token: str, kind: str) -> AuthToken | None:
    return db.session.execute(
        db.select(AuthToken).where(AuthToken.token_hash == _sha256(token), AuthToken.kind == kind)
    ).scalar_one_or_none()


def _revoke_family(family_id: str) -> None:
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.family_id == family_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def refresh(*, refresh_token: str) -> TokenPair:
    """Rotate: a refresh token works once; presenting a spent one revokes its whole family."""
    row = _live_token(refresh_token, "refresh")
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("Refresh token is invalid or expired.",
                           errors={"refresh_token": ["Invalid or expired."]})
    # Losing a concurrent rotation with the same token counts as presenting a spent one.
    claim = update(AuthToken).where(AuthToken.id == row.id, AuthToken.used_at.is_(None)).values(used_at=now)
    if row.used_at is not None or not _claimed(claim):
        _revoke_family(row.family_id)
        db.session.commit()
        raise Unauthorized("Refresh token was already used; this sign-in is revoked.",
                           errors={"refresh_token": ["Already used."]})
    # Older access tokens of the family end with the rotation; the new pair replaces them.
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.family_id == row.family_id, AuthToken.kind == "access",
               AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return issue_tokens(db.session.get(Account, row.account_id), family_id=row.family_id)


def logout(*, access_token: str) -> None:
    """Revoke the sign-in (access and refresh tokens) that this access token belongs to."""
    row = _live_token(access_token, "access")
    if row is not None:
        _revoke_family(row.family_id)
        db.session.commit()


def _live_access_token() -> tuple:
    return (AuthToken.token_hash == bindparam("token_hash"), AuthToken.kind == "access",
            AuthToken.revoked_at.is_(None), AuthToken.expires_at > bindparam("now", type_=UTCDateTime))


def live_token_select(*columns):
    """A Core SELECT of `columns` from the live access token's row (`auth_tokens`, to join from), run with
    `token_parameters`: a hot path reads the plain values it needs with the token in one round trip."""
    return db.select(*columns).select_from(AuthToken).where(*_live_access_token())


def live_account_id_select():
    """`live_token_select` of the token's account id (as `id`), for a statement to fold its sign-in into."""
    return live_token_select(AuthToken.account_id.label("id"))


def token_parameters(access_token: str) -> dict:
    """The bound parameters of `live_token_select` for this token."""
    return {"token_hash": _sha256(access_token), "now": utcnow()}


# The statement every other request runs, built once with the token as a parameter: building it (and its
# cache key) per request cost about as much CPU as running it.
@functools.cache
def _account_statement():
    return db.select(Account).join(AuthToken, AuthToken.account_id == Account.id).where(*_live_access_token())


def authenticate(*, access_token: str) -> Account | None:
    """The account behind a live access token, or None. One query: it runs on every request."""
    return db.session.execute(_account_statement(), token_parameters(access_token)).scalar_one_or_none()
