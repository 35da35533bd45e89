"""One sender per platform. `send` never raises: it answers an `Outcome` (sent, dead token, or
an error worth retrying). Platforms without credentials use the `log` sender (development)."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from server.push.models import Device

log = logging.getLogger("rapport.push")


@dataclass
class Outcome:
    ok: bool
    dead: bool = False  # the service says the token will never work again: forget the device
    error: str | None = None


class LogSender:
    def send(self, device: Device, payload: dict[str, Any], collapse_key: str) -> Outcome:
        log.info("push to device %s (%s): %s", device.id, device.platform, json.dumps(payload))
        return Outcome(True)


def _topic(collapse_key: str) -> str:
    """Web Push `Topic`: at most 32 characters of the URL-safe base64 alphabet."""
    return base64.urlsafe_b64encode(hashlib.sha256(collapse_key.encode()).digest()[:18]).decode()


class WebPushSender:
    """RFC 8030 with VAPID (RFC 8292); the payload encrypted for the subscription (RFC 8291)."""

    def __init__(self, cfg: dict[str, Any], check) -> None:
        from py_vapid import Vapid

        key = cfg["RAPPORT_PUSH_VAPID_PRIVATE_KEY"]
        self.vapid = Vapid.from_file(key) if key.endswith(".pem") else Vapid.from_string(private_key=key)
        self.subject, self.timeout = cfg["RAPPORT_PUSH_VAPID_SUBJECT"], cfg["RAPPORT_PUSH_TIMEOUT"]
        self.check = check  # the SSRF guard: endpoints come from clients

    def send(self, device: Device, payload: dict[str, Any], collapse_key: str) -> Outcome:
        from pywebpush import WebPushException, webpush

        try:
            self.check(device.token)
            webpush({"endpoint": device.token, "keys": device.keys or {}}, json.dumps(payload),
                    vapid_private_key=self.vapid, vapid_claims={"sub": self.subject}, ttl=86400,
                    timeout=self.timeout, headers={"Topic": _topic(collapse_key), "Urgency": "high"})
            return Outcome(True)
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            return Outcome(False, dead=status in (404, 410), error=f"web push: {status} {exc}"[:300])
        except Exception as exc:  # noqa: BLE001 - network errors, a refused address: retried
            return Outcome(False, error=f"web push: {type(exc).__name__}: {exc}"[:300])


class FcmSender:
    """FCM HTTP v1 with a service account's OAuth token (google-auth refreshes it)."""

    SCOPE = "https://www.googleapis.com/auth/firebase.messaging"

    def __init__(self, cfg: dict[str, Any]) -> None:
        from google.oauth2 import service_account

        with open(cfg["RAPPORT_PUSH_FCM_CREDENTIALS_FILE"], encoding="utf-8") as handle:
            info = json.load(handle)
        self.credentials = service_account.Credentials.from_service_account_info(info, scopes=[self.SCOPE])
        self.url = f"{cfg['RAPPORT_PUSH_FCM_URL'].rstrip('/')}/v1/projects/{info['project_id']}/messages:send"
        self.http = httpx.Client(timeout=cfg["RAPPORT_PUSH_TIMEOUT"])
        self.lock = threading.Lock()

    def _token(self) -> str:
        import google.auth.transport.requests

        with self.lock:
            if not self.credentials.valid:
                self.credentials.refresh(google.auth.transport.requests.Request())
            return self.credentials.token

    def send(self, device: Device, payload: dict[str, Any], collapse_key: str) -> Outcome:
        message = {"message": {
            "token": device.token, "data": {k: json.dumps(v) for k, v in payload.items()},
            "notification": {"title": payload["title"]},
            "android": {"collapse_key": collapse_key[:64]},
            "apns": {"headers": {"apns-collapse-id": collapse_key[:64]}}}}
        try:
            response = self.http.post(self.url, json=message, headers={"Authorization": f"Bearer {self._token()}"})
        except Exception as exc:  # noqa: BLE001
            return Outcome(False, error=f"fcm: {type(exc).__name__}: {exc}"[:300])
        if response.status_code == 200:
            return Outcome(True)
        text = response.text[:200]
        dead = response.status_code == 404 or "UNREGISTERED" in text or (
            response.status_code == 400 and "registration token" in text.lower())
        return Outcome(False, dead=dead, error=f"fcm: {response.status_code} {text}"[:300])


class ApnsSender:
    """APNs over HTTP/2 with token (JWT ES256) authentication."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        from google.auth import crypt

        with open(cfg["RAPPORT_PUSH_APNS_KEY_FILE"], encoding="utf-8") as handle:
            self.signer = crypt.ES256Signer.from_string(handle.read(), cfg["RAPPORT_PUSH_APNS_KEY_ID"])
        self.team, self.topic = cfg["RAPPORT_PUSH_APNS_TEAM_ID"], cfg["RAPPORT_PUSH_APNS_TOPIC"]
        self.base = cfg["RAPPORT_PUSH_APNS_URL"].rstrip("/")
        # h2c with prior knowledge for http:// (local receivers); ALPN h2 for https://.
        self.http = httpx.Client(http2=True, http1=not self.base.startswith("http://"),
                                 timeout=cfg["RAPPORT_PUSH_TIMEOUT"])
        self.lock, self.jwt, self.jwt_at = threading.Lock(), "", 0.0

    def _bearer(self) -> str:
        from google.auth import jwt

        with self.lock:
            if time.time() - self.jwt_at > 50 * 60:  # APNs wants a fresh token at most hourly, not more than every 20 min
                self.jwt_at = time.time()
                self.jwt = jwt.encode(self.signer, {"iss": self.team, "iat": int(self.jwt_at)}).decode()
            return self.jwt

    def send(self, device: Device, payload: dict[str, Any], collapse_key: str) -> Outcome:
        body = {"aps": {"alert": {"title": payload["title"]}, "sound": "default"},
                **{k: v for k, v in payload.items() if k != "title"}}
        headers = {"authorization": f"bearer {self._bearer()}", "apns-topic": self.topic, "apns-push-type": "alert",
                   "apns-priority": "10", "apns-collapse-id": collapse_key[:64]}
        try:
            response = self.http.post(f"{self.base}/3/device/{device.token}", json=body, headers=headers)
        except Exception as exc:  # noqa: BLE001
            return Outcome(False, error=f"apns: {type(exc).__name__}: {exc}"[:300])
        if response.status_code == 200:
            return Outcome(True)
        reason = response.text[:200]
        dead = response.status_code == 410 or any(r in reason for r in ("BadDeviceToken", "Unregistered",
                                                                          "DeviceTokenNotForTopic"))
        return Outcome(False, dead=dead, error=f"apns: {response.status_code} {reason}"[:300])


def senders(cfg: dict[str, Any], check) -> dict[str, Any]:
    """platform -> sender, from the settings: a platform without credentials logs instead.
    `check(url)` raises for a Web Push endpoint the server must not call."""
    logger = LogSender()
    return {
        "webpush": WebPushSender(cfg, check) if cfg["RAPPORT_PUSH_VAPID_PRIVATE_KEY"] else logger,
        "fcm": FcmSender(cfg) if cfg["RAPPORT_PUSH_FCM_CREDENTIALS_FILE"] else logger,
        "apns": ApnsSender(cfg) if cfg["RAPPORT_PUSH_APNS_KEY_FILE"] else logger,
    }
