"""Import 100,000 generated attendees end to end over HTTP (Flask test client, in process) and time it.

    .venv/bin/python bench/import_attendees.py                                  # SQLite file in a temp dir
    scripts/with-postgres.sh .venv/bin/python bench/import_attendees.py         # throwaway PostgreSQL

The run: POST the CSV to /api/v1/events/{id}/imports (202, runs in a background thread), poll
GET .../imports/{id} until it succeeds, then upload the same file again (all rows `unchanged`).
Prints wall time per phase and the process's peak RSS (which includes the generated file).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._world import fresh_event  # noqa: E402

INTERESTS = ["Machine learning", "ML", "Payments", "Rust", "Climate tech", "Kubernetes", "Design systems",
             "Fintech", "Open source", "Product management", "Growth", "B2B SaaS", "Robotics", "Biotech",
             "Web3", "Data engineering", "Cybersecurity", "Edtech", "Healthtech", "Marketplaces"]
GOALS = ["Hiring", "raising_funds", "Investing", "mentoring", "Seeking a mentor", "selling", "buying", "partnering"]
COMPANIES = ["Quantix", "Northwind", "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"]


def generate(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Ticket ID", "First Name", "Last Name", "E-mail Address", "Company / Organisation",
                     "Job title", "Industry", "Phone", "LinkedIn", "Interests (separate with ;)", "Goals"])
    for i in range(rows):
        writer.writerow([
            f"T{i:07d}", f"First{i}", f"Last{i % 977}", f"person{i}@bench.example",
            rng.choice(COMPANIES), rng.choice(["CTO", "CEO", "Engineer", "Designer", "Investor"]),
            rng.choice(["Fintech", "Health", "Energy", "Retail"]), f"+351 9{i:08d}",
            f"https://linkedin.com/in/person{i}", "; ".join(rng.sample(INTERESTS, 3)),
            "; ".join(rng.sample(GOALS, 2)),
        ])
    return out.getvalue().encode()


def run(rows: int) -> None:
    from server.extensions import db

    app, client, owner, event = fresh_event()
    data = generate(rows)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, rows: {rows}, "
          f"file: {len(data) / 1e6:.1f} MB")
    for attempt in ("first upload (creates)", "same file again (unchanged)"):
        started = time.perf_counter()
        response = client.post(f"/api/v1/events/{event['id']}/imports", headers=owner["headers"],
                               data={"file": (io.BytesIO(data), "bench.csv")}, content_type="multipart/form-data")
        assert response.status_code == 202, response.json
        accepted = time.perf_counter() - started
        location = response.headers["Location"]
        while True:
            body = client.get(location, headers=owner["headers"]).json
            if body["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        assert body["status"] == "succeeded", body
        print(f"{attempt}: {elapsed:.1f} s end to end (202 after {accepted:.1f} s), counts {body['counts']}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    run(parser.parse_args().rows)
