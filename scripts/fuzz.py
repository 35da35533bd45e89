"""`make fuzz`: Schemathesis against a live gunicorn serving the demo event on a throwaway SQLite file,
once with the demo organizer's token and once with an attendee's, each run bounded in time.
Fails when any answer is a 5xx or does not match openapi.yaml (status, content type, headers, body)."""
from __future__ import annotations

import email
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECONDS_PER_CALLER = int(os.environ.get("FUZZ_SECONDS", "60"))
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")
# Signing out or erasing oneself would end the run's own session halfway.
EXCLUDED = r"^/api/v1/(auth/logout|me)$"


def call(base: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(base + path, data, headers, method=method)) as answer:
        return json.loads(answer.read() or b"null")

PYTEST_LIKE_SUMMARY = re.compile(r"^=+ (.+ in [0-9.]+s) =+\s*$")


def attendee_token(base: str, event_id: int, organizer: str, outbox: Path) -> tuple[str, int]:
    """An access token of the event's first attendee, and the id of a second one (someone to act on)."""
    first, second = call(base, "GET", f"/api/v1/events/{event_id}/attendees?limit=2", token=organizer)["items"]
    email_address = first["email"]
    call(base, "POST", "/api/v1/auth/email-code", {"email": email_address})
    newest = max(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    code = re.search(r"\b(\d{6})\b", email.message_from_bytes(newest.read_bytes())["Subject"]).group(1)
    token = call(base, "POST", "/api/v1/auth/email-code/verify", {"email": email_address, "code": code})["access_token"]
    return token, second["id"]


def schemathesis(base: str, token: str, ids: dict[str, int], caller: str, reports: Path) -> int:
    print(f"\n== Schemathesis as the {caller} ({SECONDS_PER_CALLER} s) ==", flush=True)
    env = {**os.environ, **{f"FUZZ_{name.upper()}": str(value) for name, value in ids.items()}}
    run = subprocess.Popen(
        [str(BIN / "st"), "--config-file", str(ROOT / "scripts/fuzz.toml"), "run", f"{base}/api/v1/openapi.json",
         "--url", base, "--header", f"Authorization: Bearer {token}", "--checks", CHECKS,
         "--exclude-path-regex", EXCLUDED, "--max-time", str(SECONDS_PER_CALLER), "--workers", "2",
         "--report", "junit", "--report-junit-path", str(reports / f"fuzz-{caller}.xml")],
        env=env, cwd=reports, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # its cache stays out of the checkout
    for line in run.stdout:
        # Schemathesis ends with a pytest-like "=== 4 warnings in 60s ===", which a reader of CI's closing
        # lines takes for a pytest run with no test in it: say plainly whose summary it is.
        summary = PYTEST_LIKE_SUMMARY.match(line)
        if summary:
            line = f"Schemathesis as the {caller}: {summary.group(1)}\n"
        print(line, end="", flush=True)
    return run.wait()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="rapport-fuzz."))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FLASK_APP": "server", "RAPPORT_DATABASE_URL": f"sqlite:///{work}/fuzz.db",
           "RAPPORT_SECRET_KEY": "fuzz", "RAPPORT_MAIL_BACKEND": "file", "RAPPORT_MAIL_DIR": str(work / "outbox"),
           "RAPPORT_RATELIMIT_ENABLED": "false"}  # thousands of sign-in calls from one address are the point here
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "seed-demo", "--attendees", "60"], env=env, cwd=ROOT, check=True)
    server = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "--error-logfile", str(work / "gunicorn.log"), "server:create_app()"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        organizer = call(base, "POST", "/api/v1/auth/login",
                         {"email": "demo@rapport.example", "password": "rapport-demo-2026"})["access_token"]
        event_id = call(base, "GET", "/api/v1/events", token=organizer)["items"][0]["id"]
        attendee, other_id = attendee_token(base, event_id, organizer, work / "outbox")
        ids = {"event_id": event_id, "attendee_id": other_id}
        failed = [caller for caller, token in (("organizer", organizer), ("attendee", attendee))
                  if schemathesis(base, token, ids, caller, work) != 0]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\nReports and the server log: {work}")
    if failed:
        print(f"Schemathesis found problems as: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
