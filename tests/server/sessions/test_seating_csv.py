"""The printable seating plan is a download like every other: BOM, one formula rule, never cached."""
import csv
import io


def test_seating_csv_has_a_bom_is_not_cached_and_quotes_like_every_export(client, world):
    base, owner, people = world["base"], world["owner"], world["people"]
    renamed = client.patch(f"{base}/attendees/me", json={"display_name": "'=Ana"}, headers=people["Ana"]["headers"])
    assert renamed.status_code == 200, renamed.json
    for person in people.values():
        checked = client.post(f"{base}/check-ins", json={"attendee_id": person["id"]}, headers=owner["headers"])
        assert checked.status_code == 201, checked.json
    session = client.post(f"{base}/sessions", headers=owner["headers"], json={
        "name": "Speed", "starts_at": "2027-03-28T14:00:00Z", "rounds": 1, "minutes_per_round": 10,
        "participants": "checked_in", "table_count": 2}).json
    assert client.post(f"{base}/sessions/{session['id']}/publish", headers=owner["headers"]).status_code == 200

    response = client.get(f"{base}/sessions/{session['id']}/seating.csv", headers=owner["headers"])
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert sorted(r["display_name"] for r in rows) == ["''=Ana", "Ben", "Cai", "Dee"]
