"""A covenant for the API tests: for each resource, things anyone may see and things nobody outside may
(private groups, members-only events, events of a private group, restricted and draft pages, group-only,
draft and submitted commitments), with secrets planted in every hidden thing so a test can look for them
anywhere in an answer."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from commitments.models.choices import CommitmentStatus, CommitmentVisibility, WorkflowState
from events.choices import AttendanceMode, EventAudience, EventKind
from events.models import EventSpeaker, Speaker
from library.choices import Audience, ResourceKind
from library.demo.files import pdf_bytes
from library.models import LibraryPage
from library.services import resource_create
from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, make_home_site, restrict_to_logged_in
from tests.factories.commitments import (
    CommitmentFactory,
    CommitmentRegisterPageFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgressUpdateFactory,
)
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    ThemeFactory,
    WorkingGroupIndexPageFactory,
    add_member,
    make_group,
)
from working_groups.choices import Role, Visibility
from working_groups.models import StakeholderType

#: A word planted in the title of everything an anonymous visitor must never see.
SECRET = "Zyxhidden"
JOIN_URL = "https://video.example.org/j/secret-room-4471"
PASSCODE = "pass-9931-secret"


@dataclass
class World:
    home: object
    groups: dict
    parties: dict
    events: dict
    commitments: dict
    news: dict
    people: dict = field(default_factory=dict)
    visible: dict = field(default_factory=dict)
    hidden: dict = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"


def library_resource(title: str, **fields):
    fields.setdefault("summary", "What it is for.")
    fields.setdefault("kind", ResourceKind.GUIDANCE)
    fields.setdefault("published_on", datetime.date(2025, 3, 1))
    return resource_create(title=title, **fields)


def add_library(home, groups, parties, theme) -> dict:
    """Public resources (one with a file, one superseded by a public newer version), resources of an open
    group (anyone may read them), and hidden ones: of a closed and of a private group, one of them a newer
    version of a public resource, so that a `superseded_by` link could leak it."""
    home.add_child(instance=LibraryPage(title="Library", slug="library"))
    guidance = library_resource(
        "Smelter guidance",
        file=SimpleUploadedFile(
            "smelter-guidance.pdf", pdf_bytes("Smelter guidance", ["Check the smelters."]), "application/pdf"
        ),
        themes=[theme],
        languages=["en", "nl"],
        minerals=["tin"],
        regions=["great_lakes"],
        stakeholder_types=["company"],
        publisher_party=parties["company"],
        version="2.0",
    )
    old = library_resource(
        "Audit checklist",
        version="1.0",
        publisher_name="OECD",
        link_url="https://example.org/checklist-1",
        published_on=datetime.date(2023, 1, 1),
    )
    new = library_resource(
        "Audit checklist", version="2.0", supersedes=old, link_url="https://example.org/checklist-2"
    )
    open_group = library_resource(
        "Open group training",
        kind=ResourceKind.RECORDING,
        recording_url="https://youtu.be/dQw4w9WgXcQ",
        audience=Audience.GROUP,
        group=groups["open"],
    )
    closed_group = library_resource(
        f"{SECRET} closed group template",
        kind=ResourceKind.TEMPLATE,
        audience=Audience.GROUP,
        group=groups["closed"],
        minerals=["tin"],
        themes=[theme],
    )
    secret_newer = library_resource(
        f"{SECRET} smelter guidance draft 3",
        audience=Audience.GROUP,
        group=groups["private"],
        supersedes=guidance,
        file=SimpleUploadedFile("zyxhidden-notes.pdf", pdf_bytes("Notes", ["Secret."]), "application/pdf"),
    )
    return {
        "guidance": guidance,
        "old": old,
        "new": new,
        "open_group": open_group,
        "closed_group": closed_group,
        "secret_newer": secret_newer,
    }


@pytest.fixture
def world(db):
    home = make_home_site()
    theme = ThemeFactory(name="Responsible sourcing", slug="responsible-sourcing")
    index = WorkingGroupIndexPageFactory(parent=home)
    groups = {
        "open": make_group(index, Visibility.OPEN, title="Open tin roundtable", slug="open-tin"),
        "closed": make_group(index, Visibility.CLOSED, title="Closed cobalt circle", slug="closed-cobalt"),
        "private": make_group(
            index, Visibility.PRIVATE, title=f"{SECRET} grievance panel", slug="private-panel"
        ),
        "draft": make_group(
            index, Visibility.OPEN, title=f"{SECRET} draft group", slug="draft-group", live=False
        ),
    }
    groups["open"].themes.add(theme)
    groups["open"].save()
    restricted_group = make_group(
        index, Visibility.OPEN, title=f"{SECRET} restricted group", slug="restricted-group"
    )
    restrict_to_logged_in(restricted_group)
    groups["restricted"] = restricted_group

    parties = {
        "company": OrganisationFactory(name="Nordvik Mining", slug="nordvik-mining"),
        "union": OrganisationFactory(
            name="Metal Workers Union", stakeholder_type=StakeholderType.TRADE_UNION
        ),
    }
    chair = UserFactory(email="chair-secret@example.org", first_name="Ana", last_name="Lima")
    chair.profile.display_name = "Ana Lima"
    chair.profile.organisation = parties["company"]
    chair.profile.save()
    nameless = UserFactory(email="nameless-secret@example.org", first_name="", last_name="")
    nameless.profile.display_name = ""
    nameless.profile.save()
    for group in groups.values():
        add_member(group, chair, Role.CHAIR)
        add_member(group, nameless, Role.CHAIR)
    member = UserFactory(email="member-secret@example.org")
    add_member(groups["private"], member)

    events_index = EventIndexPageFactory(parent=home)
    now = timezone.now()
    soon = now + datetime.timedelta(days=10)

    def event(parent, title, **fields):
        fields.setdefault("start", soon)
        fields.setdefault("end", fields["start"] + datetime.timedelta(hours=2))
        fields.setdefault("join_url", JOIN_URL)
        fields.setdefault("join_passcode", PASSCODE)
        return EventPageFactory(parent=parent, title=title, **fields)

    events = {
        "public": event(events_index, "Tin webinar", recording_url="https://youtu.be/dQw4w9WgXcQ"),
        "open_group": event(groups["open"], "Open group meeting", group=groups["open"]),
        "closed_group": event(groups["closed"], "Closed group public meeting", group=groups["closed"]),
        "members_only": event(
            groups["open"],
            f"{SECRET} members-only meeting",
            group=groups["open"],
            audience=EventAudience.MEMBERS,
        ),
        "private_group": event(groups["private"], f"{SECRET} private meeting", group=groups["private"]),
        "draft": event(events_index, f"{SECRET} draft webinar", live=False),
        "restricted": event(events_index, f"{SECRET} restricted webinar"),
        "conference": event(
            events_index,
            "Yearly forum",
            kind=EventKind.CONFERENCE,
            start=soon + datetime.timedelta(days=5),
            end=soon + datetime.timedelta(days=6),
        ),
        "past": event(events_index, "Last year's webinar", start=now - datetime.timedelta(days=200)),
    }
    restrict_to_logged_in(events["restricted"])
    events["session"] = event(
        events["conference"],
        "Opening session",
        kind=EventKind.SESSION,
        start=events["conference"].start,
        end=events["conference"].start + datetime.timedelta(hours=1),
        room="Hall A",
        join_url="",
        join_passcode="",
    )
    events["hidden_session"] = event(
        events["conference"],
        f"{SECRET} closed session",
        kind=EventKind.SESSION,
        start=events["conference"].start,
        end=events["conference"].start + datetime.timedelta(hours=1),
        attendance=AttendanceMode.IN_PERSON,
        venue="Room 2",
        live=False,
    )
    events["conference"].join_url = JOIN_URL
    events["conference"].join_passcode = PASSCODE
    events["conference"].save()
    speaker = Speaker.objects.create(
        name="Jo Speaker", role="Director", organisation=parties["union"], gender="woman", user=member
    )
    for key in ("public", "session"):
        EventSpeaker.objects.create(page=events[key], speaker=speaker)

    register = CommitmentRegisterPageFactory(parent=home)
    commitments = {
        "public": CommitmentFactory(
            title="Map smelters",
            parties=[parties["company"], parties["union"]],
            themes=[theme],
            contact_person=chair,
        ),
        "public_of_private_group": CommitmentFactory(
            title="Procurement criteria", group=groups["private"], status=CommitmentStatus.ACHIEVED
        ),
        "public_of_open_group": CommitmentFactory(title="Audit refiners", group=groups["open"]),
        "group_only_open": CommitmentFactory(
            title=f"{SECRET} group-only open", group=groups["open"], visibility=CommitmentVisibility.GROUP
        ),
        "group_only_private": CommitmentFactory(
            title=f"{SECRET} group-only private",
            group=groups["private"],
            visibility=CommitmentVisibility.GROUP,
        ),
        "draft": CommitmentFactory(title=f"{SECRET} draft", workflow_state=WorkflowState.DRAFT),
        "submitted": CommitmentFactory(title=f"{SECRET} submitted", workflow_state=WorkflowState.SUBMITTED),
        "returned": CommitmentFactory(
            title=f"{SECRET} returned", workflow_state=WorkflowState.RETURNED, review_comment="Zyx comment"
        ),
    }
    indicator = IndicatorFactory(commitment=commitments["public"], baseline=Decimal(0), target=Decimal(200))
    published = ProgressUpdateFactory(
        commitment=commitments["public"], reported_on=datetime.date(2025, 6, 30)
    )
    IndicatorValueFactory(update=published, indicator=indicator, value=Decimal(50))
    unpublished = ProgressUpdateFactory(
        commitment=commitments["public"],
        reported_on=datetime.date(2025, 9, 30),
        narrative=f"{SECRET} draft update",
        workflow_state=WorkflowState.SUBMITTED,
    )
    IndicatorValueFactory(update=unpublished, indicator=indicator, value=Decimal(180))

    news_index = NewsIndexPageFactory(parent=home)
    news = {
        "public": NewsPageFactory(parent=news_index, title="Covenant renewed", slug="covenant-renewed"),
        "draft": NewsPageFactory(parent=news_index, title=f"{SECRET} draft news", live=False),
        "restricted": NewsPageFactory(parent=news_index, title=f"{SECRET} members news"),
    }
    restrict_to_logged_in(news["restricted"])

    library = add_library(home, groups, parties, theme)

    world = World(
        home=home,
        groups=groups,
        parties=parties,
        events=events,
        commitments=commitments,
        news=news,
        people={"chair": chair, "member": member, "nameless": nameless},
    )
    world.register = register
    world.library = library
    world.visible = {
        "events": [
            events[k] for k in ("public", "open_group", "closed_group", "conference", "session", "past")
        ],
        "groups": [groups["open"], groups["closed"]],
        "commitments": [
            commitments[k] for k in ("public", "public_of_private_group", "public_of_open_group")
        ],
        "news": [news["public"]],
        "parties": list(parties.values()),
        # The library lists the newest visible version of each resource; the older one is in `library`.
        "library-resources": [library[k] for k in ("guidance", "new", "open_group")],
    }
    world.hidden = {
        "events": [
            events[k] for k in ("members_only", "private_group", "draft", "restricted", "hidden_session")
        ],
        "groups": [groups[k] for k in ("private", "draft", "restricted")],
        "commitments": [
            commitments[k]
            for k in ("group_only_open", "group_only_private", "draft", "submitted", "returned")
        ],
        "news": [news["draft"], news["restricted"]],
        "parties": [],
        "library-resources": [library["closed_group"], library["secret_newer"]],
    }
    return world
