"""Who may call what: every endpoint against every kind of caller, and no private field leaks.

The world (fresh per test): organizer A owns event E1, with co-organizer C; organizer B owns E2.
Attendees X, Z (contact fields filled and shared) and W (not discoverable) are in E1; Y is in E2.
Rules: anonymous -> 401 wherever a sign-in is needed; anyone with no role in the event -> 404
(outsiders learn nothing, not even that it exists); an attendee doing organizer work -> 403.
A refused request changes nothing in the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from tests.factories import (
    PASSWORD,
    create_event,
    join_event,
    last_code,
    sign_in_with_code,
    signup_organizer,
    unique_email,
)
from tests.snapshots import built_once, rows_of_every_table

API = "/api/v1"
CALLERS = ("anonymous", "attendee", "other_attendee", "owner", "co_organizer", "other_organizer")
PROBLEM = "application/problem+json"


# What only the person and the event's organizers may see of a profile.
PRIVATE_FIELDS = ("email", "phone", "links", "shared_fields", "discoverable", "open_to_matching",
                  "account_id", "status")

Z_ACCOUNT_EMAIL = "zara.account@example.org"
Z_CONTACT_EMAIL = "zara.private@zmail.example"
Z_PHONE = "+351 912 345 678"
Z_LINK = "https://zara-zed.example/about"
Z_SECRETS = (Z_ACCOUNT_EMAIL, Z_CONTACT_EMAIL, "zmail", Z_PHONE, "912 345", Z_LINK)


@dataclass
class World:
    client: Any
    app: Any
    e1: dict
    e2: dict
    headers: dict[str, dict[str, str]]
    owner_email: str
    x_id: int
    z_id: int
    w_id: int
    c_account_id: int
    intents: list[dict] = field(default_factory=list)


def build_world(client, app) -> World:
    """The world, built through the public API as the apps would build it."""
    a = signup_organizer(client, name="Ana Owner")
    b = signup_organizer(client, name="Bruno Other")
    e1 = create_event(client, a["headers"], name="E1 Founders Summit")
    e2 = create_event(client, b["headers"], name="E2 Health Forum")
    c_email = unique_email("coorg")
    added = client.post(f"{API}/events/{e1['id']}/organizers", json={"email": c_email}, headers=a["headers"])
    assert added.status_code == 201, added.json
    c = sign_in_with_code(client, app, email=c_email)
    catalogue = client.get(f"{API}/events/{e1['id']}/intents", headers=a["headers"]).json["intents"]
    x = join_event(client, app, e1)
    z = join_event(
        client, app, e1, email=Z_ACCOUNT_EMAIL,
        display_name="Zara Zed", company="Zenith Labs", job_title="CTO", bio="Builds batteries.",
        goals=[catalogue[0]["key"]], interests=["climate tech", "batteries"],
        phone=Z_PHONE, links=[Z_LINK], shared_fields=["email", "phone", "links"],
    )
    set_email = client.patch(f"{API}/events/{e1['id']}/attendees/me", json={"email": Z_CONTACT_EMAIL},
                             headers=z["headers"])
    assert set_email.status_code == 200, set_email.json
    w = join_event(client, app, e1, display_name="Wanda Hidden", company="Zenith Labs", discoverable=False)
    y = join_event(client, app, e2)
    return World(
        client=client, app=app, e1=e1, e2=e2,
        headers={
            "anonymous": {}, "attendee": x["headers"], "other_attendee": y["headers"],
            "owner": a["headers"], "co_organizer": c["headers"], "other_organizer": b["headers"],
            "hidden": w["headers"], "zara": z["headers"],
        },
        owner_email=a["email"], x_id=x["id"], z_id=z["id"], w_id=w["id"],
        c_account_id=added.json["account_id"], intents=catalogue,
    )


@pytest.fixture
def world(client, app) -> World:
    return built_once(app, lambda: build_world(client, app), client=client, app=app)


def snapshot(app) -> dict[str, list[dict]]:
    """The whole database, to prove a refused request wrote nothing."""
    return rows_of_every_table(app)


def assert_problem(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    assert response.json["status"] == status
    assert response.json["title"]


# ---- request bodies (some need a step first, e.g. a code to verify) ----

def _no_body(w: World) -> None:
    return None


def _signup(w: World) -> dict:
    return {"email": unique_email("newcomer"), "password": PASSWORD, "name": "New Comer"}


def _login(w: World) -> dict:
    return {"email": w.owner_email, "password": PASSWORD}


def _code_request(w: World) -> dict:
    return {"email": unique_email("codeonly")}


def _code_verify(w: World) -> dict:
    email = unique_email("verifier")
    assert w.client.post(f"{API}/auth/email-code", json={"email": email}).status_code == 202
    return {"email": email, "code": last_code(w.app, email)}


def _refresh(w: World) -> dict:
    return {"refresh_token": sign_in_with_code(w.client, w.app)["refresh_token"]}


def _event_patch(w: World) -> dict:
    return {"name": "E1 Founders Summit (renamed)"}


def _new_organizer(w: World) -> dict:
    return {"email": unique_email("helper")}


def _same_intents(w: World) -> dict:
    return {"intents": [{**i, "label": i["label"] + " (edited)"} for i in w.intents]}


def _join_e1(w: World) -> dict:
    return {"join_code": w.e1["join_code"]}


def _new_attendee(w: World) -> dict:
    return {"email": unique_email("invitee"), "display_name": "Ivy Invitee", "goals": [w.intents[0]["key"]],
            "send_invite": False}


def _profile_patch(w: World) -> dict:
    return {"company": "Changed Co", "interests": ["robotics"]}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # formatted with: e1, e2, z, c, missing
    expected: tuple[int, ...]  # one status per caller, in CALLERS order
    body: Callable[[World], Any] = _no_body

    def url(self, w: World) -> str:
        return API + self.path.format(e1=w.e1["id"], e2=w.e2["id"], z=w.z_id, c=w.c_account_id, missing=987654)


#   callers:        anon attendee other_att owner co_org other_org
ENDPOINTS = [
    Endpoint("POST", "/auth/signup", (201, 201, 201, 201, 201, 201), _signup),
    Endpoint("POST", "/auth/login", (200, 200, 200, 200, 200, 200), _login),
    Endpoint("POST", "/auth/email-code", (202, 202, 202, 202, 202, 202), _code_request),
    Endpoint("POST", "/auth/email-code/verify", (200, 200, 200, 200, 200, 200), _code_verify),
    Endpoint("POST", "/auth/refresh", (200, 200, 200, 200, 200, 200), _refresh),
    Endpoint("POST", "/auth/logout", (401, 204, 204, 204, 204, 204)),
    Endpoint("GET", "/me", (401, 200, 200, 200, 200, 200)),
    Endpoint("GET", "/me/events", (401, 200, 200, 200, 200, 200)),
    Endpoint("GET", "/events", (401, 200, 200, 200, 200, 200)),
    # Only accounts that signed up as organizers create events; co-organizers were invited by email.
    Endpoint("POST", "/events", (401, 403, 403, 201, 403, 201), lambda w: {
        "name": "New Event", "starts_at": "2027-05-01T09:00:00Z", "ends_at": "2027-05-01T18:00:00Z",
        "timezone": "Europe/Berlin"}),
    Endpoint("GET", "/events/{e1}", (401, 200, 404, 200, 200, 404)),
    Endpoint("GET", "/events/{missing}", (401, 404, 404, 404, 404, 404)),
    Endpoint("PATCH", "/events/{e1}", (401, 403, 404, 200, 200, 404), _event_patch),
    Endpoint("DELETE", "/events/{e1}", (401, 403, 404, 204, 403, 404)),
    Endpoint("POST", "/events/{e1}/join-code", (401, 403, 404, 200, 200, 404)),
    Endpoint("GET", "/events/{e1}/organizers", (401, 403, 404, 200, 200, 404)),
    Endpoint("POST", "/events/{e1}/organizers", (401, 403, 404, 201, 201, 404), _new_organizer),
    Endpoint("DELETE", "/events/{e1}/organizers/{c}", (401, 403, 404, 204, 204, 404)),
    Endpoint("GET", "/events/{e1}/intents", (401, 200, 404, 200, 200, 404)),
    Endpoint("PUT", "/events/{e1}/intents", (401, 403, 404, 200, 200, 404), _same_intents),
    # The join code is the capability: whoever holds it may join (X is already in: 200).
    Endpoint("POST", "/events/join", (401, 200, 201, 201, 201, 201), _join_e1),
    Endpoint("GET", "/events/{e1}/attendees", (401, 200, 404, 200, 200, 404)),
    Endpoint("POST", "/events/{e1}/attendees", (401, 403, 404, 201, 201, 404), _new_attendee),
    Endpoint("GET", "/events/{e1}/attendees/{z}", (401, 200, 404, 200, 200, 404)),
    Endpoint("PATCH", "/events/{e1}/attendees/{z}", (401, 403, 404, 200, 200, 404), _profile_patch),
    Endpoint("DELETE", "/events/{e1}/attendees/{z}", (401, 403, 404, 204, 204, 404)),
    # Organizers have no attendee profile of their own in E1.
    Endpoint("GET", "/events/{e1}/attendees/me", (401, 200, 404, 404, 404, 404)),
    Endpoint("PATCH", "/events/{e1}/attendees/me", (401, 200, 404, 404, 404, 404), _profile_patch),
    # Ids from another event never reach across: Z is in E1, not E2.
    Endpoint("GET", "/events/{e2}/attendees/{z}", (401, 404, 404, 404, 404, 404)),
    Endpoint("PATCH", "/events/{e2}/attendees/{z}", (401, 404, 404, 404, 404, 404), _profile_patch),
    Endpoint("DELETE", "/events/{e2}/attendees/{z}", (401, 404, 404, 404, 404, 404)),
    Endpoint("DELETE", "/events/{e2}/organizers/{c}", (401, 404, 403, 404, 404, 404)),
]

MATRIX = [
    pytest.param(endpoint, caller, status, id=f"{endpoint.method} {endpoint.path} as {caller}")
    for endpoint in ENDPOINTS
    for caller, status in zip(CALLERS, endpoint.expected, strict=True)
]


# The blueprints of the accounts/events/attendees slice. A feature with its own blueprint brings its own table;
# add its name here to hold it to this one instead.
BLUEPRINTS = ("auth", "events", "attendees")


def test_the_table_lists_every_route_of_the_slice(app):
    """A new endpoint in these blueprints must get its row here before it can ship."""
    template = {"e1": "<int:event_id>", "e2": "<int:event_id>", "missing": "<int:event_id>",
                "z": "<int:attendee_id>", "c": "<int:account_id>"}
    covered = {(e.method, API + e.path.format(**template)) for e in ENDPOINTS}
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in BLUEPRINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert len(routes) >= len(covered) - 5, "the blueprints were renamed: update BLUEPRINTS"
    assert routes - covered == set()


@pytest.mark.parametrize("endpoint,caller,expected", MATRIX)
def test_access(world, endpoint, caller, expected):
    body = endpoint.body(world)
    before = snapshot(world.app)
    response = world.client.open(endpoint.url(world), method=endpoint.method, json=body,
                                 headers=world.headers[caller])
    assert response.status_code == expected, response.get_data(as_text=True)
    if expected >= 400:
        assert_problem(response, expected)
        assert snapshot(world.app) == before, "a refused request changed the database"
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


# ---- what each caller sees of a profile ----

def _z_in_directory(w: World, caller: str):
    response = w.client.get(f"{API}/events/{w.e1['id']}/attendees?limit=200", headers=w.headers[caller])
    if response.status_code != 200:
        return response, None
    found = [item for item in response.json["items"] if item["id"] == w.z_id]
    assert len(found) == 1, "Z is discoverable and must be listed"
    return response, found[0]


def _z_detail(w: World, caller: str):
    response = w.client.get(f"{API}/events/{w.e1['id']}/attendees/{w.z_id}", headers=w.headers[caller])
    return response, response.json if response.status_code == 200 else None


READS = {"directory": _z_in_directory, "detail": _z_detail}


@pytest.mark.parametrize("read", sorted(READS))
@pytest.mark.parametrize("caller,status", [("attendee", 200), ("other_attendee", 404), ("other_organizer", 404)])
def test_no_private_field_of_another_attendee_leaks(world, read, caller, status):
    response, z = READS[read](world, caller)
    assert response.status_code == status
    raw = response.get_data(as_text=True)
    for secret in Z_SECRETS:
        assert secret not in raw
    if status == 200:
        assert z["display_name"] == "Zara Zed" and z["company"] == "Zenith Labs"
        assert z["interests"] == ["climate tech", "batteries"]
        assert set(PRIVATE_FIELDS).isdisjoint(z)
    else:
        assert_problem(response, status)


@pytest.mark.parametrize("read", sorted(READS))
@pytest.mark.parametrize("caller", ["owner", "co_organizer"])
def test_the_events_organizers_see_every_field(world, read, caller):
    response, z = READS[read](world, caller)
    assert response.status_code == 200
    assert z["email"] == Z_CONTACT_EMAIL and z["phone"] == Z_PHONE and z["links"] == [Z_LINK]
    assert z["shared_fields"] == ["email", "phone", "links"]
    assert set(PRIVATE_FIELDS) <= set(z)


def test_a_person_sees_all_of_their_own_profile(world):
    own = world.client.get(f"{API}/events/{world.e1['id']}/attendees/me", headers=world.headers["zara"])
    assert own.status_code == 200
    assert own.json["email"] == Z_CONTACT_EMAIL and own.json["phone"] == Z_PHONE
    assert set(PRIVATE_FIELDS) <= set(own.json)


def test_searching_the_directory_by_a_private_field_finds_nothing(world):
    url = f"{API}/events/{world.e1['id']}/attendees"
    headers = world.headers["attendee"]
    by_company = world.client.get(url, query_string={"q": "zenith"}, headers=headers).json["items"]
    assert [a["id"] for a in by_company] == [world.z_id]  # the search works ...
    # "912 345", not "912": generated names such as attendee912 may hold the bare digits
    for private in ("zmail", "zara.private", "912 345", "zara-zed.example"):
        found = world.client.get(url, query_string={"q": private}, headers=headers)
        assert found.status_code == 200 and found.json["items"] == []  # ... but not on contact fields


def test_attendees_do_not_see_the_join_code_organizers_do(world):
    e1 = world.e1["id"]
    as_attendee = world.client.get(f"{API}/events/{e1}", headers=world.headers["attendee"]).json
    assert "join_code" not in as_attendee and as_attendee["role"] == "attendee"
    mine = world.client.get(f"{API}/me/events", headers=world.headers["attendee"]).json["items"]
    assert [e["id"] for e in mine] == [e1] and "join_code" not in mine[0]
    assert world.e1["join_code"] not in world.client.get(
        f"{API}/events/{e1}/attendees", headers=world.headers["attendee"]).get_data(as_text=True)
    as_owner = world.client.get(f"{API}/events/{e1}", headers=world.headers["owner"]).json
    assert as_owner["join_code"] == world.e1["join_code"] and as_owner["role"] == "owner"
    as_co = world.client.get(f"{API}/events/{e1}", headers=world.headers["co_organizer"]).json
    assert as_co["join_code"] == world.e1["join_code"] and as_co["role"] == "organizer"


@pytest.mark.parametrize("caller,expected", [
    ("attendee", []), ("other_attendee", []), ("owner", ["e1"]), ("co_organizer", ["e1"]),
    ("other_organizer", ["e2"]),
])
def test_event_list_shows_only_events_the_caller_organizes(world, caller, expected):
    response = world.client.get(f"{API}/events", headers=world.headers[caller])
    assert response.status_code == 200
    ids = {"e1": world.e1["id"], "e2": world.e2["id"]}
    assert [e["id"] for e in response.json["items"]] == [ids[name] for name in expected]


def test_a_hidden_attendee_is_invisible_to_attendees(world):
    e1 = world.e1["id"]
    listed = world.client.get(f"{API}/events/{e1}/attendees?limit=200", headers=world.headers["attendee"])
    ids = [a["id"] for a in listed.json["items"]]
    assert world.z_id in ids and world.w_id not in ids
    detail = world.client.get(f"{API}/events/{e1}/attendees/{world.w_id}", headers=world.headers["attendee"])
    assert_problem(detail, 404)
    assert "Wanda" not in listed.get_data(as_text=True) + detail.get_data(as_text=True)
    # Searching does not bring a hidden person back either (W shares Z's company).
    searched = world.client.get(f"{API}/events/{e1}/attendees", query_string={"q": "zenith"},
                                headers=world.headers["attendee"])
    assert [a["id"] for a in searched.json["items"]] == [world.z_id]


@pytest.mark.parametrize("caller", ["owner", "co_organizer"])
def test_a_hidden_attendee_is_visible_to_the_organizers(world, caller):
    e1 = world.e1["id"]
    listed = world.client.get(f"{API}/events/{e1}/attendees?limit=200", headers=world.headers[caller])
    hidden = [a for a in listed.json["items"] if a["id"] == world.w_id]
    assert len(hidden) == 1 and hidden[0]["discoverable"] is False
    detail = world.client.get(f"{API}/events/{e1}/attendees/{world.w_id}", headers=world.headers[caller])
    assert detail.status_code == 200 and detail.json["display_name"] == "Wanda Hidden"


def test_a_hidden_attendee_still_sees_their_own_profile(world):
    e1, headers = world.e1["id"], world.headers["hidden"]
    detail = world.client.get(f"{API}/events/{e1}/attendees/{world.w_id}", headers=headers)
    assert detail.status_code == 200
    assert detail.json["discoverable"] is False and "email" in detail.json
    me = world.client.get(f"{API}/events/{e1}/attendees/me", headers=headers)
    assert me.status_code == 200 and me.json["id"] == world.w_id


def test_an_attendee_may_change_and_remove_only_their_own_profile(world):
    e1, headers = world.e1["id"], world.headers["attendee"]
    own = f"{API}/events/{e1}/attendees/{world.x_id}"
    changed = world.client.patch(own, json={"company": "Xylo Two"}, headers=headers)
    assert changed.status_code == 200 and changed.json["company"] == "Xylo Two"
    assert "email" in changed.json  # the person sees their own private fields
    assert world.client.delete(own, headers=headers).status_code == 204
    # Having left, X is an outsider: the event is gone from their view.
    assert_problem(world.client.get(f"{API}/events/{e1}", headers=headers), 404)
