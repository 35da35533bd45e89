"""`/me/devices` (push targets) and `/me/push-settings`."""
from flask.views import MethodView
from flask_smorest import Blueprint

from server.auth import current_account
from server.push import schemas, service

blp = Blueprint("push", __name__, url_prefix="/api/v1", description="Devices and push notifications")


@blp.route("/me/devices")
class Devices(MethodView):
    @blp.response(200, schemas.DeviceListSchema)
    def get(self):
        """Your registered devices"""
        return {"items": service.devices(account=current_account())}

    @blp.arguments(schemas.DeviceInputSchema)
    @blp.response(201, schemas.DeviceSchema)
    @blp.alt_response(200, schema=schemas.DeviceSchema, description="The device was already registered (refreshed)")
    def post(self, body):
        """Register this device for pushes (FCM or APNs token, or a Web Push subscription)"""
        device, created = service.register(account=current_account(), **body)
        return device, 201 if created else 200


@blp.route("/me/devices/<int:device_id>")
class OneDevice(MethodView):
    @blp.response(204)
    def delete(self, device_id):
        """Stop pushes to this device (on sign-out)"""
        service.unregister(account=current_account(), device_id=device_id)


@blp.route("/me/push-settings")
class Settings(MethodView):
    @blp.response(200, schemas.PushSettingsSchema)
    def get(self):
        """Which kinds are pushed, quiet hours, previews"""
        return service.get_settings(account=current_account())

    @blp.arguments(schemas.PushSettingsSchema)
    @blp.response(200, schemas.PushSettingsSchema)
    def put(self, body):
        """Replace your push settings"""
        return service.put_settings(account=current_account(), **body)
