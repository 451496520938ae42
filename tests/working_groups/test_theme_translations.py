"""Themes are translatable content (wagtail-localize): existing themes become the English originals when the
site migrates, readers see a theme's name in their language (English when it has no translation), the
filters keep working in both languages with one choice per theme, and the public API answers in English."""

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from wagtail.models import Locale

import pytest

from cms.i18n.translations import translate_page
from tests.factories.working_groups import ThemeFactory, make_group
from working_groups.filters import GroupIndexFilterSet
from working_groups.models import Theme

BEFORE = [("working_groups", "0009_profile_desk_email")]


def translate_theme(theme: Theme, name: str) -> Theme:
    dutch = theme.copy_for_translation(Locale.objects.get(language_code="nl"))
    dutch.name = name
    dutch.save()
    return dutch


@pytest.fixture
def due_diligence(db):
    return ThemeFactory(name="Due diligence", slug="due-diligence")


@pytest.fixture
def recycling(db):
    return ThemeFactory(name="Recycling", slug="recycling")


@pytest.fixture
def zorgvuldigheid(due_diligence):
    return translate_theme(due_diligence, "Gepaste zorgvuldigheid")


def test_a_reader_sees_the_theme_in_their_language_or_in_english(due_diligence, recycling, zorgvuldigheid):
    with translation.override("nl"):
        assert due_diligence.label == "Gepaste zorgvuldigheid" and str(due_diligence) == due_diligence.label
        assert recycling.label == "Recycling"  # not translated: the English name
    with translation.override("en"):
        assert due_diligence.label == "Due diligence"


def test_a_renamed_translation_shows_at_once(due_diligence, zorgvuldigheid):
    with translation.override("nl"):
        assert due_diligence.label == "Gepaste zorgvuldigheid"
        zorgvuldigheid.name = "Zorgvuldigheid in de keten"
        zorgvuldigheid.save()
        assert due_diligence.label == "Zorgvuldigheid in de keten"


def test_a_translation_keeps_the_slug_and_filters_offer_each_theme_once(due_diligence, zorgvuldigheid):
    assert zorgvuldigheid.slug == due_diligence.slug
    assert zorgvuldigheid.translation_key == due_diligence.translation_key
    choices = GroupIndexFilterSet(data={}, queryset=None).filters["theme"].get_queryset(None)
    assert list(choices) == [due_diligence]


@pytest.fixture
def groups_in_two_languages(group_index, due_diligence, recycling, zorgvuldigheid):
    audits = make_group(group_index, title="Smelter audits")
    audits.themes.add(due_diligence)
    audits.save_revision().publish()
    urban = make_group(group_index, title="Urban mining")
    urban.themes.add(recycling)
    urban.save_revision().publish()
    translate_page(group_index.get_parent(), "nl", title="Thuis")
    dutch_index = translate_page(group_index, "nl", title="Werkgroepen", slug="werkgroepen")
    dutch_audits = translate_page(audits, "nl", title="Smelteraudits", slug="smelteraudits")
    return group_index, dutch_index, dutch_audits


def test_the_group_filter_works_in_both_languages(client, groups_in_two_languages):
    english_index, dutch_index, _dutch_audits = groups_in_two_languages
    english = client.get(english_index.url, {"theme": "due-diligence"}).content.decode()
    assert "Smelter audits" in english and "Urban mining" not in english
    assert ">Due diligence<" in english
    dutch = client.get(dutch_index.url, {"theme": "due-diligence"}).content.decode()
    assert "Smelteraudits" in dutch and "Urban mining" not in dutch
    assert dutch.count(">Gepaste zorgvuldigheid<") >= 2  # the filter's choice and the group's tag
    assert ">Due diligence<" not in dutch
    assert dutch.count('value="due-diligence"') == 1  # one choice per theme, not one per language


def test_the_dutch_group_page_names_its_themes_in_dutch(client, groups_in_two_languages):
    _english_index, _dutch_index, dutch_audits = groups_in_two_languages
    html = client.get(dutch_audits.url).content.decode()
    assert "Gepaste zorgvuldigheid" in html and "Due diligence" not in html


def test_the_api_answers_in_english_whatever_the_language(client, groups_in_two_languages):
    client.cookies["django_language"] = "nl"
    data = client.get("/api/v1/groups/?page_size=100", HTTP_ACCEPT_LANGUAGE="nl").json()
    themes = [theme for group in data["results"] for theme in group["themes"]]
    assert {"slug": "due-diligence", "name": "Due diligence"} in themes
    assert all(theme["name"] != "Gepaste zorgvuldigheid" for theme in themes)
    filtered = client.get("/api/v1/groups/?theme=due-diligence", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert [group["title"] for group in filtered["results"]] == ["Smelter audits"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def content_type_cache_warm_afterwards():
    """As in tests/commitments/test_moved_from_working_groups.py: the migrations clear the content type
    cache; warm it again before the database is restored for the next test."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


@pytest.mark.usefixtures("content_type_cache_warm_afterwards")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_themes_from_before_become_the_english_originals():
    old_theme = _migrate(BEFORE).get_model("working_groups", "Theme")
    old_theme.objects.create(name="Child labour", slug="child-labour")
    old_theme.objects.create(name="Recycling", slug="recycling")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    themes = list(Theme.objects.order_by("slug"))
    assert [theme.locale.language_code for theme in themes] == ["en", "en"]
    assert len({theme.translation_key for theme in themes}) == 2
    kinderarbeid = translate_theme(themes[0], "Kinderarbeid")
    with translation.override("nl"):
        assert themes[0].label == "Kinderarbeid" and kinderarbeid.slug == "child-labour"


def test_the_secretariat_translates_a_theme_in_the_admin(
    client, due_diligence, django_capture_on_commit_callbacks
):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from django.urls import reverse

    from wagtail_localize.models import StringSegment, Translation

    from tests.factories.users import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("wagtailsnippets_working_groups_theme:list")).content.decode()
    submit = reverse(
        "wagtail_localize:submit_snippet_translation", args=["working_groups", "theme", due_diligence.pk]
    )
    assert submit in listing  # the Translate button of the theme's row
    dutch_locale = Locale.objects.get(language_code="nl")
    assert client.post(submit, {"locales": [dutch_locale.pk]}).status_code == 302
    translation_row = Translation.objects.get(
        target_locale=dutch_locale, source__object_id=due_diligence.translation_key
    )
    for segment in StringSegment.objects.filter(source=translation_row.source).select_related("string"):
        dutch_text = {"Due diligence": "Gepaste zorgvuldigheid"}.get(segment.string.data, segment.string.data)
        url = reverse("wagtail_localize:edit_string_translation", args=[translation_row.pk, segment.pk])
        body = encode_multipart(BOUNDARY, {"value": dutch_text})
        assert client.put(url, body, content_type=MULTIPART_CONTENT).status_code in (200, 201)
    dutch = due_diligence.get_translation(dutch_locale)
    edit = reverse("wagtailsnippets_working_groups_theme:edit", args=[dutch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"action": "publish"}).status_code == 302
    dutch.refresh_from_db()
    assert dutch.name == "Gepaste zorgvuldigheid" and dutch.slug == "due-diligence"
    with translation.override("nl"):
        assert due_diligence.label == "Gepaste zorgvuldigheid"
