"""The Dutch events index lists the Dutch pages of translated events and, for events nobody translated, the
English page — marked "in het Engels", with lang="en" on its title and introduction. The English index
marks nothing."""

import datetime

from django.utils import timezone

import pytest

from cms.i18n.translations import translate_page
from tests.factories.events import EventPageFactory


@pytest.fixture
def indexes(calendar):
    soon = timezone.now() + datetime.timedelta(days=5)
    translated = EventPageFactory(
        parent=calendar.index,
        title="Tin smelters webinar",
        start=soon,
        end=soon + datetime.timedelta(hours=1),
    )
    EventPageFactory(
        parent=calendar.index,
        title="Cobalt refiners webinar",
        introduction="Refiners explain their audits.",
        start=soon + datetime.timedelta(days=1),
        end=soon + datetime.timedelta(days=1, hours=1),
    )
    translate_page(calendar.home, "nl", title="Thuis")
    dutch_index = translate_page(calendar.index, "nl", title="Evenementen", slug="evenementen")
    translate_page(translated, "nl", title="Webinar over tinsmelters", slug="webinar-tinsmelters")
    return calendar.index, dutch_index


def card_of(html: str, title: str) -> str:
    start = html.rindex('<li class="card event-card', 0, html.index(title))
    return html[start : html.index("</li>", start)]


def test_untranslated_events_are_listed_in_english_and_marked(client, indexes):
    _english, dutch = indexes
    html = client.get(dutch.url).content.decode()
    assert "Webinar over tinsmelters" in html and "Tin smelters webinar" not in html
    english_card = card_of(html, "Cobalt refiners webinar")
    assert "in het Engels" in english_card
    assert 'lang="en" hreflang="en">Cobalt refiners webinar</a>' in english_card
    assert '<p lang="en">Refiners explain their audits.</p>' in english_card
    dutch_card = card_of(html, "Webinar over tinsmelters")
    assert "in het Engels" not in dutch_card and 'lang="en"' not in dutch_card


def test_the_english_index_marks_nothing(client, indexes):
    english, _dutch = indexes
    html = client.get(english.url).content.decode()
    assert "Tin smelters webinar" in html and "Cobalt refiners webinar" in html
    assert "in English" not in html and 'hreflang="en">' not in html


def test_a_dutch_group_page_lists_the_groups_events(client, calendar):
    from working_groups.choices import Visibility

    group = calendar.groups[Visibility.OPEN]
    soon = timezone.now() + datetime.timedelta(days=5)
    EventPageFactory(
        parent=calendar.index,
        title="Open group meeting",
        group=group,
        start=soon,
        end=soon + datetime.timedelta(hours=1),
    )
    translate_page(calendar.home, "nl", title="Thuis")
    dutch_group = translate_page(group, "nl", title="Open groep", slug="open-groep")
    assert "Open group meeting" in client.get(group.url).content.decode()
    assert "Open group meeting" in client.get(dutch_group.url).content.decode()
