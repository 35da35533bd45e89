"""Requests of the image smoke test, from the host: /healthz, then an organizer signs up, creates an event
and reads it back. Usage: python3 scripts/smoke_requests.py http://127.0.0.1:PORT"""
import json
import sys
import time
import urllib.error
import urllib.request

base = sys.argv[1].rstrip("/")


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


deadline = time.monotonic() + 60
while True:
    try:
        status, health = call("GET", "/healthz")
        break
    except (urllib.error.URLError, ConnectionError):
        if time.monotonic() > deadline:
            sys.exit("smoke: /healthz did not answer within 60 s")
        time.sleep(0.5)
assert status == 200 and health == {"status": "ok"}, health  # liveness only: the process answers
status, ready = call("GET", "/readyz")  # readiness: the database (and Redis when configured) answer
assert status == 200 and ready["status"] == "ready" and ready["database"] == "ok", ready
print("smoke: /healthz", health, "/readyz", ready)

email = f"smoke-{time.time_ns()}@example.org"
status, tokens = call("POST", "/api/v1/auth/signup", {"email": email, "password": "smoke-test-pass", "name": "Smoke"})
assert status == 201, tokens
event = {"name": "Smoke Summit", "starts_at": "2027-03-10T09:00:00Z", "ends_at": "2027-03-11T18:00:00Z",
         "timezone": "Europe/Lisbon"}
status, created = call("POST", "/api/v1/events", event, tokens["access_token"])
assert status == 201, created
status, fetched = call("GET", f"/api/v1/events/{created['id']}", token=tokens["access_token"])
assert status == 200 and fetched["name"] == "Smoke Summit", fetched
print(f"smoke: signed up {email}, created and read event {created['id']}")
