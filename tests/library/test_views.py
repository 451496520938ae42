"""The library page: facets with counts, sorting, search inside files, pagination, a resource's page, and what
the library adds to event and commitment pages. Lists cost the same number of queries for 1 or many."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from library.choices import Audience, CitationPurpose, ResourceKind, UseRole
from library.models import ResourceCitation, ResourceUse
from tests.library.conftest import make_resource, pdf_upload

pytestmark = pytest.mark.django_db


def _titles(response):
    return [item.resource.title for item in response.context["items"]]


def _facet(response, name):
    return {
        option.value: option.count
        for group in response.context["facets"]
        if group.name == name
        for option in group.options
    }


def test_facets_count_what_each_choice_would_give(client, library_world):
    make_resource(title="Cobalt tool", kind=ResourceKind.TOOL, minerals=["cobalt"], languages=["nl"])
    response = client.get(library_world.library.url)

    assert _facet(response, "kind") == {"guidance": 1, "tool": 1}
    assert _facet(response, "mineral") == {"tin": 1, "cobalt": 1}  # the group's gold template is hidden

    filtered = client.get(library_world.library.url, {"mineral": "cobalt"})
    assert _titles(filtered) == ["Cobalt tool"]
    # Within a facet the counts stay those of the other values: ticking "tin" too would add one.
    assert _facet(filtered, "mineral") == {"tin": 1, "cobalt": 1}
    assert _facet(filtered, "language") == {"nl": 1}
    both = client.get(library_world.library.url, {"mineral": ["cobalt", "tin"]})
    assert sorted(_titles(both)) == ["Cobalt tool", "Smelter due diligence guidance"]


def test_bad_filter_values_are_left_out_with_a_message(client, library_world):
    response = client.get(library_world.library.url, {"kind": "spaceship", "sort": "sideways"})

    assert response.status_code == 200
    assert "This filter was left out." in response.content.decode()
    assert _titles(response) == ["Smelter due diligence guidance"]


def test_search_finds_a_word_inside_the_pdf_and_sorts_by_best_match(client, library_world):
    make_resource(
        title="Cassiterite",
        summary="Cassiterite in the title.",
        file=pdf_upload("c.pdf", "Cassiterite", "cassiterite cassiterite"),
        link_url="",
    )
    response = client.get(library_world.library.url, {"q": "cassiterite"})

    assert response.context["filterset"].form.cleaned_data["sort"] == "relevance"
    assert sorted(_titles(response)) == ["Cassiterite", "Smelter due diligence guidance"]
    assert _titles(client.get(library_world.library.url, {"q": "cassiterite", "sort": "title"})) == [
        "Cassiterite",
        "Smelter due diligence guidance",
    ]
    assert _titles(client.get(library_world.library.url, {"q": "unobtainium"})) == []


def test_sorting_and_pagination(client, library_world):
    for number in range(13):
        make_resource(title=f"Note {number:02}", published_on=datetime.date(2020, 1, number + 1))
    first = client.get(library_world.library.url, {"sort": "oldest"})
    second = client.get(library_world.library.url, {"sort": "oldest", "page": 2})

    assert _titles(first)[:2] == ["Note 00", "Note 01"]
    assert len(_titles(first)) == 12
    assert _titles(second) == ["Note 12", "Smelter due diligence guidance"]
    assert "sort=oldest&amp;page=2" in first.content.decode()


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "guidance"}, {"mineral": "tin", "kind": "guidance"}])
def test_library_queries_do_not_grow_with_the_number_of_resources(client, library_world, params):
    client.force_login(library_world.member)
    client.get(library_world.library.url)  # warm Wagtail's site and page caches
    few = _queries(client, library_world.library.url, params)
    for number in range(20):
        make_resource(
            title=f"Guidance {number}",
            summary="More guidance.",
            minerals=["tin", "gold"],
            languages=["en"],
            audience=Audience.GROUP if number % 2 else Audience.PUBLIC,
            group=library_world.group if number % 2 else None,
        )
    assert _queries(client, library_world.library.url, params) == few


def test_site_search_queries_do_not_grow_with_the_number_of_resources(client, library_world):
    client.get("/search/", {"q": "guidance"})
    few = _queries(client, "/search/", {"q": "guidance"})
    for number in range(20):
        make_resource(title=f"Guidance {number}", summary="More guidance.", languages=["en"])
    assert _queries(client, "/search/", {"q": "guidance"}) == few
    assert _queries(client, "/search/", {"q": "guidance", "kind": "library"}) <= few + 2


def test_resource_page_shows_details_preview_versions_and_usage(client, library_world):
    old = library_world.public
    new = make_resource(
        title=old.title,
        summary="The second edition.",
        file=pdf_upload("v2.pdf", "Second edition", "Now with grievance checklists."),
        link_url="",
        version="2.0",
        supersedes=old,
    )
    base = library_world.library

    old_page = client.get(base.resource_url_for(old.pk, old.title)).content.decode()
    new_page = client.get(base.resource_url_for(new.pk, new.title)).content.decode()

    assert "A newer version of this resource exists" in old_page
    assert "Look for cassiterite from conflict areas." in old_page  # the start of the file's text
    assert f'href="/library-files/{old.pk}/smelter-guidance.pdf"' in old_page
    assert "A newer version" not in new_page
    assert "this version" in new_page
    # The list shows the newest version only.
    assert _titles(client.get(base.url)) == [old.title]


def test_an_old_slug_redirects_and_a_scan_says_it_has_no_text(client, library_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from library.demo.files import scanned_pdf_bytes

    scan = make_resource(
        title="Signed form", file=SimpleUploadedFile("scan.pdf", scanned_pdf_bytes()), link_url=""
    )
    url = library_world.library.resource_url_for(scan.pk, scan.title)

    assert client.get(url.replace("signed-form", "old-name")).status_code == 301
    assert "has no text we could read" in client.get(url).content.decode()


def test_event_and_commitment_pages_list_their_library_resources(client, library_world):
    from tests.factories.commitments import CommitmentFactory, CommitmentRegisterPageFactory
    from tests.factories.events import EventPageFactory, make_event_index

    world = library_world
    event = EventPageFactory(parent=make_event_index(world.home), title="Tin webinar")
    ResourceUse.objects.create(resource=world.public, page=event, role=UseRole.SLIDES)
    ResourceUse.objects.create(resource=world.group_only, page=event, role=UseRole.MATERIAL)
    register = CommitmentRegisterPageFactory(parent=world.home)
    commitment = CommitmentFactory()
    ResourceCitation.objects.create(
        resource=world.public, commitment=commitment, purpose=CitationPurpose.GUIDANCE
    )
    ResourceCitation.objects.create(resource=world.group_only, commitment=commitment)

    event_html = client.get(event.url).content.decode()
    commitment_html = client.get(register.commitment_url(commitment)).content.decode()
    detail_html = client.get(
        world.library.resource_url_for(world.public.pk, world.public.title)
    ).content.decode()

    assert "In the library" in event_html
    assert world.public.title in event_html
    assert world.group_only.title not in event_html
    assert "Guidance and evidence from the library" in commitment_html
    assert world.public.title in commitment_html
    assert world.group_only.title not in commitment_html
    assert "Tin webinar" in detail_html
    assert commitment.title in detail_html
    client.force_login(world.member)
    assert world.group_only.title in client.get(event.url).content.decode()


def test_site_search_puts_resources_in_the_visitors_language_first(client, library_world):
    make_resource(title="Wolfram guide", summary="Wolfram wolfram wolfram in English.", languages=["en"])
    make_resource(title="Handleiding", summary="Over wolfram, in het Nederlands.", languages=["nl"])

    def library_hits(language):
        response = client.get("/search/", {"q": "wolfram", "kind": "library"}, HTTP_ACCEPT_LANGUAGE=language)
        return [(hit.title, hit.language) for hit in response.context["search"].page_obj.object_list]

    assert library_hits("en") == [("Wolfram guide", "en"), ("Handleiding", "nl")]
    assert library_hits("nl") == [("Handleiding", "nl"), ("Wolfram guide", "en")]
    html = client.get(
        "/search/", {"q": "wolfram", "kind": "library"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'lang="nl">Handleiding</a>' in html
