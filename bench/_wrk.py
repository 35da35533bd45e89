"""wrk, the load client of the HTTP benches: a C client leaves the 2 cores to the servers it measures.

A bench writes a Lua script whose `request` function it owns and ends it with `DONE`, which prints one
`wrk: key=value ...` line that `run` reads back.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

DONE = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
                 + summary.errors.write + summary.errors.timeout
  io.write(string.format("wrk: requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                         .. "mean_ms=%.2f errors=%d\\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000, errors))
end
"""


def run(base: str, script: Path, *, connections: int, seconds: float) -> dict:
    """wrk (2 threads) against `base` with the Lua `script` (ending in `DONE`): its figures as floats, and
    the `line` it printed."""
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", str(script),
                             base], capture_output=True, text=True, check=True)
    line = result.stdout.strip().splitlines()[-1]
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split()[1:])} | {"line": line}
