from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from cms.models import FooterLink, MainMenu, MainMenuItem, SiteContactSettings, SocialLink
from tests.factories.cms import StandardPageFactory

pytestmark = pytest.mark.django_db

CHROME_TABLES = (
    "cms_mainmenu",
    "cms_mainmenuitem",
    "cms_sitecontactsettings",
    "cms_footerlink",
    "cms_sociallink",
)


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="About", slug="about")


@pytest.fixture
def chrome(home, about):
    site = Site.objects.get(is_default_site=True)
    privacy = StandardPageFactory(parent=home, title="Privacy statement", slug="privacy")
    menu = MainMenu.for_site(site)
    menu.items = [
        MainMenuItem(title="About us", link_page=about),
        MainMenuItem(title="OECD guidance", link_url="https://www.oecd.org/"),
    ]
    menu.save()
    contact = SiteContactSettings.for_site(site)
    contact.organisation_name = "Metals Covenant Secretariat"
    contact.email = "secretariat@example.org"
    contact.phone = "+31 70 000 0000"
    contact.address = "Lange Voorhout 1\n2514 EA The Hague"
    contact.footer_links = [FooterLink(title="Privacy", link_page=privacy)]
    contact.social_links = [SocialLink(network="Mastodon", url="https://social.example.org/@covenant")]
    contact.save()
    return menu, contact


def _queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_header_and_footer_show_menu_and_settings(client, chrome, about):
    html = client.get("/").content.decode()

    assert '<a href="/about/">About us</a>' in html
    assert '<a href="https://www.oecd.org/">OECD guidance</a>' in html
    assert '<h2 id="footer-contact">Metals Covenant Secretariat</h2>' in html
    assert "Lange Voorhout 1<br>2514 EA The Hague" in html
    assert 'href="mailto:secretariat@example.org"' in html
    assert '<a href="/privacy/">Privacy</a>' in html


def test_current_section_is_marked_in_the_menu(client, chrome, about):
    child = StandardPageFactory(parent=about, slug="gender-lens")

    assert '<a href="/about/" aria-current="page">About us</a>' in client.get(about.url).content.decode()
    assert '<a href="/about/" aria-current="page">About us</a>' in client.get(child.url).content.decode()
    assert 'aria-current="page">About us' not in client.get("/").content.decode()


def test_chrome_costs_no_query_once_cached(client, chrome, about):
    _queries_of(client, "/search/")

    warm = _queries_of(client, "/search/")

    assert not [sql for sql in warm if any(table in sql for table in CHROME_TABLES)]
    menu, _ = chrome
    menu.items.add(*[MainMenuItem(title=f"Extra {n}", link_page=about) for n in range(5)])
    menu.save()
    _queries_of(client, "/search/")
    assert len(_queries_of(client, "/search/")) == len(warm)


def test_second_request_needs_only_the_site_lookup(client, chrome, django_assert_num_queries):
    client.get("/search/")

    # Only Wagtail's lookup of the site for the request remains; menu and footer come from the cache.
    with django_assert_num_queries(1):
        client.get("/search/")


def test_saving_the_menu_shows_at_once(client, chrome, home):
    client.get("/")
    menu, _ = chrome
    menu.items.add(MainMenuItem(title="Working groups", link_url="https://example.org/groups/"))
    menu.save()

    assert "Working groups" in client.get("/").content.decode()


def test_saving_the_settings_shows_at_once(client, chrome):
    client.get("/")
    _, contact = chrome
    contact.organisation_name = "Covenant office"
    contact.save()

    assert "Covenant office" in client.get("/").content.decode()


def test_unpublished_or_moved_pages_leave_or_follow_the_menu(client, chrome, about):
    assert 'href="/about/"' in client.get("/").content.decode()

    about.slug = "about-the-covenant"
    about.save_revision().publish()
    html = client.get("/").content.decode()
    assert '<a href="/about-the-covenant/">About us</a>' in html

    about.unpublish()
    html = client.get("/").content.decode()
    assert "About us" not in html
    assert "OECD guidance" in html


def test_deleting_a_linked_page_drops_the_link(client, chrome, about):
    client.get("/")

    about.delete()

    assert "About us" not in client.get("/").content.decode()


def test_site_without_settings_falls_back_to_the_site_name(client, home):
    html = client.get("/").content.decode()

    assert '<h2 id="footer-contact">Roundtable</h2>' in html
    # Reading the chrome never creates settings rows during a GET.
    assert not SiteContactSettings.objects.exists()
    assert not MainMenu.objects.exists()
