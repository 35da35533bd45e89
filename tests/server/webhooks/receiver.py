"""A real HTTP receiver on loopback for webhook tests: records every request, answers as scripted."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """`script` is a list of (status, delay seconds) answers used in turn; then `default` forever."""

    def __init__(self, script: list[tuple[int, float]] | None = None, default: tuple[int, float] = (200, 0.0),
                 quiet_log: bool = True) -> None:
        self.script, self.default = list(script or []), default
        self.received: list[Received] = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each answer waits ~40 ms for a delayed ACK

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.lock:
                    owner.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                    status, delay = owner.script.pop(0) if owner.script else owner.default
                if delay:
                    time.sleep(delay)
                answer = b'{"ok": true}' if status < 300 else b"receiver says no " * 100
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                if not quiet_log:
                    super().log_message(*args)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/rapport"
        # shutdown() waits for the next poll: the default 0.5 s cost every test that much.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def types(self) -> list[str]:
        return [r.json["type"] for r in self.received]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.received


if __name__ == "__main__":  # a receiver in a process of its own (bench): prints its URL, then on stdin EOF its count
    import sys

    with Receiver() as receiver:
        print(receiver.url, flush=True)
        sys.stdin.read()
        ids = [got.headers["webhook-id"] for got in receiver.received]
        print(len(ids), len(set(ids)), int(ids == sorted(ids, key=lambda i: int(i[4:]))), flush=True)
