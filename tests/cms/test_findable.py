"""A visitor can find every part of the site: the menu links named parts of the site that are not pages (the
forums, the parties directory) or that other apps own (the library, the register); every page has a meta
description; /robots.txt points at the sitemap."""

import re

from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest

from cms.destinations import destination_choices
from cms.models import MainMenu, MainMenuItem
from tests.factories.cms import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def _description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no meta description"
    return match.group(1)


def test_the_menu_offers_and_links_named_parts_of_the_site(client, home):
    keys = {key for key, _label in destination_choices()}
    assert {"forums", "parties", "library", "commitment_register"} <= keys
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    menu.items = [
        MainMenuItem(title="Forums", link_destination="forums"),
        MainMenuItem(title="Parties", link_destination="parties"),
        MainMenuItem(title="Library", link_destination="library"),  # no library page: left out
    ]
    menu.save()

    nav = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]

    assert '<a href="/forums/">Forums</a>' in nav
    assert '<a href="/parties/">Parties</a>' in nav
    assert "Library" not in nav


def test_a_menu_item_links_exactly_one_thing(home):
    item = MainMenuItem(title="Both", link_destination="forums", link_url="https://example.org/")
    with pytest.raises(ValidationError):
        item.clean()
    with pytest.raises(ValidationError):
        MainMenuItem(title="Nothing").clean()
    MainMenuItem(title="Forums", link_destination="forums").clean()


def test_every_page_has_a_meta_description(client, home, news_index):
    standard = StandardPageFactory(parent=home, title="About", intro="Who we are and what we do.")
    described = StandardPageFactory(parent=home, title="Aims", intro="x", search_description="Our aims.")
    news = NewsPageFactory(parent=news_index, title="News", summary="A pilot with public buyers.")

    assert _description(client.get(standard.url).content.decode()) == "Who we are and what we do."
    assert _description(client.get(described.url).content.decode()) == "Our aims."
    assert _description(client.get(news.url).content.decode()) == "A pilot with public buyers."
    assert "online home of the covenant" in _description(client.get("/parties/").content.decode())
    assert "online home of the covenant" in _description(client.get("/search/").content.decode())


def test_robots_txt_points_at_the_sitemap(client, home):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert client.get("/sitemap.xml").status_code == 200
