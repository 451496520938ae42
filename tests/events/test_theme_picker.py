"""An event's themes link to the English themes only: the admin's event form offers each theme once, as its
default-language row, and an event posted with the Dutch translation of a theme is refused (issue 20)."""

import re

from wagtail.models import Locale

import pytest

from events.models import EventPage
from tests.events.test_admin_form import add_url, form_data
from tests.factories.working_groups import ThemeFactory


@pytest.fixture
def themes(db):
    recycling = ThemeFactory(name="Recycling", slug="recycling")
    hergebruik = recycling.copy_for_translation(Locale.objects.get(language_code="nl"))
    hergebruik.name = "Hergebruik"
    hergebruik.save()
    return recycling, hergebruik


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def with_themes(*themes) -> dict:
    data = form_data()
    data["themes"] = [theme.pk for theme in themes]
    return data


def offered(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="themes" value="(\d+)"', html)}


def test_the_event_form_offers_the_english_theme_only(calendar, editor, themes):
    recycling, hergebruik = themes
    response = editor.get(add_url(calendar.index))
    assert response.status_code == 200
    assert recycling.pk in offered(response.text) and hergebruik.pk not in offered(response.text)


def test_an_event_with_a_dutch_theme_is_refused_and_with_the_english_one_saved(calendar, editor, themes):
    recycling, hergebruik = themes
    refused = editor.post(add_url(calendar.index), with_themes(hergebruik))
    assert refused.status_code == 200
    assert "themes" in refused.context["form"].errors
    assert not EventPage.objects.filter(slug="gender-due-diligence-in-practice").exists()

    saved = editor.post(add_url(calendar.index), with_themes(recycling))
    assert saved.status_code == 302
    event = EventPage.objects.get(slug="gender-due-diligence-in-practice")
    assert list(event.themes.all()) == [recycling]
