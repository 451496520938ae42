"""Working groups in a real browser: asking to join, a chair's approval, the members' area, and a private
group that does not exist for outsiders. Plus axe-core checks of the group index,
a group page and the parties."""

from django.core import mail

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    ThemeFactory,
    add_member,
    make_group,
    make_group_index,
)
from working_groups.choices import JoiningPolicy, JoinRequestStatus, Role, Visibility
from working_groups.models import JoinRequest, Membership, StakeholderType

MOTIVATION = "We mapped the gold pits where children work in two districts and want to help buyers act on it."


@pytest.fixture
def groups(db):
    index = make_group_index()
    union = OrganisationFactory(name="Metal Workers' Union", stakeholder_type=StakeholderType.TRADE_UNION)
    company = OrganisationFactory(
        name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY, country="SE"
    )
    ngo = OrganisationFactory(name="Fair Metals Watch", stakeholder_type=StakeholderType.CIVIL_SOCIETY)
    closed = make_group(
        index,
        Visibility.CLOSED,
        title="Child rights and artisanal mining",
        slug="child-rights",
        joining_policy=JoiningPolicy.REQUEST,
    )
    closed.themes.add(ThemeFactory(name="Child labour"))
    closed.save_revision().publish()
    private = make_group(
        index,
        Visibility.PRIVATE,
        title="Responsible public procurement",
        slug="public-procurement",
        joining_policy=JoiningPolicy.INVITATION,
    )
    chair = UserFactory(first_name="Lotte", last_name="Jansen", email="lotte@example.org")
    requester = UserFactory(first_name="Priya", last_name="Raman", email="priya@example.org")
    requester.profile.organisation = ngo
    requester.profile.save()
    add_member(closed, chair, Role.CHAIR, organisation=company)
    add_member(closed, UserFactory(first_name="Samuel", last_name="Mensah"), organisation=union)
    add_member(private, chair, Role.CHAIR)
    return {"index": index, "closed": closed, "private": private, "chair": chair, "requester": requester}


def test_request_to_join_approval_and_members_area(new_page, login, groups):
    closed, private = groups["closed"], groups["private"]
    requester_page = new_page()
    login(requester_page, groups["requester"])

    requester_page.goto(closed.url)
    requester_page.get_by_role("link", name="Ask to join").click()
    requester_page.get_by_label("Why do you want to join?").fill(MOTIVATION)
    requester_page.get_by_role("button", name="Send my request").click()
    requester_page.wait_for_load_state()
    assert requester_page.get_by_text("The chairs will answer by e-mail.").is_visible()
    assert JoinRequest.objects.get(group=closed).status == JoinRequestStatus.PENDING
    assert requester_page.goto(closed.url + "members/").status == 403

    chair_page = new_page()
    login(chair_page, groups["chair"])
    chair_page.goto(closed.url + "manage/")
    assert chair_page.get_by_text(MOTIVATION).is_visible()
    chair_page.get_by_label("Note to the requester (optional)").fill("Welcome, glad to have you with us.")
    chair_page.get_by_role("button", name="Approve Priya Raman").click()
    chair_page.wait_for_load_state()
    assert chair_page.get_by_text("No requests are waiting.").is_visible()
    assert Membership.objects.filter(group=closed, user=groups["requester"], role=Role.MEMBER).exists()
    assert any("priya@example.org" in message.to for message in mail.outbox)

    requester_page.goto(closed.url)
    requester_page.get_by_role("link", name="Go to the members' area").click()
    requester_page.wait_for_load_state()
    assert "Members' area" in requester_page.locator("h1").inner_text()
    assert requester_page.get_by_role("link", name="Member directory").is_visible()

    response = requester_page.goto(private.url)
    assert response.status == 404
    assert requester_page.goto(private.url + "members/").status == 404


def test_private_group_is_invisible_to_outsiders(page, login, groups):
    private = groups["private"]
    assert page.goto(private.url).status == 404
    page.goto(groups["index"].url)
    assert page.get_by_role("link", name="Child rights and artisanal mining").is_visible()
    assert page.get_by_text("Responsible public procurement").count() == 0

    login(page, groups["requester"])
    assert page.goto(private.url).status == 404
    page.goto(groups["index"].url)
    assert page.get_by_text("Responsible public procurement").count() == 0


def test_group_pages_and_parties_are_accessible(page, login, groups, assert_accessible):
    page.goto(groups["index"].url)
    assert page.locator("h1").inner_text() == "Working groups"
    assert_accessible(page)

    page.goto(groups["closed"].url)
    assert page.locator("h1").inner_text() == "Child rights and artisanal mining"
    assert page.get_by_role("table").first.is_visible()
    assert_accessible(page)

    page.goto("/parties/")
    assert page.get_by_role("link", name="Fair Metals Watch").is_visible()
    assert_accessible(page)
    page.get_by_label("Stakeholder type").select_option("trade_union")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Metal Workers' Union").is_visible()
    assert page.get_by_role("link", name="Fair Metals Watch").count() == 0

    login(page, groups["chair"])
    page.goto(groups["closed"].url + "manage/")
    assert_accessible(page)
    page.goto(groups["closed"].url + "members/directory/")
    assert_accessible(page)
