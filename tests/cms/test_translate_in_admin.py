"""The secretariat translates a news item with wagtail-localize in the admin: submit for translation, fill
in the Dutch strings, publish; a visitor then reads it at its Dutch address and the switcher leads there."""

from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.models import Locale, PageViewRestriction

import pytest
from wagtail_localize.models import StringSegment, Translation

from cms.i18n.translations import translate_page
from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, restrict_to_logged_in
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def news(home):
    translate_page(home, "nl", title="Thuis")
    index = NewsIndexPageFactory(parent=home, slug="news", title="News")
    translate_page(index, "nl", slug="nieuws", title="Nieuws")
    return NewsPageFactory(parent=index, title="Smelters audited", slug="audited", summary="Eleven smelters.")


def _submit(client, page):
    dutch = Locale.objects.get(language_code="nl")
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [dutch.pk]})
    assert response.status_code == 302
    return page.get_translation(dutch)


def test_secretariat_translates_a_news_item_and_a_visitor_reads_it(
    client, editor, news, django_capture_on_commit_callbacks
):
    dutch_page = _submit(client, news)
    edit_url = reverse("wagtailadmin_pages:edit", args=[dutch_page.pk])
    assert client.get(edit_url).status_code == 200  # wagtail-localize's translation editor

    translation = Translation.objects.get(
        target_locale__language_code="nl", source__object_id=news.translation_key
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        dutch_text = {"Smelters audited": "Smelters geaudit", "Eleven smelters.": "Elf smelters."}.get(
            segment.string.data, segment.string.data
        )
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        body = encode_multipart(BOUNDARY, {"value": dutch_text})
        assert client.put(url, body, content_type=MULTIPART_CONTENT).status_code in (200, 201)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes after the commit
        assert client.post(edit_url, {"action": "publish"}).status_code == 302

    dutch_page.refresh_from_db()
    assert dutch_page.live and dutch_page.title == "Smelters geaudit"
    client.logout()
    switched = client.post(
        reverse("switch_language"), {"language": "nl", "page": news.pk}, HTTP_ORIGIN="http://testserver"
    )
    assert switched["Location"] == dutch_page.url and dutch_page.url.startswith("/nl/nieuws/")
    page = client.get(dutch_page.url).text
    assert "Smelters geaudit" in page and "Elf smelters." in page
    assert 'hreflang="en"' in page and 'hreflang="nl"' in page


def test_translating_a_restricted_page_in_the_admin_keeps_it_restricted(client, editor, news):
    restrict_to_logged_in(news)
    dutch_page = _submit(client, news)
    assert PageViewRestriction.objects.filter(page=dutch_page, restriction_type="login").exists()
