"""A generated company for internal-event tests and benches: departments, teams, offices, interests.

``company(2000)`` gives 2,000 people in 20 departments (100 each), 200 teams (10 per department,
10 people each) and 5 offices. Interests follow the organization, as they do at work: each person
has 3 of their department's 6 topics and 2 of 40 hobbies, so an `open` matcher mostly suggests
one's own department. Department and office names come in several spellings ("Engineering",
"Eng", "engineering dept") that matching must read as one. Deterministic for a given seed.
"""

import random

__all__ = ["DEPARTMENTS", "OFFICES", "company", "profiles"]

DEPARTMENTS = [
    ("Engineering", ["Eng", "engineering dept", "Engineering Department"]),
    ("Finance", ["Fin", "Finance team"]), ("Product", ["Product dept"]), ("Sales", ["Sales team"]),
    ("Marketing", ["Mktg"]), ("Legal", ["Legal department"]), ("Human Resources", ["HR"]),
    ("Operations", ["Ops"]), ("Customer Success", []), ("Data Science", []), ("Security", []),
    ("Design", []), ("Procurement", []), ("Facilities", []), ("Research", []), ("Support", []),
    ("Communications", []), ("Strategy", []), ("Quality Assurance", []), ("Partnerships", []),
]
OFFICES = [("Lisbon", ["Lisboa", "Lisbon office"]), ("Berlin", ["Berlin office"]),
           ("New York", ["NYC"]), ("Singapore", []), ("Nairobi", [])]
# One distinct word per department; its six topics are that word with a suffix.
_DOMAIN = """kubernetes ledger roadmap pipeline branding contract payroll logistics onboarding
forecasting encryption typography sourcing workplace experimentation ticketing storytelling
positioning testing alliances""".split()
_SUFFIX = ["tooling", "strategy", "research", "automation", "metrics", "community"]
_HOBBIES = """running cooking photography chess climbing cycling gardening jazz poetry sailing
yoga baking birdwatching calligraphy knitting pottery skiing surfing tennis volunteering
astronomy beekeeping board games bouldering camping ceramics dancing fishing football
hiking journaling origami painting podcasts rowing salsa sketching swimming theatre woodworking""".split()
_GOALS = ["mentoring", "seeking_mentor", "hiring", "job_seeking", "learning", "sharing_expertise"]


def _spelling(name, variants, rng):
    return rng.choice(variants) if variants and rng.random() < 0.3 else name


def company(n=2000, *, departments=20, teams=200, offices=5, seed=0):
    """``n`` people as dicts (display_name, email, department, team, office, interests, goals).

    Person i is in department ``i % departments`` and team ``i % teams`` (teams nest in
    departments when ``teams`` is a multiple of ``departments``), office ``(i // 7) % offices``.
    """
    rng = random.Random(seed)
    people = []
    for i in range(n):
        d, t = i % departments, i % teams
        name, variants = DEPARTMENTS[d % len(DEPARTMENTS)]
        office, office_variants = OFFICES[(i // 7) % offices % len(OFFICES)]
        topics = [f"{_DOMAIN[d % len(_DOMAIN)]} {s}" for s in _SUFFIX]
        people.append({
            "display_name": f"Person {i:04d}",
            "email": f"person{i:04d}@company.example",
            "department": _spelling(name, variants, rng),
            "team": f"Team {t // departments + 1}",
            "office": _spelling(office, office_variants, rng),
            "interests": rng.sample(topics, 3) + rng.sample(_HOBBIES, 2),
            "goals": rng.sample(_GOALS, 1),
        })
    return people


def profiles(people):
    """The people as :class:`matching.Profile` (ids 1..n), all of one company."""
    from matching import Profile  # only callers that match need the library

    return [Profile(i + 1, p["interests"], p["goals"], "Company", None, p["department"], p["team"],
                    p["office"]) for i, p in enumerate(people)]
