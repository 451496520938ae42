"""The library's OECD-step facet in the reader's language: one option per step (Dutch words for Dutch
readers, English for a step nobody translated), counting and filtering resources linked to any translation
of a step, and a resource's page naming its steps in the reader's language."""

from django.db import connection
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest

from commitments.models import DueDiligenceStep
from library.models import Resource
from tests.library.conftest import make_resource


@pytest.fixture
def stepped(library_world):
    remediation = DueDiligenceStep.objects.originals().get(number=6)
    herstel = remediation.copy_for_translation(Locale.objects.get(language_code="nl"))
    herstel.name = "Herstel bieden of daaraan meewerken"
    herstel.save()
    linked = make_resource(title="Remediation funds", steps=[remediation])
    odd = make_resource(title="Herstelfondsen")
    Resource.due_diligence_steps.through.objects.create(resource=odd, duediligencestep=herstel)
    make_resource(title="Tracking guide", steps=DueDiligenceStep.objects.originals().filter(number=4))
    return linked, odd


def _step_facet(response) -> dict[str, tuple[str, int]]:
    (group,) = [group for group in response.context["facets"] if group.name == "step"]
    return {option.value: (option.label, option.count) for option in group.options}


@pytest.mark.parametrize(
    ("language", "six", "four"),
    [
        ("nl", "6. Herstel bieden of daaraan meewerken", "4. Track implementation and results"),
        ("en", "6. Provide for or cooperate in remediation", "4. Track implementation and results"),
    ],
)
def test_the_step_facet_offers_each_step_once_in_the_readers_language(
    client, library_world, stepped, language, six, four
):
    client.cookies["django_language"] = language
    response = client.get(library_world.library.url)
    assert _step_facet(response) == {"4": (four, 1), "6": (six, 2)}
    filtered = client.get(library_world.library.url, {"step": "6"})
    titles = {item.resource.title for item in filtered.context["items"]}
    assert titles == {"Remediation funds", "Herstelfondsen"}


def test_a_resource_page_names_its_steps_in_the_readers_language(client, library_world, stepped):
    linked, _odd = stepped
    url = library_world.library.resource_url_for(linked.pk, linked.title)
    client.cookies["django_language"] = "nl"
    assert "6. Herstel bieden of daaraan meewerken" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "6. Provide for or cooperate in remediation" in client.get(url).content.decode()


def test_the_dutch_library_costs_the_same_queries_with_more_resources(client, library_world, stepped):
    client.cookies["django_language"] = "nl"
    url = library_world.library.url
    client.get(url)  # warm Wagtail's caches and the Dutch labels

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"step": "6"}).status_code == 200
        return len(captured)

    few = queries()
    for number in range(15):
        make_resource(title=f"Guidance {number}", steps=DueDiligenceStep.objects.originals().filter(number=6))
    assert queries() == few


def test_a_resource_links_original_steps_and_themes_only(db):
    """The admin's resource form offers each step and theme once, as its default-language row."""
    from tests.factories.working_groups import ThemeFactory

    dutch = Locale.objects.get(language_code="nl")
    theme = ThemeFactory(name="Recycling", slug="recycling")
    hergebruik = theme.copy_for_translation(dutch)
    hergebruik.name = "Hergebruik"
    hergebruik.save()
    step = DueDiligenceStep.objects.originals().get(number=2)
    identificeren = step.copy_for_translation(dutch)
    identificeren.name = "Identificeren en beoordelen van negatieve gevolgen"
    identificeren.save()
    for name, original, translated in (
        ("themes", theme, hergebruik),
        ("due_diligence_steps", step, identificeren),
    ):
        choices = modelform_factory(Resource, fields=[name])().fields[name].queryset
        assert original in choices and translated not in choices
