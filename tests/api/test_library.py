"""The knowledge library through the API: what an item holds, the library page's filters and sorting, and
the moves that could reach a resource an anonymous visitor may not see (a newer version of a private group,
a closed group's template behind a facet, a search, a sort, a guessed file address)."""

import json
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import SECRET
from tests.api.test_access_matrix import get_json, listed_ids
from tests.factories.working_groups import make_secretariat_user

LIST = "library-resources"


def ids_of(client, query):
    return listed_ids(client, LIST, query)


def test_an_item_holds_the_pages_public_fields(world, client):
    guidance = world.library["guidance"]
    data = get_json(client, f"/api/v1/{LIST}/{guidance.pk}/")
    assert data["title"] == "Smelter guidance" and data["slug"] == "smelter-guidance"
    assert data["kind"] == "guidance" and data["kind_label"] == "Guidance"
    assert [tag["value"] for tag in data["languages"]] == ["en", "nl"]
    assert data["minerals"] == [{"value": "tin", "label": "Tin"}]
    assert data["regions"] == [{"value": "great_lakes", "label": "African Great Lakes"}]
    assert [tag["value"] for tag in data["stakeholder_types"]] == ["company"]
    assert data["themes"] == [{"slug": "responsible-sourcing", "name": "Responsible sourcing"}]
    assert data["publisher"]["name"] == "Nordvik Mining"
    assert data["publisher"]["party"]["slug"] == "nordvik-mining"
    assert data["version"] == "2.0" and data["published_on"] == "2025-03-01"
    assert urlsplit(data["url"]).path == f"/library/{guidance.pk}/smelter-guidance/"
    assert data["file_url"] == f"http://testserver/library-files/{guidance.pk}/smelter-guidance.pdf"
    assert data["file_type"] == "application/pdf" and data["file_size"] > 0
    assert client.get(urlsplit(data["url"]).path).status_code == 200
    download = client.get(urlsplit(data["file_url"]).path)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    b"".join(download.streaming_content)
    assert "extracted_text" not in data and "Check the smelters" not in json.dumps(data)
    assert "audience" not in data


def test_an_outside_publisher_and_a_recording(world, client):
    old = get_json(client, f"/api/v1/{LIST}/{world.library['old'].pk}/")
    assert old["publisher"] == {"name": "OECD", "party": None}
    assert old["link_url"] == "https://example.org/checklist-1" and old["file_url"] == ""
    training = get_json(client, f"/api/v1/{LIST}/{world.library['open_group'].pk}/")
    assert training["recording"]["embed_url"].startswith("https://www.youtube-nocookie.com/")
    assert training["group"]["slug"] == "open-tin"


def test_versions_link_both_ways_and_the_list_shows_the_newest(world, client):
    old, new = world.library["old"], world.library["new"]
    assert old.pk not in ids_of(client, "") and new.pk in ids_of(client, "")
    newer = get_json(client, f"/api/v1/{LIST}/{new.pk}/")
    assert newer["supersedes"]["id"] == old.pk and newer["superseded_by"] is None
    older = get_json(client, f"/api/v1/{LIST}/{old.pk}/")
    assert older["superseded_by"]["id"] == new.pk and older["supersedes"] is None
    assert older["superseded_by"]["url"].endswith(f"/library/{new.pk}/audit-checklist/")
    # Both versions share the slug: it names the one the list shows.
    assert get_json(client, f"/api/v1/{LIST}/by-slug/audit-checklist/")["id"] == new.pk


@pytest.mark.parametrize("who", ["nobody", "secretariat"])
def test_a_hidden_newer_version_never_leaks_through_the_public_one(world, client, who):
    """A private group's newer version of a public resource: the public one stays listed and current, and
    neither its detail, nor the list, nor its slug names the newer one."""
    if who == "secretariat":
        client.force_login(make_secretariat_user())
    guidance, secret = world.library["guidance"], world.library["secret_newer"]
    data = get_json(client, f"/api/v1/{LIST}/{guidance.pk}/")
    assert data["superseded_by"] is None
    assert guidance.pk in ids_of(client, "")
    assert get_json(client, f"/api/v1/{LIST}/by-slug/smelter-guidance/")["id"] == guidance.pk
    body = client.get(f"/api/v1/{LIST}/?page_size=100").content.decode()
    assert SECRET not in body and secret.file_name not in body
    client.logout()  # the file view (not the API) reads the session: anonymous may not fetch the file
    assert client.get(f"/library-files/{secret.pk}/{secret.file_name}").status_code == 404


def test_the_library_pages_filters_reach_only_visible_resources(world, client):
    guidance, closed = world.library["guidance"], world.library["closed_group"]
    assert ids_of(client, "&mineral=tin") == [guidance.pk]
    assert ids_of(client, "&theme=responsible-sourcing") == [guidance.pk]
    assert ids_of(client, "&kind=template") == []
    assert closed.pk not in ids_of(client, "&language=en&region=great_lakes")
    assert ids_of(client, f"&q={SECRET}") == []
    assert ids_of(client, "&q=closed+group+template") == []
    assert ids_of(client, "&kind=recording") == [world.library["open_group"].pk]


def test_search_keeps_best_match_first_and_sorting_is_the_pages(world, client):
    assert ids_of(client, "&q=smelter") == [world.library["guidance"].pk]
    expected = {item.pk for item in world.visible[LIST]}
    for ordering in ("title", "-title", "published_on", "-updated_at", "id"):
        assert set(ids_of(client, f"&ordering={ordering}")) == expected
    titles = [item["title"] for item in get_json(client, f"/api/v1/{LIST}/?sort=title")["results"]]
    assert titles == sorted(titles)
    oldest = get_json(client, f"/api/v1/{LIST}/?sort=oldest")["results"]
    assert [item["published_on"] for item in oldest] == sorted(item["published_on"] for item in oldest)


def test_bad_filters_are_json_400s(world, client):
    assert "kind" in get_json(client, f"/api/v1/{LIST}/?kind=novel", 400)
    assert "theme" in get_json(client, f"/api/v1/{LIST}/?theme=no-such-theme", 400)
    assert "ordering" in get_json(client, f"/api/v1/{LIST}/?ordering=extracted_text", 400)
    assert "sort" in get_json(client, f"/api/v1/{LIST}/?sort=audience", 400)
