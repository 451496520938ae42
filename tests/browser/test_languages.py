"""A visitor reads a news item in English, switches language in the footer and reads it in Dutch at its
Dutch address; the hreflang alternates are in both pages' heads; axe-core checks the Dutch page. The
secretariat translates a news item in wagtail-localize's editor by clicking (ask for a Dutch translation,
type each text, publish), and a visitor then switches to it and reads it."""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from cms.i18n.translations import translate_page
from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, make_home_site
from tests.factories.users import UserFactory


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


@pytest.fixture
def news_to_translate(db):
    home = make_home_site()
    translate_page(home, "nl", title="Thuis")
    index = NewsIndexPageFactory(parent=home, slug="news", title="News")
    translate_page(index, "nl", slug="nieuws", title="Nieuws")
    item = NewsPageFactory(
        parent=index, title="Smelters audited", slug="audited", summary="Eleven smelters were audited."
    )
    editor = UserFactory(is_superuser=True, is_staff=True, first_name="Sanne", last_name="Secretariat")
    return item, editor


DUTCH = {
    "Smelters audited": "Smelters geaudit",
    "Eleven smelters were audited.": "Elf smelters zijn geaudit.",
}


def translate_visible_texts(untranslated):
    """Click Translate on each text still to translate, type its Dutch (or keep its English) and save."""
    while left := untranslated.count():
        segment = untranslated.first
        text = segment.inner_text()
        segment.get_by_role("button", name="Translate").click()
        dutch = next((dutch for english, dutch in DUTCH.items() if english in text), None)
        segment.locator("textarea").fill(dutch or text.replace("Translate", "").strip())
        segment.get_by_role("button", name="Save").click()
        expect(untranslated).to_have_count(left - 1)


def test_secretariat_translates_a_news_item_and_a_visitor_reads_it(
    page, new_page, login, news_to_translate, assert_accessible, settings
):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin would call releases.wagtail.org for a superuser
    item, editor = news_to_translate
    login(page, editor, next_url="/admin/")
    page.goto(reverse("wagtail_localize:submit_page_translation", args=[item.pk]))
    page.get_by_label("Dutch").check()
    page.get_by_role("button", name="Submit").click()

    # wagtail-localize's editor: each English text with a Translate button, then a box and Save. Texts
    # without a Dutch version here (the slug) keep their English words.
    expect(page.get_by_role("button", name="Publish in Dutch")).to_be_visible()
    untranslated = page.locator("li.incomplete")
    tabs = page.get_by_role("tab")
    translate_visible_texts(page.locator("li.incomplete:visible"))
    for tab in range(tabs.count()):  # the slug is on the Promote tab
        tabs.nth(tab).click()
        translate_visible_texts(page.locator("li.incomplete:visible"))
    expect(untranslated).to_have_count(0)
    page.get_by_role("button", name="Publish in Dutch").click()
    expect(page.locator(".messages")).to_contain_text("Published 'Smelters geaudit' in Dutch.")

    visitor = new_page()
    visitor.goto(item.url)
    visitor.locator("#language-select").select_option("nl")
    visitor.get_by_role("button", name="Change").click()
    visitor.wait_for_url("**/nl/nieuws/**")
    assert visitor.locator("h1").inner_text() == "Smelters geaudit"
    expect(visitor.locator("main")).to_contain_text("Elf smelters zijn geaudit.")
    assert visitor.locator("html").get_attribute("lang") == "nl"
    assert_accessible(visitor)
