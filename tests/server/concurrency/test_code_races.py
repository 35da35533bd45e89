"""A sign-in code is single use even when many verifications of it arrive at once."""
from __future__ import annotations

from server.accounts.models import Account, AuthToken, EmailCode
from server.extensions import db
from tests.factories import last_code, sign_in_with_code, unique_email
from tests.server.concurrency.conftest import assert_one_winner, at_once

VERIFY = "/api/v1/auth/email-code/verify"


def _code_for(client, app) -> tuple[str, str]:
    email = unique_email("racer")
    assert client.post("/api/v1/auth/email-code", json={"email": email}).status_code == 202
    return email, last_code(app, email)


def test_one_code_verified_sixteen_times_at_once_signs_in_once(client, app, live):
    email, code = _code_for(client, app)
    answers = at_once(live, [("POST", VERIFY, None, {"email": email, "code": code})] * 16)
    assert len(assert_one_winner(answers, won=200, lost=401)) == 1
    with app.app_context():
        tokens = db.session.execute(db.select(AuthToken.kind).join(Account).where(Account.email == email)).scalars()
        assert sorted(tokens) == ["access", "refresh"]


def test_wrong_guesses_at_once_all_count_towards_the_limit(client, app, live):
    email, code = _code_for(client, app)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = at_once(live, [("POST", VERIFY, None, {"email": email, "code": wrong})] * 20)
    assert {status for status, _, _ in answers} == {401}
    # Five tries at most, however they arrive: the right code no longer works.
    assert client.post(VERIFY, json={"email": email, "code": code}).status_code == 401
    with app.app_context():
        row = db.session.execute(db.select(EmailCode).where(EmailCode.email == email)).scalar_one()
        assert row.attempts == 5 and row.consumed_at is not None


def test_one_refresh_token_sent_ten_times_at_once_rotates_once(client, app, live):
    person = sign_in_with_code(client, app)
    body = {"refresh_token": person["refresh_token"]}
    answers = at_once(live, [("POST", "/api/v1/auth/refresh", None, body)] * 10)
    assert len(assert_one_winner(answers, won=200, lost=401)) == 1
    with app.app_context():
        refresh_tokens = db.session.execute(db.select(db.func.count(AuthToken.id)).join(Account).where(
            Account.email == person["email"], AuthToken.kind == "refresh")).scalar_one()
    assert refresh_tokens == 2  # the one signed in with and a single rotation
