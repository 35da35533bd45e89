"""Sign-up, password login, emailed codes, token rotation and logout, over HTTP."""
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from server.accounts.models import Account, AuthToken, EmailCode
from server.extensions import db
from server.mail import outbox
from server.types import utcnow
from tests.factories import PASSWORD, bearer, last_code, sign_in_with_code, signup_organizer, unique_email


def test_signup_returns_a_bearer_token_pair_and_stores_argon2id(client, app):
    body = signup_organizer(client, email="Olga@Example.org")
    assert set(body) >= {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    me = client.get("/api/v1/me", headers=body["headers"])
    assert me.status_code == 200
    assert me.json["email"] == "olga@example.org" and me.json["can_organize"] is True
    with app.app_context():
        account = db.session.execute(db.select(Account)).scalar_one()
        assert account.password_hash.startswith("$argon2id$")
        assert PasswordHasher().verify(account.password_hash, PASSWORD)
        # Tokens are stored only as hashes.
        hashes = {t.token_hash for t in db.session.execute(db.select(AuthToken)).scalars()}
        assert body["access_token"] not in hashes and len(hashes) == 2


def test_signup_twice_with_one_address_is_a_conflict(client):
    signup_organizer(client, email="dup@example.org")
    again = client.post("/api/v1/auth/signup", json={"email": "DUP@example.org", "password": PASSWORD, "name": "X"})
    assert again.status_code == 409
    assert again.json["errors"] == {"email": ["Already registered."]}


def test_signup_cannot_take_over_a_passwordless_account(client, app):
    person = sign_in_with_code(client, app)
    takeover = client.post("/api/v1/auth/signup", json={"email": person["email"], "password": PASSWORD, "name": "X"})
    assert takeover.status_code == 409


def test_login_with_password(client):
    signup_organizer(client, email="login@example.org")
    ok = client.post("/api/v1/auth/login", json={"email": "LOGIN@example.org", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json["token_type"] == "Bearer"
    assert client.get("/api/v1/me", headers=bearer(ok.json["access_token"])).status_code == 200


@pytest.mark.parametrize("email,password", [("login@example.org", "wrong password!"), ("nobody@example.org", PASSWORD)])
def test_wrong_password_and_unknown_address_get_the_same_401(client, email, password):
    signup_organizer(client, email="login@example.org")
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.json["detail"] == "Wrong email or password."


def test_email_code_answers_the_same_for_known_and_unknown_addresses(client, app):
    known = sign_in_with_code(client, app)["email"]
    first = client.post("/api/v1/auth/email-code", json={"email": known})
    second = client.post("/api/v1/auth/email-code", json={"email": unique_email()})
    assert (first.status_code, first.json) == (second.status_code, second.json) == (202, first.json)


def test_email_code_is_six_digits_single_use_and_stored_only_as_a_hash(client, app):
    email = unique_email()
    client.post("/api/v1/auth/email-code", json={"email": email})
    code = last_code(app, email)
    assert len(code) == 6 and code.isdigit()
    with app.app_context():
        row = db.session.execute(db.select(EmailCode)).scalar_one()
        assert code not in row.code_hash
        assert timedelta(minutes=9) < row.expires_at - utcnow() <= timedelta(minutes=10)
    ok = client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": code})
    assert ok.status_code == 200
    reused = client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": code})
    assert reused.status_code == 401 and "code" in reused.json["errors"]


def test_email_code_expires_after_ten_minutes(client, app, time_machine):
    email = unique_email()
    client.post("/api/v1/auth/email-code", json={"email": email})
    code = last_code(app, email)
    time_machine.move_to(utcnow() + timedelta(minutes=10, seconds=1))
    response = client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": code})
    assert response.status_code == 401


def test_five_wrong_codes_kill_the_code(client, app):
    email = unique_email()
    client.post("/api/v1/auth/email-code", json={"email": email})
    code = last_code(app, email)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": wrong}).status_code == 401
    late = client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": code})
    assert late.status_code == 401


def test_a_new_code_retires_the_previous_one(client, app):
    email = unique_email()
    client.post("/api/v1/auth/email-code", json={"email": email})
    client.post("/api/v1/auth/email-code", json={"email": email})
    new = last_code(app, email)
    with app.app_context():
        live = db.session.execute(db.select(EmailCode).where(EmailCode.consumed_at.is_(None))).scalars().all()
        assert len(live) == 1  # only the newest code can be tried
    assert client.post("/api/v1/auth/email-code/verify", json={"email": email, "code": new}).status_code == 200


def test_code_requests_are_limited_per_address(client, app):
    email = unique_email()
    statuses = [client.post("/api/v1/auth/email-code", json={"email": email}).status_code for _ in range(6)]
    assert statuses == [202] * 5 + [429]
    with app.app_context():
        assert len([m for m in outbox() if m["To"] == email]) == 5


def test_refresh_rotates_and_the_old_access_token_stops_working(client):
    first = signup_organizer(client)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    assert second.json["refresh_token"] != first["refresh_token"]
    assert client.get("/api/v1/me", headers=bearer(second.json["access_token"])).status_code == 200
    assert client.get("/api/v1/me", headers=first["headers"]).status_code == 401


def test_reusing_a_spent_refresh_token_revokes_the_whole_family(client):
    first = signup_organizer(client)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    # The thief's replay also ends the legitimate holder's session: both must sign in again.
    assert client.get("/api/v1/me", headers=bearer(second["access_token"])).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401


def test_other_sign_ins_survive_a_family_revocation(client):
    signup_organizer(client, email="two@example.org")
    phone = client.post("/api/v1/auth/login", json={"email": "two@example.org", "password": PASSWORD}).json
    laptop = client.post("/api/v1/auth/login", json={"email": "two@example.org", "password": PASSWORD}).json
    client.post("/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    client.post("/api/v1/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    assert client.get("/api/v1/me", headers=bearer(laptop["access_token"])).status_code == 200


def test_logout_revokes_access_and_refresh(client):
    person = signup_organizer(client)
    assert client.post("/api/v1/auth/logout", headers=person["headers"]).status_code == 204
    assert client.get("/api/v1/me", headers=person["headers"]).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": person["refresh_token"]}).status_code == 401


def test_expired_access_token_is_rejected(client, app):
    person = signup_organizer(client)
    with app.app_context():
        db.session.execute(db.update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.get("/api/v1/me", headers=person["headers"])
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
