"""The one ASGI application serves Django's pages (WebSocket routes are tested with their apps)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator

from config.asgi import application

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_asgi_application_serves_pages():
    communicator = HttpCommunicator(application, "GET", "/accounts/login/", headers=[(b"host", b"localhost")])
    response = async_to_sync(communicator.get_response)()
    assert response["status"] == 200
    assert b"<form" in response["body"]
    assert dict(response["headers"])[b"Content-Type"] == b"text/html; charset=utf-8"


def test_a_worker_has_its_urls_ready_before_its_first_request_or_message():
    """A worker that serves only sockets must not import and index the URLconf on its first chat message
    (half a second on the database thread every connection shares): importing the application does it, and
    then takes what it loaded out of the garbage collector's scans."""
    probe = (
        "import gc, sys\n"
        "import config.asgi\n"
        "from django.urls import get_resolver\n"
        "print('config.urls' in sys.modules, get_resolver()._populated, gc.get_freeze_count() > 10_000)\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    found = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["True", "True", "True"], found.stderr
