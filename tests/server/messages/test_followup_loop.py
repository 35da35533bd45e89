"""Messages feed the follow-up loop: writing counts as contact, career changes offer a "congratulate"
item once, and the summary and organizer analytics count conversations (never their content)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.factories import create_event
from tests.server.followups.builders import connect_by_intro, event_with_owner, person
from tests.server.messages.builders import API, ok, send

NOW = datetime.now(timezone.utc)


@pytest.fixture
def met(client, app):
    """Ana and Bo met at an event that ended yesterday: a thank-you is due soon."""
    event = event_with_owner(client, starts_at=NOW - timedelta(days=2), ends_at=NOW - timedelta(days=1))
    ana = person(client, app, event, display_name="Ana Sousa", company="Quantix", job_title="Engineer")
    bo = person(client, app, event, display_name="Bo Lindqvist", company="Fjord Capital", job_title="Analyst")
    connection = connect_by_intro(client, event, ana, bo)
    conversation = ok(client.post(f"{API}/me/conversations", headers=ana["headers"],
                                  json={"connection_id": connection}), 201)["id"]
    return {"event": event, "ana": ana, "bo": bo, "connection": connection, "conversation": conversation}


def _due(client, who) -> list[tuple[str, str]]:
    return [(i["kind"], i["attendee"]["display_name"]) for i in ok(client.get(f"{API}/me/followups/due",
                                                                               headers=who["headers"]))["items"]]


def test_a_message_is_contact_the_thank_you_is_no_longer_due(client, met):
    assert _due(client, met["ana"]) == [("thank_you", "Bo Lindqvist")]
    ok(send(client, met["ana"], met["conversation"], "Thanks for the chat!"), 201)
    assert _due(client, met["ana"]) == []  # she wrote: a check-in comes in 90 days, not now
    assert _due(client, met["bo"]) == [("thank_you", "Ana Sousa")]  # receiving is not writing


def test_a_new_job_title_offers_congratulations_once(client, met):
    ok(send(client, met["ana"], met["conversation"], "Thanks!"), 201)
    base = f"{API}/events/{met['event']['id']}"
    ok(client.patch(f"{base}/attendees/me", headers=met["bo"]["headers"], json={"job_title": "Partner"}))
    items = ok(client.get(f"{API}/me/followups/due", headers=met["ana"]["headers"]))["items"]
    assert [(i["kind"], i["reason"]) for i in items] == [
        ("congratulate", "New role: now Partner at Fjord Capital (was Analyst at Fjord Capital). Congratulate them?")]
    assert _due(client, met["bo"]) == [("thank_you", "Ana Sousa")]  # only connections of the changed person
    ok(send(client, met["ana"], met["conversation"], "Congratulations, partner!"), 201)
    assert _due(client, met["ana"]) == []
    ok(client.patch(f"{base}/attendees/me", headers=met["bo"]["headers"], json={"bio": "still a partner"}))
    assert _due(client, met["ana"]) == []  # no change of role: nothing new


def test_a_later_events_profile_with_another_company_counts(client, app, met):
    ok(send(client, met["ana"], met["conversation"], "Thanks!"), 201)
    later = create_event(client, met["event"]["owner"]["headers"], name="Next summit")
    ok(client.post(f"{API}/events/join", headers=met["bo"]["headers"], json={"join_code": later["join_code"]}), 201)
    ok(client.patch(f"{API}/events/{later['id']}/attendees/me", headers=met["bo"]["headers"],
                    json={"company": "Nordic Ventures"}))
    assert _due(client, met["ana"]) == [("congratulate", "Bo Lindqvist")]


def test_summary_and_analytics_count_conversations(client, met):
    ok(send(client, met["ana"], met["conversation"], "Secret plans"), 201)
    ok(send(client, met["bo"], met["conversation"], "Reply"), 201)
    base = f"{API}/events/{met['event']['id']}"
    summary = ok(client.get(f"{base}/attendees/me/summary", headers=met["ana"]["headers"]))
    assert summary["messages"] == {"conversations": 1, "messages": 2}
    analytics = client.get(f"{base}/analytics", headers=met["event"]["owner"]["headers"])
    assert ok(analytics)["messaging"] == {"conversations": 1, "messages": 2}
    assert "Secret plans" not in analytics.get_data(as_text=True)
    csv = client.get(f"{base}/analytics?format=csv", headers=met["event"]["owner"]["headers"]).get_data(as_text=True)
    assert "messaging.conversations,1" in csv


def test_the_reminder_digest_mails_a_congratulate_item_once(client, app, met):
    from server.mail import outbox

    ok(send(client, met["ana"], met["conversation"], "Thanks!"), 201)
    base = f"{API}/events/{met['event']['id']}"
    ok(client.patch(f"{base}/attendees/me", headers=met["bo"]["headers"], json={"job_title": "Partner"}))

    def digests_to_ana():
        result = app.test_cli_runner().invoke(args=["send-followup-reminders"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            return [m for m in outbox() if m["To"] == met["ana"]["account_email"] and "congratulate them" in str(m)]

    assert len(digests_to_ana()) == 1
    assert len(digests_to_ana()) == 1  # not again
