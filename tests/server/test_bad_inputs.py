"""Bad input of every kind gets a 4xx problem+json that names the field, never a 5xx, and writes nothing.

The world (fresh per test): organizer A owns event E; attendee X has a filled profile in E.
Each case is one request; the whole database and the mail outbox are compared before and after.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

import pytest

from server.mail import outbox
from server.types import utcnow
from tests.factories import (
    PASSWORD,
    bearer,
    create_event,
    event_body,
    join_event,
    last_code,
    sign_in_with_code,
    signup_organizer,
    unique_email,
)
from tests.snapshots import built_once, rows_of_every_table

API = "/api/v1"
PROBLEM = "application/problem+json"


@dataclass
class World:
    client: Any
    app: Any
    time_machine: Any
    owner: dict
    event: dict
    x: dict
    goal: str  # a key of E's catalogue that X has among their goals
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


def build_world(client, app, time_machine) -> World:
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    catalogue = client.get(f"{API}/events/{event['id']}/intents", headers=owner["headers"]).json["intents"]
    goal = catalogue[0]["key"]
    x = join_event(client, app, event, display_name="Xavier Ex", company="Xylo", goals=[goal],
                   interests=["batteries"], phone="+351 912 000 111", links=["https://xylo.example"])
    return World(client=client, app=app, time_machine=time_machine, owner=owner, event=event, x=x, goal=goal,
                 headers={"anonymous": {}, "owner": owner["headers"], "attendee": x["headers"]})


@pytest.fixture
def world(client, app, time_machine) -> World:
    return built_once(app, lambda: build_world(client, app, time_machine),
                      client=client, app=app, time_machine=time_machine)


def everything(app) -> dict[str, list[dict]]:
    """Every row of every table, and the mail sent so far."""
    tables = rows_of_every_table(app)
    with app.app_context():
        tables["outbox"] = [str(message) for message in outbox()]
    return tables


def cursor_of(obj: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


# ---- setups: steps a case needs first; they return what to change in the request ----

def _requested_code(w: World) -> tuple[str, str]:
    email = unique_email("coder")
    assert w.client.post(f"{API}/auth/email-code", json={"email": email}).status_code == 202
    return email, last_code(w.app, email)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def wrong_code(w: World) -> dict:
    email, code = _requested_code(w)
    return {"json": {"email": email, "code": _wrong(code)}}


def expired_code(w: World) -> dict:
    email, code = _requested_code(w)
    w.time_machine.move_to(utcnow() + timedelta(minutes=10, seconds=1))
    return {"json": {"email": email, "code": code}}


def sixth_try_after_five_wrong(w: World) -> dict:
    email, code = _requested_code(w)
    for _ in range(5):
        wrong = w.client.post(f"{API}/auth/email-code/verify", json={"email": email, "code": _wrong(code)})
        assert wrong.status_code == 401
    return {"json": {"email": email, "code": code}}  # even the right code is too late now


def used_code(w: World) -> dict:
    email, code = _requested_code(w)
    assert w.client.post(f"{API}/auth/email-code/verify", json={"email": email, "code": code}).status_code == 200
    return {"json": {"email": email, "code": code}}


def existing_address(w: World) -> dict:
    return {"json": {"email": w.owner["email"], "password": PASSWORD, "name": "Impostor"}}


def access_as_refresh(w: World) -> dict:
    return {"json": {"refresh_token": w.owner["access_token"]}}


def spent_refresh(w: World) -> dict:
    person = sign_in_with_code(w.client, w.app)
    rotated = w.client.post(f"{API}/auth/refresh", json={"refresh_token": person["refresh_token"]})
    assert rotated.status_code == 200
    return {"json": {"refresh_token": person["refresh_token"]}}


def refresh_after_logout(w: World) -> dict:
    person = sign_in_with_code(w.client, w.app)
    assert w.client.post(f"{API}/auth/logout", headers=person["headers"]).status_code == 204
    return {"json": {"refresh_token": person["refresh_token"]}}


def token_after_logout(w: World) -> dict:
    person = sign_in_with_code(w.client, w.app)
    assert w.client.post(f"{API}/auth/logout", headers=person["headers"]).status_code == 204
    return {"headers": person["headers"]}


def expired_token(w: World) -> dict:
    w.time_machine.move_to(utcnow() + timedelta(hours=1, seconds=1))
    return {"headers": w.owner["headers"]}


def token_with_scheme(scheme: str) -> Callable[[World], dict]:
    def setup(w: World) -> dict:
        return {"headers": {"Authorization": f"{scheme}{w.owner['access_token']}"}}
    return setup


def refresh_as_access(w: World) -> dict:
    return {"headers": bearer(w.owner["refresh_token"])}


def replaced_join_code(w: World) -> dict:
    old = w.event["join_code"]
    regenerated = w.client.post(f"{API}/events/{w.event['id']}/join-code", headers=w.owner["headers"])
    assert regenerated.status_code == 200 and regenerated.json["join_code"] != old
    return {"json": {"join_code": old}}


def catalogue_without_the_goal_in_use(w: World) -> dict:
    return {"json": {"intents": [{"key": "only_this", "label": "Only this"}]}}


# ---- the table ----

@dataclass(frozen=True)
class Bad:
    method: str
    path: str  # {event}: E's id, {x}: X's attendee id
    status: int
    fields: tuple[str, ...] = ()  # keys `errors` must name; empty for auth failures
    json: Any = None  # a value, or a function of the world
    data: bytes | str | None = None
    content_type: str | None = None
    caller: str = "owner"
    query: dict | None = None
    setup: Callable[[World], dict] | None = None
    writes: bool = False  # the refusal itself is recorded (a wrong code counts as a try)


def case(name: str, *args, **kwargs):
    if "field" in kwargs:
        kwargs["fields"] = (kwargs.pop("field"),)
    return pytest.param(Bad(*args, **kwargs), id=name)


SIGNUP = {"email": "new.organizer@example.org", "password": PASSWORD, "name": "New Organizer"}
EVENTS, ME = "/events", "/events/{event}/attendees/me"
E, ATTENDEES = "/events/{event}", "/events/{event}/attendees"


def signup(**changes) -> dict:
    body = {**SIGNUP, **changes}
    return {k: v for k, v in body.items() if v is not ...}


def new_event(**changes) -> dict:
    return {k: v for k, v in event_body(**changes).items() if v is not ...}


def me(name: str, body: Any, status: int = 422, **kwargs):
    return case(name, "PATCH", ME, status, json=body, caller="attendee", **kwargs)


def intents(name: str, body: Any, status: int = 422, **kwargs):
    return case(name, "PUT", "/events/{event}/intents", status, json=body, **kwargs)


CASES = [
    # sign-up and sign-in bodies
    case("signup missing email", "POST", "/auth/signup", 422, field="email", json=signup(email=...), caller="anonymous"),
    case("signup missing password", "POST", "/auth/signup", 422, field="password", json=signup(password=...), caller="anonymous"),
    case("signup missing name", "POST", "/auth/signup", 422, field="name", json=signup(name=...), caller="anonymous"),
    case("signup email not an address", "POST", "/auth/signup", 422, field="email", json=signup(email="not-an-email"), caller="anonymous"),
    case("signup email oversize", "POST", "/auth/signup", 422, field="email", json=signup(email="a" * 250 + "@example.org"), caller="anonymous"),
    case("signup email wrong type", "POST", "/auth/signup", 422, field="email", json=signup(email=42), caller="anonymous"),
    case("signup email with a newline", "POST", "/auth/signup", 422, field="email", json=signup(email="a@example.org\n"), caller="anonymous"),
    case("signup password too short", "POST", "/auth/signup", 422, field="password", json=signup(password="short"), caller="anonymous"),
    case("signup password oversize", "POST", "/auth/signup", 422, field="password", json=signup(password="p" * 257), caller="anonymous"),
    case("signup password wrong type", "POST", "/auth/signup", 422, field="password", json=signup(password=["a" * 12]), caller="anonymous"),
    case("signup password lone surrogate", "POST", "/auth/signup", 422, field="password", json=signup(password="\ud800" * 12), caller="anonymous"),
    case("signup name blank", "POST", "/auth/signup", 422, field="name", json=signup(name="   "), caller="anonymous"),
    case("signup name oversize", "POST", "/auth/signup", 422, field="name", json=signup(name="N" * 121), caller="anonymous"),
    case("signup name oversize unicode", "POST", "/auth/signup", 422, field="name", json=signup(name="名" * 121), caller="anonymous"),
    case("signup name with NUL", "POST", "/auth/signup", 422, field="name", json=signup(name="Ann\x00"), caller="anonymous"),
    case("signup unknown field", "POST", "/auth/signup", 422, field="can_organize", json=signup(can_organize=False), caller="anonymous"),
    case("signup existing address", "POST", "/auth/signup", 409, field="email", setup=existing_address, caller="anonymous"),
    case("login missing password", "POST", "/auth/login", 422, field="password", json={"email": "a@example.org"}, caller="anonymous"),
    case("login email wrong type", "POST", "/auth/login", 422, field="email", json={"email": ["a@example.org"], "password": PASSWORD}, caller="anonymous"),
    case("email-code bad address", "POST", "/auth/email-code", 422, field="email", json={"email": "nobody at example.org"}, caller="anonymous"),
    case("email-code missing address", "POST", "/auth/email-code", 422, field="email", json={}, caller="anonymous"),
    # codes
    case("code of five digits", "POST", "/auth/email-code/verify", 422, field="code", json={"email": "a@example.org", "code": "12345"}, caller="anonymous"),
    case("code of letters", "POST", "/auth/email-code/verify", 422, field="code", json={"email": "a@example.org", "code": "abcdef"}, caller="anonymous"),
    case("code as a number", "POST", "/auth/email-code/verify", 422, field="code", json={"email": "a@example.org", "code": 123456}, caller="anonymous"),
    case("code missing", "POST", "/auth/email-code/verify", 422, field="code", json={"email": "a@example.org"}, caller="anonymous"),
    case("code wrong", "POST", "/auth/email-code/verify", 401, field="code", setup=wrong_code, caller="anonymous", writes=True),
    case("code expired", "POST", "/auth/email-code/verify", 401, field="code", setup=expired_code, caller="anonymous"),
    case("code right on the 6th try after 5 wrong", "POST", "/auth/email-code/verify", 401, field="code", setup=sixth_try_after_five_wrong, caller="anonymous"),
    case("code used twice", "POST", "/auth/email-code/verify", 401, field="code", setup=used_code, caller="anonymous"),
    # refresh tokens
    case("refresh garbage", "POST", "/auth/refresh", 401, field="refresh_token", json={"refresh_token": "garbage"}, caller="anonymous"),
    case("refresh oversize", "POST", "/auth/refresh", 422, field="refresh_token", json={"refresh_token": "r" * 201}, caller="anonymous"),
    case("refresh wrong type", "POST", "/auth/refresh", 422, field="refresh_token", json={"refresh_token": 5}, caller="anonymous"),
    case("refresh lone surrogate", "POST", "/auth/refresh", 422, field="refresh_token", json={"refresh_token": "\udc00"}, caller="anonymous"),
    case("refresh with an access token", "POST", "/auth/refresh", 401, field="refresh_token", setup=access_as_refresh, caller="anonymous"),
    case("refresh token spent", "POST", "/auth/refresh", 401, field="refresh_token", setup=spent_refresh, caller="anonymous", writes=True),
    case("refresh after logout", "POST", "/auth/refresh", 401, field="refresh_token", setup=refresh_after_logout, caller="anonymous"),
    # access tokens
    case("token garbage", "GET", "/me", 401, setup=lambda w: {"headers": bearer("garbage")}),
    case("token revoked by logout", "GET", "/me", 401, setup=token_after_logout),
    case("token expired", "GET", "/me", 401, setup=expired_token),
    case("token over-long", "GET", "/me", 401, setup=lambda w: {"headers": bearer("t" * 5000)}),
    case("token with Basic scheme", "GET", "/me", 401, setup=token_with_scheme("Basic ")),
    case("token without scheme", "GET", "/me", 401, setup=token_with_scheme("")),
    case("token empty after Bearer", "GET", "/me", 401, setup=lambda w: {"headers": {"Authorization": "Bearer "}}),
    case("token is a refresh token", "GET", "/me", 401, setup=refresh_as_access),
    # body shape and content type
    case("form-encoded body", "POST", EVENTS, 415, field="Content-Type", data="name=x&timezone=UTC", content_type="application/x-www-form-urlencoded"),
    case("JSON sent as text/plain", "POST", EVENTS, 415, field="Content-Type", data=json.dumps(event_body()), content_type="text/plain"),
    case("malformed JSON", "POST", EVENTS, 400, field="body", data='{"name": ', content_type="application/json"),
    case("body not UTF-8", "POST", EVENTS, 400, field="body", data=b'{"name": "\xff\xfe"}', content_type="application/json"),
    case("body is an array", "POST", EVENTS, 422, field="body", json=[event_body()]),
    case("body is null", "POST", EVENTS, 422, field="body", data="null", content_type="application/json"),
    case("body is a number", "POST", EVENTS, 422, field="body", json=42),
    case("body is a string", "POST", EVENTS, 422, field="body", json="Lisbon Founders Summit"),
    case("body nested 100000 deep", "POST", EVENTS, 400, field="body", data="[" * 100_000 + "]" * 100_000, content_type="application/json"),
    case("profile body is an array", "PATCH", ME, 422, field="body", json=[{"company": "X"}], caller="attendee"),
    case("profile form-encoded", "PATCH", ME, 415, field="Content-Type", data="company=X", content_type="application/x-www-form-urlencoded", caller="attendee"),
    case("profile malformed JSON", "PATCH", ME, 400, field="body", data="{'company': 'X'}", content_type="application/json", caller="attendee"),
    # creating an event
    case("event missing name", "POST", EVENTS, 422, field="name", json=new_event(name=...)),
    case("event missing starts_at", "POST", EVENTS, 422, field="starts_at", json=new_event(starts_at=...)),
    case("event missing timezone", "POST", EVENTS, 422, field="timezone", json=new_event(timezone=...)),
    case("event name blank", "POST", EVENTS, 422, field="name", json=new_event(name="  ")),
    case("event name oversize", "POST", EVENTS, 422, field="name", json=new_event(name="N" * 201)),
    case("event name 20k characters", "POST", EVENTS, 422, field="name", json=new_event(name="🎉" * 20_000)),
    case("event name wrong type", "POST", EVENTS, 422, field="name", json=new_event(name=["Summit"])),
    case("event name lone surrogate", "POST", EVENTS, 422, field="name", json=new_event(name="Summit \ud83d")),
    case("event description oversize", "POST", EVENTS, 422, field="description", json=new_event(description="d" * 5001)),
    case("event venue nested junk", "POST", EVENTS, 422, field="venue", json=new_event(venue={"a": {"b": [1, None]}})),
    case("event naive starts_at", "POST", EVENTS, 422, field="starts_at", json=new_event(starts_at="2027-03-10T09:00:00")),
    case("event starts_at not a time", "POST", EVENTS, 422, field="starts_at", json=new_event(starts_at="next tuesday")),
    case("event starts_at a number", "POST", EVENTS, 422, field="starts_at", json=new_event(starts_at=1_800_000_000)),
    case("event starts_at before year 1 in UTC", "POST", EVENTS, 422, field="starts_at", json=new_event(starts_at="0001-01-01T00:00:00+01:00")),
    case("event ends_at after year 9999 in UTC", "POST", EVENTS, 422, field="ends_at", json=new_event(ends_at="9999-12-31T23:00:00-05:00")),
    case("event ends_at before starts_at", "POST", EVENTS, 422, field="ends_at", json=new_event(ends_at="2027-03-09T09:00:00Z")),
    case("event ends_at equal to starts_at", "POST", EVENTS, 422, field="ends_at", json=new_event(ends_at="2027-03-10T09:00:00Z")),
    case("event bad timezone", "POST", EVENTS, 422, field="timezone", json=new_event(timezone="Mars/Olympus_Mons")),
    case("event timezone path traversal", "POST", EVENTS, 422, field="timezone", json=new_event(timezone="../../etc/passwd")),
    case("event timezone wrong type", "POST", EVENTS, 422, field="timezone", json=new_event(timezone=1)),
    # Found by Schemathesis: a name longer than a file name may be made the OS refuses (500 before).
    case("event timezone too long for a file name", "POST", EVENTS, 422, field="timezone",
         json=new_event(timezone="\U000942ef" * 70)),
    case("event sets its own join code", "POST", EVENTS, 422, field="join_code", json=new_event(join_code="HACKED12")),
    case("event by an attendee account", "POST", EVENTS, 403, json=new_event(), caller="attendee"),
    # changing an event
    case("event patch ends before it starts", "PATCH", E, 422, field="ends_at", json={"name": "Renamed", "ends_at": "2027-03-01T09:00:00Z"}),
    case("event patch starts after it ends", "PATCH", E, 422, field="ends_at", json={"starts_at": "2027-04-01T09:00:00Z"}),
    case("event patch name null", "PATCH", E, 422, field="name", json={"name": None}),
    case("event patch bad timezone", "PATCH", E, 422, field="timezone", json={"timezone": "Europe/Atlantis"}),
    # lists: limit and cursor
    case("events limit 0", "GET", EVENTS, 422, field="limit", query={"limit": 0}),
    case("events limit 10000", "GET", EVENTS, 422, field="limit", query={"limit": 10000}),
    case("events limit negative", "GET", EVENTS, 422, field="limit", query={"limit": -1}),
    case("events limit not a number", "GET", EVENTS, 422, field="limit", query={"limit": "ten"}),
    case("events cursor garbage", "GET", EVENTS, 422, field="cursor", query={"cursor": "!!!"}),
    case("events cursor not JSON", "GET", EVENTS, 422, field="cursor", query={"cursor": base64.urlsafe_b64encode(b"hello").decode()}),
    case("events cursor with a string", "GET", EVENTS, 422, field="cursor", query={"cursor": cursor_of({"after": "1"})}),
    case("events cursor past any id", "GET", EVENTS, 422, field="cursor", query={"cursor": cursor_of({"after": 10**30})}),
    case("events cursor negative", "GET", EVENTS, 422, field="cursor", query={"cursor": cursor_of({"after": -1})}),
    case("events cursor oversize", "GET", EVENTS, 422, field="cursor", query={"cursor": "c" * 201}),
    case("directory limit 0", "GET", ATTENDEES, 422, field="limit", query={"limit": 0}, caller="attendee"),
    case("directory limit 10000", "GET", ATTENDEES, 422, field="limit", query={"limit": 10000}, caller="attendee"),
    case("directory cursor garbage", "GET", ATTENDEES, 422, field="cursor", query={"cursor": "%%%"}, caller="attendee"),
    case("directory search oversize", "GET", ATTENDEES, 422, field="q", query={"q": "q" * 101}, caller="attendee"),
    case("directory search with NUL", "GET", ATTENDEES, 422, field="q", query={"q": "Xa\x00"}, caller="attendee"),
    # ids in the path
    case("event id past the id range", "GET", "/events/99999999999999999999", 404),
    case("attendee id past the id range", "GET", "/events/{event}/attendees/2147483648", 404),
    case("organizer id past the id range", "DELETE", "/events/{event}/organizers/99999999999999999999", 404),
    case("event id negative", "GET", "/events/-1", 404),
    # the profile
    me("31 interests", {"interests": [f"topic {i}" for i in range(31)]}, field="interests"),
    me("interest of 81 characters", {"interests": ["batteries", "i" * 81]}, field="interests.1"),
    me("interest blank", {"interests": ["   "]}, field="interests.0"),
    me("interests as a string", {"interests": "ai, ml"}, field="interests"),
    me("interests nested junk", {"interests": [{"tag": "ai"}]}, field="interests.0"),
    me("goal unknown", lambda w: {"goals": [w.goal, "world_peace"]}, field="goals.1"),
    me("goals as a string", lambda w: {"goals": w.goal}, field="goals"),
    me("21 goals", lambda w: {"goals": [w.goal] * 21}, field="goals"),
    me("goals nested junk", {"goals": [["hiring"]]}, field="goals.0"),
    me("link javascript:", {"links": ["javascript:alert(1)"]}, field="links.0"),
    me("link ftp:", {"links": ["https://ok.example", "ftp://files.example/x"]}, field="links.1"),
    me("link not a URL", {"links": ["my website"]}, field="links.0"),
    me("11 links", {"links": [f"https://site{i}.example" for i in range(11)]}, field="links"),
    me("shared field unknown", {"shared_fields": ["email", "ssn"]}, field="shared_fields.1"),
    me("shared fields as a string", {"shared_fields": "email"}, field="shared_fields"),
    me("phone with letters", {"phone": "call me maybe"}, field="phone"),
    me("phone of 41 characters", {"phone": "1" * 41}, field="phone"),
    me("display name blank", {"display_name": " "}, field="display_name"),
    me("display name null", {"display_name": None}, field="display_name"),
    me("display name oversize", {"display_name": "D" * 121}, field="display_name"),
    me("bio oversize", {"bio": "b" * 1001}, field="bio"),
    me("bio of a megabyte", {"bio": "b" * 1_000_000}, field="bio"),
    me("bio with NUL", {"bio": "line one\x00line two"}, field="bio"),
    me("company lone surrogate", {"company": "\udfffCo"}, field="company"),
    me("contact email invalid", {"email": "x@"}, field="email"),
    me("discoverable not a boolean", {"discoverable": "maybe"}, field="discoverable"),
    me("open_to_matching a list", {"open_to_matching": []}, field="open_to_matching"),
    me("sets account_id", {"account_id": 1}, field="account_id"),
    me("sets status", {"status": "invited"}, field="status"),
    me("sets event_id", {"event_id": 2}, field="event_id"),
    me("several bad fields at once", {"interests": 5, "phone": "x", "links": ["javascript:x"]},
       fields=("interests", "phone", "links.0")),
    case("organizer patch unknown goal", "PATCH", "/events/{event}/attendees/{x}", 422, field="goals.0", json={"goals": ["world_peace"]}),
    # adding attendees, joining, organizers
    case("add attendee missing email", "POST", ATTENDEES, 422, field="email", json={"display_name": "No Mail"}),
    case("add attendee invalid email", "POST", ATTENDEES, 422, field="email", json={"email": "nope"}),
    case("add attendee unknown goal", "POST", ATTENDEES, 422, field="goals.0", json={"email": "new.person@example.org", "goals": ["world_peace"]}),
    case("add attendee send_invite not a boolean", "POST", ATTENDEES, 422, field="send_invite", json={"email": "new.person@example.org", "send_invite": "perhaps"}),
    case("add attendee already there", "POST", ATTENDEES, 409, field="email", json=lambda w: {"email": w.x["account_email"]}),
    case("join code missing", "POST", "/events/join", 422, field="join_code", json={}, caller="attendee"),
    case("join code too short", "POST", "/events/join", 422, field="join_code", json={"join_code": "ABC"}, caller="attendee"),
    case("join code oversize", "POST", "/events/join", 422, field="join_code", json={"join_code": "A" * 17}, caller="attendee"),
    case("join code a number", "POST", "/events/join", 422, field="join_code", json={"join_code": 12345678}, caller="attendee"),
    case("join code unknown", "POST", "/events/join", 404, field="join_code", json={"join_code": "ZZZZ9999"}, caller="attendee"),
    case("join code with NUL", "POST", "/events/join", 422, field="join_code", json={"join_code": "ABCD\x00EFG"}, caller="attendee"),
    case("join code replaced", "POST", "/events/join", 404, field="join_code", setup=replaced_join_code, caller="attendee"),
    case("organizer invalid email", "POST", "/events/{event}/organizers", 422, field="email", json={"email": "@example.org"}),
    case("organizer already one", "POST", "/events/{event}/organizers", 409, field="email", json=lambda w: {"email": w.owner["email"]}),
    # the goal catalogue
    intents("catalogue complement unknown", {"intents": [{"key": "hiring", "label": "Hiring", "complements": ["job_hunting"]}]}, field="intents.0.complements"),
    intents("catalogue duplicate keys", {"intents": [{"key": "hiring", "label": "Hiring"}, {"key": "hiring", "label": "Again"}]}, field="intents"),
    intents("catalogue key with spaces", {"intents": [{"key": "Raising Funds", "label": "Raising funds"}]}, field="intents.0.key"),
    intents("catalogue key starts with a digit", {"intents": [{"key": "1st_round", "label": "First round"}]}, field="intents.0.key"),
    intents("catalogue key oversize", {"intents": [{"key": "k" * 41, "label": "Long"}]}, field="intents.0.key"),
    intents("catalogue label missing", {"intents": [{"key": "hiring"}]}, field="intents.0.label"),
    intents("catalogue label oversize", {"intents": [{"key": "hiring", "label": "L" * 81}]}, field="intents.0.label"),
    intents("catalogue label with NUL", {"intents": [{"key": "hiring", "label": "Hir\x00ing"}]}, field="intents.0.label"),
    intents("catalogue complements a string", {"intents": [{"key": "hiring", "label": "Hiring", "complements": "job_seeking"}]}, field="intents.0.complements"),
    intents("catalogue empty", {"intents": []}, field="intents"),
    intents("catalogue of 101", {"intents": [{"key": f"goal_{i}", "label": f"Goal {i}"} for i in range(101)]}, field="intents"),
    intents("catalogue an object", {"intents": {"key": "hiring", "label": "Hiring"}}, field="intents"),
    intents("catalogue missing", {}, field="intents"),
    intents("catalogue drops a goal in use", None, status=409, field="intents", setup=catalogue_without_the_goal_in_use),
    # routing
    case("method not allowed", "PUT", "/me", 405, json={}),
    case("unknown route", "GET", "/nowhere", 404),
]


@pytest.mark.parametrize("bad", CASES)
def test_bad_input_is_refused_naming_the_field(world, bad: Bad):
    request: dict[str, Any] = {"headers": dict(world.headers[bad.caller])}
    body = bad.json(world) if callable(bad.json) else bad.json
    if bad.data is not None:
        request.update(data=bad.data, content_type=bad.content_type)
    elif body is not None or bad.method in ("POST", "PUT", "PATCH"):
        request["json"] = body
    if bad.query is not None:
        request["query_string"] = bad.query
    if bad.setup is not None:
        changes = bad.setup(world)
        request["headers"].update(changes.pop("headers", {}))
        request.update(changes)
    path = API + bad.path.format(event=world.event["id"], x=world.x["id"])

    before = everything(world.app)
    response = world.client.open(path, method=bad.method, **request)

    assert response.status_code == bad.status, response.get_data(as_text=True)[:500]
    assert response.content_type == PROBLEM
    problem = response.json
    assert problem["status"] == bad.status and problem["title"]
    for name in bad.fields:
        assert name in problem.get("errors", {}), problem
        assert all(isinstance(m, str) and m for m in problem["errors"][name])
    if bad.status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if bad.status == 405:
        assert "GET" in response.headers["Allow"]
    if not bad.writes:
        assert everything(world.app) == before, "a refused request changed the database or sent mail"


def test_four_wrong_codes_still_leave_the_right_one_working(world):
    """A wrong code is the one refusal that writes (it counts a try); the limit is five, not fewer."""
    setup = wrong_code(world)
    for _ in range(4):
        assert world.client.post(f"{API}/auth/email-code/verify", **setup).status_code == 401
    email = setup["json"]["email"]
    right = f"{(int(setup['json']['code']) - 1) % 10**6:06d}"
    # After four wrong tries, the fifth try with the right code still works.
    ok = world.client.post(f"{API}/auth/email-code/verify", json={"email": email, "code": right})
    assert ok.status_code == 200


def test_a_final_newline_cannot_slip_a_phone_past_its_pattern(world):
    """`$` also matches before a final newline: the value is trimmed, never stored one character too long."""
    url = f"{API}/events/{world.event['id']}/attendees/me"
    response = world.client.patch(url, json={"phone": "0" * 40 + "\n"}, headers=world.x["headers"])
    assert response.status_code == 200, response.json
    assert world.client.get(url, headers=world.x["headers"]).json["phone"] == "0" * 40


def test_a_final_newline_cannot_slip_an_intent_key_past_its_pattern(world):
    catalogue = {"intents": [{"key": world.goal, "label": "Kept"}, {"key": "a" * 40 + "\n", "label": "Long key"}]}
    url = f"{API}/events/{world.event['id']}/intents"
    response = world.client.put(url, json=catalogue, headers=world.owner["headers"])
    assert response.status_code == 200, response.json
    stored = world.client.get(url, headers=world.owner["headers"]).json["intents"]
    assert [i["key"] for i in stored] == [world.goal, "a" * 40]


def test_unicode_text_is_kept_exactly(world):
    """Not bad input: names and interests in any script, emoji included, come back as they were sent."""
    profile = {"display_name": "Zoë Ångström 李小龍 🚀", "company": "שלום Labs",
               "interests": ["機械学習", "énergie solaire", "🧪 chemistry"], "bio": "Ça va? Да. 👍🏽"}
    url = f"{API}/events/{world.event['id']}/attendees/me"
    changed = world.client.patch(url, json=profile, headers=world.x["headers"])
    assert changed.status_code == 200
    again = world.client.get(url, headers=world.x["headers"]).json
    assert {k: again[k] for k in profile} == profile
