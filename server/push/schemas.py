"""`/me/devices` and `/me/push-settings`."""
import marshmallow as ma

from server.fields import UTCDateTime
from server.push.models import PLATFORMS
from server.push.policy import TITLES

HHMM = ma.validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Use HH:MM, 24-hour.")


class SubscriptionKeysSchema(ma.Schema):
    p256dh = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_-]{80,100}={0,2}$",
                                                                         error="Not a base64url P-256 public key."))
    auth = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_-]{16,24}={0,2}$",
                                                                       error="Not a base64url 16-byte secret."))


class SubscriptionSchema(ma.Schema):
    """A browser's PushSubscription.toJSON()."""

    endpoint = ma.fields.URL(required=True, schemes={"https", "http"}, require_tld=False,
                             validate=ma.validate.Length(max=2000))
    keys = ma.fields.Nested(SubscriptionKeysSchema, required=True)
    expirationTime = ma.fields.Raw(allow_none=True, load_only=True)


class DeviceInputSchema(ma.Schema):
    platform = ma.fields.String(required=True, validate=ma.validate.OneOf(PLATFORMS))
    token = ma.fields.String(validate=[ma.validate.Length(min=8, max=4096),
                                       ma.validate.Regexp(r"^[A-Za-z0-9_:.\-]+$", error="Unexpected characters.")],
                             metadata={"description": "FCM registration token or APNs device token (hex)"})
    subscription = ma.fields.Nested(SubscriptionSchema, metadata={"description": "Web Push only"})
    app_version = ma.fields.String(load_default="", validate=ma.validate.Length(max=40))
    locale = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^$|^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$",
                                                                           error="A BCP 47 tag such as pt-PT."))


class DeviceSchema(ma.Schema):
    id = ma.fields.Integer()
    platform = ma.fields.String()
    app_version = ma.fields.String()
    locale = ma.fields.String()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class DeviceListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DeviceSchema))


class PushSettingsSchema(ma.Schema):
    muted_kinds = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(sorted(TITLES))), load_default=list,
                                 validate=ma.validate.Length(max=len(TITLES)))
    quiet_start = ma.fields.String(allow_none=True, load_default=None, validate=HHMM,
                                   metadata={"description": "HH:MM in the event's time zone"})
    quiet_end = ma.fields.String(allow_none=True, load_default=None, validate=HHMM)
    previews = ma.fields.Boolean(load_default=False, metadata={
        "description": "show names and titles in banners (off: only the kind, nothing private)"})
