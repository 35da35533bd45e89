"""server.access: the Caller each entry point loads, and who gets which answer (a table per entry point)."""
from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event

from server import access
from server.accounts import service as accounts_service
from server.errors import ApiError
from server.extensions import db
from server.meetings.models import MeetingLocation
from tests.factories import create_event, join_event, sign_in_with_code, signup_organizer

NO_EVENT = (404, "No such event.")
NOT_ORGANIZER = (403, "Only the event's organizers can do this.")
NOT_OWNER = (403, "Only the event's owner can delete it.")
NOT_ATTENDEE = (403, "Join the event as an attendee to do this.")


@pytest.fixture
def people(client, app):
    owner = signup_organizer(client)
    event = create_event(client, owner["headers"])
    other_event = create_event(client, owner["headers"], name="Elsewhere")
    co = signup_organizer(client)
    assert client.post(f"/api/v1/events/{event['id']}/organizers", json={"email": co["email"]},
                       headers=owner["headers"]).status_code == 201
    joined_co = signup_organizer(client)
    assert client.post(f"/api/v1/events/{event['id']}/organizers", json={"email": joined_co["email"]},
                       headers=owner["headers"]).status_code == 201
    assert client.post("/api/v1/events/join", json={"join_code": event["join_code"]},
                       headers=joined_co["headers"]).status_code == 201
    attendee = join_event(client, app, event)
    outsider = sign_in_with_code(client, app)
    emails = {"owner": owner["email"], "co": co["email"], "joined_co": joined_co["email"],
              "attendee": attendee["account_email"], "outsider": outsider["email"]}
    return {"event": event, "other_event": other_event, "emails": emails}


def _account(people, who):
    return accounts_service.find_account(email=people["emails"][who])


def _answer(entry, account, event_id):
    try:
        caller = entry(account=account, event_id=event_id)
    except ApiError as error:
        return error.status, error.detail
    return caller.role, caller.attendee is not None


@pytest.mark.parametrize("who, member, organizer, owner, attendee", [
    ("owner", ("owner", False), ("owner", False), ("owner", False), NOT_ATTENDEE),
    ("co", ("organizer", False), ("organizer", False), NOT_OWNER, NOT_ATTENDEE),
    ("joined_co", ("organizer", True), ("organizer", True), NOT_OWNER, ("organizer", True)),
    ("attendee", ("attendee", True), NOT_ORGANIZER, NOT_ORGANIZER, ("attendee", True)),
    ("outsider", NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT),
])
def test_who_gets_what_from_each_entry_point(app, people, who, member, organizer, owner, attendee):
    with app.app_context():
        account = _account(people, who)
        event_id = people["event"]["id"]
        assert _answer(access.member, account, event_id) == member
        assert _answer(access.organizer, account, event_id) == organizer
        assert _answer(access.owner, account, event_id) == owner
        assert _answer(access.attendee, account, event_id) == attendee
        # An event that does not exist answers like one the caller has no part in.
        for entry in (access.member, access.organizer, access.owner, access.attendee):
            assert _answer(entry, account, 10**9) == NO_EVENT


def test_the_caller_is_loaded_in_one_query_with_event_and_own_profile(app, people):
    with app.app_context():
        account = _account(people, "attendee")
        statements = []

        def count(*_args):
            statements.append(1)

        sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            caller = access.attendee(account=account, event_id=people["event"]["id"])
            assert (caller.event.name, caller.attendee.event.id, caller.attendee.account_id) == (
                people["event"]["name"], caller.event_id, account.id)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) == 1


def test_get_in_event_answers_a_row_of_another_event_like_a_missing_one(app, people):
    with app.app_context():
        elsewhere = MeetingLocation(event_id=people["other_event"]["id"], name="Table 1", capacity=2)
        db.session.add(elsewhere)
        db.session.commit()
        answers = []
        for row_id in (elsewhere.id, 10**9):
            with pytest.raises(ApiError) as raised:
                access.get_in_event(MeetingLocation, row_id, event_id=people["event"]["id"], detail="No such table.",
                                    field="location_id", unknown="Unknown table.")
            answers.append((raised.value.status, raised.value.detail, raised.value.errors))
        assert answers[0] == answers[1] == (404, "No such table.", {"location_id": ["Unknown table."]})
        found = access.get_in_event(MeetingLocation, elsewhere.id, event_id=people["other_event"]["id"],
                                    detail="No such table.")
        assert found.id == elsewhere.id
