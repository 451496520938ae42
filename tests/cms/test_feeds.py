from email.utils import parsedate_to_datetime

import pytest

from cms.feeds import FEED_ITEMS
from cms.models import NewsPage
from tests.cms.utils import count_queries, parse_xml
from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, restrict_to_logged_in

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def public_address(settings):
    """Links are built on BASE_URL (cms.links), not on the host the request came in on ("testserver")."""
    settings.BASE_URL = "https://covenant.example.org"


@pytest.fixture
def news(home, news_index):
    older = NewsPageFactory(
        parent=news_index, title="Tin group starts", date="2025-02-18", summary="Smelters."
    )
    older.tags.add("tin")
    older.save()
    NewsPageFactory(
        parent=news_index, title="Second report", date="2025-09-01", summary="From mapping to action."
    )
    NewsPageFactory(parent=news_index, title="Unpublished draft", date="2026-01-01", live=False)
    restrict_to_logged_in(NewsPageFactory(parent=news_index, title="Members only", date="2026-01-02"))
    NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home, slug="other"), title="Other index", date="2026-01-03"
    )
    return news_index


def test_rss_feed_is_valid_rss_with_newest_live_public_items_and_absolute_links(client, news):
    response = client.get(f"{news.url}feed/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    assert channel.findtext("title") == "News"
    assert channel.findtext("link") == f"https://covenant.example.org{news.url}"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Second report", "Tin group starts"]
    first, second = items
    assert first.findtext("description") == "From mapping to action."
    assert second.findtext("link") == f"https://covenant.example.org{news.url}tin-group-starts/"
    assert second.findtext("guid") == second.findtext("link")
    assert second.findtext("category") == "tin"
    assert second.findtext("pubDate").startswith("Tue, 18 Feb 2025")


def test_atom_feed_is_valid_atom_with_the_same_items(client, news):
    response = client.get(f"{news.url}feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    assert feed.tag == f"{ATOM}feed"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"https://covenant.example.org{news.url}feed/atom/"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Second report", "Tin group starts"]
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("https://covenant.example.org/")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}summary")


def test_feed_holds_the_newest_items_at_a_constant_cost(client, news_index, django_assert_num_queries):
    NewsPageFactory(parent=news_index, title="Item 00", date="2024-01-01").tags.add("tin")
    url = f"{news_index.url}feed/rss/"
    client.get(url)
    one_item = count_queries(client, url)
    for day in range(1, FEED_ITEMS + 3):
        news = NewsPageFactory(
            parent=news_index, title=f"Item {day:02}", date=f"2024-{day // 28 + 1:02}-{day % 28 + 1:02}"
        )
        news.tags.add("tin", f"topic-{day}")
        news.save()

    with django_assert_num_queries(one_item):
        response = client.get(url)

    titles = [item.findtext("title") for item in parse_xml(response.content).iter("item")]
    assert len(titles) == FEED_ITEMS
    assert titles[0] == f"Item {FEED_ITEMS + 2:02}"
    assert "Item 00" not in titles


def test_feed_of_an_empty_index_is_still_valid(client, news_index):
    response = client.get(f"{news_index.url}feed/rss/")

    assert parse_xml(response.content).find("channel").findall("item") == []


def test_feed_of_a_members_only_index_is_not_public(client, news_index):
    NewsPageFactory(parent=news_index, title="Secret")
    restrict_to_logged_in(news_index)

    response = client.get(f"{news_index.url}feed/rss/")

    assert response.status_code == 302
    assert "Secret" not in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_send_an_etag_and_answer_304_until_they_change(client, news, kind):
    url = f"{news.url}feed/{kind}/"
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content and again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    # an item leaves the feed: a new ETag, and a later Last-Modified although no remaining item is newer
    NewsPage.objects.get(title="Second report").unpublish()
    changed = client.get(url, headers={"If-Modified-Since": last_modified})
    assert changed.status_code == 200 and b"Second report" not in changed.content
    assert changed["ETag"] != etag
    assert parsedate_to_datetime(changed["Last-Modified"]) > parsedate_to_datetime(last_modified)
    assert client.get(url, headers={"If-None-Match": changed["ETag"]}).status_code == 304
