"""Local push services, and an app configured to send to them."""
from __future__ import annotations

import pytest
from py_vapid import Vapid

from tests.server.push.receivers import ApnsReceiver, FcmReceiver, WebPushReceiver


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    folder = tmp_path_factory.mktemp("push")
    webpush, fcm, apns = WebPushReceiver(), FcmReceiver(), ApnsReceiver()
    vapid = Vapid()
    vapid.generate_keys()
    vapid.save_key(str(folder / "vapid.pem"))
    yield {"webpush": webpush, "fcm": fcm, "apns": apns, "vapid": str(folder / "vapid.pem"),
           "fcm_credentials": fcm.credentials(str(folder / "fcm.json")), "apns_key": apns.key(str(folder / "apns.p8"))}
    for receiver in (webpush, fcm, apns):
        receiver.close()


@pytest.fixture
def app_overrides(services):
    return {"PUSH_SENDER": "off", "PUSH_ALLOW_LOOPBACK": True, "PUSH_RETRY_BASE": 0.01,
            "PUSH_VAPID_PRIVATE_KEY": services["vapid"], "PUSH_VAPID_SUBJECT": "mailto:ops@rapport.example",
            "PUSH_FCM_CREDENTIALS_FILE": services["fcm_credentials"], "PUSH_FCM_URL": services["fcm"].url,
            "PUSH_APNS_KEY_FILE": services["apns_key"], "PUSH_APNS_KEY_ID": "ABC123DEFG",
            "PUSH_APNS_TEAM_ID": "TEAM123456", "PUSH_APNS_TOPIC": "example.rapport.app",
            "PUSH_APNS_URL": services["apns"].url}


@pytest.fixture
def drain(app):
    def run():
        from server.push.delivery import drain as drain_outbox

        with app.app_context():
            return drain_outbox()
    return run
