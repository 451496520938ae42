"""Real-browser harness: Playwright driving Debian's Chromium against pytest-django's live server.

Browser tests run in their own pytest invocation (`make browser`): Playwright's sync API runs an event loop
in the test thread, so the ORM calls made by the tests need DJANGO_ALLOW_ASYNC_UNSAFE. A missing Chromium is a
failure, never a skip: CI must not pass without having driven a browser.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.factories.users import DEFAULT_PASSWORD

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright_loop():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data; serialized rollback restores the rows migrations made
            # (Wagtail's root page and default site) after each test's flush.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM_PATH.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: install it with `apt-get install -y chromium` "
            "or point CHROMIUM_PATH at it. Browser tests never skip."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Runs in every document before its own scripts (Playwright's init scripts are not subject to the page's CSP):
# every violation of the Content-Security-Policy is handed to the test harness.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
    + (event.sample ? `: ${event.sample}` : "")
  );
});
"""
# Chromium's console reports for a broken policy header and for violations it raises no event for.
POLICY_CONSOLE_MESSAGE = re.compile(r"Content Security Policy|Refused to|Permissions-Policy header")


@pytest.fixture(autouse=True)
def public_address(request, settings):
    """The site's public address (BASE_URL, which every absolute link is built on: cms.links) is the live
    server's, as `make demo` passes the address it serves."""
    if "live_server" in request.fixturenames:
        settings.BASE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def new_page(browser, live_server):
    """Factory for pages in fresh browser contexts (separate cookie jars), all aimed at the live server.

    A test fails when any page it opened reports a Content-Security-Policy violation (or a malformed
    Permissions-Policy header): whatever the policy blocks is broken for real visitors too.
    """
    contexts = []
    violations: list[str] = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        context.expose_function("__reportCspViolation", lambda report: violations.append(report))
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        opened = context.new_page()
        opened.on(
            "console",
            lambda message: (
                violations.append(f"console: {message.text} on {opened.url}")
                if POLICY_CONSOLE_MESSAGE.search(message.text)
                else None
            ),
        )
        return opened

    yield open_page
    for context in contexts:
        for opened in context.pages:
            # A round trip to each page delivers the violation reports still on their way.
            with contextlib.suppress(PlaywrightError):
                opened.evaluate("0")
        context.close()
    if violations:
        pytest.fail("The browser reported policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login():
    """Sign a user in through the real sign-in form."""

    def sign_in(page, user, password: str = DEFAULT_PASSWORD, next_url: str = "/"):
        page.goto(f"/accounts/login/?next={next_url}")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return sign_in


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail on any serious or critical WCAG 2.x A/AA violation axe-core finds on the current page."""

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in blocking
        )
        assert not blocking, f"Accessibility violations on {page.url}:\n{report}"

    return check
