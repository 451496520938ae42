"""Every list of the API costs the same number of queries for 10 items as for 1,000 (a full page of 100
each time, with everything it embeds: parties, themes, steps, targets, indicators and their published values,
speakers, sessions, chairs, tags)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.models import NewsPage
from commitments.models import (
    Commitment,
    DueDiligenceStep,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    SdgTarget,
)
from commitments.models.choices import WorkflowState
from events.choices import EventKind
from events.models import EventPage, EventSpeaker, Speaker
from library.choices import Audience, Facet
from library.models import LibraryPage, Resource, ResourceTag
from tests.factories.cms import NewsIndexPageFactory, make_home_site
from tests.factories.commitments import CommitmentRegisterPageFactory
from tests.factories.events import EventIndexPageFactory
from tests.factories.working_groups import ThemeFactory, WorkingGroupIndexPageFactory
from working_groups.choices import Role, Visibility
from working_groups.models import Membership, Organisation, WorkingGroupPage

PAGE = "?page_size=100"


@pytest.fixture
def site(db):
    home = make_home_site()
    return {
        "home": home,
        "theme": ThemeFactory(name="Responsible sourcing", slug="responsible-sourcing"),
        "events": EventIndexPageFactory(parent=home),
        "groups": WorkingGroupIndexPageFactory(parent=home),
        "news": NewsIndexPageFactory(parent=home),
        "register": CommitmentRegisterPageFactory(parent=home),
    }


def add_parties(count: int) -> list[Organisation]:
    start = Organisation.objects.count()
    return Organisation.objects.bulk_create(
        Organisation(
            name=f"Party {start + n:05d}",
            slug=f"party-{start + n:05d}",
            stakeholder_type="company",
            country="NL",
            signatory_since=datetime.date(2022, 1, 1),
        )
        for n in range(count)
    )


def add_commitments(site, count: int) -> None:
    parties = add_parties(2)
    step, target = DueDiligenceStep.objects.first(), SdgTarget.objects.first()
    start = Commitment.objects.count()
    now = timezone.now()
    commitments = Commitment.objects.bulk_create(
        Commitment(
            title=f"Commitment {start + n}",
            description="Map smelters.",
            start_date=datetime.date(2025, 1, 1),
            target_date=datetime.date(2028, 1, 1),
            workflow_state=WorkflowState.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )
    Commitment.parties.through.objects.bulk_create(
        Commitment.parties.through(commitment=c, organisation=p) for c in commitments for p in parties
    )
    Commitment.themes.through.objects.bulk_create(
        Commitment.themes.through(commitment=c, theme=site["theme"]) for c in commitments
    )
    if step:
        Commitment.due_diligence_steps.through.objects.bulk_create(
            Commitment.due_diligence_steps.through(commitment=c, duediligencestep=step) for c in commitments
        )
    if target:
        Commitment.sdg_targets.through.objects.bulk_create(
            Commitment.sdg_targets.through(commitment=c, sdgtarget=target) for c in commitments
        )
    indicators = Indicator.objects.bulk_create(
        Indicator(commitment=c, name="Smelters", unit="%", baseline=0, target=100, sort_order=0)
        for c in commitments
    )
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            commitment=c,
            reported_on=datetime.date(2025, 6, 30),
            narrative="Half way.",
            workflow_state="published",
        )
        for c in commitments
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(update=u, indicator=i, value=Decimal(50))
        for u, i in zip(updates, indicators, strict=True)
    )


def add_events(site, count: int) -> None:
    speaker = Speaker.objects.create(name="Jo Speaker", organisation=add_parties(1)[0])
    soon = timezone.now() + datetime.timedelta(days=3)
    for n in range(count):
        kind = EventKind.CONFERENCE if n % 10 == 0 else EventKind.WEBINAR
        event = site["events"].add_child(
            instance=EventPage(
                title=f"Event {EventPage.objects.count()}",
                slug=f"event-{EventPage.objects.count()}",
                kind=kind,
                introduction="Hello.",
                start=soon + datetime.timedelta(minutes=n),
                end=soon + datetime.timedelta(minutes=n + 60),
                attendance="in_person",
                venue="Hall",
            )
        )
        event.themes.add(site["theme"])
        EventSpeaker.objects.create(page=event, speaker=speaker)
        if kind == EventKind.CONFERENCE:
            session = event.add_child(
                instance=EventPage(
                    title=f"Session of {event.pk}",
                    slug="session",
                    kind=EventKind.SESSION,
                    introduction="Hello.",
                    start=event.start,
                    end=event.end,
                    attendance="in_person",
                    venue="Hall",
                )
            )
            EventSpeaker.objects.create(page=session, speaker=speaker)


def add_groups(site, count: int) -> None:
    from tests.factories.users import UserFactory

    chair = UserFactory(first_name="Ana", last_name="Lima")
    for n in range(count):
        number = WorkingGroupPage.objects.count()
        group = site["groups"].add_child(
            instance=WorkingGroupPage(
                title=f"Group {number}",
                slug=f"group-{number}",
                introduction="Hello.",
                visibility=Visibility.CLOSED if n % 2 else Visibility.OPEN,
            )
        )
        group.themes.add(site["theme"])
        group.save()
        Membership.objects.create(group=group, user=chair, role=Role.CHAIR)


def add_news(site, count: int) -> None:
    for _n in range(count):
        number = NewsPage.objects.count()
        item = site["news"].add_child(
            instance=NewsPage(
                title=f"News {number}", slug=f"news-{number}", date=datetime.date(2025, 1, 1), summary="Hi."
            )
        )
        item.tags.add("tin")
        item.save()


def add_library(site, count: int) -> None:
    """Resources with everything a list item embeds: a party publisher, themes, a step, tags of each facet,
    an open group's resources, and versions (each tenth resource has an older version that it replaces)."""
    if not LibraryPage.objects.exists():
        site["home"].add_child(instance=LibraryPage(title="Library", slug="library"))
    party = add_parties(1)[0]
    group = WorkingGroupPage.objects.filter(visibility=Visibility.OPEN).first()
    if group is None:
        add_groups(site, 1)
        group = WorkingGroupPage.objects.get(visibility=Visibility.OPEN)
    step = DueDiligenceStep.objects.first()
    start = Resource.objects.count()
    resources = Resource.objects.bulk_create(
        Resource(
            title=f"Resource {start + n}",
            summary="Guidance.",
            kind="guidance",
            published_on=datetime.date(2025, 1, 1),
            publisher_party=party,
            audience=Audience.GROUP if n % 3 == 0 else Audience.PUBLIC,
            group=group if n % 3 == 0 else None,
            link_url="https://example.org/guidance",
        )
        for n in range(count)
    )
    older = Resource.objects.bulk_create(
        Resource(
            title=f"{r.title} v1", summary="Old.", kind="guidance", published_on=datetime.date(2024, 1, 1)
        )
        for r in resources[::10]
    )
    for newer, old in zip(resources[::10], older, strict=True):
        newer.supersedes = old
    Resource.objects.bulk_update(resources[::10], ["supersedes"])
    Resource.themes.through.objects.bulk_create(
        Resource.themes.through(resource=r, theme=site["theme"]) for r in resources
    )
    if step:
        Resource.due_diligence_steps.through.objects.bulk_create(
            Resource.due_diligence_steps.through(resource=r, duediligencestep=step) for r in resources
        )
    ResourceTag.objects.bulk_create(
        ResourceTag(resource=r, facet=facet, value=value)
        for r in resources
        for facet, value in (
            (Facet.LANGUAGE, "en"),
            (Facet.MINERAL, "tin"),
            (Facet.REGION, "global"),
            (Facet.STAKEHOLDER, "company"),
        )
    )


BUILDERS = {
    "commitments": add_commitments,
    "events": add_events,
    "parties": lambda site, count: add_parties(count),
    "groups": add_groups,
    "news": add_news,
    "library-resources": add_library,
}


@pytest.mark.parametrize("resource", list(BUILDERS))
def test_a_list_costs_the_same_queries_for_10_and_1000_items(
    site, client, resource, django_assert_num_queries
):
    build = BUILDERS[resource]
    build(site, 10)
    path = f"/api/v1/{resource}/{PAGE}"
    assert client.get(path).status_code == 200  # warms Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        small = client.get(path).json()
    assert small["count"] >= 10
    build(site, 990)
    with django_assert_num_queries(len(few.captured_queries)):
        large = client.get(path).json()
    assert large["count"] >= 1000
    assert len(large["results"]) == 100
    if resource == "events":
        assert any(event["sessions"] for event in large["results"])
    if resource == "commitments":
        assert all(item["indicators"][0]["latest_value"] == 50 for item in large["results"])
    if resource == "library-resources":
        assert any(item["supersedes"] for item in large["results"])
        assert any(item["group"] for item in large["results"])
