"""The Dutch menus read Dutch: the main menu's links for every language that still carry their default title
(the items apps add: the events index, the parties directory, …) show the Dutch page's title or the app's
Dutch label, a title the secretariat chose stays as it is; the header and account links apps add through
cms.navigation are in Dutch on Dutch pages."""

import re

from django.urls import reverse

from wagtail.models import Site

import pytest

from cms.i18n.translations import translate_page
from cms.models import MainMenu, MainMenuItem
from tests.factories.cms import StandardPageFactory
from tests.factories.events import make_event_index
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> list[tuple[str, str]]:
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav)


def account_links(html: str) -> list[str]:
    nav = html.split('class="account-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)<", nav)


@pytest.fixture
def pages(home):
    dutch_home = translate_page(home, "nl", title="Thuis")
    about = StandardPageFactory(parent=home, title="About the covenant", slug="about")
    over = translate_page(about, "nl", title="Over het convenant", slug="over")
    events = make_event_index(home, title="Events", slug="events")
    evenementen = translate_page(events, "nl", title="Evenementen", slug="evenementen")
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    menu.items = [
        MainMenuItem(title="About", link_page=about, language="en"),
        MainMenuItem(title="Over ons", link_page=over, language="nl"),
        MainMenuItem(title="Events", link_page=events),  # as the events app's seed adds it
        MainMenuItem(title="Parties directory", link_destination="parties"),
        MainMenuItem(title="Our calendar", link_page=events),  # a title the secretariat chose
    ]
    menu.save()
    return {"dutch_home": dutch_home, "over": over, "events": events, "evenementen": evenementen}


def test_the_dutch_main_menu_shows_dutch_labels_of_the_items_apps_add(client, pages):
    dutch = menu_links(client.get(pages["over"].url).text)
    assert dutch == [
        ("/nl/over/", "Over ons"),
        ("/nl/evenementen/", "Evenementen"),
        (reverse("party_list"), "Partijenlijst"),
        ("/nl/evenementen/", "Our calendar"),
    ]


def test_the_english_main_menu_is_unchanged(client, pages):
    english = menu_links(client.get("/about/").text)
    assert english == [
        ("/about/", "About"),
        ("/events/", "Events"),
        (reverse("party_list"), "Parties directory"),
        ("/events/", "Our calendar"),
    ]


def test_the_header_links_apps_add_are_dutch_on_dutch_pages(client, pages):
    client.force_login(UserFactory())
    dutch = account_links(client.get(pages["over"].url).text)
    assert {"Mijn account", "Mijn bijeenkomsten"} <= set(dutch) and "My account" not in dutch
    english = account_links(client.get("/about/").text)
    assert {"My account", "My events"} <= set(english)
