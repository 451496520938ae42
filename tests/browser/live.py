"""Helpers of the browser tests of live rooms and live threads, which run against a real ASGI server (uvicorn,
HTTP and WebSockets) started on a copy of the test database: people signed in by cookie, the connection
state, a post's markup as the browser holds it, and the server itself."""

import os
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from playwright.sync_api import expect

from tests.forums.live.test_multiprocess import Server, _database_url, _free_port

#: A connection changes state within a heartbeat; a loaded machine may need longer than expect()'s 5 s.
CONNECTION_TIMEOUT_MS = 15_000
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


class LiveServer:
    """A uvicorn server of the project, started by `start()` once the test has made (and signed in) the people
    it needs: the server reads a copy of the test database taken at that moment."""

    def __init__(self, tmp_path: Path, settings_module: str = "tests.settings", **environment: str):
        self.tmp_path = tmp_path
        port = _free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.server = Server(
            port,
            {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": settings_module,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                **environment,
            },
            tmp_path / "server.log",
        )

    def start(self) -> None:
        self.server.environment["DATABASE_URL"] = _database_url(self.tmp_path)
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


def sign_in(browser, base_url: str, user, **context_options):
    """A browser context in which `user` is signed in (a session made by Django's test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="en-GB", **context_options)
    context.set_default_timeout(15_000)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    return context


def expect_connection(page, state: str = "Live") -> None:
    expect(page.locator("#live-connection")).to_have_text(re.compile(state), timeout=CONNECTION_TIMEOUT_MS)


def markup(locator) -> str:
    """An element's markup as the browser holds it, without the per-response CSRF mask."""
    return CSRF.sub('name="csrfmiddlewaretoken"', locator.evaluate("element => element.outerHTML"))


def watch_policy(page, violations: list) -> None:
    """Collect what Chromium reports against the Content-Security-Policy (nothing may be blocked)."""
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if re.search(r"Content Security Policy|Refused to", message.text)
            else None
        ),
    )
