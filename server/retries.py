"""Retry timing shared by the outboxes (webhooks, push): exponential backoff with jitter."""
from __future__ import annotations

import random
from datetime import timedelta


def backoff(attempts: int, *, base: float, cap: float) -> timedelta:
    """`base` * 2^(attempts-1) seconds, at most `cap`, times a random 0.5-1.0 so that retries after one
    outage do not arrive in herds."""
    delay = min(base * 2 ** (attempts - 1), cap)
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))
