"""One public address for every absolute link (cms.links), and the demo's Site record on it."""

import pytest

from cms import links
from cms.demo import _public_host


def test_paths_go_on_base_url_and_absolute_addresses_pass_through(settings):
    settings.BASE_URL = "https://covenant.example.org/"
    assert links.base_url() == "https://covenant.example.org"
    assert links.absolute_url("/events/x/") == "https://covenant.example.org/events/x/"
    assert links.absolute_url("events/x/") == "https://covenant.example.org/events/x/"
    assert links.absolute_url("https://other.example.org/a/") == "https://other.example.org/a/"
    assert links.absolute_url("") == "" and links.absolute_url(None) == ""


@pytest.mark.django_db
def test_without_base_url_the_default_site_is_the_address(settings, home):
    settings.BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = ""
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert links.base_url() == site.root_url.rstrip("/")


@pytest.mark.parametrize(
    ("base_url", "host"),
    [
        ("http://127.0.0.1:8005", ("127.0.0.1", 8005)),
        ("https://covenant.example.org", ("covenant.example.org", 443)),
        ("http://demo.example.org", ("demo.example.org", 80)),
    ],
)
def test_the_demo_site_record_takes_the_served_address(settings, base_url, host):
    """`make demo` passes BASE_URL=http://$(HOST):$(PORT); the Site record was `localhost:80` before."""
    settings.BASE_URL = base_url
    assert _public_host() == host
