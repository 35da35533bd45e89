"""Contact export: vCard 4.0 that a standard parser reads back exactly, and spreadsheet-safe CSV.
Only the contact fields each person shares with connections ever appear."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import vobject

from tests.server.followups.builders import API, connect_by_intro, event_with_owner, person

LONG_COMPANY = "Ünïcödé Rësëärch Instítute for Véry Long Names, Multibyte Characters; and Friends GmbH"


def _people(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    ana = person(client, app, event, display_name="Ana Sousa")
    ben = person(client, app, event, display_name="Ben Okafor", company="Fjord Capital, Ltd.",
                 job_title="Partner; Seed & Series A", phone="+44 20 7946 0000",
                 links=["https://fjord.example/ben"], shared_fields=["email", "phone"])
    zoe = person(client, app, event, display_name="Zoë Ångström-Łukasz", company=LONG_COMPANY,
                 job_title="Head of\\Research", phone="+351 912 345 678",
                 links=["https://zoe.example/a,b;c", "https://zoe.example/talks"], shared_fields=["links"])
    dee = person(client, app, event, display_name="Dee", company="Quiet Co", phone="+1 555 0100",
                 links=["https://dee.example"], shared_fields=[])
    fay, gus = person(client, app, event, display_name="Fay Stranger"), person(client, app, event)
    for other in (ben, zoe, dee):
        connect_by_intro(client, event, ana, other)
    connect_by_intro(client, event, fay, gus)
    return ana, ben, zoe, dee


def test_vcard_export_parses_back_with_names_company_and_only_shared_contact_fields(client, app):
    ana, ben, zoe, dee = _people(client, app)
    response = client.get(f"{API}/me/connections.vcf", headers=ana["headers"])
    assert response.status_code == 200 and response.mimetype == "text/vcard"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)  # CRLF only
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    raw.decode("utf-8")  # folding never splits a character

    cards = {card.fn.value: card for card in vobject.readComponents(raw.decode("utf-8"))}
    assert set(cards) == {"Ben Okafor", "Zoë Ångström-Łukasz", "Dee"}  # not Fay, not Ana herself

    def props(card):
        return {key: [c.value for c in values] for key, values in card.contents.items()}

    assert props(cards["Ben Okafor"]) == {
        "version": ["4.0"], "fn": ["Ben Okafor"], "n": [cards["Ben Okafor"].n.value],
        "org": [["Fjord Capital, Ltd."]], "title": ["Partner; Seed & Series A"],
        "email": [ben["account_email"]], "tel": ["+44 20 7946 0000"]}  # he shares no links
    assert (cards["Ben Okafor"].n.value.family, cards["Ben Okafor"].n.value.given) == ("Okafor", "Ben")
    assert props(cards["Zoë Ångström-Łukasz"]) == {
        "version": ["4.0"], "fn": ["Zoë Ångström-Łukasz"], "n": [cards["Zoë Ångström-Łukasz"].n.value],
        "org": [[LONG_COMPANY]], "title": ["Head of\\Research"],
        "url": ["https://zoe.example/a,b;c", "https://zoe.example/talks"]}  # links only, no phone
    assert props(cards["Dee"]) == {"version": ["4.0"], "fn": ["Dee"], "n": [cards["Dee"].n.value],
                                   "org": [["Quiet Co"]]}  # shares nothing
    assert b"555 0100" not in raw and b"912 345" not in raw and b"fjord.example" not in raw


def test_csv_export_is_safe_to_open_in_a_spreadsheet(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    ana = person(client, app, event, display_name="Ana")
    eve = person(client, app, event, display_name="=HYPERLINK(\"http://evil.example\")", company="+Evil",
                 job_title="@SUM(A1)", phone="-1 555 0199", shared_fields=["phone"])
    bob = person(client, app, event, display_name="Bob Plain", company="Plain Co", shared_fields=["email"])
    connect_by_intro(client, event, ana, eve)
    connect_by_intro(client, event, ana, bob)
    response = client.get(f"{API}/me/connections.csv", headers=ana["headers"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["name"], r["company"], r["job_title"], r["phone"], r["email"]) for r in rows] == [
        ("'=HYPERLINK(\"http://evil.example\")", "'+Evil", "'@SUM(A1)", "'-1 555 0199", ""),
        ("Bob Plain", "Plain Co", "", "", bob["account_email"]),
    ]
    assert {r["event"] for r in rows} == {"Lisbon Founders Summit"} and {r["origin"] for r in rows} == {"intro"}
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_exports_are_empty_without_connections(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    loner = person(client, app, event)
    assert client.get(f"{API}/me/connections.vcf", headers=loner["headers"]).get_data() == b""
    assert client.get(f"{API}/me/connections.csv", headers=loner["headers"]).get_data(as_text=True).count("\n") == 1


def test_csv_export_quotes_like_every_export_and_is_never_cached(client, app):
    now = datetime.now(timezone.utc)
    event = event_with_owner(client, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    ana = person(client, app, event, display_name="Ana")
    quoted = person(client, app, event, display_name="'=already quoted")  # no company, no title
    connect_by_intro(client, event, ana, quoted)
    response = client.get(f"{API}/me/connections.csv", headers=ana["headers"])
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["name"], r["company"], r["job_title"]) for r in rows] == [("''=already quoted", "", "")]
