import random

import pytest

from matching import Profile

TOPICS = ["machine learning", "quantum computing", "climate tech", "fintech", "robotics",
          "product management", "design thinking", "rust", "go", "biotech", "edtech", "web3",
          "public speaking", "networking", "kubernetes", "data science"]
GOALS = ["raising_funds", "investing", "seeking_mentor", "mentoring", "hiring", "job_seeking",
         "selling", "buying", "finding_cofounder", "partnering", "learning", "sharing_expertise",
         "meeting_peers"]


def make_profiles(n, *, seed=0, orgs=6, industries=4):
    """Small random event: plain builder used by tests (and hypothesis via seeds)."""
    rng = random.Random(seed)
    return [
        Profile(
            i, rng.sample(TOPICS, rng.randint(0, 4)), rng.sample(GOALS, rng.randint(0, 2)),
            organization=f"org{rng.randrange(orgs)}", industry=f"ind{rng.randrange(industries)}",
        )
        for i in range(n)
    ]


@pytest.fixture
def event():
    return make_profiles(60, seed=7)
