"""The production split: pages from the WSGI application, WebSockets from the ASGI one, one session store."""

import io
import sys

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator

from config.asgi import application as asgi_application
from config.wsgi import application as wsgi_application
from tests.factories.users import UserFactory


def wsgi_get(path: str, cookie: str = "") -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = status

    body = b"".join(wsgi_application(environ, start_response))
    return started["status"], body


def asgi_get(path: str, cookie: str = "") -> tuple[int, bytes]:
    headers = [(b"host", b"localhost")] + ([(b"cookie", cookie.encode())] if cookie else [])
    response = async_to_sync(HttpCommunicator(asgi_application, "GET", path, headers=headers).get_response)()
    return response["status"], response["body"]


# Transactional: a real request closes the database connection when it starts and ends (CONN_MAX_AGE=0).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_wsgi_application_serves_pages():
    status, body = wsgi_get(reverse("account_login"))
    assert status == "200 OK"
    assert b"<form" in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_session_started_on_one_entry_point_is_valid_on_the_other():
    client = Client()
    client.force_login(UserFactory())
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    profile = reverse("profile")

    assert wsgi_get(profile, cookie)[0] == "200 OK"
    assert asgi_get(profile, cookie)[0] == 200
    assert wsgi_get(profile)[0].startswith("302")
    assert asgi_get(profile)[0] == 302
