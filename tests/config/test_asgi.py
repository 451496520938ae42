"""The one ASGI application serves Django's pages (WebSocket routes are tested with their apps)."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator

from config.asgi import application


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_asgi_application_serves_pages():
    communicator = HttpCommunicator(application, "GET", "/accounts/login/", headers=[(b"host", b"localhost")])
    response = async_to_sync(communicator.get_response)()
    assert response["status"] == 200
    assert b"<form" in response["body"]
    assert dict(response["headers"])[b"Content-Type"] == b"text/html; charset=utf-8"
