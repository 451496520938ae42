import datetime

import pytest

from cms.models.news import NEWS_PER_PAGE
from tests.cms.utils import count_queries
from tests.factories.cms import ImageFactory, NewsIndexPageFactory, NewsPageFactory, restrict_to_logged_in

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [item.title for item in response.context["news_page"].object_list]


def _news(index, title: str, date: str, *tags: str):
    news = NewsPageFactory(parent=index, title=title, date=date)
    if tags:
        news.tags.add(*tags)
        news.save()
    return news


def test_lists_live_public_news_newest_first(client, home, news_index):
    _news(news_index, "Older", "2024-03-01")
    _news(news_index, "Newer", "2025-06-01")
    NewsPageFactory(parent=news_index, title="Draft item", live=False)
    restrict_to_logged_in(NewsPageFactory(parent=news_index, title="Members-only item"))
    other_index = NewsIndexPageFactory(parent=home, title="Archive", slug="archive")
    _news(other_index, "Elsewhere", "2025-07-01")

    response = client.get(news_index.url)

    assert response.status_code == 200
    assert _titles(response) == ["Newer", "Older"]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Draft item" not in html and "Members-only item" not in html and "Elsewhere" not in html
    assert "2 news items" in html


def test_paginates_and_keeps_the_filters_in_page_links(client, news_index):
    start = datetime.date(2025, 1, 1)
    for day in range(NEWS_PER_PAGE + 3):
        _news(news_index, f"Tin item {day:02}", str(start + datetime.timedelta(days=day)), "tin")

    first = client.get(news_index.url, {"tag": "tin"})
    second = client.get(news_index.url, {"tag": "tin", "page": 2})

    assert len(_titles(first)) == NEWS_PER_PAGE
    assert _titles(second) == ["Tin item 02", "Tin item 01", "Tin item 00"]
    assert 'href="?tag=tin&amp;page=2"' in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    assert 'href="?tag=tin&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0", ""])
def test_out_of_range_or_garbage_page_numbers_show_a_real_page(client, news_index, page):
    for day in range(1, NEWS_PER_PAGE + 2):
        _news(news_index, f"Item {day:02}", f"2025-01-{day:02}")

    response = client.get(news_index.url, {"page": page})

    assert response.status_code == 200
    assert response.context["news_page"].number in {1, 2}
    assert response.context["news_page"].object_list


def test_filters_by_tag_and_year(client, news_index):
    _news(news_index, "Cobalt 2024", "2024-05-01", "cobalt")
    _news(news_index, "Cobalt 2025", "2025-05-01", "cobalt", "recycling")
    _news(news_index, "Tin 2025", "2025-02-01", "tin")

    assert _titles(client.get(news_index.url, {"tag": "cobalt"})) == ["Cobalt 2025", "Cobalt 2024"]
    assert _titles(client.get(news_index.url, {"year": "2025"})) == ["Cobalt 2025", "Tin 2025"]
    assert _titles(client.get(news_index.url, {"tag": "cobalt", "year": "2024"})) == ["Cobalt 2024"]
    assert _titles(client.get(news_index.url, {"tag": "tin", "year": "2024"})) == []


def test_filter_choices_come_from_this_index_only(client, home, news_index):
    _news(news_index, "Cobalt 2024", "2024-05-01", "cobalt")
    NewsPageFactory(parent=news_index, title="Draft", date="2019-01-01", live=False).tags.add("secret")
    _news(NewsIndexPageFactory(parent=home, slug="other"), "Other", "2021-01-01", "gold")

    form = client.get(news_index.url).context["filterset"].form

    assert [slug for slug, _ in form.fields["tag"].choices if slug] == ["cobalt"]
    assert [year for year, _ in form.fields["year"].choices if year] == ["2024"]


def test_empty_result_offers_the_way_back(client, news_index):
    _news(news_index, "Cobalt 2024", "2024-05-01", "cobalt")

    html = client.get(news_index.url, {"year": "2024", "tag": "cobalt", "page": "1"}).content.decode()
    assert "Cobalt 2024" in html

    response = client.get(news_index.url + "?tag=cobalt&year=2024&year=2024")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": "1999"}, {"tag": "no-such-topic"}, {"tag": "<script>"}, {"year": "2025\x00"}],
)
def test_bad_filter_input_is_explained_not_a_server_error(client, news_index, query):
    _news(news_index, "Tin 2025", "2025-02-01", "tin")

    response = client.get(news_index.url, query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert response.context["filterset"].form.errors
    assert "This filter was left out." in html
    name = next(iter(query))
    assert (
        f'aria-describedby="id_{name}_error"' in html
        and f'<ul class="field__errors" id="id_{name}_error">' in html
    )
    assert 'aria-invalid="true"' in html
    # An invalid filter is dropped rather than silently matching nothing.
    assert _titles(response) == ["Tin 2025"]


def test_news_index_links_its_feeds(client, news_index):
    html = client.get(news_index.url).content.decode()

    assert f'type="application/rss+xml" title="News (RSS)" href="{news_index.url}feed/rss/"' in html
    assert f'type="application/atom+xml" title="News (Atom)" href="{news_index.url}feed/atom/"' in html


@pytest.mark.parametrize("query", ["", "?tag=cobalt", "?tag=cobalt&year=2025&page=1"])
def test_news_index_queries_do_not_grow_with_news(client, news_index, django_assert_num_queries, query):
    first = _news(news_index, "First", "2025-01-01", "cobalt")
    first.image = ImageFactory()
    first.save()
    url = news_index.url + query
    client.get(url)
    one_item = count_queries(client, url)
    for day in range(2, 9):
        news = NewsPageFactory(parent=news_index, date=f"2025-01-0{day}", image=ImageFactory())
        news.tags.add("cobalt", f"topic-{day}")
        news.save()
    client.get(url)

    with django_assert_num_queries(one_item):
        response = client.get(url)

    assert len(response.context["news_page"].object_list) == 8
