"""One POST to a checked address, with keep-alive per target and a hard timeout."""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from server.webhooks.addresses import Target


@dataclass
class Answer:
    status: int | None  # None: no HTTP answer (timeout, refused, reset)
    latency_ms: int
    excerpt: str | None
    error: str | None


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Connects to the checked address while verifying the certificate for the URL's host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.address, target.port, timeout=timeout)


class _Watchdog(threading.Thread):
    """Cuts the connection of an attempt that runs past its deadline: the socket timeout bounds each
    read, so a receiver dripping one byte at a time could otherwise hold the sender for ever."""

    def __init__(self) -> None:
        super().__init__(name="webhook-watchdog", daemon=True)
        self.current: tuple[http.client.HTTPConnection, float] | None = None
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            current = self.current
            if current is not None and time.monotonic() > current[1] and current[0].sock is not None:
                try:
                    current[0].sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Client:
    """Reuses one connection per (scheme, host, address, port) for the life of a drain; no attempt
    takes much more than twice `timeout`."""

    def __init__(self, *, timeout: float, excerpt_chars: int) -> None:
        self.timeout, self.excerpt_chars = timeout, excerpt_chars
        self._connections: dict[tuple, http.client.HTTPConnection] = {}
        self._watchdog = _Watchdog()
        self._watchdog.start()

    def _connection(self, target: Target) -> http.client.HTTPConnection:
        key = (target.scheme, target.host, target.address, target.port)
        if key not in self._connections:
            kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
            self._connections[key] = kind(target, self.timeout)
        return self._connections[key]

    def post(self, target: Target, body: bytes, headers: dict[str, str]) -> Answer:
        """Send; any failure becomes an `Answer` with `error`, never an exception."""
        started = time.monotonic()
        conn = self._connection(target)
        default_port = 443 if target.scheme == "https" else 80
        host = target.host if target.port == default_port else f"{target.host}:{target.port}"
        headers = dict(headers, Host=host)
        self._watchdog.current = (conn, started + 2 * self.timeout)
        try:
            conn.request("POST", target.path, body=body, headers=headers)
            response = conn.getresponse()
            # Read a little more than the excerpt only; a huge or endless answer cannot hold the sender.
            raw = response.read(self.excerpt_chars * 4 + 4) if self.excerpt_chars else b""
            if not response.isclosed():
                conn.close()  # unread rest: this connection cannot be reused
            text = raw.decode("utf-8", "replace")[: self.excerpt_chars]
            return Answer(response.status, _ms(started), text, None)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            if time.monotonic() > started + 2 * self.timeout:
                return Answer(None, _ms(started), None, f"timed out: no complete answer in {2 * self.timeout:g} s")
            reason = "timed out" if isinstance(exc, (socket.timeout, TimeoutError)) else type(exc).__name__
            return Answer(None, _ms(started), None, f"{reason}: {exc}"[:300])
        finally:
            self._watchdog.current = None

    def close(self) -> None:
        self._watchdog.stopped.set()
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
