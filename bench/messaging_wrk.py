"""wrk (`bench/_wrk.py`) as the load client of bench/messaging_http.py: a C client leaves the 2 cores to the server.

The asyncio client (bench/_http.py) spends about as much CPU per request as a hello-world worker does,
on the same 2 cores, so it caps the hello-world yardstick far more than the sends. wrk's Lua scripts
here rotate the senders (each with their conversation) and give every POST its own client_id.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _profile, _wrk  # noqa: E402

_SEND = """
senders = {%(senders)s}
run = tostring(os.time())  -- each run's client_ids are new ones (a repeat would be answered, not sent)
threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
counter = 0
request = function()
  counter = counter + 1
  local s = senders[(counter %% #senders) + 1]
  return wrk.format("POST", "/api/v1/me/conversations/" .. s[2] .. "/messages",
    {["Authorization"] = "Bearer " .. s[1], ["Content-Type"] = "application/json"},
    '{"text":"%(text)s","client_id":"w' .. run .. '-' .. tid .. '-' .. counter .. '"}')
end
"""
_GET = """
request = function()
  return wrk.format("GET", "%(path)s", {%(headers)s})
end
"""


def send_script(pairs: list[tuple[str, str, int]], text: str) -> str:
    """Sends rotating over (sender token, recipient token, conversation id), a new client_id each."""
    return _SEND % {"senders": ",".join(f'{{"{token}",{conversation}}}' for token, _, conversation in pairs),
                    "text": text} + _wrk.DONE


def get_script(path: str, token: str | None = None) -> str:
    return _GET % {"path": path, "headers": f'["Authorization"] = "Bearer {token}"' if token else ""} + _wrk.DONE


def load(port: int, master_pid: int, script: str, *, connections: int, seconds: float) -> dict:
    """rps, p50/p95 (ms), errors (non-2xx and socket) and each worker's CPU seconds during the run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    before = _profile.workers_cpu(master_pid)
    try:
        found = _wrk.run(f"http://127.0.0.1:{port}", Path(file.name), connections=connections, seconds=seconds)
    finally:
        os.unlink(file.name)
    spent = [after - b for b, after in zip(before, _profile.workers_cpu(master_pid))]
    return {**found, "statuses": {"errors": int(found["errors"])}, "worker_cpu": spent}
