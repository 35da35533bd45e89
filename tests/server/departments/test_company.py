"""The generated 2,000-person company (20 departments, 200 teams, 5 offices) end to end over HTTP:
imported from a CSV in many spellings, matched in `cross_department` mode, seated in mixed trios."""
import csv
import io
import itertools
import random

import pytest

from bench.company import company
from matching import team_key, unit_key
from tests.factories import sign_in_with_code
from tests.server.imports.helpers import API, attendees, organizer_with_event, upload, wait_for


def _csv(people) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Email", "Full name", "Company", "Department", "Team", "Office", "Interests", "Goals"])
    for p in people:
        writer.writerow([p["email"], p["display_name"], "Acme", p["department"], p["team"], p["office"],
                         "; ".join(p["interests"]), "; ".join(p["goals"])])
    return out.getvalue()


def _import(client, people):
    owner, event = organizer_with_event(client)
    response = client.patch(f"{API}/events/{event['id']}", json={"networking_scope": "cross_department"},
                            headers=owner["headers"])
    assert response.status_code == 200, response.json
    response = upload(client, owner, event, _csv(people))
    assert response.status_code in (201, 202), response.json
    report = response.json if response.status_code == 201 else wait_for(client, owner, response.headers["Location"])
    assert report["counts"]["created"] == len(people), report
    return owner, event


def test_company_suggestions_cross_departments_and_never_pair_a_team(client, app):
    people = company(2000)
    owner, event = _import(client, people)
    rows = {a["email"]: a for a in attendees(client, owner, event)}
    assert len(rows) == 2000
    by_id = {rows[p["email"]]["id"]: p for p in people}
    crossed = total = 0
    for person in random.Random(19).sample(people, 40):
        me = sign_in_with_code(client, app, email=person["email"])
        response = client.get(f"{API}/events/{event['id']}/suggestions?limit=10", headers=me["headers"])
        assert response.status_code == 200, response.json
        for item in response.json["items"]:
            other = by_id[item["attendee"]["id"]]
            assert team_key(person["department"], person["team"]) != team_key(other["department"], other["team"])
            assert {"shared_interest", "complementary_goal"} & {r["kind"] for r in item["reasons"]}
            crossed += unit_key(person["department"]) != unit_key(other["department"])
            total += 1
    assert total == 400
    assert crossed / total >= 0.9


def _tables(plan):
    return [[p["id"] for p in t["attendees"]] for r in plan["rounds"] for t in r["tables"]]


@pytest.mark.parametrize("group_size, mix", [(2, False), (3, True)])
def test_sessions_keep_teams_apart_and_mix_departments(client, app, group_size, mix):
    # 60 people of 6 departments and 12 teams (5 each): a team-mate or, mixed, a colleague of one's
    # own department is always a near candidate, since they share most interests.
    people = company(60, departments=6, teams=12, offices=3, seed=4)
    owner, event = _import(client, people)
    base = f"{API}/events/{event['id']}"
    rows = {a["email"]: a for a in attendees(client, owner, event)}
    by_id = {rows[p["email"]]["id"]: p for p in people}
    for attendee_id in by_id:
        assert client.post(f"{base}/check-ins", json={"attendee_id": attendee_id},
                           headers=owner["headers"]).status_code == 201
    body = {"name": "Mixer", "starts_at": "2027-03-10T10:00:00Z", "rounds": 3, "minutes_per_round": 8,
            "participants": "checked_in", "table_count": 30, "group_size": group_size, "mix_departments": mix}
    session = client.post(f"{base}/sessions", json=body, headers=owner["headers"])
    assert session.status_code == 201, session.json
    assert session.json["mix_departments"] is mix
    plan = client.get(f"{base}/sessions/{session.json['id']}/preview", headers=owner["headers"])
    assert plan.status_code == 200, plan.json
    tables = _tables(plan.json)
    assert len(tables) >= 3 * (60 // (group_size + 1))
    for table in tables:
        teams = [team_key(by_id[i]["department"], by_id[i]["team"]) for i in table]
        assert len(set(teams)) == len(teams)
        if mix:
            assert 3 <= len(table) <= 4
            assert len({unit_key(by_id[i]["department"]) for i in table}) == len(table)


@pytest.mark.parametrize("body", [{"group_size": 2, "mix_departments": True}, {"mix_departments": "yes"}])
def test_mixing_departments_needs_trios(client, body):
    owner, event = organizer_with_event(client)
    response = client.post(f"{API}/events/{event['id']}/sessions", headers=owner["headers"], json={
        "name": "Mixer", "starts_at": "2027-03-10T10:00:00Z", "rounds": 1, "minutes_per_round": 8,
        "participants": "checked_in", "table_count": 3, **body})
    assert response.status_code == 422 and "mix_departments" in response.json["errors"], response.json


def test_two_thousand_people_spelled_many_ways_are_twenty_departments():
    people = company(2000)
    assert len({unit_key(p["department"]) for p in people}) == 20
    assert len({p["department"] for p in people}) > 20
    assert len({team_key(p["department"], p["team"]) for p in people}) == 200
    assert len({unit_key(p["office"]) for p in people}) == 5
    assert all(len(list(g)) == 10 for _, g in itertools.groupby(
        sorted(team_key(p["department"], p["team"]) for p in people)))


def test_mixing_two_departments_into_trios_is_a_409_naming_the_option(client):
    people = company(6, departments=2, teams=6, offices=1)
    owner, event = _import(client, people)
    base = f"{API}/events/{event['id']}"
    for attendee in attendees(client, owner, event):
        client.post(f"{base}/check-ins", json={"attendee_id": attendee["id"]}, headers=owner["headers"])
    session = client.post(f"{base}/sessions", headers=owner["headers"], json={
        "name": "Mixer", "starts_at": "2027-03-10T10:00:00Z", "rounds": 1, "minutes_per_round": 8,
        "participants": "checked_in", "table_count": 2, "group_size": 3, "mix_departments": True})
    assert session.status_code == 201, session.json
    preview = client.get(f"{base}/sessions/{session.json['id']}/preview", headers=owner["headers"])
    assert preview.status_code == 409 and "mix_departments" in preview.json["errors"], preview.json
