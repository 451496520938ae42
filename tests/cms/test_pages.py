from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail import hooks

import pytest

from cms.hooks import HOME_SECTIONS_HOOK
from cms.models import NewsPageRelatedPage
from tests.cms.utils import count_queries
from tests.factories.cms import ImageFactory, NewsPageFactory, StandardPageFactory, restrict_to_logged_in

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_aims_and_latest_three_news(client, home, news_index):
    about = StandardPageFactory(parent=home, title="About the covenant")
    home.hero_cta_text = "Read about the covenant"
    home.hero_cta_page = about
    home.hero_image = ImageFactory(title="Layers of ore", description="Teal and amber layers")
    home.aims = [("aim", {"title": "Due diligence that works", "text": "Every party maps its chain."})]
    home.save()
    for day in range(1, 6):
        NewsPageFactory(parent=news_index, title=f"Item {day}", date=f"2026-01-0{day}")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert home.hero_heading in html
    assert f'href="{about.url}"' in html
    assert 'alt="Teal and amber layers"' in html
    assert "Due diligence that works" in html
    assert [news.title for news in response.context["latest_news"]] == ["Item 5", "Item 4", "Item 3"]
    assert "Item 2" not in html
    assert f'href="{news_index.url}"' in html


def test_home_page_renders_sections_from_the_hook_in_order(client, home):
    def events_section(request, page):
        return format_html("<section id='events'>Upcoming on {}</section>", page.title)

    def empty_section(request, page):
        return ""

    def groups_section(request, page):
        return mark_safe("<section id='groups'>Groups</section>")

    with hooks.register_temporarily(
        [
            (HOME_SECTIONS_HOOK, events_section),
            (HOME_SECTIONS_HOOK, empty_section),
            (HOME_SECTIONS_HOOK, groups_section),
        ]
    ):
        html = client.get("/").content.decode()

    assert "<section id='events'>Upcoming on Home</section>" in html
    assert html.index("id='events'") < html.index("id='groups'")


def test_standard_page_renders_every_body_block(client, home):
    target = StandardPageFactory(parent=home, title="Gender lens")
    image = ImageFactory(title="Ore washers", description="")
    page = StandardPageFactory(parent=home, title="About")
    page.body = [
        ("heading", {"text": "Why a covenant", "level": "h2"}),
        ("heading", {"text": "Who takes part", "level": "h3"}),
        ("paragraph", "<p>Metals are <b>everywhere</b>.</p>"),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": "Women washing ore"},
                "caption": "At a mine site",
            },
        ),
        ("quote", {"quote": "Know your risks.", "attribution": "Chair"}),
        ("call_to_action", {"text": "Read more", "page": target, "url": ""}),
        ("call_to_action", {"text": "OECD guidance", "page": None, "url": "https://www.oecd.org/"}),
    ]
    page.save()

    html = client.get(page.url).content.decode()

    assert html.count("<h1") == 1
    assert "<h2>Why a covenant</h2>" in html
    assert "<h3>Who takes part</h3>" in html
    assert "<b>everywhere</b>" in html
    assert 'alt="Women washing ore"' in html
    assert "<figcaption>At a mine site</figcaption>" in html
    assert "Know your risks." in html and "— Chair" in html
    assert f'href="{target.url}">Read more' in html
    assert 'href="https://www.oecd.org/">OECD guidance' in html


def test_call_to_action_needs_exactly_one_target():
    from django.core.exceptions import ValidationError

    from cms.blocks import CallToActionBlock

    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Go", "page": None, "url": ""}))
    assert block.clean(block.to_python({"text": "Go", "page": None, "url": "https://example.org/"}))["url"]


def test_news_page_shows_date_tags_and_only_visible_related_pages(client, home, news_index):
    public = StandardPageFactory(parent=home, title="OECD due diligence")
    members_only = StandardPageFactory(parent=home, title="Members' notes")
    restrict_to_logged_in(members_only)
    draft = StandardPageFactory(parent=home, title="Draft page", live=False)
    news = NewsPageFactory(parent=news_index, title="Tin group starts", date="2025-02-18")
    news.tags.add("tin", "due diligence")
    news.related_pages = [NewsPageRelatedPage(page=page) for page in (members_only, public, draft)]
    news.save()

    html = client.get(news.url).content.decode()

    assert html.count("<h1") == 1
    assert '<time datetime="2025-02-18">18 February 2025</time>' in html
    assert f'href="{news_index.url}?tag=due-diligence"' in html
    assert "OECD due diligence" in html
    assert "Members&#x27; notes" not in html and "Draft page" not in html


def test_news_page_queries_do_not_grow_with_related_pages(
    client, home, news_index, django_assert_num_queries
):
    news = NewsPageFactory(parent=news_index)
    news.related_pages = [NewsPageRelatedPage(page=StandardPageFactory(parent=home))]
    news.save()
    client.get(news.url)
    one_related = count_queries(client, news.url)
    news.related_pages = [NewsPageRelatedPage(page=StandardPageFactory(parent=home)) for _ in range(6)]
    news.save()
    client.get(news.url)

    with django_assert_num_queries(one_related):
        response = client.get(news.url)

    assert len(response.context["related"]) == 6


def test_home_page_queries_do_not_grow_with_news(client, home, news_index, django_assert_num_queries):
    NewsPageFactory(parent=news_index, image=ImageFactory()).tags.add("tin")
    client.get("/")
    one_item = count_queries(client, "/")
    for _ in range(4):
        news = NewsPageFactory(parent=news_index, image=ImageFactory())
        news.tags.add("cobalt", "recycling")
        news.save()
    client.get("/")

    with django_assert_num_queries(one_item):
        client.get("/")


def test_home_section_hook_gets_the_request(client, home, user):
    def greeting(request, page):
        if request.user.is_authenticated:
            return format_html("<section id='upcoming-events'>Events for {}</section>", request.user.email)
        return ""

    with hooks.register_temporarily(HOME_SECTIONS_HOOK, greeting):
        anonymous = client.get("/").content.decode()
        client.force_login(user)
        signed_in = client.get("/").content.decode()

    assert "upcoming-events" not in anonymous
    assert f"<section id='upcoming-events'>Events for {user.email}</section>" in signed_in


def test_home_page_without_news_has_no_news_section(client, home):
    html = client.get("/").content.decode()

    assert 'id="news-heading"' not in html
    assert home.hero_heading in html


def test_news_page_leaves_out_related_pages_other_apps_hide(client, home, news_index):
    from django.db.models import Q

    from cms.hooks import HIDDEN_PAGES_HOOK

    hidden = StandardPageFactory(parent=home, title="Private group")
    shown = StandardPageFactory(parent=home, title="Public group")
    news = NewsPageFactory(parent=news_index)
    news.related_pages = [NewsPageRelatedPage(page=hidden), NewsPageRelatedPage(page=shown)]
    news.save()

    with hooks.register_temporarily(HIDDEN_PAGES_HOOK, lambda user: Q(pk=hidden.pk)):
        response = client.get(news.url)

    assert [page.title for page in response.context["related"]] == ["Public group"]
