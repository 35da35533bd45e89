"""A demo event with realistic people, goals and interests, spelled the way people spell them."""
from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone

from flask import current_app

from server.accounts import service as accounts_service
from server.accounts.models import Account
from server.attendees.models import Attendee
from server.events import service as events_service
from server.extensions import db

ORGANIZER_EMAIL = "demo@rapport.example"
ORGANIZER_PASSWORD = "rapport-demo-2026"
EVENT_NAME = "Rapport Demo Summit"

FIRST = ("Ana Bruno Carla David Emma Farid Grace Hugo Ines Jonas Kenji Lena Marta Nikhil Olga Pedro Quinn "
         "Rita Samir Tess Uma Victor Wen Ximena Yusuf Zoë Amara Björn Chloé Diego Elif Femi Giulia Hana "
         "Ivan Júlia Kofi Lucía Mateo Nadia Omar Priya Rafael Sofia Tomás Valentina William Yara").split()
LAST = ("Sousa Fischer Okafor Tanaka Silva Novak Müller Haddad Kowalski Rossi García Dubois Nguyen Ivanova "
        "Patel Johansson Costa Mensah Schmidt O'Brien Moreau Lindqvist Santos Yilmaz Kim Ferreira Brown").split()
COMPANIES = ["Quantix", "Northwind", "Lumen Labs", "Helio", "Bankly", "Verdant", "Nordpay", "Oceanic AI",
             "Fjord Capital", "Atlas Ventures", "Kiwi Health", "Mosaic", "Brightline", "Parcel Robotics",
             "Cobalt Data", "Sunstone Foods", "University of Lisbon", "Seedcamp", "Freelance"]
INDUSTRIES = ["Fintech", "Health", "Climate", "AI", "Logistics", "Education", "Retail", "Public sector",
              "Venture capital", "Food", "Security", "Media"]
# (job title, goals) archetypes: who comes to a founders' event and why.
ARCHETYPES = [
    ("Founder & CEO", ["raising_funds", "hiring"]),
    ("Co-founder", ["finding_cofounder", "raising_funds"]),
    ("Partner", ["investing", "mentoring"]),
    ("Angel investor", ["investing"]),
    ("Engineering Manager", ["hiring", "sharing_expertise"]),
    ("Software Engineer", ["job_seeking", "learning"]),
    ("Data Scientist", ["learning", "meeting_peers"]),
    ("Product Manager", ["seeking_mentor", "meeting_peers"]),
    ("Head of Sales", ["selling", "partnering"]),
    ("Procurement Lead", ["buying"]),
    ("Student", ["job_seeking", "seeking_mentor"]),
    ("Advisor", ["mentoring", "sharing_expertise"]),
]
# Each interest as different people write it.
INTERESTS = [
    ["Machine Learning", "machine-learning", "ML", "machine learning"],
    ["Artificial Intelligence", "AI", "A.I."],
    ["Natural Language Processing", "NLP", "natural-language processing"],
    ["Large Language Models", "LLMs", "LLM"],
    ["Climate tech", "climate-tech", "Climate Technology"],
    ["Payments", "payments", "Payment systems"],
    ["Open source", "open-source", "OSS"],
    ["Product management", "product management", "Product Management"],
    ["UX design", "UX", "user experience"],
    ["DevOps", "devops", "Dev Ops"],
    ["Kubernetes", "k8s", "kubernetes"],
    ["Cybersecurity", "cyber security", "Security"],
    ["Rust", "rust"],
    ["Python", "python"],
    ["JavaScript", "javascript", "JS"],
    ["Java", "java"],
    ["Go", "Golang"],
    ["Data engineering", "data-engineering"],
    ["Data science", "data science"],
    ["Digital health", "healthtech", "Health tech"],
    ["B2B SaaS", "SaaS", "b2b saas"],
    ["Marketplaces", "marketplace"],
    ["Venture capital", "VC"],
    ["Angel investing", "angel investing"],
    ["Quantum computing", "quantum computing"],
    ["Quantum error correction"],
    ["Robotics", "robotics"],
    ["IoT", "Internet of Things"],
    ["Blockchain", "blockchain", "Web3"],
    ["Sustainability", "sustainability", "ESG"],
    ["Remote work", "remote-work"],
    ["Hiring", "recruiting", "Talent acquisition"],
    ["Community building", "community"],
    ["Growth marketing", "growth", "Growth Marketing"],
    ["Fundraising", "fund raising"],
    ["Edtech", "EdTech", "education technology"],
    ["Food tech", "foodtech"],
    ["Supply chain", "supply-chain", "logistics"],
    ["Computer vision", "computer-vision"],
    ["Mentoring", "mentorship"],
]


def _event_window() -> tuple[datetime, datetime]:
    start_day = (datetime.now(timezone.utc) + timedelta(days=30)).date()
    starts = datetime.combine(start_day, time(8, 0), tzinfo=timezone.utc)
    return starts, starts + timedelta(days=1, hours=9)


def people(count: int, rng: random.Random) -> Iterator[dict]:
    """`count` made-up attendees with a realistic spread of goals and interests."""
    # Popular topics come up far more often than niche ones, as at real events.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(INTERESTS))]
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        title, goals = rng.choice(ARCHETYPES)
        picked = set()
        while len(picked) < rng.randint(3, 7):
            picked.add(rng.choices(range(len(INTERESTS)), weights=weights)[0])
        slug = unicodedata.normalize("NFKD", f"{first}.{last}".lower()).encode("ascii", "ignore").decode()
        slug = slug.replace("'", "").replace(" ", "")
        yield {
            "email": f"{slug}.{index}@demo.rapport.example",
            "display_name": f"{first} {last}",
            "company": rng.choice(COMPANIES),
            "job_title": title,
            "industry": rng.choice(INDUSTRIES),
            "bio": f"{title} interested in {rng.choice(INTERESTS[min(picked)])}.",
            "goals": list(goals),
            "interests": [rng.choice(INTERESTS[i]) for i in sorted(picked)],
            "discoverable": rng.random() > 0.05,
            "open_to_matching": rng.random() > 0.05,
            "shared_fields": rng.choice([["email"], ["email", "links"], ["links"]]),
            "links": [f"https://www.linkedin.com/in/{slug}-{index}"],
        }


def seed(*, attendee_count: int = 200) -> list[str]:
    """Create the demo organizer, event and attendees unless they exist; return instructions."""
    organizer = accounts_service.find_account(email=ORGANIZER_EMAIL)
    if organizer is None:
        accounts_service.signup(email=ORGANIZER_EMAIL, password=ORGANIZER_PASSWORD, name="Demo Organizer")
        organizer = accounts_service.find_account(email=ORGANIZER_EMAIL)
    memberships = [m for m in events_service.memberships(account=organizer) if m.event.name == EVENT_NAME]
    if memberships:
        event = memberships[0].event
    else:
        starts, ends = _event_window()
        event = events_service.create_event(
            account=organizer,
            data={"name": EVENT_NAME, "starts_at": starts, "ends_at": ends, "timezone": "Europe/Lisbon",
                  "venue": "Lisbon, Hub Criativo do Beato",
                  "description": "A one-day founders and investors summit, seeded for trying Rapport."},
        )
        rng = random.Random(2026)
        for person in people(attendee_count, rng):
            account = Account(email=person.pop("email"), name=person["display_name"])
            db.session.add(account)
            db.session.flush()
            db.session.add(Attendee(event_id=event.id, account_id=account.id, email=account.email,
                                    status="joined", **person))
        events_service.bump_revision(event_id=event.id)
        db.session.commit()
    count = db.session.execute(
        db.select(db.func.count(Attendee.id)).where(Attendee.event_id == event.id)
    ).scalar_one()
    sample = db.session.execute(
        db.select(Attendee.email).where(Attendee.event_id == event.id).order_by(Attendee.id).limit(1)
    ).scalar_one_or_none()
    outbox = current_app.config["RAPPORT_MAIL_DIR"]
    return [
        f"Demo event: {EVENT_NAME!r} (id {event.id}), join code {event.join_code}, {count} attendees.",
        f"Demo organizer: {ORGANIZER_EMAIL} / password {ORGANIZER_PASSWORD}",
        f"Attendees sign in with an emailed code (e.g. {sample}); mail is written to {outbox}/ as .eml files.",
    ]
