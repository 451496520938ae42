"""The per-address limits (ours and allauth's sign-in limits) count an address the client cannot choose.

X-Forwarded-For is read only when TRUSTED_PROXY_COUNT proxies are configured and the connection comes from
one of TRUSTED_PROXY_IPS; then only the entry the outermost trusted proxy appended. The demo's uvicorn runs
with --no-proxy-headers, so it does not rewrite the client address from the header either.
"""

import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.urls import reverse

import pytest

from cms.ratelimits import client_ip
from working_groups.adapter import AccountAdapter

REPO = Path(__file__).resolve().parents[2]
FORGED = ["198.51.100.1", "198.51.100.2", "198.51.100.3, 198.51.100.4", "not-an-address", ""]


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().post("/", REMOTE_ADDR=remote, **extra)
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize("forwarded", FORGED)
def test_without_a_trusted_proxy_the_header_is_never_read(forwarded):
    request = _request("203.0.113.7", forwarded)
    assert client_ip(request) == "203.0.113.7"
    assert AccountAdapter().get_client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", FORGED)
def test_a_direct_connection_past_the_proxy_cannot_choose_its_address(forwarded):
    """TRUSTED_PROXY_COUNT is set, but the request did not come from the proxy: the header is ignored."""
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ROUNDTABLE_TRUSTED_PROXY_IPS=["10.0.0.2"]):
        request = _request("203.0.113.7", forwarded)
        assert client_ip(request) == "203.0.113.7"
        assert AccountAdapter().get_client_ip(request) == "203.0.113.7"


def test_behind_the_proxy_only_what_the_proxy_appended_counts():
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ROUNDTABLE_TRUSTED_PROXY_IPS=["10.0.0.0/24"]):
        # nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for (appends the peer it saw).
        assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
        for forged in ("198.51.100.1", "198.51.100.1, 198.51.100.2"):
            request = _request("10.0.0.2", f"{forged}, 203.0.113.7")
            assert client_ip(request) == "203.0.113.7"
            assert AccountAdapter().get_client_ip(request) == "203.0.113.7"
        # A missing, short or malformed header falls back to the proxy's address: never a server error.
        for broken in (None, "", "garbage", " , "):
            assert client_ip(_request("10.0.0.2", broken)) == "10.0.0.2"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2, ROUNDTABLE_TRUSTED_PROXY_IPS=["10.0.0.0/24"]):
        assert client_ip(_request("10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"
        assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "10.0.0.2"


def test_sign_in_attempts_with_a_fresh_forged_address_each_time_are_still_limited(client, db):
    """The attack: rotate X-Forwarded-For on every failed sign-in to escape the per-address limit."""
    with override_settings(
        ACCOUNT_RATE_LIMITS={"login": "3/m/ip"},
        ALLAUTH_TRUSTED_PROXY_COUNT=1,
        ROUNDTABLE_TRUSTED_PROXY_IPS=["10.0.0.0/24"],
    ):
        statuses = []
        for attempt in range(5):
            response = client.post(
                reverse("account_login"),
                {"login": f"someone{attempt}@example.org", "password": "wrong-password"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}",
            )
            statuses.append(response.status_code)
    assert statuses[:3] == [200, 200, 200]
    assert 429 in statuses[3:], statuses


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_server_does_not_take_the_client_address_from_the_header():
    """`make serve` starts uvicorn with the Makefile's flags: a local client sending X-Forwarded-For is still
    seen as itself (uvicorn trusts the header from 127.0.0.1 by default, unless --no-proxy-headers)."""
    recipe = re.search(r"^serve:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None
    command = recipe.group(1).replace("\\\n", " ")
    flags = shlex.split(command.split("config.asgi:application", 1)[1])
    flags = [flag for flag in flags if "$(" not in flag]
    assert "--no-proxy-headers" in flags
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "tests.security.asgi_echo:application", "--host", "127.0.0.1"]
        + [flag for flag in flags if flag not in ("--host", "--port")]
        + ["--port", str(port), "--log-level", "warning"],
        cwd=REPO,
    )
    try:
        body = None
        for _attempt in range(100):
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": "198.51.100.1"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert body == "127.0.0.1"
    finally:
        server.terminate()
        server.wait(timeout=10)
