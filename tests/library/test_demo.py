"""The library's demo: 25+ resources in English and Dutch with files that have text inside, group-only ones,
a guide in two versions, the past webinars' materials on their event pages; a second run changes nothing."""

import io

from django.core.management import call_command

import pytest

from library.choices import Audience, Facet, TextStatus
from library.models import (
    LibraryPage,
    Resource,
    ResourceCitation,
    ResourceTag,
    ResourceTranslation,
    ResourceUse,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Resource.objects.count(),
        ResourceTag.objects.count(),
        ResourceUse.objects.count(),
        ResourceCitation.objects.count(),
    )


def test_seed_demo_fills_the_library(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    assert "library resources at /library/" in out.getvalue()
    assert Resource.objects.count() >= 25
    languages = set(ResourceTag.objects.filter(facet=Facet.LANGUAGE).values_list("value", flat=True))
    assert {"en", "nl"} <= languages
    assert Resource.objects.filter(audience=Audience.GROUP).count() >= 2
    assert Resource.objects.filter(supersedes__isnull=False).exists()
    assert Resource.objects.filter(text_status=TextStatus.TEXT).count() >= 15
    assert Resource.objects.filter(text_status=TextStatus.NO_TEXT).exists()
    assert ResourceUse.objects.exists() and ResourceCitation.objects.exists()
    library = LibraryPage.objects.get(locale__language_code="en")
    # In Dutch: the library page, and Dutch texts for a few resources (none of a group's for a visitor).
    assert ResourceTranslation.objects.filter(language="nl").count() >= 5
    gender = client.get("/nl/bibliotheek/", {"q": "gender"}).content.decode()
    assert "Genderbewuste gepaste zorgvuldigheid" in gender
    workbook = client.get("/nl/bibliotheek/", {"q": "werkboek"}).content.decode()
    assert "Werkboek voor het in kaart brengen van smelterijen" in workbook
    assert "Smelter mapping workbook" not in workbook
    clauses = client.get("/nl/bibliotheek/", {"q": "contractbepalingen"}).content.decode()
    assert "Modelcontractbepalingen" not in clauses and "Model contract clauses" not in clauses
    assert client.get(library.url, {"q": "cassiterite"}).status_code == 200
    # A word only inside a generated Dutch file finds it.
    assert "Mica uit India" in client.get("/search/", {"q": "Jharkhand"}).content.decode()
    visitor_search = client.get("/search/", {"q": "Kolwezi"}).content.decode()
    assert "Remediation case notes" not in visitor_search
