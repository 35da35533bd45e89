"""A push belongs to the change that notifies: queued in its transaction, gone if it rolls back."""
from sqlalchemy import func, select

from server.accounts.models import Account
from server.extensions import db
from server.notifications import service
from server.push.models import PushMessage
from tests.factories import signup_organizer

API = "/api/v1"


def _queued(app) -> int:
    with app.app_context(), db.engine.connect() as other:  # another connection sees committed rows only
        return other.execute(select(func.count()).select_from(PushMessage)).scalar_one()


def test_a_push_is_queued_with_the_commit_and_never_after_a_rollback(client, app):
    organizer = signup_organizer(client)
    device = client.post(f"{API}/me/devices", headers=organizer["headers"],
                         json={"platform": "fcm", "token": "fcm-token-for-the-rollback-test"})
    assert device.status_code == 201, device.json
    with app.app_context():
        account_id = db.session.execute(select(Account.id).where(Account.email == organizer["email"])).scalar_one()
        service.notify(account_id=account_id, event_id=None, kind="mutual_match", data={"n": 1})
        db.session.rollback()
        assert _queued(app) == 0
        service.notify(account_id=account_id, event_id=None, kind="mutual_match", data={"n": 2})
        assert _queued(app) == 0  # not before the commit
        db.session.commit()
        assert _queued(app) == 1
