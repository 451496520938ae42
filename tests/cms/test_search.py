import pytest

from cms.search import PER_PAGE as SEARCH_RESULTS_PER_PAGE
from cms.views import SEARCH_QUERY_MAX_LENGTH
from tests.factories.cms import NewsPageFactory, StandardPageFactory, restrict_to_logged_in

pytestmark = pytest.mark.django_db


def _results(response) -> list[str]:
    """Titles of every hit shown: the chosen kind's page, or the first few of each kind."""
    return [hit.title for section in response.context["search"].sections for hit in section.hits]


def _page_with_body(parent, title: str, text: str):
    page = StandardPageFactory(parent=parent, title=title, intro="")
    page.body = [("paragraph", f"<p>{text}</p>")]
    page.save()
    return page


def test_finds_pages_by_words_in_title_and_body(client, home, news_index):
    _page_with_body(home, "The gender lens", "Women in artisanal mining carry the heaviest risks.")
    _page_with_body(home, "Smelter audits", "Independent audits of tin smelters.")
    news = NewsPageFactory(parent=news_index, title="Cobalt project", summary="A joint project.")
    news.body = [("paragraph", "<p>Children leave the artisanal pits for school.</p>")]
    news.save()

    by_title = client.get("/search/", {"q": "smelter audits"})
    by_body = client.get("/search/", {"q": "artisanal"})

    assert by_title.status_code == 200
    assert _results(by_title) == ["Smelter audits"]
    assert sorted(_results(by_body)) == ["Cobalt project", "The gender lens"]
    html = by_body.content.decode()
    assert "2 results for “artisanal”" in html
    assert f'href="{news.url}"' in html
    assert "A joint project." in html


def test_leaves_out_drafts_and_restricted_pages(client, home):
    _page_with_body(home, "Public cobalt page", "cobalt")
    _page_with_body(home, "Cobalt draft", "cobalt").unpublish()
    restrict_to_logged_in(_page_with_body(home, "Cobalt members", "cobalt"))

    assert _results(client.get("/search/", {"q": "cobalt"})) == ["Public cobalt page"]


def test_empty_query_shows_the_form_only(client, home):
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", query)
        assert response.status_code == 200
        assert response.context["results_page"] is None
        html = response.content.decode()
        assert '<label for="search-page-q">' in html
        assert "results for" not in html


def test_nothing_found_says_so(client, home):
    html = client.get("/search/", {"q": "unobtainium"}).content.decode()

    assert "0 results for “unobtainium”" in html
    assert "Nothing found." in html


@pytest.mark.parametrize(
    "query", ['"unbalanced', "tin AND (", "co*", "NEAR(a b", "-", "'; DROP TABLE", "\x00"]
)
def test_query_syntax_of_the_search_backend_cannot_break_the_page(client, home, query):
    _page_with_body(home, "Tin page", "tin")

    assert client.get("/search/", {"q": query}).status_code == 200


def test_long_query_is_cut_to_the_maximum(client, home):
    _page_with_body(home, "Tin page", "tin")

    response = client.get("/search/", {"q": "tin " * 500})

    assert response.status_code == 200
    assert len(response.context["search_query"]) <= SEARCH_QUERY_MAX_LENGTH
    assert f'maxlength="{SEARCH_QUERY_MAX_LENGTH}"' in response.content.decode()


def test_results_are_paginated_with_the_query_in_the_links(client, home, django_assert_max_num_queries):
    for number in range(SEARCH_RESULTS_PER_PAGE + 2):
        _page_with_body(home, f"Recycling note {number:02}", "recycled metals")

    first = client.get("/search/", {"q": "recycled"})
    second = client.get("/search/", {"q": "recycled", "page": "2"})
    beyond = client.get("/search/", {"q": "recycled", "page": "99"})

    assert len(_results(first)) == SEARCH_RESULTS_PER_PAGE
    assert len(_results(second)) == 2
    assert _results(beyond) == _results(second)
    assert 'href="?q=recycled&amp;kind=pages&amp;page=2"' in first.content.decode()
    assert f'<ol class="search-results" start="{SEARCH_RESULTS_PER_PAGE + 1}">' in second.content.decode()
    # Every installed app answers with a count (and the chosen kind with its page): a fixed number per app.
    with django_assert_max_num_queries(20):
        client.get("/search/", {"q": "recycled"})
