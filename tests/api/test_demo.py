"""The demo points developers at the API: an "Open data" page, linked from the footer, whose links work."""

import io
import re

import pytest

from api import demo as api_demo
from cms import demo as cms_demo
from cms.demo_context import DemoContext
from cms.models import FooterLink, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def seed():
    context = DemoContext(password="demo-password-123", stdout=io.StringIO(), style=None)
    cms_demo.seed(context)
    api_demo.seed(context)
    return context


def test_the_open_data_page_links_the_api_and_sits_in_the_footer(client):
    seed()
    page = StandardPage.objects.get(slug="open-data")
    home = client.get("/")
    assert f'href="{page.url}"' in home.content.decode()
    html = client.get(page.url).content.decode()
    links = set(re.findall(r'href="(/api/v1/[^"]*)"', html))
    assert {"/api/v1/docs/", "/api/v1/schema/", "/api/v1/"} <= links
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_seeding_twice_changes_nothing_and_keeps_the_secretariats_footer():
    seed()
    counts = (StandardPage.objects.count(), FooterLink.objects.count())
    seed()
    assert (StandardPage.objects.count(), FooterLink.objects.count()) == counts
    FooterLink.objects.filter(title="Open data (API)").delete()
    seed()
    assert not FooterLink.objects.filter(title="Open data (API)").exists()
