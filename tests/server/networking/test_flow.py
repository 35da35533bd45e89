"""End to end over HTTP: suggestions with reasons, an accepted intro that reveals contact details,
mutual interest, QR exchange and a block that removes two people from each other's view."""
import base64
import json
from datetime import timedelta

import pytest

from server.types import utcnow
from tests.factories import create_event, join_event, signup_organizer
from tests.server.test_round_trips import statements  # noqa: F401  (fixture)


@pytest.fixture
def event(client):
    owner = signup_organizer(client)
    return {**create_event(client, owner["headers"]), "owner": owner}


def _suggested(client, event, person, limit=10):
    response = client.get(f"/api/v1/events/{event['id']}/suggestions?limit={limit}", headers=person["headers"])
    assert response.status_code == 200, response.json
    return response.json["items"]


def _crowd(client, app, event, n=6):
    topics = ["Gardening", "Opera", "Chess", "Sailing", "Pottery", "Baking", "Cycling", "Knitting"]
    return [join_event(client, app, event, display_name=f"Filler {i}", company=f"Co{i}",
                       interests=[topics[i % len(topics)], "Networking"], goals=["meeting_peers"])
            for i in range(n)]


def test_complementary_people_with_differently_spelled_interests_find_each_other(client, app, event):
    _crowd(client, app, event)
    ana = join_event(client, app, event, display_name="Ana", company="Quantix", industry="Fintech",
                     interests=["machine-learning", "Payments", "Rust"], goals=["raising_funds"],
                     phone="+351 912 345 678", shared_fields=["email", "phone"])
    ben = join_event(client, app, event, display_name="Ben", company="Fjord Capital", industry="Venture capital",
                     interests=["Machine Learning", "payment systems", "Opera"], goals=["investing"],
                     phone="+44 20 7946 0000", shared_fields=["email"])
    top = _suggested(client, event, ana, limit=3)
    assert top[0]["attendee"]["id"] == ben["id"]
    kinds = {r["kind"] for r in top[0]["reasons"]}
    assert {"shared_interest", "complementary_goal"} <= kinds
    shared = [r for r in top[0]["reasons"] if r["kind"] == "shared_interest"]
    ml = next(r for r in shared if "machine-learning" in r["yours"])
    assert ml["theirs"] == ["Machine Learning"]
    goal = next(r for r in top[0]["reasons"] if r["kind"] == "complementary_goal")
    assert (goal["your_goal"], goal["their_goal"]) == ("raising_funds", "investing")
    assert top[0]["icebreaker"]
    assert not {"email", "phone", "links"} & set(top[0]["attendee"])
    assert _suggested(client, event, ben, limit=3)[0]["attendee"]["id"] == ana["id"]

    # Before any intro: no contact details anywhere.
    assert client.get(f"/api/v1/events/{event['id']}/connections", headers=ana["headers"]).json["items"] == []

    intro = client.post(f"/api/v1/events/{event['id']}/intros",
                        json={"to_attendee_id": ben["id"], "message": "Raising a seed round, would love to chat."},
                        headers=ana["headers"])
    assert intro.status_code == 201 and intro.json["direction"] == "outgoing"
    incoming = client.get(f"/api/v1/events/{event['id']}/intros?direction=incoming", headers=ben["headers"]).json
    assert [i["id"] for i in incoming["items"]] == [intro.json["id"]]
    assert incoming["items"][0]["sender"]["display_name"] == "Ana"
    assert "phone" not in incoming["items"][0]["sender"]
    feed = client.get("/api/v1/me/notifications", headers=ben["headers"]).json["items"]
    assert [n["kind"] for n in feed] == ["intro_received"]

    accepted = client.post(f"/api/v1/events/{event['id']}/intros/{intro.json['id']}/accept", headers=ben["headers"])
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    mine = client.get(f"/api/v1/events/{event['id']}/connections", headers=ana["headers"]).json["items"]
    assert [(c["attendee"]["id"], c["origin"]) for c in mine] == [(ben["id"], "intro")]
    assert mine[0]["contact"] == {"email": ben["account_email"]}  # Ben shares email only
    theirs = client.get(f"/api/v1/events/{event['id']}/connections", headers=ben["headers"]).json["items"]
    assert theirs[0]["contact"] == {"email": ana["account_email"], "phone": "+351 912 345 678"}
    assert [n["kind"] for n in client.get("/api/v1/me/notifications", headers=ana["headers"]).json["items"]] == [
        "intro_accepted"]
    # Connected people are no longer suggested to each other.
    assert ben["id"] not in [s["attendee"]["id"] for s in _suggested(client, event, ana)]


def test_a_block_removes_both_from_each_others_view(client, app, event):
    _crowd(client, app, event, n=3)
    ana = join_event(client, app, event, display_name="Ana", interests=["Rust", "Chess"], goals=["hiring"])
    eve = join_event(client, app, event, display_name="Eve", interests=["rust", "chess"], goals=["job_seeking"])
    assert eve["id"] in [s["attendee"]["id"] for s in _suggested(client, event, ana)]
    assert client.post(f"/api/v1/events/{event['id']}/blocks", json={"attendee_id": eve["id"]},
                       headers=ana["headers"]).status_code == 201
    base = f"/api/v1/events/{event['id']}"
    for viewer, other in ((ana, eve), (eve, ana)):
        assert other["id"] not in [s["attendee"]["id"] for s in _suggested(client, event, viewer)]
        directory = client.get(f"{base}/attendees", headers=viewer["headers"]).json["items"]
        assert other["id"] not in [a["id"] for a in directory]
        assert client.get(f"{base}/attendees/{other['id']}", headers=viewer["headers"]).status_code == 404
        asked = client.post(f"{base}/intros", json={"to_attendee_id": other["id"]}, headers=viewer["headers"])
        assert asked.status_code == 404
    token = client.get(f"{base}/attendees/me/qr", headers=ana["headers"]).json["token"]
    scanned = client.post(f"{base}/connections/scan", json={"token": token}, headers=eve["headers"])
    assert scanned.status_code == 404
    assert client.delete(f"{base}/blocks/{eve['id']}", headers=ana["headers"]).status_code == 204
    assert eve["id"] in [s["attendee"]["id"] for s in _suggested(client, event, ana)]


def test_mutual_interest_connects_both_and_notifies_both(client, app, event):
    ana = join_event(client, app, event, display_name="Ana", interests=["Rust"])
    ben = join_event(client, app, event, display_name="Ben", interests=["rust"])
    url = f"/api/v1/events/{event['id']}/suggestions"
    first = client.post(f"{url}/{ben['id']}/feedback", json={"kind": "interested"}, headers=ana["headers"])
    assert first.json["mutual"] is False
    second = client.post(f"{url}/{ana['id']}/feedback", json={"kind": "must_meet"}, headers=ben["headers"])
    assert second.json["mutual"] is True and second.json["connection_id"]
    for person, other in ((ana, ben), (ben, ana)):
        kinds = [n["kind"] for n in client.get("/api/v1/me/notifications", headers=person["headers"]).json["items"]]
        assert kinds == ["mutual_match"]
        connections = client.get(f"/api/v1/events/{event['id']}/connections", headers=person["headers"]).json
        assert [(c["attendee"]["id"], c["origin"]) for c in connections["items"]] == [(other["id"], "mutual_match")]


def test_skipped_people_are_not_suggested_again(client, app, event):
    ana = join_event(client, app, event, interests=["Rust"])
    ben = join_event(client, app, event, interests=["rust"])
    assert [s["attendee"]["id"] for s in _suggested(client, event, ana)] == [ben["id"]]
    client.post(f"/api/v1/events/{event['id']}/suggestions/{ben['id']}/feedback", json={"kind": "skip"},
                headers=ana["headers"])
    assert _suggested(client, event, ana) == []


def test_hidden_and_not_matching_people_and_colleagues_are_never_suggested(client, app, event):
    ana = join_event(client, app, event, company="Quantix", interests=["Rust"])
    join_event(client, app, event, interests=["rust"], discoverable=False)
    join_event(client, app, event, interests=["rust"], open_to_matching=False)
    colleague = join_event(client, app, event, company="Quantix Inc.", interests=["rust"])
    assert [s["attendee"]["id"] for s in _suggested(client, event, ana)] == [colleague["id"]]
    client.patch(f"/api/v1/events/{event['id']}", json={"exclude_same_company": True},
                 headers=event["owner"]["headers"])
    assert _suggested(client, event, ana) == []


def test_profile_edits_show_up_in_suggestions_on_the_next_request(client, app, event):
    ana = join_event(client, app, event, interests=["Rust"])
    ben = join_event(client, app, event, interests=["Opera"])
    assert _suggested(client, event, ana) == []
    client.patch(f"/api/v1/events/{event['id']}/attendees/me", json={"interests": ["RUST"]}, headers=ben["headers"])
    assert [s["attendee"]["id"] for s in _suggested(client, event, ana)] == [ben["id"]]
    client.delete(f"/api/v1/events/{event['id']}/attendees/{ben['id']}", headers=ben["headers"])
    assert _suggested(client, event, ana) == []


def test_qr_scan_connects_once_and_shares_chosen_contact_fields(client, app, event):
    ana = join_event(client, app, event, display_name="Ana", phone="+1 555 0101", shared_fields=["phone"])
    ben = join_event(client, app, event, display_name="Ben")
    base = f"/api/v1/events/{event['id']}"
    badge = client.get(f"{base}/attendees/me/qr", headers=ana["headers"])
    assert badge.status_code == 200 and badge.json["svg"].lstrip().startswith("<")
    token = badge.json["token"]
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert set(payload) == {"h"} and len(payload["h"]) >= 20  # a random handle, no raw id inside
    first = client.post(f"{base}/connections/scan", json={"token": token}, headers=ben["headers"])
    assert first.status_code == 201 and first.json["contact"] == {"phone": "+1 555 0101"}
    again = client.post(f"{base}/connections/scan", json={"token": token}, headers=ben["headers"])
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    png = client.get(f"{base}/attendees/me/qr?format=png", headers=ana["headers"])
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    svg = client.get(f"{base}/attendees/me/qr?format=svg", headers=ana["headers"])
    assert svg.content_type.startswith("image/svg+xml")
    assert [n["kind"] for n in client.get("/api/v1/me/notifications", headers=ana["headers"]).json["items"]] == [
        "connection_scanned"]


def test_rotating_the_qr_code_kills_old_tokens(client, app, event):
    ana, ben = join_event(client, app, event), join_event(client, app, event)
    base = f"/api/v1/events/{event['id']}"
    old = client.get(f"{base}/attendees/me/qr", headers=ana["headers"]).json["token"]
    rotated = client.post(f"{base}/attendees/me/qr/rotate", headers=ana["headers"])
    assert rotated.status_code == 200 and rotated.json["token"] != old and "<svg" in rotated.json["svg"]
    stale = client.post(f"{base}/connections/scan", json={"token": old}, headers=ben["headers"])
    assert stale.status_code == 422 and "token" in stale.json["errors"]
    fresh = client.post(f"{base}/connections/scan", json={"token": rotated.json["token"]}, headers=ben["headers"])
    assert fresh.status_code == 201


def test_showing_a_badge_writes_nothing_and_names_the_same_person_each_time(client, app, event, statements):
    """A GET is safe: a prefetch or a retry never changes anyone's badge (it once rotated on ?rotate=true)."""
    ana, ben = join_event(client, app, event), join_event(client, app, event)
    base = f"/api/v1/events/{event['id']}"
    statements.clear()
    first = client.get(f"{base}/attendees/me/qr?rotate=true", headers=ana["headers"])
    assert first.status_code == 200
    assert not {"INSERT", "UPDATE", "DELETE", "COMMIT"} & set(statements), statements
    second = client.get(f"{base}/attendees/me/qr", headers=ana["headers"]).json["token"]
    for token in (first.json["token"], second):
        assert client.post(f"{base}/connections/scan", json={"token": token}, headers=ben["headers"]).status_code in (
            200, 201)


def test_expired_and_forged_qr_tokens_are_refused(client, app, event, time_machine):
    ana, ben = join_event(client, app, event), join_event(client, app, event)
    base = f"/api/v1/events/{event['id']}"
    token = client.get(f"{base}/attendees/me/qr", headers=ana["headers"]).json["token"]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"{base}/connections/scan", json={"token": forged}, headers=ben["headers"]).status_code == 422
    time_machine.move_to(utcnow() + timedelta(seconds=301))  # QR tokens live 300 s
    expired = client.post(f"{base}/connections/scan", json={"token": token}, headers=ben["headers"])
    assert expired.status_code == 422 and "expired" in expired.json["errors"]["token"][0]


def test_intro_cap_duplicates_and_who_may_answer(client, app, event):
    client.patch(f"/api/v1/events/{event['id']}", json={"max_pending_intros": 1}, headers=event["owner"]["headers"])
    ana, ben, cy = (join_event(client, app, event) for _ in range(3))
    url = f"/api/v1/events/{event['id']}/intros"
    first = client.post(url, json={"to_attendee_id": ben["id"]}, headers=ana["headers"])
    assert first.status_code == 201
    assert client.post(url, json={"to_attendee_id": ben["id"]}, headers=ana["headers"]).status_code == 409
    assert client.post(url, json={"to_attendee_id": ana["id"]}, headers=ben["headers"]).status_code == 409
    capped = client.post(url, json={"to_attendee_id": cy["id"]}, headers=ana["headers"])
    assert capped.status_code == 409 and "pending" in capped.json["detail"]
    intro_id = first.json["id"]
    assert client.post(f"{url}/{intro_id}/accept", headers=ana["headers"]).status_code == 403
    assert client.post(f"{url}/{intro_id}/accept", headers=cy["headers"]).status_code == 404
    assert client.post(f"{url}/{intro_id}/cancel", headers=ana["headers"]).json["status"] == "cancelled"
    assert client.post(f"{url}/{intro_id}/accept", headers=ben["headers"]).status_code == 409
    assert client.post(url, json={"to_attendee_id": cy["id"]}, headers=ana["headers"]).status_code == 201


def test_a_later_event_knows_who_already_met(client, app, event):
    ana = join_event(client, app, event, interests=["Rust"])
    ben = join_event(client, app, event, interests=["rust"])
    token = client.get(f"/api/v1/events/{event['id']}/attendees/me/qr", headers=ben["headers"]).json["token"]
    client.post(f"/api/v1/events/{event['id']}/connections/scan", json={"token": token}, headers=ana["headers"])
    later = create_event(client, event["owner"]["headers"], name="Next year")
    for person in (ana, ben):
        client.post("/api/v1/events/join", json={"join_code": later["join_code"]}, headers=person["headers"])
        client.patch(f"/api/v1/events/{later['id']}/attendees/me", json={"interests": ["Rust"]},
                     headers=person["headers"])
    ana_later = client.get(f"/api/v1/events/{later['id']}/attendees/me", headers=ana["headers"]).json
    ben_later = client.get(f"/api/v1/events/{later['id']}/attendees/me", headers=ben["headers"]).json
    mine = client.get(f"/api/v1/events/{later['id']}/connections", headers=ana["headers"]).json["items"]
    assert [(c["attendee"]["id"], c["origin"], c["event_id"]) for c in mine] == [(ben_later["id"], "scan", event["id"])]
    assert _suggested(client, later, {"headers": ana["headers"]}) == []
    asked = client.post(f"/api/v1/events/{later['id']}/intros", json={"to_attendee_id": ben_later["id"]},
                        headers=ana["headers"])
    assert asked.status_code == 409 and ana_later["id"] != ana["id"]


def test_people_swamped_with_requests_are_ranked_down(client, app, event):
    ana = join_event(client, app, event, display_name="Ana", interests=["Rust"])
    ben = join_event(client, app, event, display_name="Ben", interests=["rust"])
    cy = join_event(client, app, event, display_name="Cy", interests=["RUST"])
    ties = [s["attendee"]["id"] for s in _suggested(client, event, ana)]
    assert ties == [ben["id"], cy["id"]]  # equal scores: lower id first
    for _ in range(3):  # Ben gets three pending requests from others
        asker = join_event(client, app, event, interests=["Opera"])
        client.post(f"/api/v1/events/{event['id']}/intros", json={"to_attendee_id": ben["id"]},
                    headers=asker["headers"])
    ranked = _suggested(client, event, ana)
    assert [s["attendee"]["id"] for s in ranked] == [cy["id"], ben["id"]]
    assert ranked[0]["score"] == ranked[1]["score"]  # the pair score itself is unchanged


@pytest.mark.parametrize(("mine", "sams"), [
    ("AI", "Artificial Intelligence (AI)"),
    ("Objectives and Key Results (OKRs)", "OKRs"),
    ("impact investing", "Impact Investment"),
    ("PropTech", "prop tech"),
])
def test_reasons_show_both_spellings_of_one_interest(client, app, event, mine, sams):
    _crowd(client, app, event)
    ana = join_event(client, app, event, display_name="Ana", company="Quantix", interests=[mine])
    sam = join_event(client, app, event, display_name="Sam", company="Fjord", interests=[sams])
    top = _suggested(client, event, ana, limit=1)
    assert top[0]["attendee"]["id"] == sam["id"]
    shared = next(r for r in top[0]["reasons"] if r["kind"] == "shared_interest")
    assert (shared["yours"], shared["theirs"]) == ([mine], [sams])
    assert f"(you: {mine} · Sam: {sams})" in shared["text"]
