"""A small asyncio HTTP/1.1 load client (no wrk on these machines): keep-alive connections, each
sending requests one after another; latencies measured from just before a request is written."""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, token: str | None = None, body=None,
                      timeout: float = 60) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        data = json.dumps(body).encode() if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(data)}"]
        if token:
            head.append(f"Authorization: Bearer {token}")
        if body is not None:
            head.append("Content-Type: application/json")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
        await self.writer.drain()
        status_line = await asyncio.wait_for(self.reader.readline(), timeout)
        length, closing = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                closing = True
        payload = await self.reader.readexactly(length)
        if closing:
            self.close()
        return int(status_line.split()[1]), payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _worker(host: str, port: int, next_request: Callable, until: float, latencies: list, statuses: dict):
    connection = Connection(host, port)
    while time.monotonic() < until:
        method, path, token, body = next_request()
        started = time.monotonic()
        status, _ = await connection.request(method, path, token=token, body=body)
        latencies.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
    connection.close()


def load(host: str, port: int, next_request: Callable, *, connections: int, seconds: float) -> dict:
    """Requests/s and latency percentiles of `connections` keep-alive clients for `seconds`."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def run():
        until = time.monotonic() + seconds
        await asyncio.gather(*(_worker(host, port, next_request, until, latencies, statuses)
                               for _ in range(connections)))

    started = time.monotonic()
    asyncio.run(run())
    elapsed = time.monotonic() - started
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50_ms": percentile(latencies, 0.5) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000, "statuses": statuses}
