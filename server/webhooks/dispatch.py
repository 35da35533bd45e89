"""Where webhook sending runs: an RQ job when `RAPPORT_REDIS_URL` is set, else a sender thread per process.

RQ workers must listen to the `rapport-webhooks` queue with the scheduler on (retries are scheduled
jobs): `rq worker rapport-imports rapport-webhooks --with-scheduler`. With
`RAPPORT_WEBHOOK_SENDER=off` nothing sends in the background and `flask webhooks deliver` does it.
The machinery is `server.outbox_sender`'s, shared with push.
"""
from server.outbox_sender import Outbox
from server.webhooks import delivery

OUTBOX = Outbox(name="webhooks", drain=lambda: delivery.drain(), entry="server.worker.drain_webhooks",
                queue="rapport-webhooks", setting="RAPPORT_WEBHOOK_SENDER",
                poll_setting="RAPPORT_WEBHOOK_POLL_SECONDS")
wake, init_app, stop, enqueue = OUTBOX.wake, OUTBOX.init_app, OUTBOX.stop, OUTBOX.enqueue
