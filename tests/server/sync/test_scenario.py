"""A day replayed: intros, meetings, blocks, scans, messages, rounds, leaving; every app syncs at
random moments and its local copy must always equal a fresh full snapshot."""
from __future__ import annotations

import random

import pytest

API = "/api/v1"


def _actions(client, world):
    base, people, owner = world["base"], world["people"], world["owner"]
    names = sorted(people)
    state = {"session": None}

    def pick(rng, n=2):
        return rng.sample(names, n)

    def intro(rng):
        a, b = pick(rng)
        client.post(f"{base}/intros", json={"to_attendee_id": people[b]["id"], "message": "Hello"},
                    headers=people[a]["headers"])

    def answer_intro(rng):
        who = rng.choice(names)
        rows = client.get(f"{base}/intros", headers=people[who]["headers"]).json.get("items", [])
        if rows:
            row = rng.choice(rows)
            verb = rng.choice(["accept", "decline", "cancel"])
            client.post(f"{base}/intros/{row['id']}/{verb}", headers=people[who]["headers"])

    def meeting(rng):
        a, b = pick(rng)
        slot = rng.choice(list(world["slots"].values()))
        client.post(f"{base}/meetings", json={"invitee_ids": [people[b]["id"]], "slot_id": slot},
                    headers=people[a]["headers"])

    def answer_meeting(rng):
        who = rng.choice(names)
        rows = client.get(f"{base}/meetings", headers=people[who]["headers"]).json.get("items", [])
        if rows:
            row = rng.choice(rows)
            verb = rng.choice(["accept", "decline", "cancel", "accept"])
            client.post(f"{base}/meetings/{row['id']}/{verb}", json={} if verb != "cancel" else {},
                        headers=people[who]["headers"])

    def block(rng):
        a, b = pick(rng)
        client.post(f"{base}/blocks", json={"attendee_id": people[b]["id"]}, headers=people[a]["headers"])

    def unblock(rng):
        a, b = pick(rng)
        client.delete(f"{base}/blocks/{people[b]['id']}", headers=people[a]["headers"])

    def scan(rng):
        a, b = pick(rng)
        token = client.get(f"{base}/attendees/me/qr", headers=people[b]["headers"]).json["token"]
        client.post(f"{base}/connections/scan", json={"token": token}, headers=people[a]["headers"])

    def message(rng):
        who = rng.choice(names)
        rows = client.get(f"{base}/connections", headers=people[who]["headers"]).json.get("items", [])
        if rows:
            opened = client.post(f"{API}/me/conversations", json={"connection_id": rng.choice(rows)["id"]},
                                 headers=people[who]["headers"])
            if opened.status_code in (200, 201):
                client.post(f"{API}/me/conversations/{opened.json['id']}/messages",
                            json={"text": "See you at the coffee bar", "client_id": f"c{rng.random()}"},
                            headers=people[who]["headers"])

    def read_all(rng):
        client.post(f"{API}/me/notifications/read", json={}, headers=people[rng.choice(names)]["headers"])

    def edit(rng):
        who = rng.choice(names)
        client.patch(f"{base}/attendees/me", json={"bio": f"bio {rng.random()}", "discoverable": rng.random() > .3},
                     headers=people[who]["headers"])

    def rounds(rng):
        for person in people.values():
            client.post(f"{base}/check-ins", json={"attendee_id": person["id"]}, headers=owner["headers"])
        if state["session"] is None:
            made = client.post(f"{base}/sessions", json={
                "name": "Speed networking", "starts_at": "2027-03-28T14:00:00Z", "rounds": 2,
                "minutes_per_round": 10, "participants": "checked_in", "table_count": 2}, headers=owner["headers"])
            state["session"] = made.json["id"]
            client.post(f"{base}/sessions/{state['session']}/publish", headers=owner["headers"])
        else:
            absent = [people[rng.choice(names)]["id"]]
            client.post(f"{base}/sessions/{state['session']}/replan", json={"absent_ids": absent},
                        headers=owner["headers"])

    return [intro, intro, answer_intro, meeting, meeting, answer_meeting, block, unblock, scan, scan, message,
            read_all, edit, rounds]


def _diff(local, truth):
    return {key: (local.get(key), truth.get(key)) for key in set(local) | set(truth) if local.get(key) != truth.get(key)}


# eager: RAPPORT_SYNC_EAGER_ACCOUNTS; 20 stamps every change's feeds in the writer's commit, 0 leaves marks
# for every sync to consume, 1 mixes both (a change between two people goes through the marks).
@pytest.mark.parametrize("seed, eager", [(1, 20), (2, 20), (4, 0), (5, 1)])  # feeds, marks only, a mix
def test_local_copies_always_equal_a_fresh_snapshot(app, client, world, make_app_client, seed, eager):
    app.config["RAPPORT_SYNC_EAGER_ACCOUNTS"] = eager
    rng = random.Random(seed)
    apps = {name: make_app_client(p["headers"]) for name, p in world["people"].items()}
    for app in apps.values():
        app.sync()
        app.dir_local, app.dir_since = app.directory(world["event"]["id"])
    actions = _actions(client, world)
    seen_kinds = set()
    for step in range(70):
        action = rng.choice(actions)
        action(rng)
        for name, app in apps.items():
            if rng.random() < 0.35:
                local = app.sync(limit=rng.choice([None, 3]))
                truth = app.fresh()
                assert local == truth, (f"step {step} ({action.__name__}): {name}'s copy drifted: "
                                        f"{_diff(local, truth)}")
                if rng.random() < 0.2:
                    assert app.reinstalled() == local
                seen_kinds.update(kind for kind, _ in local)
            if rng.random() < 0.3:
                app.dir_local, app.dir_since = app.directory(world["event"]["id"], app.dir_since)
                truth, _ = app.directory(world["event"]["id"])
                assert app.dir_local == truth, f"step {step} ({action.__name__}): {name}'s directory drifted"
    # Leaving the event at the end: everything of it goes, for the one who left and for the others.
    leaver = world["people"]["Dee"]
    assert client.delete(f"{world['base']}/attendees/{leaver['id']}", headers=leaver["headers"]).status_code == 204
    for name, app in apps.items():
        assert app.sync() == app.fresh(), name
        if name != "Dee":
            app.dir_local, app.dir_since = app.directory(world["event"]["id"], app.dir_since)
            assert leaver["id"] not in app.dir_local and app.dir_local == app.directory(world["event"]["id"])[0]
    assert {"event", "profile", "intro", "meeting", "notification"} <= seen_kinds
