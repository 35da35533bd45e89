"""Devices and push notifications: one policy, an outbox, senders for Web Push, FCM and APNs."""
