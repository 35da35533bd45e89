"""HTTP through the balancer or to one instance, on a fresh connection each time."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message


def send(base: str, method: str, path: str, *, token: str | None = None, body=None, data: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, Message, object]:
    """(status, response headers, parsed JSON body or None)."""
    sent = {"Connection": "close", **(headers or {})}
    if body is not None:
        sent["Content-Type"], data = "application/json", json.dumps(body).encode()
    if token:
        sent["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, method=method, headers=sent, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, _json(error.read())


def _json(raw: bytes):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None  # HAProxy's own 502/503 pages are HTML


def at_once(calls: list[dict]) -> list[tuple[int, Message, object]]:
    """Each call (keyword arguments of `send`) in its own thread, released together."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return send(**call)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def token(person: dict) -> str:
    return person["headers"]["Authorization"].split()[1]
