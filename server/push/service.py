"""Devices and push settings of the caller."""
from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app

from server.accounts.models import Account
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.push.models import Device, PushSettings
from server.types import utcnow
from server.webhooks import addresses


def _hash(platform: str, token: str) -> str:
    return hashlib.sha256(f"{platform}\n{token}".encode()).hexdigest()


def _check_endpoint(url: str) -> None:
    production = current_app.config["RAPPORT_ENV"] == "production"
    addresses.check(url, production=production, field="subscription.endpoint",
                    allow_loopback=current_app.config["RAPPORT_PUSH_ALLOW_LOOPBACK"] and not production)


def register(*, account: Account, platform: str, token: str | None = None, subscription: dict[str, Any] | None = None,
             app_version: str = "", locale: str = "") -> tuple[Device, bool]:
    """Add (or refresh) the caller's device; a token last registered by another account moves to the caller."""
    if platform == "webpush":
        if not subscription or token:
            raise ValidationFailed("subscription", "Web Push devices send `subscription` (and no `token`).")
        _check_endpoint(subscription["endpoint"])
        token, keys = subscription["endpoint"], dict(subscription["keys"])
    else:
        if not token or subscription:
            raise ValidationFailed("token", f"{platform} devices send `token` (and no `subscription`).")
        keys = None
    digest = _hash(platform, token)
    device = db.session.execute(db.select(Device).where(Device.token_hash == digest).with_for_update()).scalar()
    created = device is None
    if created:
        device = Device(platform=platform, token=token, token_hash=digest)
        db.session.add(device)
    # The phone changed hands (sign-out, sign-in as someone else): pushes follow the current account.
    device.account_id, device.keys, device.app_version, device.locale = account.id, keys, app_version, locale
    device.updated_at = utcnow()
    db.session.commit()
    return device, created


def devices(*, account: Account) -> list[Device]:
    """The caller's devices, oldest first."""
    return list(db.session.execute(db.select(Device).where(Device.account_id == account.id)
                                   .order_by(Device.id)).scalars())


def unregister(*, account: Account, device_id: int) -> None:
    """Forget one of the caller's devices; another account's (or no) device is 404."""
    device = db.session.get(Device, device_id)
    if device is None or device.account_id != account.id:
        raise NotFound("No such device.", errors={"device_id": ["Unknown device."]})
    db.session.delete(device)
    db.session.commit()


def get_settings(*, account: Account) -> PushSettings:
    """The caller's push settings (defaults when never set)."""
    return db.session.get(PushSettings, account.id) or PushSettings(account_id=account.id, muted_kinds=[],
                                                                    previews=False)


def put_settings(*, account: Account, muted_kinds: list[str], quiet_start: str | None = None,
                 quiet_end: str | None = None, previews: bool = False) -> PushSettings:
    """Replace the caller's push settings."""
    if (quiet_start is None) != (quiet_end is None) or (quiet_start and quiet_start == quiet_end):
        raise ValidationFailed("quiet_end", "Give both quiet_start and quiet_end, and not the same time.")
    row = db.session.get(PushSettings, account.id) or PushSettings(account_id=account.id)
    row.muted_kinds, row.quiet_start, row.quiet_end, row.previews = sorted(set(muted_kinds)), quiet_start, quiet_end, previews
    db.session.add(row)
    db.session.commit()
    return row
