"""A push tells a device about a notification it can read: only after the change is committed."""
from sqlalchemy import func, select

from server.accounts.models import Account
from server.extensions import db
from server.notifications import service
from server.notifications.models import Notification
from tests.factories import signup_organizer


def test_a_push_goes_out_after_the_commit_and_never_after_a_rollback(client, app):
    email = signup_organizer(client)["email"]
    sent = []

    class Recorder:
        def send(self, *, account_id, kind, data):
            with db.engine.connect() as other:  # another connection sees committed rows only
                stored = other.execute(select(func.count()).select_from(Notification)).scalar_one()
            sent.append((kind, data["n"], stored))

    app.extensions["rapport.push"] = Recorder()
    with app.app_context():
        account_id = db.session.execute(select(Account.id).where(Account.email == email)).scalar_one()
        service.notify(account_id=account_id, event_id=None, kind="mutual_match", data={"n": 1})
        assert sent == []
        db.session.commit()
        assert sent == [("mutual_match", 1, 1)]
        service.notify(account_id=account_id, event_id=None, kind="mutual_match", data={"n": 2})
        db.session.rollback()
        db.session.commit()
        assert sent == [("mutual_match", 1, 1)]
