"""Content in English and Dutch: addresses, the language switcher, hreflang, the sitemap, search, and the rule
that a translation never changes who may see a page (adversary tests at the end)."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from wagtail.models import Locale, PageViewRestriction

import pytest

from cms.i18n.translations import translate_page
from cms.visibility import in_reader_language, pages_findable_by
from tests.cms.utils import parse_xml
from tests.factories.cms import NewsPageFactory, StandardPageFactory, restrict_to_logged_in
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import WorkingGroupIndexPageFactory, add_member, make_group
from working_groups.choices import Visibility

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "https://covenant.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.BASE_URL = BASE


@pytest.fixture
def dutch_home(home):
    return translate_page(home, "nl", title="Thuis")


@pytest.fixture
def about(home, dutch_home):
    about = StandardPageFactory(parent=home, title="About the covenant", slug="about")
    return about


@pytest.fixture
def over(about):
    return translate_page(about, "nl", title="Over het convenant", slug="over")


def test_both_locales_exist_after_migrating():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "nl"}


def test_english_keeps_its_address_and_dutch_lives_under_nl(client, about, over):
    assert about.url == "/about/"
    assert over.url == "/nl/over/"
    english = client.get("/about/")
    dutch = client.get("/nl/over/")
    assert english.status_code == 200 and "About the covenant" in english.text
    assert dutch.status_code == 200 and "Over het convenant" in dutch.text
    assert '<html lang="nl">' in dutch.text
    assert client.get("/nl/").status_code == 200
    assert client.get("/nl/about/").status_code == 404  # the English slug is not a Dutch address


def test_dutch_interface_on_english_address_still_serves_english_content(client, about, over):
    client.cookies["django_language"] = "nl"
    response = client.get("/about/")
    assert response.status_code == 200
    assert "About the covenant" in response.text
    assert '<html lang="nl">' in response.text  # the interface keeps the visitor's language


def test_hreflang_alternates_for_each_translation_and_x_default(client, about, over):
    english = client.get("/about/").text
    assert f'<link rel="alternate" hreflang="en" href="{BASE}/about/">' in english
    assert f'<link rel="alternate" hreflang="nl" href="{BASE}/nl/over/">' in english
    assert f'<link rel="alternate" hreflang="x-default" href="{BASE}/about/">' in english
    dutch = client.get("/nl/over/").text
    assert f'<link rel="alternate" hreflang="en" href="{BASE}/about/">' in dutch
    assert f'<link rel="alternate" hreflang="x-default" href="{BASE}/about/">' in dutch


def test_untranslated_page_has_no_dutch_alternate_and_says_so(client, home, dutch_home):
    StandardPageFactory(parent=home, title="Only English", slug="only-english")
    text = client.get("/only-english/").text
    assert 'hreflang="nl"' not in text.split("</head>")[0]
    assert '<span lang="nl">Nederlands</span> (not translated yet)' in text


def test_switcher_goes_to_the_same_page_in_the_other_language(client, about, over):
    response = client.post(
        reverse("switch_language"),
        {"language": "nl", "page": about.pk, "next": "/about/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert response["Location"] == "/nl/over/"
    assert response.cookies["django_language"].value == "nl"
    back = client.post(
        reverse("switch_language"),
        {"language": "en", "page": over.pk, "next": "/nl/over/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert back["Location"] == "/about/"


def test_switcher_without_translation_goes_to_the_other_home_with_a_notice(client, home, dutch_home):
    page = StandardPageFactory(parent=home, title="Only English", slug="only-english")
    response = client.post(
        reverse("switch_language"),
        {"language": "nl", "page": page.pk, "next": "/only-english/"},
        HTTP_ORIGIN="http://testserver",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/nl/"
    assert "Deze pagina is nog niet vertaald in het Nederlands" in response.text


def test_switcher_off_a_page_only_changes_the_interface_language(client, home):
    response = client.post(
        reverse("switch_language"), {"language": "nl", "next": "/search/"}, HTTP_ORIGIN="http://testserver"
    )
    assert response["Location"] == "/search/"
    assert response.cookies["django_language"].value == "nl"


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return parse_xml(response.content)


def test_sitemap_lists_both_languages_with_alternates(client, about, over):
    tree = _sitemap(client)
    locations = [loc.text for loc in tree.findall("sm:url/sm:loc", NS)]
    assert f"{BASE}/about/" in locations and f"{BASE}/nl/over/" in locations and f"{BASE}/nl/" in locations
    entry = next(url for url in tree.findall("sm:url", NS) if url.find("sm:loc", NS).text == f"{BASE}/about/")
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
    assert alternates == {"en": f"{BASE}/about/", "nl": f"{BASE}/nl/over/", "x-default": f"{BASE}/about/"}


def test_search_searches_the_readers_language_with_english_fallback(client, home, dutch_home):
    from tests.factories.cms import NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=home)
    translated = NewsPageFactory(parent=index, title="Tin smelters audited", slug="tin")
    translate_page(translated, "nl", title="Tinsmelters geaudit tin", slug="tin-nl")
    NewsPageFactory(parent=index, title="Tin recycling only in English", slug="recycling")

    english = client.get("/search/", {"q": "tin"}).text
    assert "Tin smelters audited" in english and "Tinsmelters geaudit" not in english

    client.cookies["django_language"] = "nl"
    dutch = client.get("/search/", {"q": "tin"}).text
    assert "Tinsmelters geaudit" in dutch
    assert "Tin smelters audited" not in dutch  # its Dutch translation stands in for it
    assert "Tin recycling only in English" in dutch  # no translation: the English original


def test_in_reader_language_keeps_untranslated_english_pages(home, about, over):
    only_english = StandardPageFactory(parent=home, slug="only-english")
    dutch = set(in_reader_language(pages_findable_by(AnonymousUser()), "nl").values_list("pk", flat=True))
    assert over.pk in dutch and only_english.pk in dutch and about.pk not in dutch
    english = set(in_reader_language(pages_findable_by(AnonymousUser()), "en").values_list("pk", flat=True))
    assert about.pk in english and over.pk not in english


# --- A translation never changes who may see a page -------------------------------------------------------


def test_translation_of_a_restricted_page_is_equally_restricted(client, home, dutch_home):
    members = StandardPageFactory(parent=home, title="Members only", slug="members")
    restrict_to_logged_in(members)
    dutch = translate_page(members, "nl", title="Alleen leden", slug="leden")

    assert PageViewRestriction.objects.filter(page=dutch, restriction_type="login").exists()
    response = client.get("/nl/leden/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert "/nl/leden/" not in client.get("/sitemap.xml").text
    client.cookies["django_language"] = "nl"
    assert "/nl/leden/" not in client.get("/search/", {"q": "Alleen leden"}).text
    # The switcher does not reveal the restricted translation either.
    switched = client.post(
        reverse("switch_language"), {"language": "nl", "page": members.pk}, HTTP_ORIGIN="http://testserver"
    )
    assert switched["Location"] == "/nl/"


def test_restriction_added_after_translating_reaches_the_translation(client, about, over):
    assert client.get("/nl/over/").status_code == 200
    restrict_to_logged_in(about)
    assert PageViewRestriction.objects.filter(page=over).count() == 1
    assert client.get("/nl/over/").status_code == 302
    PageViewRestriction.objects.filter(page=about).delete()
    assert not PageViewRestriction.objects.filter(page=over).exists()


def test_restriction_to_groups_copies_its_groups(client, about, over):
    from django.contrib.auth.models import Group

    editors = Group.objects.create(name="Editors of the covenant")
    restriction = PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(editors)
    copied = PageViewRestriction.objects.get(page=over)
    assert copied.restriction_type == PageViewRestriction.GROUPS
    assert list(copied.groups.all()) == [editors]


@pytest.fixture
def private_group(home, dutch_home):
    index = WorkingGroupIndexPageFactory(parent=home, slug="groups")
    group = make_group(index, visibility=Visibility.PRIVATE, title="Smelter audits", slug="smelter-audits")
    return group


@pytest.fixture
def dutch_private_group(private_group):
    return translate_page(private_group, "nl", title="Smelteraudits", slug="smelteraudits")


def test_private_group_translation_keeps_private_visibility(private_group, dutch_private_group):
    assert dutch_private_group.visibility == Visibility.PRIVATE
    dutch_private_group.visibility = Visibility.OPEN
    dutch_private_group.save()
    dutch_private_group.refresh_from_db()
    assert dutch_private_group.visibility == Visibility.PRIVATE  # a translation cannot open a group


def test_opening_the_group_opens_its_translation_too(private_group, dutch_private_group):
    private_group.visibility = Visibility.OPEN
    private_group.save()
    dutch_private_group.refresh_from_db()
    assert dutch_private_group.visibility == Visibility.OPEN


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_group_translation_is_404_for_non_members(client, dutch_private_group, who):
    if who == "outsider":
        client.force_login(UserFactory())
    url = dutch_private_group.url
    assert url.startswith("/nl/")
    assert client.get(url).status_code == 404
    assert url not in client.get("/sitemap.xml").text
    client.cookies["django_language"] = "nl"
    assert url not in client.get("/search/", {"q": "Smelteraudits"}).text


def test_member_of_the_group_reads_its_translation(client, private_group, dutch_private_group):
    member = add_member(private_group).user
    client.force_login(member)
    response = client.get(dutch_private_group.url)
    assert response.status_code == 200
    assert "Smelteraudits" in response.text


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_group_event_translation_is_hidden(client, home, private_group, who):
    events = EventIndexPageFactory(parent=home, slug="events")
    event = EventPageFactory(
        parent=events, title="Audit briefing", slug="audit-briefing", group=private_group
    )
    dutch = translate_page(event, "nl", title="Auditbriefing", slug="auditbriefing")
    if who == "outsider":
        client.force_login(UserFactory())
    assert client.get(dutch.url).status_code == 404
    assert dutch.url not in client.get("/sitemap.xml").text
    assert "Auditbriefing" not in client.get("/calendar/events.ics").content.decode()
    assert "Auditbriefing" not in client.get("/nl/events/").text
    client.cookies["django_language"] = "nl"
    assert dutch.url not in client.get("/search/", {"q": "Auditbriefing"}).text


# --- Menu, feeds ------------------------------------------------------------------------------------------


def _menu_links(html: str) -> list[str]:
    import re

    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', nav)


def test_menu_per_language_with_english_fallback(client, home, about, over):
    from django.core.cache import cache

    from wagtail.models import Site

    from cms.models import MainMenu, MainMenuItem

    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    menu.items = [
        MainMenuItem(title="About", link_page=about, language="en"),
        MainMenuItem(title="Over ons", link_page=over, language="nl"),
        MainMenuItem(title="OECD", link_url="https://www.oecd.org/"),
    ]
    menu.save()
    cache.clear()
    assert _menu_links(client.get("/about/").text) == [
        ("/about/", "About"),
        ("https://www.oecd.org/", "OECD"),
    ]
    assert _menu_links(client.get("/nl/over/").text) == [
        ("/nl/over/", "Over ons"),
        ("https://www.oecd.org/", "OECD"),
    ]


def test_menu_without_dutch_links_falls_back_to_english_and_to_translated_pages(client, home, about, over):
    from wagtail.models import Site

    from cms.models import MainMenu, MainMenuItem

    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    menu.items = [
        MainMenuItem(title="About", link_page=about, language="en"),
        MainMenuItem(title="Only English", link_page=StandardPageFactory(parent=home, slug="only-english")),
    ]
    menu.save()
    # No Dutch links: the English ones, each pointing at its page's Dutch translation when there is one.
    assert _menu_links(client.get("/nl/over/").text) == [
        ("/nl/over/", "About"),
        ("/only-english/", "Only English"),
    ]
    assert _menu_links(client.get("/about/").text) == [
        ("/about/", "About"),
        ("/only-english/", "Only English"),
    ]


@pytest.fixture
def news_in_two_languages(home, dutch_home):
    from tests.factories.cms import NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=home, slug="news", title="News")
    dutch_index = translate_page(index, "nl", slug="nieuws", title="Nieuws")
    translated = NewsPageFactory(parent=index, title="Smelters audited", slug="audited")
    translate_page(translated, "nl", title="Smelters geaudit", slug="geaudit")
    NewsPageFactory(parent=index, title="English only news", slug="english-only")
    return index, dutch_index


def test_news_feed_follows_the_feed_language(client, news_in_two_languages):
    index, dutch_index = news_in_two_languages
    english = client.get(index.url + "feed/rss/").content.decode()
    assert "Smelters audited" in english and "English only news" in english and "geaudit" not in english
    dutch = client.get(dutch_index.url + "feed/rss/").content.decode()
    assert dutch_index.url == "/nl/nieuws/"
    assert "Smelters geaudit" in dutch and "English only news" in dutch
    assert "Smelters audited" not in dutch


def test_event_feed_follows_lang_and_lists_each_event_once(client, home, dutch_home):
    events = EventIndexPageFactory(parent=home, slug="events")
    event = EventPageFactory(parent=events, title="Smelter webinar", slug="smelter-webinar")
    translate_page(event, "nl", title="Smelterwebinar", slug="smelterwebinar")
    EventPageFactory(parent=events, title="English only webinar", slug="english-only")
    english = client.get("/calendar/events.ics").content.decode()
    assert "SUMMARY:Smelter webinar" in english and "Smelterwebinar" not in english
    assert "English only webinar" in english
    dutch = client.get("/calendar/events.ics", {"lang": "nl"}).content.decode()
    assert "SUMMARY:Smelterwebinar" in dutch and "SUMMARY:Smelter webinar" not in dutch
    assert "English only webinar" in dutch
