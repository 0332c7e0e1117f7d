"""Helpers of the form tests: logged-in web clients per role, and a form's fields as a browser
would send them."""

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.core.config import Settings
from tests.conftest import PASSWORD
from tests.web.helpers import web_login

WebClient = Callable[[str], TestClient]


@pytest.fixture
def web(settings: Settings) -> Iterator[WebClient]:
    """`web(username)`: a client with that user's web session (one per user)."""
    with ExitStack() as stack:
        clients: dict[str, TestClient] = {}

        def client_of(username: str) -> TestClient:
            if username not in clients:
                other = stack.enter_context(TestClient(create_app(settings)))
                assert web_login(other, username, PASSWORD).status_code == 303
                clients[username] = other
            return clients[username]

        yield client_of


class _FormFields(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker, self.inside, self.textarea = marker, False, None
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and self.marker in found:
            self.inside = True
        elif self.inside and tag == "input" and found.get("name"):
            self.values[str(found["name"])] = found.get("value") or ""
        elif self.inside and tag == "textarea":
            self.textarea = str(found["name"])
            self.values[self.textarea] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            text = self.values[self.textarea]
            # A browser drops the one line end right after <textarea>.
            self.values[self.textarea] = text[1:] if text.startswith("\n") else text
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, marker: str) -> dict[str, str]:
    """Every field (inputs, textareas) of the page's form marked `marker`, with its value."""
    parser = _FormFields(marker)
    parser.feed(html)
    assert parser.values, html[:2000]
    return parser.values
