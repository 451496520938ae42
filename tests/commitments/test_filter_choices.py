"""The register's filter form offers its choice lists from the shared cache (commitments.filter_choices):
read once, offered again without a query, cleared by every write that changes them (so a new theme, party,
group, step or target is offered at once), per language, and a private group is offered only to those who
may see it, whoever filled the cache."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale, PageViewRestriction

import pytest

from commitments import filter_choices
from commitments.models import DueDiligenceStep, SdgTarget
from commitments.services import commitments as services
from tests.factories.commitments import CommitmentFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, ThemeFactory, add_member, make_group
from working_groups.choices import Visibility
from working_groups.models import Theme, WorkingGroupIndexPage

pytestmark = pytest.mark.django_db


def options(response, name: str) -> dict[str, str]:
    """value -> label of the select `name` on the page (the empty choice left out)."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    return {value: label for value, label in found if value}


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_lists_are_read_once_then_served_from_the_cache(client, covenant, monkeypatch):
    url = covenant.register.url
    reads = []
    read = filter_choices._read
    monkeypatch.setattr(filter_choices, "_read", lambda: reads.append(1) or read())
    client.get(url)  # Wagtail's own per-process caches
    filter_choices.register_choices_clear()
    reads.clear()
    cold = query_count(client, url)
    warm = query_count(client, url)
    assert len(reads) == 1
    assert cold == warm + 6  # themes, parties, view restrictions and groups, steps, targets
    response = client.get(url)
    assert len(reads) == 1
    assert options(response, "party") == {"nordvik-mining": "Nordvik Mining"}
    assert options(response, "step")["2"] == str(DueDiligenceStep.objects.get(number=2))
    assert set(options(response, "sdg")) == set(SdgTarget.objects.values_list("code", flat=True))


def test_a_new_theme_step_and_target_are_offered_at_once(client, covenant):
    url = covenant.register.url
    client.get(url)
    ThemeFactory(name="Recycling & repair", slug="recycling")
    DueDiligenceStep.objects.create(number=7, name="Report publicly")
    SdgTarget.objects.create(code="17.99", title="A target added later")
    response = client.get(url)
    assert options(response, "theme")["recycling"] == "Recycling &amp; repair"
    assert options(response, "step")["7"] == "7. Report publicly"
    assert options(response, "sdg")["17.99"] == "17.99 A target added later"
    Theme.objects.filter(slug="recycling").get().delete()
    assert "recycling" not in options(client.get(url), "theme")


def test_a_party_is_offered_once_its_commitment_is_published(client, covenant, committed):
    """Through the services: a draft's new party is not offered; approving the commitment offers it."""
    url = covenant.register.url
    client.get(url)
    newcomer = OrganisationFactory(name="Tin Traders Alliance", slug="tin-traders")
    member, secretariat = covenant.user("party_member"), covenant.user("secretariat")
    with committed():
        commitment = services.commitment_create(
            actor=member,
            fields={
                "title": "Trace tin to the mine",
                "description": "Every batch with its mine of origin.",
                "kind": "ordinary",
                "parties": [covenant.parties["company"], newcomer],
                "group": None,
                "visibility": "public",
                "themes": [],
                "due_diligence_steps": [],
                "sdg_targets": [],
                "start_date": datetime.date(2025, 1, 1),
                "target_date": datetime.date(2027, 1, 1),
                "status": "planned",
                "contact_person": None,
            },
        )
        services.commitment_submit(actor=member, commitment=commitment)
    assert "tin-traders" not in options(client.get(url), "party")
    with committed():
        services.commitment_approve(actor=secretariat, commitment=commitment)
    assert options(client.get(url), "party")["tin-traders"] == "Tin Traders Alliance"
    commitment.parties.remove(newcomer)
    assert "tin-traders" not in options(client.get(url), "party")
    newcomer.name = "Renamed"
    newcomer.save()
    covenant.commitments["public"].parties.add(newcomer)
    assert options(client.get(url), "party")["tin-traders"] == "Renamed"


def test_a_group_is_offered_once_published_and_no_longer_once_private_unpublished_or_restricted(
    client, covenant
):
    url = covenant.register.url
    client.get(url)
    index = WorkingGroupIndexPage.objects.get()
    group = make_group(index, Visibility.OPEN, title="Smelter engagement")
    assert options(client.get(url), "group")[str(group.pk)] == "Smelter engagement"

    group.visibility = Visibility.PRIVATE
    group.save_revision().publish()
    assert str(group.pk) not in options(client.get(url), "group")

    group.visibility = Visibility.OPEN
    group.save_revision().publish()
    assert str(group.pk) in options(client.get(url), "group")
    group.unpublish()
    assert str(group.pk) not in options(client.get(url), "group")

    group.save_revision().publish()
    assert str(group.pk) in options(client.get(url), "group")
    restriction = PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert options(client.get(url), "group") == {}
    restriction.delete()
    assert str(group.pk) in options(client.get(url), "group")


@pytest.mark.parametrize("first", ["secretariat", "group_member", "anonymous"])
def test_a_private_group_is_offered_only_to_those_who_may_see_it(client, covenant, first):
    """Whoever fills the cache, each reader is offered the groups they may see."""
    url = covenant.register.url
    private = str(covenant.groups["private"].pk)
    public = {str(covenant.groups["open"].pk), str(covenant.groups["closed"].pk)}
    stranger = UserFactory()
    add_member(covenant.groups["open"], stranger)
    readers = {
        first: covenant.user(first),
        "anonymous": None,
        "outsider": covenant.user("outsider"),
        "member_of_another_group": stranger,
        "group_member": covenant.user("group_member"),
        "secretariat": covenant.user("secretariat"),
    }
    filter_choices.register_choices_clear()
    for persona, person in readers.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        offered = set(options(client.get(url), "group"))
        allowed = persona in ("group_member", "secretariat")
        assert offered == (public | {private} if allowed else public), persona


def test_a_private_group_submitted_by_someone_who_may_not_see_it_is_refused(client, covenant):
    response = client.get(covenant.register.url, {"group": covenant.groups["private"].pk})
    assert response.status_code == 400
    assert response.context["commitments"].object_list == []


def test_each_language_has_its_own_theme_labels(client, covenant):
    gender = ThemeFactory(name="Gender", slug="gender")
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    client.get(covenant.register.url)
    Theme.objects.create(
        name="Gender (NL)", slug="gender", locale=dutch, translation_key=gender.translation_key
    )
    with translation.override("en"):
        assert options(client.get(covenant.register.url), "theme") == {"gender": "Gender"}
    with translation.override("nl"):
        dutch_labels = filter_choices.choices_for("theme", None)
    assert dict(dutch_labels) == {"gender": "Gender (NL)"}


def test_a_commitment_leaving_the_register_takes_its_only_party_with_it(client, covenant):
    lone = OrganisationFactory(name="Solo Smelter", slug="solo")
    commitment = CommitmentFactory(parties=[lone])
    assert "solo" in options(client.get(covenant.register.url), "party")
    commitment.visibility = "group"
    commitment.group = covenant.groups["open"]
    commitment.save()
    assert "solo" not in options(client.get(covenant.register.url), "party")
