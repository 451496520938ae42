"""The library through the API in the reader's language (issue 20): with `Accept-Language: nl` an item's title
and summary are its Dutch translation when the secretariat wrote one, `text_language` says which language they
are in, and `url` is the resource's page in the Dutch library when there is one. A translation never makes a
hidden resource reachable: not by id, slug, list, search or as another resource's version, in any language."""

import datetime
import json
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.i18n.translations import translate_page
from library.models import LibraryPage, Resource, ResourceTranslation
from library.models.resources import resource_slug
from library.services import resource_translate
from tests.api.conftest import SECRET, library_resource
from tests.api.test_access_matrix import get_json
from tests.factories.working_groups import make_secretariat_user

LIST = "library-resources"
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
GUIDANCE_NL = ("Richtlijn voor smelterijen", "Zo controleert u de smelterijen.")
CHECKLIST_NL = "Auditlijst"
HIDDEN_NL = f"{SECRET} sjabloon van de besloten groep"
DRAFT_NL = f"{SECRET} concept richtlijn smelterijen 3"


def get(client, path, status=200, **headers):
    response = client.get(path, **headers)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    return response


@pytest.fixture
def texts(world):
    resource_translate(world.library["guidance"], "nl", title=GUIDANCE_NL[0], summary=GUIDANCE_NL[1])
    resource_translate(world.library["new"], "nl", title=CHECKLIST_NL, summary="De tweede versie.")
    resource_translate(world.library["closed_group"], "nl", title=HIDDEN_NL, summary=f"{SECRET} samenvatting")
    resource_translate(world.library["secret_newer"], "nl", title=DRAFT_NL, summary=f"{SECRET} concept")
    return world


@pytest.fixture
def bibliotheek(texts):
    return translate_page(LibraryPage.objects.get(), "nl", slug="bibliotheek", title="Bibliotheek")


def test_a_dutch_reader_gets_the_dutch_texts_and_the_dutch_library_page(client, texts, bibliotheek):
    guidance = texts.library["guidance"]
    response = get(client, f"/api/v1/{LIST}/{guidance.pk}/", **NL)
    assert response["Content-Language"] == "nl"
    data = response.json()
    assert (data["title"], data["summary"], data["text_language"]) == (*GUIDANCE_NL, "nl")
    assert data["slug"] == "smelter-guidance"  # the resource's own, the same in every language
    path = urlsplit(data["url"]).path
    assert path == f"/nl/bibliotheek/{guidance.pk}/{resource_slug(GUIDANCE_NL[0])}/"
    assert GUIDANCE_NL[0] in get(client, path).content.decode()

    english = get_json(client, f"/api/v1/{LIST}/{guidance.pk}/")
    assert (english["title"], english["text_language"]) == ("Smelter guidance", "en")
    assert urlsplit(english["url"]).path == f"/library/{guidance.pk}/smelter-guidance/"


def test_an_untranslated_resource_is_in_its_own_language_and_versions_follow(client, texts, bibliotheek):
    by_id = {
        item["id"]: item for item in get(client, f"/api/v1/{LIST}/?page_size=100", **NL).json()["results"]
    }
    training = by_id[texts.library["open_group"].pk]
    assert (training["title"], training["text_language"]) == ("Open group training", "en")
    assert urlsplit(training["url"]).path.startswith("/nl/bibliotheek/")
    old, new = texts.library["old"], texts.library["new"]
    assert by_id[new.pk]["title"] == CHECKLIST_NL
    older = get(client, f"/api/v1/{LIST}/{old.pk}/", **NL).json()
    assert older["title"] == "Audit checklist" and older["text_language"] == "en"
    assert older["superseded_by"]["title"] == CHECKLIST_NL
    assert urlsplit(older["superseded_by"]["url"]).path == f"/nl/bibliotheek/{new.pk}/auditlijst/"
    assert get(client, f"/api/v1/{LIST}/by-slug/audit-checklist/", **NL).json()["id"] == new.pk


def test_without_a_dutch_library_the_dutch_text_links_the_english_library(client, texts):
    guidance = texts.library["guidance"]
    data = get(client, f"/api/v1/{LIST}/{guidance.pk}/", **NL).json()
    assert data["title"] == GUIDANCE_NL[0] and data["text_language"] == "nl"
    path = urlsplit(data["url"]).path
    assert path == f"/library/{guidance.pk}/smelter-guidance/"
    assert get(client, path).status_code == 200


@pytest.mark.parametrize("who", ["nobody", "secretariat"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_translated_hidden_resource_stays_hidden_in_every_language(
    client, texts, bibliotheek, who, language
):
    """The closed group's template and the private group's newer version, both translated into Dutch: not
    listed, found, opened or named as a version, whatever the language asked, with or without a session."""
    if who == "secretariat":
        client.force_login(make_secretariat_user())
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    closed, draft, guidance = (texts.library[k] for k in ("closed_group", "secret_newer", "guidance"))
    paths = [
        f"/api/v1/{LIST}/?page_size=100",
        f"/api/v1/{LIST}/?page_size=100&q=sjabloon",
        f"/api/v1/{LIST}/?page_size=100&q=concept",
        f"/api/v1/{LIST}/?page_size=100&mineral=tin",
        f"/api/v1/{LIST}/?page_size=100&ordering=title",
        f"/api/v1/{LIST}/{guidance.pk}/",
    ]
    for path in paths:
        body = get(client, path, **headers).content.decode()
        assert SECRET not in body and HIDDEN_NL not in body and DRAFT_NL not in body, path
        assert closed.pk not in [item["id"] for item in json.loads(body).get("results", [])]
    assert get(client, f"/api/v1/{LIST}/{guidance.pk}/", **headers).json()["superseded_by"] is None
    for hidden in (closed, draft):
        get(client, f"/api/v1/{LIST}/{hidden.pk}/", 404, **headers)
        for title in (hidden.title, hidden.translations.get().title):
            get(client, f"/api/v1/{LIST}/by-slug/{resource_slug(title)}/", 404, **headers)


def test_a_dutch_list_costs_the_same_queries_with_more_translated_resources(
    client, texts, bibliotheek, django_assert_num_queries
):
    path = f"/api/v1/{LIST}/?page_size=100"
    get(client, path, **NL)  # warms Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        get(client, path, **NL)
    resources = []
    for n in range(30):
        older = library_resource(f"Report {n}", published_on=datetime.date(2024, 1, 1))
        resources.append(library_resource(f"Report {n}", version="2", supersedes=older))
        ResourceTranslation.objects.bulk_create(
            ResourceTranslation(resource=r, language="nl", title=f"Verslag {n}", summary="Samenvatting.")
            for r in (older, resources[-1])
        )
    with django_assert_num_queries(len(few.captured_queries)):
        results = get(client, path, **NL).json()["results"]
    dutch = [item for item in results if item["title"].startswith("Verslag")]
    assert len(dutch) == 30 and all(item["supersedes"]["title"] == item["title"] for item in dutch)
    assert Resource.objects.count() > 60
