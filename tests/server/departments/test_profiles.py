"""Department, team and office on profiles: who edits them, who sees them, and the event's settings."""
import pytest

from tests.factories import create_event, join_event, signup_organizer

API = "/api/v1"


@pytest.fixture
def company(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"], name="Acme offsite", networking_scope="cross_department")
    ana = join_event(client, app, event, display_name="Ana", company="Acme", interests=["Payments", "Rust"],
                     department="Finance", team="Ledger", office="Lisbon")
    bo = join_event(client, app, event, display_name="Bo", company="Acme", interests=["payments", "Golang"],
                    department="Product", team="Growth", office="Berlin office")
    return {"owner": owner, "event": event, "ana": ana, "bo": bo, "base": f"{API}/events/{event['id']}"}


def test_attendee_and_organizer_edit_the_fields(client, company):
    ana, base = company["ana"], company["base"]
    assert (ana["department"], ana["team"], ana["office"]) == ("Finance", "Ledger", "Lisbon")
    response = client.patch(f"{base}/attendees/{ana['id']}", json={"department": "  Fin ", "office": ""},
                            headers=company["owner"]["headers"])
    assert response.status_code == 200, response.json
    assert (response.json["department"], response.json["team"], response.json["office"]) == ("Fin", "Ledger", "")
    other = client.patch(f"{base}/attendees/{ana['id']}", json={"team": "Tax"}, headers=company["bo"]["headers"])
    assert other.status_code == 403


@pytest.mark.parametrize("field", ["department", "team", "office"])
@pytest.mark.parametrize("value", ["-", "!!!", "x" * 121, "Sales\nteam", 7, ["Sales"]])
def test_bad_values_are_422_naming_the_field(client, company, field, value):
    response = client.patch(f"{company['base']}/attendees/me", json={field: value}, headers=company["ana"]["headers"])
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"], response.json


@pytest.mark.parametrize("body, field", [
    ({"networking_scope": "everyone"}, "networking_scope"),
    ({"networking_scope": None}, "networking_scope"),
    ({"public_org_fields": ["email"]}, "public_org_fields"),
    ({"public_org_fields": "department"}, "public_org_fields"),
])
def test_bad_event_settings_are_422_naming_the_field(client, company, body, field):
    response = client.patch(company["base"], json=body, headers=company["owner"]["headers"])
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert any(key.split(".")[0] == field for key in response.json["errors"]), response.json


def _card(client, company, viewer):
    response = client.get(f"{company['base']}/attendees/{company['ana']['id']}", headers=company[viewer]["headers"])
    assert response.status_code == 200
    return response.json


def test_cards_show_units_only_where_the_event_says(client, company):
    base, owner = company["base"], company["owner"]
    assert not {"department", "team", "office"} & set(_card(client, company, "bo"))  # default: hidden
    directory = client.get(f"{base}/attendees", headers=company["bo"]["headers"]).json["items"]
    assert all(not {"department", "team", "office"} & set(p) for p in directory)
    assert _card(client, company, "owner")["department"] == "Finance"  # organizers see everything

    response = client.patch(base, json={"public_org_fields": ["department", "office"]}, headers=owner["headers"])
    assert response.status_code == 200 and response.json["public_org_fields"] == ["department", "office"]
    card = _card(client, company, "bo")
    assert (card["department"], card["office"]) == ("Finance", "Lisbon") and "team" not in card
    suggested = client.get(f"{base}/suggestions", headers=company["bo"]["headers"]).json["items"]
    assert suggested[0]["attendee"]["department"] == "Finance" and "team" not in suggested[0]["attendee"]


def test_reasons_name_departments_only_when_cards_show_them(client, company):
    base, owner = company["base"], company["owner"]
    hidden = client.get(f"{base}/suggestions", headers=company["ana"]["headers"]).json["items"]
    texts = [r["text"] for r in hidden[0]["reasons"]]
    assert "You work in different departments: a cross-functional contact." in texts
    assert "You work in different offices." in texts
    assert "Product" not in str(hidden) and "Berlin" not in str(hidden)

    client.patch(base, json={"public_org_fields": ["department", "office"]}, headers=owner["headers"])
    shown = client.get(f"{base}/suggestions", headers=company["ana"]["headers"]).json["items"]
    texts = [r["text"] for r in shown[0]["reasons"]]
    assert "You are in Finance, they are in Product: a cross-functional contact." in texts
    assert "You work in Lisbon, they work in Berlin office." in texts
    reason = next(r for r in shown[0]["reasons"] if r["kind"] == "cross_department")
    assert (reason["your_department"], reason["their_department"]) == ("Finance", "Product")


def test_scope_change_applies_at_once_and_open_ignores_units(client, company):
    base, owner = company["base"], company["owner"]
    cross = client.get(f"{base}/suggestions", headers=company["ana"]["headers"]).json["items"]
    assert "cross_department" in {r["kind"] for r in cross[0]["reasons"]}
    assert client.patch(base, json={"networking_scope": "open"}, headers=owner["headers"]).json[
        "networking_scope"] == "open"
    plain = client.get(f"{base}/suggestions", headers=company["ana"]["headers"]).json["items"]
    assert {r["kind"] for r in plain[0]["reasons"]} == {"shared_interest", "same_organization"}
    assert plain[0]["score"] == 0.25  # one shared interest (idf 1 among two people), colleagues' factor


def test_a_scope_change_leaves_one_index_per_event(client, company):
    from server.matches import index_cache

    base, owner = company["base"], company["owner"]
    for scope in ("open", "cross_company", "cross_department"):
        client.patch(base, json={"networking_scope": scope}, headers=owner["headers"])
        assert client.get(f"{base}/suggestions", headers=company["ana"]["headers"]).status_code == 200
        keys = [k for k in index_cache._indexes if k[0] == company["event"]["id"]]
        assert len(keys) == 1 and scope in keys[0]
