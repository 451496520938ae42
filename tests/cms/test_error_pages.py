from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from wagtail.models import Site

import pytest

from cms.models import MainMenu, MainMenuItem, SiteContactSettings
from tests.factories.cms import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chrome(home):
    site = Site.objects.get(is_default_site=True)
    menu = MainMenu.for_site(site)
    menu.items = [MainMenuItem(title="About us", link_page=StandardPageFactory(parent=home, slug="about"))]
    menu.save()
    contact = SiteContactSettings.for_site(site)
    contact.organisation_name = "Metals Covenant Secretariat"
    contact.save()


def _assert_site_chrome(html: str) -> None:
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<a href="/about/">About us</a>' in html
    assert "Metals Covenant Secretariat" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("url", ["/no-such-page/", "/news/no-such-item/", "/news/feed/nope/", "/draft/"])
def test_not_found_page_has_the_site_chrome(client, chrome, home, news_index, url):
    StandardPageFactory(parent=home, slug="draft", live=False)

    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    _assert_site_chrome(html)
    assert "Page not found" in html
    assert 'href="/search/"' in html


@pytest.mark.urls("tests.cms.urls_failing")
def test_server_error_page_has_the_site_chrome(chrome):
    response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    html = response.content.decode()
    _assert_site_chrome(html)
    assert "Something went wrong" in html
    assert "A bug in a view" not in html


@pytest.mark.urls("tests.cms.urls_failing")
def test_server_error_page_renders_while_the_database_is_down(chrome):
    database_down = OperationalError("could not connect to server")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=database_down) as cursor:
        response = Client(raise_request_exception=False).get("/fail/")

    assert cursor.called
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Something went wrong" in html
    assert '<a href="/">' in html
    assert "Roundtable" in html


@pytest.mark.urls("tests.cms.urls_failing")
def test_server_error_page_in_dutch(chrome):
    response = Client(raise_request_exception=False, headers={"accept-language": "nl"}).get("/fail/")

    assert '<html lang="nl">' in response.content.decode()


def test_news_route_errors_are_not_found(client, news_index):
    NewsPageFactory(parent=news_index)

    assert client.get(f"{news_index.url}feed/").status_code == 404


@pytest.mark.urls("tests.cms.urls_failing")
def test_server_error_page_survives_a_broken_template(chrome):
    with mock.patch("cms.views.loader.get_template", side_effect=ValueError("Missing staticfiles manifest")):
        response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    assert "<h1>Server error</h1>" in response.content.decode()
