"""Local stand-ins for the push services, on 127.0.0.1, over real HTTP.

- `WebPushReceiver`: a push service endpoint per subscription; decrypts each payload (RFC 8291,
  aes128gcm) with the subscription's private key, as the browser would, and checks the VAPID header.
- `FcmReceiver`: the OAuth token endpoint of a service account and FCM HTTP v1 `messages:send`.
- `ApnsReceiver`: APNs over HTTP/2 cleartext (prior knowledge), `POST /3/device/<token>`.
Tokens or subscriptions whose name starts with `dead` answer as unregistered; `flaky` fails once.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import h2.config
import h2.connection
import h2.events
import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class _Http:
    def __init__(self, handle):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = handle(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # many senders connect at once

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.received: list[dict] = []
        self.failed_once: set[str] = set()
        self.lock = threading.Lock()
        # shutdown() waits for the next poll: the default 0.5 s cost every test that much.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.server.shutdown()


class WebPushReceiver(_Http):
    def __init__(self):
        super().__init__(self._handle)
        self.keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = {}

    def subscription(self, name: str) -> dict:
        """A browser's subscription: an endpoint here and fresh keys."""
        private = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        self.keys[name] = (private, auth)
        public = private.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": f"{self.url}/push/{name}", "keys": {"p256dh": b64(public), "auth": b64(auth)}}

    def _handle(self, path, headers, body):
        name = path.rsplit("/", 1)[-1]
        if name.startswith("dead"):
            return 410, {"error": "gone"}
        with self.lock:
            if name.startswith("flaky") and name not in self.failed_once:
                self.failed_once.add(name)
                return 503, {"error": "try later"}
        private, auth = self.keys[name]
        payload = json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm"))
        with self.lock:
            self.received.append({"name": name, "payload": payload, "topic": headers.get("topic"),
                                  "vapid": headers.get("authorization", "").startswith("vapid t=")})
        return 201, {}


class FcmReceiver(_Http):
    """Run alone (`python -m tests.server.push.receivers <folder>`) it prints its URL and credentials file."""

    def __init__(self):
        super().__init__(self._handle)

    def credentials(self, path: str) -> str:
        """A service-account file whose token endpoint is this receiver."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"type": "service_account", "project_id": "rapport-test", "private_key_id": "k1",
                       "private_key": pem, "client_email": "push@rapport-test.iam.gserviceaccount.com",
                       "client_id": "1", "token_uri": f"{self.url}/token"}, handle)
        return path

    def _handle(self, path, headers, body):
        if path == "/count":  # benches run the receiver in a process of its own and ask it
            return 200, {"received": len(self.received)}
        if path == "/token":
            return 200, {"access_token": "fcm-access", "expires_in": 3600, "token_type": "Bearer"}
        assert path == "/v1/projects/rapport-test/messages:send", path
        assert headers.get("authorization") == "Bearer fcm-access"
        message = json.loads(body)["message"]
        if message["token"].startswith("dead"):
            return 404, {"error": {"status": "NOT_FOUND", "details": [{"errorCode": "UNREGISTERED"}]}}
        with self.lock:
            self.received.append(message)
        return 200, {"name": "projects/rapport-test/messages/1"}


class ApnsReceiver:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.received: list[dict] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @staticmethod
    def key(path: str) -> str:
        private = ec.generate_private_key(ec.SECP256R1())
        with open(path, "wb") as handle:
            handle.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        return path

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, sock):
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        streams: dict[int, dict] = {}
        while True:
            data = sock.recv(65535)
            if not data:
                return
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.RequestReceived):
                    streams[event.stream_id] = {"headers": dict(event.headers), "body": b""}
                elif isinstance(event, h2.events.DataReceived):
                    streams[event.stream_id]["body"] += event.data
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    self._answer(conn, event.stream_id, streams.pop(event.stream_id))
            sock.sendall(conn.data_to_send())

    def _answer(self, conn, stream_id, request):
        token = request["headers"][":path"].rsplit("/", 1)[-1]
        if token.startswith("dead"):
            body = json.dumps({"reason": "Unregistered", "timestamp": 0}).encode()
            conn.send_headers(stream_id, [(":status", "410"), ("content-length", str(len(body)))])
            conn.send_data(stream_id, body, end_stream=True)
            return
        with self.lock:
            self.received.append({"token": token, "headers": request["headers"], "body": json.loads(request["body"])})
        conn.send_headers(stream_id, [(":status", "200"), ("apns-id", "0")], end_stream=True)

    def close(self):
        self.sock.close()


if __name__ == "__main__":
    import sys
    import time

    receiver = FcmReceiver()
    print(receiver.url, receiver.credentials(f"{sys.argv[1]}/fcm.json"), flush=True)
    while True:
        time.sleep(3600)
