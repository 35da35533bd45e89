"""A write that loses a race against another request's delete answers 409 and writes nothing, never 500.

The other request is played by a second database connection that removes the row between the moment
this request read it and the moment it writes (Schemathesis found the 500 with two workers: an organizer's
PATCH of an attendee another request had just removed)."""
from __future__ import annotations

import contextlib

from sqlalchemy import delete, event
from sqlalchemy.orm import Session

from server.attendees.models import Attendee
from server.extensions import db
from tests.factories import create_event, join_event, signup_organizer


@contextlib.contextmanager
def removed_before_the_write(app, attendee_id: int):
    """Delete the attendee through another connection, committed, just before this session's next flush."""
    done = []

    def remove(session, flush_context, instances):
        if done:
            return
        done.append(True)
        with app.app_context(), db.engine.connect() as other:
            other.execute(delete(Attendee).where(Attendee.id == attendee_id))
            other.commit()

    event.listen(Session, "before_flush", remove)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", remove)
    assert done, "the request never wrote"


def test_an_edit_of_an_attendee_removed_meanwhile_is_a_409_problem(client, app):
    owner = signup_organizer(client)
    found = create_event(client, owner["headers"])
    person = join_event(client, app, found, display_name="Rui Costa")
    path = f"/api/v1/events/{found['id']}/attendees/{person['id']}"
    with removed_before_the_write(app, person["id"]):
        answer = client.patch(path, json={"display_name": "Rui C."}, headers=owner["headers"])
    assert answer.status_code == 409, answer.json
    assert answer.content_type == "application/problem+json"
    assert "nothing was written" in answer.json["detail"]
    assert client.get(path, headers=owner["headers"]).status_code == 404
