#!/usr/bin/env python3
"""A webhook receiver for trying Rapport's webhooks locally: prints each delivery, verified.

    WEBHOOK_SECRET=whsec_... scripts/webhook-receiver.py [PORT]      (default 8765)

Answers 200 to deliveries whose Standard Webhooks signature verifies with WEBHOOK_SECRET (checked
with the `standardwebhooks` package when it is installed, e.g. in .venv after `make install`) and
400 to others; without WEBHOOK_SECRET it prints and accepts everything. Serve Rapport with
RAPPORT_WEBHOOK_ALLOW_LOOPBACK=true so that it may call 127.0.0.1 (development only).
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("WEBHOOK_SECRET", "")


def verified(body: bytes, headers: dict) -> bool:
    if not SECRET:
        return True
    from standardwebhooks import Webhook

    try:
        Webhook(SECRET).verify(body, headers)
        return True
    except Exception:  # any verification failure: wrong secret, stale timestamp, tampered body
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k.lower(): v for k, v in self.headers.items()}
        ok = verified(body, headers)
        print(f"{headers.get('webhook-id')} signature {'ok' if ok else 'BAD'}: "
              f"{json.dumps(json.loads(body), ensure_ascii=False)}", flush=True)
        answer = b"thanks" if ok else b"bad signature"
        self.send_response(200 if ok else 400)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    print(f"listening on http://127.0.0.1:{port}/", flush=True)
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()
