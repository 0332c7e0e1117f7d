"""Helpers of the web app's tests: the CSRF token of a page, a login through the form."""

import re
from typing import Any

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = CSRF.search(html)
    assert found, html[:2000]
    return found.group(1)


def web_login(client: Any, username: str, password: str) -> Any:
    """Log in through the form (with its pre-session token); the answer to the POST."""
    form = client.get("/app/login")
    assert form.status_code == 200
    return client.post(
        "/app/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
