"""Where pushes are sent: an RQ job (queue `rapport-push`) when `RAPPORT_REDIS_URL` is set, else a
sender thread per process; `RAPPORT_PUSH_SENDER=off`: only by `flask push deliver`. The machinery
(thread, first-request wake-up, RQ jobs) is `server.outbox_sender`'s, shared with webhooks."""
from server.outbox_sender import Outbox
from server.push import delivery

OUTBOX = Outbox(name="push", drain=lambda: delivery.drain(), entry="server.worker.drain_push",
                queue="rapport-push", setting="RAPPORT_PUSH_SENDER", poll_setting="RAPPORT_PUSH_POLL_SECONDS")
wake, init_app, stop, enqueue = OUTBOX.wake, OUTBOX.init_app, OUTBOX.stop, OUTBOX.enqueue
