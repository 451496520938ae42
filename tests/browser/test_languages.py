"""A visitor reads a news item in English, switches language in the footer and reads it in Dutch at its
Dutch address; the hreflang alternates are in both pages' heads; axe-core checks the Dutch page. (The
secretariat's part, translating in wagtail-localize's editor, is tests/cms/test_translate_in_admin.py.)"""

import pytest

from cms.i18n.translations import translate_page
from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, make_home_site


@pytest.fixture
def news_in_two_languages(db):
    home = make_home_site()
    translate_page(home, "nl", title="Thuis")
    index = NewsIndexPageFactory(parent=home, slug="news", title="News")
    translate_page(index, "nl", slug="nieuws", title="Nieuws")
    item = NewsPageFactory(parent=index, title="Smelters audited", slug="audited", summary="Eleven.")
    dutch = translate_page(item, "nl", slug="geaudit", title="Smelters geaudit", summary="Elf smelters.")
    return item, dutch


def test_visitor_switches_a_news_item_to_dutch(page, news_in_two_languages, assert_accessible):
    item, dutch = news_in_two_languages
    page.goto(item.url)
    assert page.locator('link[rel="alternate"][hreflang="nl"]').get_attribute("href").endswith(dutch.url)
    assert dutch.url.startswith("/nl/")
    page.locator("#language-select").select_option("nl")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(f"**{dutch.url}")
    assert page.locator("h1").inner_text() == "Smelters geaudit"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator('link[rel="alternate"][hreflang="en"]').get_attribute("href").endswith(item.url)
    assert page.locator('link[rel="alternate"][hreflang="x-default"]').count() == 1
    assert_accessible(page)
