"""A resource's title and summary in Dutch: readers of Dutch see them wherever the resource is listed or
shown, readers of a language without a translation see the original marked with its `lang`, and a translation
never changes who may see the resource (matrix over list, page, search, file, cards, sitemap, switcher)."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from cms.i18n.translations import translate_page
from library.choices import Audience
from library.embeds import resource_cards
from library.models import Resource, ResourceTranslation
from library.services import resource_translate
from tests.library.conftest import make_resource

pytestmark = pytest.mark.django_db

DUTCH_TITLE = "Gepaste zorgvuldigheid bij smelterijen"
DUTCH_SUMMARY = "Zo controleert u de smelterijen in een tinketen."
GROUP_DUTCH_TITLE = "Model voor een klachtenregeling"
GROUP_DUTCH_SUMMARY = "Een model voor een klachtenprocedure bij de mijn."
GROUP_TEXTS = (
    "Grievance mechanism template",
    "A template for a grievance procedure.",
    GROUP_DUTCH_TITLE,
    GROUP_DUTCH_SUMMARY,
)


@pytest.fixture
def world(library_world):
    world = library_world
    world.bibliotheek = translate_page(world.library, "nl", slug="bibliotheek", title="Bibliotheek")
    resource_translate(world.public, "nl", title=DUTCH_TITLE, summary=DUTCH_SUMMARY)
    world.group_translation = resource_translate(
        world.group_only, "nl", title=GROUP_DUTCH_TITLE, summary=GROUP_DUTCH_SUMMARY
    )
    world.untranslated = make_resource(
        title="Cobalt risk briefing", summary="Risks in cobalt mining.", languages=["en"]
    )
    return world


def _dutch_url(world, resource, title=None):
    return world.bibliotheek.resource_url_for(resource.pk, title or resource.text_in("nl").title)


def _english_url(world, resource):
    return world.library.resource_url_for(resource.pk, resource.title)


# --- what a Dutch reader sees ---


def test_the_dutch_library_lists_dutch_texts_and_marks_english_ones(client, world):
    html = client.get(world.bibliotheek.url).content.decode()

    assert world.bibliotheek.url == "/nl/bibliotheek/"
    assert f'<a href="{_dutch_url(world, world.public)}">{DUTCH_TITLE}</a>' in html
    assert f"<p>{DUTCH_SUMMARY}</p>" in html
    assert "Smelter due diligence guidance" not in html
    # No Dutch text: the English one, marked so a screen reader reads it as English.
    assert f'<a href="{_dutch_url(world, world.untranslated)}" lang="en">Cobalt risk briefing</a>' in html
    assert '<p lang="en">Risks in cobalt mining.</p>' in html


def test_an_english_reader_sees_the_english_texts(client, world):
    html = client.get(world.library.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<a href="{_english_url(world, world.public)}">Smelter due diligence guidance</a>' in html
    assert DUTCH_TITLE not in html and DUTCH_SUMMARY not in html


def test_a_dutch_interface_on_the_english_library_shows_the_dutch_texts(client, world):
    html = client.get(world.library.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert f">{DUTCH_TITLE}</a>" in html
    assert '<html lang="nl"' in html


def test_the_resource_page_in_dutch(client, world):
    response = client.get(_dutch_url(world, world.public))
    html = response.content.decode()

    assert response.status_code == 200
    assert f"<h1>{DUTCH_TITLE}</h1>" in html
    assert f"<p>{DUTCH_SUMMARY}</p>" in html
    assert f"<title>{DUTCH_TITLE}" in html
    untranslated = client.get(_dutch_url(world, world.untranslated)).content.decode()
    assert '<h1 lang="en">Cobalt risk briefing</h1>' in untranslated
    assert '<p lang="en">Risks in cobalt mining.</p>' in untranslated


def test_every_language_slug_opens_the_page_and_others_redirect_to_the_readers(client, world):
    dutch_slug_on_english_page = world.library.resource_url_for(world.public.pk, DUTCH_TITLE)
    english = client.get(dutch_slug_on_english_page, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert "<h1>Smelter due diligence guidance</h1>" in english.content.decode()
    english_slug_on_dutch_page = world.bibliotheek.resource_url_for(world.public.pk, world.public.title)
    assert client.get(english_slug_on_dutch_page).status_code == 200

    wrong = client.get(f"{world.bibliotheek.url}{world.public.pk}/old-title/")
    assert wrong.status_code == 301
    assert wrong["Location"] == _dutch_url(world, world.public)


def test_versions_are_listed_in_the_readers_language(client, world):
    newer = make_resource(
        title="Smelter due diligence guidance",
        summary="The second edition.",
        version="2.0",
        supersedes=world.public,
        languages=["en"],
    )
    html = client.get(_dutch_url(world, newer)).content.decode()

    assert f'<a href="{_dutch_url(world, world.public)}"><span>{DUTCH_TITLE}</span></a>' in html
    assert '<strong aria-current="page"><span lang="en">Smelter due diligence guidance</span> (2.0)' in html
    older = client.get(_dutch_url(world, world.public)).content.decode()
    assert "A newer version" not in older  # the interface is Dutch
    assert f'href="{_dutch_url(world, newer)}" lang="en">Smelter due diligence guidance (2.0)</a>' in older


def test_the_library_search_finds_dutch_words_and_sorts_by_the_title_shown(client, world):
    found = client.get(world.bibliotheek.url, {"q": "smelterijen"})
    assert [item.text.title for item in found.context["items"]] == [DUTCH_TITLE]

    make_resource(title="Zinc note", summary="Zinc.", languages=["en"])
    by_title = client.get(world.bibliotheek.url, {"sort": "title"})
    assert [item.text.title for item in by_title.context["items"]] == [
        "Cobalt risk briefing",
        DUTCH_TITLE,
        "Zinc note",
    ]
    in_english = client.get(world.library.url, {"sort": "title"}, HTTP_ACCEPT_LANGUAGE="en")
    assert [item.text.title for item in in_english.context["items"]] == [
        "Cobalt risk briefing",
        "Smelter due diligence guidance",
        "Zinc note",
    ]


def test_the_site_search_shows_the_dutch_texts(client, world):
    response = client.get("/search/", {"q": "smelterijen", "kind": "library"}, HTTP_ACCEPT_LANGUAGE="nl")
    hits = response.context["search"].page_obj.object_list
    assert [(hit.title, hit.language) for hit in hits] == [(DUTCH_TITLE, "nl")]
    assert hits[0].url == _dutch_url(world, world.public)
    english = client.get("/search/", {"q": "cobalt", "kind": "library"}, HTTP_ACCEPT_LANGUAGE="nl")
    html = english.content.decode()
    assert 'lang="en">Cobalt risk briefing</a>' in html


def test_a_forum_card_shows_the_dutch_texts(world):
    address = f"http://testserver{_dutch_url(world, world.public)}"
    with translation.override("nl"):
        cards = resource_cards([address], world.outsider)
    assert DUTCH_TITLE in cards[address] and "Smelter due diligence guidance" not in cards[address]
    english_address = f"http://testserver{_english_url(world, world.public)}"
    with translation.override("en"):
        cards = resource_cards([english_address], world.outsider)
    assert "Smelter due diligence guidance" in cards[english_address]


def test_the_dutch_sitemap_uses_dutch_addresses(client, world):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"{_dutch_url(world, world.public)}</loc>" in sitemap
    assert f"{_english_url(world, world.public)}</loc>" in sitemap
    assert f"/library/{world.group_only.pk}/" not in sitemap
    assert f"/bibliotheek/{world.group_only.pk}/" not in sitemap


def test_the_switcher_keeps_the_resource(client, world):
    response = client.post(
        reverse("switch_language"),
        {"language": "nl", "page": world.library.pk, "next": _english_url(world, world.public)},
        HTTP_ORIGIN="http://testserver",
    )
    assert response["Location"] == world.bibliotheek.resource_url_for(world.public.pk, world.public.title)
    assert client.get(response["Location"]).status_code == 200
    back = client.post(
        reverse("switch_language"),
        {"language": "en", "page": world.bibliotheek.pk, "next": f"{_dutch_url(world, world.public)}?x=1"},
        HTTP_ORIGIN="http://testserver",
    )
    assert back["Location"] == world.library.resource_url_for(world.public.pk, DUTCH_TITLE)
    odd = client.post(
        reverse("switch_language"),
        {"language": "nl", "page": world.library.pk, "next": "/library/<script>/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert odd["Location"] == world.bibliotheek.url


def test_a_resource_page_names_the_same_resource_in_the_other_language(client, world):
    dutch = _dutch_url(world, world.public)
    html = client.get(dutch).content.decode()
    slug_path = dutch.removeprefix(world.bibliotheek.url)

    assert re.search(rf'hreflang="en" href="[^"]*{world.library.url}{slug_path}"', html)
    assert re.search(rf'hreflang="nl" href="[^"]*{dutch}"', html)
    index = client.get(world.bibliotheek.url).content.decode()
    assert re.search(rf'hreflang="en" href="[^"]*{world.library.url}"', index)


# --- a translation never changes who may see a resource ---


def _group_addresses(world):
    resource = world.group_only
    return [
        _english_url(world, resource),
        world.library.resource_url_for(resource.pk, GROUP_DUTCH_TITLE),
        world.bibliotheek.resource_url_for(resource.pk, GROUP_DUTCH_TITLE),
        world.bibliotheek.resource_url_for(resource.pk, resource.title),
        f"{world.bibliotheek.url}{resource.pk}/anything/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_dutch_reader_without_access_finds_no_text_of_a_group_resource(client, world, who):
    if who == "outsider":
        client.force_login(world.outsider)
    pages = [
        client.get(world.bibliotheek.url),
        client.get(world.library.url, HTTP_ACCEPT_LANGUAGE="nl"),
        client.get(world.bibliotheek.url, {"q": "klachtenregeling"}),
        client.get(world.bibliotheek.url, {"q": "grievance"}),
        client.get("/search/", {"q": "klachtenregeling"}, HTTP_ACCEPT_LANGUAGE="nl"),
        client.get("/search/", {"q": "grievance"}, HTTP_ACCEPT_LANGUAGE="nl"),
        client.get("/sitemap.xml"),
    ]
    for response in pages:
        html = response.content.decode()
        assert not any(text in html for text in GROUP_TEXTS), response.request["PATH_INFO"]
    for address in _group_addresses(world):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 404, address
        assert not any(text in response.content.decode() for text in GROUP_TEXTS)
    file_url = reverse("library_file", kwargs={"pk": world.group_only.pk, "name": world.group_only.file_name})
    assert client.get(file_url, HTTP_ACCEPT_LANGUAGE="nl").status_code == 404
    user = world.outsider if who == "outsider" else None
    from django.contrib.auth.models import AnonymousUser

    with translation.override("nl"):
        cards = resource_cards(
            [f"http://testserver{address}" for address in _group_addresses(world)], user or AnonymousUser()
        )
    assert cards == {}


def test_the_id_of_a_translation_opens_no_group_text(client, world):
    """A translation has no address of its own: its id is only ever read as a resource's id."""
    translation_id = world.group_translation.pk
    for base in (world.bibliotheek.url, world.library.url):
        response = client.get(f"{base}{translation_id}/{'model-voor-een-klachtenregeling'}/")
        assert response.status_code in {301, 404}
        if response.status_code == 301:
            response = client.get(response["Location"])
        assert not any(text in response.content.decode() for text in GROUP_TEXTS)


def test_a_member_and_the_secretariat_read_the_dutch_texts_of_the_group_resource(client, world):
    for user in (world.member, world.secretariat):
        client.force_login(user)
        listing = client.get(world.bibliotheek.url).content.decode()
        assert GROUP_DUTCH_TITLE in listing and "Grievance mechanism template" not in listing
        page = client.get(_dutch_url(world, world.group_only))
        assert page.status_code == 200
        assert f"<h1>{GROUP_DUTCH_TITLE}</h1>" in page.content.decode()
        file_url = reverse(
            "library_file", kwargs={"pk": world.group_only.pk, "name": world.group_only.file_name}
        )
        download = client.get(file_url)
        assert download.status_code == 200
        b"".join(download.streaming_content)  # read to the end, as a browser does; the client then closes it


def test_a_translation_carries_no_access_file_or_version_of_its_own(world):
    fields = {field.name for field in ResourceTranslation._meta.get_fields()}
    assert fields == {"id", "resource", "language", "title", "summary"}
    # Translating leaves who may see the resource, its file and its versions as they were.
    kept = Resource.objects.values("audience", "group_id", "file", "supersedes_id")
    before = kept.get(pk=world.group_only.pk)
    resource_translate(world.group_only, "nl", title="Nieuwe titel", summary="Nieuwe samenvatting.")
    after = kept.get(pk=world.group_only.pk)
    assert before == after
    assert ResourceTranslation.objects.filter(resource=world.group_only).count() == 1


# --- cost ---


def _queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "guidance"}, {"sort": "title"}])
def _add_resources(world, numbers) -> None:
    for number in numbers:
        resource = make_resource(
            title=f"Guidance {number}",
            summary="More guidance.",
            languages=["en"],
            published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            audience=Audience.GROUP if number % 2 else Audience.PUBLIC,
            group=world.group if number % 2 else None,
        )
        if number % 3:
            resource_translate(
                resource, "nl", title=f"Handleiding {number}", summary="Meer uitleg (guidance)."
            )


@pytest.mark.parametrize("params", [{}, {"q": "guidance"}, {"sort": "title"}])
def test_the_dutch_listing_costs_the_same_for_ten_or_many_translated_resources(client, world, params):
    client.force_login(world.member)
    url = f"{world.bibliotheek.url}?{'&'.join(f'{k}={v}' for k, v in params.items())}"
    _add_resources(world, range(10))
    client.get(url)  # warm Wagtail's site and page caches
    ten = _queries(client, url)
    _add_resources(world, range(10, 60))
    many = client.get(url)
    assert many.context["result_count"] >= 60
    if not params:
        assert "Handleiding 59" in many.content.decode()
    assert _queries(client, url) == ten


# --- the admin ---


def test_the_secretariat_gives_a_resource_its_dutch_texts_in_the_admin(client, world):
    client.force_login(world.secretariat)
    resource = world.untranslated
    data = {
        "title": resource.title,
        "summary": resource.summary,
        "kind": resource.kind,
        "published_on": "2025-03-01",
        "link_url": resource.link_url,
        "recording_url": "",
        "publisher_name": "",
        "version": "",
        "audience": "public",
        "translations": inline_formset(
            [{"language": "nl", "title": "Risico's van kobalt", "summary": "Risico's in de kobaltwinning."}]
        ),
        "uses": inline_formset([]),
        "citations": inline_formset([]),
    }
    url = f"/admin/snippets/library/resource/edit/{resource.pk}/"
    response = client.post(url, {**nested_form_data(data), "languages": ["en"]})

    assert response.status_code == 302, response.content.decode()[:1000]
    assert resource.translations.get().title == "Risico's van kobalt"
    found = client.get(world.bibliotheek.url, {"q": "kobaltwinning"})
    assert [item.text.title for item in found.context["items"]] == ["Risico's van kobalt"]
    form = client.get(url).content.decode()
    assert "Title and summary in other languages" in form

    data["translations"] = inline_formset([{"language": "xx", "title": "?", "summary": "?"}])
    refused = client.post(url, {**nested_form_data(data), "languages": ["en"]})
    assert refused.status_code == 200
    assert resource.translations.get().title == "Risico's van kobalt"
