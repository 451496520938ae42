import pytest

from tests.cms.utils import parse_xml
from tests.factories.cms import NewsPageFactory, StandardPageFactory, restrict_to_logged_in

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.text for loc in parse_xml(response.content).findall("sm:url/sm:loc", NS)]


@pytest.fixture(autouse=True)
def public_address(settings):
    """Addresses are built on BASE_URL, not on the host the request came in on ("testserver")."""
    settings.BASE_URL = "https://covenant.example.org"


def test_sitemap_lists_live_public_pages_with_absolute_addresses(client, home, news_index):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    news = NewsPageFactory(parent=news_index, title="Tin", slug="tin")
    StandardPageFactory(parent=home, slug="draft", live=False)
    members = StandardPageFactory(parent=home, slug="members")
    StandardPageFactory(parent=members, slug="below-members")
    restrict_to_logged_in(members)

    locations = _locations(client)

    base = "https://covenant.example.org"
    assert sorted(locations) == sorted(
        [f"{base}/", f"{base}{about.url}", f"{base}{news_index.url}", f"{base}{news.url}"]
    )


def test_sitemap_leaves_out_pages_hidden_by_other_apps(client, home):
    from django.db.models import Q

    from wagtail import hooks

    from cms.hooks import HIDDEN_PAGES_HOOK

    hidden = StandardPageFactory(parent=home, slug="private-group")
    with hooks.register_temporarily(HIDDEN_PAGES_HOOK, lambda user: Q(path__startswith=hidden.path)):
        locations = _locations(client)

    assert not any("private-group" in location for location in locations)
    assert "https://covenant.example.org/" in locations


def test_sitemap_cost_does_not_grow_with_pages(client, home, django_assert_num_queries):
    StandardPageFactory(parent=home)
    _locations(client)
    from tests.cms.utils import count_queries

    few = count_queries(client, "/sitemap.xml")
    for _ in range(10):
        StandardPageFactory(parent=home)

    with django_assert_num_queries(few):
        client.get("/sitemap.xml")
