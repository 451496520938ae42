"""The secretariat's desk in a real browser: "Waiting for you" on the admin dashboard, approving a
waiting join request from it (the count drops), a chair who sees only their group's items, and axe-core on
the dashboard, the events listing and every tab of the event edit form."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from events.services.registrations import registration_create
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import JoinRequestStatus, Role, Visibility
from working_groups.models import JoinRequest

# Each tab of the event form, and a field that only that tab holds.
EVENT_TABS = {
    "Content": "Introduction",
    "Schedule and place": "Time zone",
    "Registration": "Capacity",
    "Speakers and panel balance": "Panel balance",
    "After the event": "Recording",
}


@pytest.fixture
def desk(db):
    index = make_group_index()
    tin = make_group(index, Visibility.CLOSED, title="Tin supply chains")
    gold = make_group(index, Visibility.CLOSED, title="Gold and artisanal mining")
    chair = UserFactory(first_name="Lotte", last_name="Jansen", email="lotte@example.org")
    access, _created = Group.objects.get_or_create(name="Working-group chairs")
    access.permissions.add(Permission.objects.get(codename="access_admin"))
    chair.groups.add(access)
    add_member(tin, chair, Role.CHAIR)
    for number, group in enumerate((tin, tin, gold)):
        requester = UserFactory(first_name="Requester", last_name=f"Number {number}")
        JoinRequest.objects.create(group=group, user=requester, motivation="We audit tin smelters.")
    events = make_event_index(index.get_parent().specific)
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = EventPageFactory(
        parent=events,
        title="Tin group meeting",
        group=tin,
        registration_open=True,
        capacity=2,
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    for _ in range(3):
        registration_create(user=UserFactory(), event=meeting)
    EventPageFactory(
        parent=events,
        title="Gold group meeting",
        group=gold,
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    return {
        "tin": tin,
        "gold": gold,
        "chair": chair,
        "meeting": meeting,
        "secretariat": make_secretariat_user(),
    }


def settled(page):
    """Wait until Wagtail's message bar has faded in: axe reads colours mid-transition as too pale."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages')]"
        ".every((bar) => bar.getAnimations({subtree: true}).length === 0)"
    )
    return page


def desk_count(page, key: str) -> int:
    return int(page.locator(f'[data-desk-item="{key}"]').get_attribute("data-desk-count"))


def test_the_secretariat_approves_a_waiting_join_request_from_the_dashboard(
    page, login, desk, assert_accessible
):
    login(page, desk["secretariat"], next_url="/admin/")
    page.wait_for_url("**/admin/")
    panel = page.locator("#waiting-for-you-section")
    assert panel.get_by_role("heading", name="Waiting for you").is_visible()
    assert desk_count(page, "join-requests") == 3
    assert "2 / 2, 1 waiting" in panel.inner_text()
    assert_accessible(settled(page))

    panel.get_by_role("link", name="Join requests").click()
    page.wait_for_load_state()
    assert "status=pending" in page.url
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 3
    rows.first.locator("input[type=checkbox]").check()
    page.locator("[data-bulk-action-button]", has_text="Approve").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Yes").click()
    page.wait_for_load_state()
    assert "1 request approved." in page.content()
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 2

    page.goto("/admin/")
    assert desk_count(page, "join-requests") == 2


def test_a_chair_sees_only_their_groups_items(page, login, desk):
    login(page, desk["chair"], next_url="/admin/")
    page.wait_for_url("**/admin/")
    panel = page.locator("#waiting-for-you-section")
    text = panel.inner_text()
    assert desk_count(page, f"join-requests-{desk['tin'].pk}") == 2
    assert "Tin supply chains" in text and "Tin group meeting" in text
    assert "Gold" not in text
    assert "Commitments to review" not in text
    panel.get_by_role("link", name="Join requests: Tin supply chains").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{desk['tin'].url}manage/")


def test_the_events_listing_and_the_event_tabs_are_accessible(page, login, desk, assert_accessible):
    login(page, desk["secretariat"], next_url="/admin/")
    page.wait_for_url("**/admin/")
    page.goto(reverse("event_listing:index"))
    assert page.get_by_role("link", name="Tin group meeting").first.is_visible()
    assert "2 / 2, 1 waiting" in page.locator("table.listing").inner_text()
    assert_accessible(settled(page))
    page.goto(f"/admin/pages/{desk['meeting'].pk}/edit/")
    for tab, field in EVENT_TABS.items():
        page.get_by_role("tab", name=tab).click()
        panel = page.get_by_role("tabpanel", name=tab)
        expect(panel.get_by_text(field).first).to_be_visible()
        assert_accessible(settled(page))
    # Leave the edit page, whose editing-session pings would otherwise still reach the server while the
    # test database is flushed.
    page.goto("about:blank")
