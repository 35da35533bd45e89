"""Console test helpers: sign in through the form, read the CSRF token off a page."""
from __future__ import annotations

import re

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page_text: str) -> str:
    return _CSRF.search(page_text).group(1)


def console_sign_in(client, email: str, password: str = PASSWORD):
    """Post the sign-in form as a browser would (GET for the token first); returns the answer."""
    token = csrf(client.get("/console/sign-in").text)
    return client.post("/console/sign-in", data={"csrf_token": token, "email": email, "password": password})


def token_of(client, path: str = "/console/") -> str:
    return csrf(client.get(path).text)
