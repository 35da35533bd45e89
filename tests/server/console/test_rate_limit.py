"""The console's sign-in form is rate limited like the API's sign-in (password guessing)."""
from __future__ import annotations

import pytest

from tests.factories import signup_organizer
from tests.server.console.helpers import console_sign_in


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": True, "AUTH_RATE_LIMIT": "3 per minute"}


def test_password_guessing_is_throttled(client):
    org = signup_organizer(client)
    statuses = [console_sign_in(client, org["email"], "wrong password").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
