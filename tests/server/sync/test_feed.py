"""The change feed is written by the change: a sync after it only reads (a few statements, like GET /me),
while a change touching more than RAPPORT_SYNC_EAGER_ACCOUNTS accounts leaves marks the next sync consumes."""
from __future__ import annotations

from sqlalchemy import event as sa_event

from server.extensions import db
from server.sync.models import SyncDirty, SyncItem

API = "/api/v1"


def _statements(app, client, path, headers, **query):
    """How many SQL statements answering this GET runs, and the answer."""
    seen = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        seen.append(1)
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers=headers, query_string=query)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(seen), response


def _intro(client, event, sender, recipient):
    response = client.post(f"{API}/events/{event['id']}/intros", json={"to_attendee_id": recipient["id"]},
                           headers=sender["headers"])
    assert response.status_code == 201, response.json
    return response.json


def test_a_change_between_synced_people_is_in_their_feeds_when_it_commits(client, app, two):
    event, ana, ben = two
    tokens = {p["id"]: client.get(f"{API}/me/sync", headers=p["headers"]).json["next_since"] for p in (ana, ben)}
    intro = _intro(client, event, ben, ana)
    with app.app_context():
        assert db.session.execute(db.select(SyncDirty)).first() is None
        written = set(db.session.execute(db.select(SyncItem.account_id).where(
            SyncItem.kind == "intro", SyncItem.key == intro["id"])).scalars())
    assert written == {ana["account_id"], ben["account_id"]}
    me, _ = _statements(app, client, f"{API}/me", ana["headers"])
    delta, response = _statements(app, client, f"{API}/me/sync", ana["headers"], since=tokens[ana["id"]])
    # GET /me's own (the token, the account) plus the feed's state and its range: nothing recomputed.
    assert delta <= me + 2, (delta, me)
    kinds = sorted(i["type"] for i in response.json["items"])
    assert kinds == ["intro", "notification"] and response.mimetype == "application/json"
    same, again = _statements(app, client, f"{API}/me/sync", ana["headers"], since=response.json["next_since"])
    assert again.json["items"] == [] and again.json["next_since"] == response.json["next_since"]
    assert same <= me + 1, (same, me)


def test_a_change_touching_more_accounts_than_the_setting_leaves_marks(client, app, two):
    event, ana, ben = two
    app.config["RAPPORT_SYNC_EAGER_ACCOUNTS"] = 1
    token = client.get(f"{API}/me/sync", headers=ana["headers"]).json["next_since"]
    client.get(f"{API}/me/sync", headers=ben["headers"])
    intro = _intro(client, event, ben, ana)
    with app.app_context():
        marked = sorted(db.session.execute(db.select(SyncDirty.account_id)).scalars())
        assert len(marked) == 2 and db.session.execute(
            db.select(SyncItem).where(SyncItem.kind == "intro", SyncItem.key == intro["id"])).first() is None
    delta = client.get(f"{API}/me/sync", query_string={"since": token}, headers=ana["headers"]).json
    assert [i["id"] for i in delta["items"] if i["type"] == "intro"] == [intro["id"]]
    with app.app_context():
        assert len(db.session.execute(db.select(SyncDirty.account_id)).scalars().all()) == 1  # Ben's waits for him


def test_a_rolled_back_change_writes_nothing_to_the_feed(client, app, two):
    from server.notifications import service as notifications

    event, ana, ben = two
    client.get(f"{API}/me/sync", headers=ana["headers"])
    with app.app_context():
        before = db.session.execute(db.select(db.func.count()).select_from(SyncItem)).scalar()
        notifications.notify(account_id=ana["account_id"], event_id=event["id"], kind="mutual_match", data={})
        db.session.flush()
        db.session.rollback()
        assert db.session.execute(db.select(db.func.count()).select_from(SyncItem)).scalar() == before


def test_a_savepoint_release_leaves_the_feed_to_the_real_commit(client, app, two):
    # Writing feeds at a savepoint's release would lock sync_states before the service's own row locks
    # (e.g. the event's revision bump after a nested connection insert): two writers then deadlock.
    from server.notifications import service as notifications

    event, ana, ben = two
    client.get(f"{API}/me/sync", headers=ana["headers"])
    with app.app_context():
        with db.session.begin_nested():
            notifications.notify(account_id=ana["account_id"], event_id=event["id"], kind="mutual_match", data={})
        stamped = db.select(SyncItem).where(SyncItem.kind == "notification", SyncItem.account_id == ana["account_id"])
        assert db.session.execute(stamped).first() is None
        db.session.commit()
        assert db.session.execute(stamped).first() is not None
