"""One relationship walked through its event and the 120 days after it, with a movable clock:
the due list shows exactly what is due at each step, and the reminder command mails each item once."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from server.mail import outbox
from tests.server.followups.builders import API, connect_by_intro, event_with_owner, log_followup, person

TODAY = datetime.now(timezone.utc).date()  # day 0: the event day
DAY0_START = datetime.combine(TODAY, time(0, 0), timezone.utc)


def at(day: int, hour: int = 12) -> datetime:
    return datetime.combine(TODAY, time(hour), timezone.utc) + timedelta(days=day)


def on(day: int) -> str:
    return (TODAY + timedelta(days=day)).isoformat()


@pytest.fixture
def app_overrides():
    # Tokens outlive the clock's 120 days.
    return {"ACCESS_TOKEN_TTL": 200 * 24 * 3600}


@pytest.fixture
def clock(time_machine):
    """Set time (the whole process's, by time-machine) to noon UTC of a given day after the event;
    it runs on from there, so rows written one after the other keep their order."""
    def move_to(day: int) -> None:
        time_machine.move_to(at(day), tick=True)

    move_to(0)
    return move_to


def _due(client, who) -> list[tuple]:
    response = client.get(f"{API}/me/followups/due", headers=who["headers"])
    assert response.status_code == 200, response.json
    return [(i["kind"], i["status"], i["due_on"], i["days_until"]) for i in response.json["items"]]


def _remind(app) -> tuple[list[str], str]:
    """Run the cron command; (recipients of the digests it sent, what it printed)."""
    before = len(outbox_of(app))
    result = app.test_cli_runner().invoke(args=["send-followup-reminders"])
    assert result.exit_code == 0, result.output
    return [m["To"] for m in outbox_of(app)[before:]], result.output


def outbox_of(app):
    with app.app_context():
        return [m for m in outbox() if m["Subject"].startswith("Rapport: ")]


def test_a_relationship_from_the_event_to_day_120(client, app, clock):
    event = event_with_owner(client, starts_at=DAY0_START + timedelta(hours=9),
                             ends_at=DAY0_START + timedelta(hours=23, minutes=59))
    ana = person(client, app, event, display_name="Ana Sousa", company="Quantix", interests=["Rust"])
    ben = person(client, app, event, display_name="Ben Okafor", company="Fjord", interests=["rust"])
    connection = connect_by_intro(client, event, ana, ben)

    # During the event: a thank-you is due three days after it ends, listed as upcoming.
    thank_you = ("thank_you", "upcoming", on(3), 3)
    assert _due(client, ana) == [thank_you]
    clock(2)
    assert _due(client, ana) == [("thank_you", "upcoming", on(3), 1)]
    assert _remind(app)[0] == []  # nothing is due yet: no mail
    clock(3)
    assert _due(client, ana) == [("thank_you", "upcoming", on(3), 0)]
    clock(4)
    assert _due(client, ana) == [("thank_you", "overdue", on(3), -1)]
    item = client.get(f"{API}/me/followups/due", headers=ana["headers"]).json["items"][0]
    assert item["connection_id"] == connection and item["attendee"]["display_name"] == "Ben Okafor"
    assert item["contact"] == {"email": ben["account_email"]} and "thank-you" in item["reason"]

    # The cron sends one digest to each side; a second run sends nothing.
    sent, printed = _remind(app)
    assert sorted(sent) == sorted([ana["account_email"], ben["account_email"]])
    assert "2 digests sent (2 items)" in printed
    sent, printed = _remind(app)
    assert sent == [] and "2 items had been sent before" in printed

    # Ana thanks Ben. Her log is hers: Ben's own thank-you is still overdue.
    log_followup(client, ana, connection, happened_at=at(4) - timedelta(hours=1), note="Thanked him for the intro")
    assert _due(client, ana) == []
    assert _due(client, ben) == [("thank_you", "overdue", on(3), -1)]

    clock(50)
    assert _due(client, ana) == []
    clock(86)
    assert _due(client, ana) == []  # the check-in (day 94) is more than 7 days away
    clock(90)
    assert _due(client, ana) == [("check_in", "upcoming", on(94), 4)]
    clock(95)
    assert _due(client, ana) == [("check_in", "overdue", on(94), -1)]
    # Ben never logged anything: his thank-you became a 90-day check-in, mailed once as a new item.
    assert _due(client, ben) == [("check_in", "overdue", on(90), -5)]
    sent, _ = _remind(app)
    assert sorted(sent) == sorted([ana["account_email"], ben["account_email"]])

    # Ana plans her next contact for day 100: it replaces the check-in, upcoming, then overdue.
    step = client.put(f"{API}/connections/{connection}/next-step", json={"due_on": on(100), "note": "Send the deck"},
                      headers=ana["headers"])
    assert step.status_code == 200 and step.json["due_on"] == on(100)
    assert _due(client, ana) == [("next_step", "upcoming", on(100), 5)]
    clock(100)
    assert _due(client, ana) == [("next_step", "upcoming", on(100), 0)]
    clock(101)
    assert _due(client, ana) == [("next_step", "overdue", on(100), -1)]
    assert client.get(f"{API}/me/followups/due", headers=ana["headers"]).json["items"][0]["next_step_note"] == \
        "Send the deck"
    assert _remind(app)[0] == [ana["account_email"]]  # Ben's day-90 check-in went out already
    assert _remind(app)[0] == []

    # Logging the contact completes the step; the next check-in is 90 days on.
    log_followup(client, ana, connection, happened_at=at(101) - timedelta(hours=2), channel="video")
    assert _due(client, ana) == []
    clock(120)
    assert _due(client, ana) == []
    assert _due(client, ben) == [("check_in", "overdue", on(90), -30)]
    assert _remind(app)[0] == []

    # Five digests in all: both sides on day 4 and on day 95, Ana on day 101.
    assert len(outbox_of(app)) == 5
    digest = next(m for m in outbox_of(app) if m["To"] == ana["account_email"])
    assert "Ben Okafor (Quantix)" not in digest.get_content() and "Ben Okafor (Fjord)" in digest.get_content()


def test_strongest_matches_then_latest_meetings_come_first(client, app, clock):
    event = event_with_owner(client, starts_at=DAY0_START + timedelta(hours=9),
                             ends_at=DAY0_START + timedelta(hours=23, minutes=59))
    ana = person(client, app, event, interests=["Machine learning", "Rust"], goals=["raising_funds"])
    cy = person(client, app, event, interests=["Opera"])
    dee = person(client, app, event, interests=["Sailing"])
    ben = person(client, app, event, interests=["ML", "rust"], goals=["investing"])
    eve = person(client, app, event, interests=["rust"])
    ids = {name: connect_by_intro(client, event, ana, who)
           for name, who in (("cy", cy), ("ben", ben), ("dee", dee), ("eve", eve))}
    items = client.get(f"{API}/me/followups/due", headers=ana["headers"]).json["items"]
    # Ben shares two interests and complements Ana's goal; Eve shares one; Cy and Dee none,
    # and Ana met Dee after Cy.
    assert [i["connection_id"] for i in items] == [ids["ben"], ids["eve"], ids["dee"], ids["cy"]]
    assert items[0]["score"] > items[1]["score"] > 0 == items[2]["score"] == items[3]["score"]
