"""The caller's connections as vCard 4.0 (RFC 6350) and as spreadsheet-safe CSV.

Each card carries the other person's public profile (name, company, title) and only the contact
fields they share with connections. Written by hand: vobject 0.9.9 writes vCard 3 rules under a 4.0
version line. Text values escape backslash, comma, semicolon and newlines (RFC 6350 3.4); lines are
folded at 75 octets without splitting a UTF-8 character (3.2) and end in CRLF.
"""
from __future__ import annotations

from typing import Any

from server import csv_export
from server.accounts.models import Account
from server.attendees import service as attendees_service
from server.connections import service as connections_service
from server.events import service as events_service
from server.followups.due import profiles_of

CSV_HEADERS = ("name", "company", "job_title", "email", "phone", "links", "event", "connected_at", "origin")


def escape(value: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space), never inside a character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def _name_parts(display_name: str) -> tuple[str, str]:
    """(family, given) guessed from a display name: the last word is the family name."""
    given, _, family = display_name.strip().rpartition(" ")
    return (family, given) if given else (display_name.strip(), "")


def _card(person: dict[str, Any]) -> str:
    family, given = _name_parts(person["name"])
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{escape(person['name'])}", f"N:{escape(family)};{escape(given)};;;"]
    if person["company"]:
        lines.append(f"ORG:{escape(person['company'])}")
    if person["job_title"]:
        lines.append(f"TITLE:{escape(person['job_title'])}")
    if person["email"]:
        lines.append(f"EMAIL:{escape(person['email'])}")
    if person["phone"]:
        lines.append(f"TEL;VALUE=text:{escape(person['phone'])}")
    lines += [f"URL:{escape(link)}" for link in person["links"]]
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def people(*, account: Account) -> list[dict[str, Any]]:
    """The caller's connections, each as the other person's name, public profile and shared contact fields."""
    connections = connections_service.connections_of(account_id=account.id)
    profiles = profiles_of([(c.event_id, c.other(account.id)) for c in connections])
    events = {eid: events_service.get_event(event_id=eid) for eid in {c.event_id for c in connections} - {None}}
    found = []
    for connection in connections:
        other = profiles.get((connection.event_id, connection.other(account.id)))
        if other is None:
            continue  # left every event: nothing of them to export
        contact = attendees_service.contact_fields(other)
        event = events.get(connection.event_id)
        found.append({
            "name": other.display_name, "company": other.company, "job_title": other.job_title,
            "email": contact.get("email", ""), "phone": contact.get("phone", ""), "links": contact.get("links", []),
            "event": event.name if event else "", "connected_at": connection.created_at, "origin": connection.origin,
        })
    return found


def vcards(*, account: Account) -> str:
    """Every connection as one vCard 4.0 each."""
    return "".join(_card(person) for person in people(account=account))


def csv_text(*, account: Account) -> str:
    """Every connection as one CSV row (formula-safe, with a BOM: see `server.csv_export`)."""
    rows = ({**person, "links": " ".join(person["links"]),
             "connected_at": person["connected_at"].isoformat().replace("+00:00", "Z")}
            for person in people(account=account))
    return csv_export.text(CSV_HEADERS, ([person[h] for h in CSV_HEADERS] for person in rows))
