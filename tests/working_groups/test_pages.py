"""The group pages as people use them: join, ask, approve, leave, manage, with clear messages."""

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member, make_group
from working_groups.choices import JoiningPolicy, JoinRequestStatus, Role, Visibility
from working_groups.models import JoinRequest, Membership, MembershipEvent, StakeholderType

pytestmark = pytest.mark.django_db

MOTIVATION = "Our union represents miners in the DRC and wants a voice on grievance mechanisms."


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def closed_group(group_index):
    group = make_group(
        group_index, Visibility.CLOSED, title="Living wages in mining", joining_policy="request"
    )
    return group


def test_request_approve_and_enter_members_area(client, closed_group, committed, mailoutbox):
    chair = add_member(closed_group, role=Role.CHAIR).user
    requester = UserFactory()
    client.force_login(requester)
    assert client.get(closed_group.url + "members/").status_code == 403
    form = client.get(closed_group.url + "request/")
    assert 'name="motivation"' in form.content.decode()
    with committed():
        response = client.post(closed_group.url + "request/", {"motivation": MOTIVATION}, follow=True)
    assert any("have your request" in message for message in messages_of(response))
    assert "Withdraw my request" in response.content.decode()
    join_request = JoinRequest.objects.get(user=requester)

    client.force_login(chair)
    manage = client.get(closed_group.url + "manage/").content.decode()
    assert MOTIVATION in manage
    with committed():
        response = client.post(
            closed_group.url + f"manage/requests/{join_request.pk}/approve/", {"note": "Welcome"}, follow=True
        )
    assert any("now a member" in message for message in messages_of(response))
    assert mailoutbox[-1].to == [requester.email]

    client.force_login(requester)
    area = client.get(closed_group.url + "members/")
    assert area.status_code == 200
    assert "Documents" in area.content.decode()


def test_short_motivation_shows_the_form_again(client, closed_group):
    client.force_login(UserFactory())
    response = client.post(closed_group.url + "request/", {"motivation": "hi"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_duplicate_request_shows_a_message(client, closed_group):
    user = UserFactory()
    client.force_login(user)
    client.post(closed_group.url + "request/", {"motivation": MOTIVATION})
    response = client.post(closed_group.url + "request/", {"motivation": MOTIVATION}, follow=True)
    assert any("already asked" in message for message in messages_of(response))
    assert JoinRequest.objects.filter(user=user).count() == 1


def test_non_chair_posting_an_approval_gets_a_message_and_changes_nothing(client, closed_group):
    add_member(closed_group, role=Role.CHAIR)
    join_request = JoinRequest.objects.create(group=closed_group, user=UserFactory(), motivation=MOTIVATION)
    member = add_member(closed_group).user
    client.force_login(member)
    response = client.post(closed_group.url + f"manage/requests/{join_request.pk}/approve/", follow=True)
    assert any("Only a chair" in message for message in messages_of(response))
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_last_chair_leaving_gets_a_message(client, closed_group):
    chair = add_member(closed_group, role=Role.CHAIR).user
    client.force_login(chair)
    response = client.post(closed_group.url + "leave/", follow=True)
    assert any("only chair" in message for message in messages_of(response))
    assert Membership.objects.filter(group=closed_group, user=chair).exists()


def test_join_open_group_and_leave(client, group_index):
    group = make_group(group_index, joining_policy=JoiningPolicy.OPEN)
    user = UserFactory()
    client.force_login(user)
    assert "Join this group" in client.get(group.url).content.decode()
    client.post(group.url + "join/")
    assert Membership.objects.filter(group=group, user=user).exists()
    client.post(group.url + "leave/")
    assert not Membership.objects.filter(group=group, user=user).exists()


def test_join_needs_post(client, group_index):
    group = make_group(group_index, joining_policy=JoiningPolicy.OPEN)
    client.force_login(UserFactory())
    assert client.get(group.url + "join/").status_code == 405


def test_leaving_a_private_group_returns_to_the_index(client, group_index):
    group = make_group(group_index, Visibility.PRIVATE)
    add_member(group, role=Role.CHAIR)
    member = add_member(group).user
    client.force_login(member)
    response = client.post(group.url + "leave/")
    assert response.url == group_index.url


def test_chair_invites_changes_role_removes_and_sees_history(client, closed_group, committed):
    chair = add_member(closed_group, role=Role.CHAIR).user
    member = add_member(closed_group)
    client.force_login(chair)
    with committed():
        client.post(
            closed_group.url + "manage/invitations/", {"email": "expert@example.org", "role": "observer"}
        )
    client.post(closed_group.url + f"manage/members/{member.pk}/role/", {"role": "chair"})
    member.refresh_from_db()
    assert member.role == Role.CHAIR
    client.post(closed_group.url + f"manage/members/{member.pk}/remove/")
    assert not Membership.objects.filter(pk=member.pk).exists()
    history = client.get(closed_group.url + "manage/history/").content.decode()
    assert "expert@example.org" in history
    assert "changed a role" in history and "removed a member" in history
    assert MembershipEvent.objects.filter(group=closed_group).count() == 3


def test_invalid_invitation_form_is_shown_with_errors(client, closed_group):
    chair = add_member(closed_group, role=Role.CHAIR).user
    client.force_login(chair)
    response = client.post(
        closed_group.url + "manage/invitations/", {"email": "not-an-address", "role": "member"}
    )
    assert response.status_code == 400
    assert "field__errors" in response.content.decode()


def test_directory_filters_and_paginates(client, closed_group, settings):
    settings.ROUNDTABLE_MEMBERS_PER_PAGE = 5
    union = OrganisationFactory(name="Miners Union", stakeholder_type=StakeholderType.TRADE_UNION)
    viewer = add_member(closed_group, role=Role.CHAIR).user
    for _ in range(7):
        add_member(closed_group)
    union_member = add_member(closed_group, organisation=union)
    client.force_login(viewer)
    first = client.get(closed_group.url + "members/directory/")
    assert first.context["members"].paginator.num_pages == 2
    filtered = client.get(closed_group.url + "members/directory/", {"stakeholder_type": "trade_union"})
    assert [m.pk for m in filtered.context["members"].object_list] == [union_member.pk]
    by_party = client.get(closed_group.url + "members/directory/", {"organisation": union.slug})
    assert [m.pk for m in by_party.context["members"].object_list] == [union_member.pk]


def test_stakeholder_balance_is_shown_with_a_text_alternative(client, closed_group):
    add_member(closed_group, organisation=OrganisationFactory(stakeholder_type=StakeholderType.COMPANY))
    content = client.get(closed_group.url).content.decode()
    assert "Stakeholder balance" in content
    assert '<svg class="balance-bar"' in content and 'aria-hidden="true"' in content
    assert "Not yet represented:" in content and "Trade union" in content


def test_private_group_balance_is_for_members_only(client, group_index):
    group = make_group(group_index, Visibility.PRIVATE)
    member = add_member(group).user
    client.force_login(member)
    assert "Stakeholder balance" in client.get(group.url).content.decode()


def test_index_filters_by_theme_and_joining_policy(client, group_index):
    from tests.factories.working_groups import ThemeFactory

    recycling = ThemeFactory(name="Recycling")
    with_theme = make_group(group_index, title="Urban mining", joining_policy=JoiningPolicy.OPEN)
    with_theme.themes.add(recycling)
    with_theme.save_revision().publish()
    make_group(group_index, title="Gender lens", joining_policy=JoiningPolicy.REQUEST)
    by_theme = client.get(group_index.url, {"theme": "recycling"}).content.decode()
    assert "Urban mining" in by_theme and "Gender lens" not in by_theme
    by_policy = client.get(group_index.url, {"joining_policy": "request"}).content.decode()
    assert "Gender lens" in by_policy and "Urban mining" not in by_policy


def test_parties_directory_filters_and_party_page(client, group_index):
    group = make_group(group_index, title="Tin supply chain")
    union = OrganisationFactory(
        name="Miners Union", stakeholder_type=StakeholderType.TRADE_UNION, country="CD"
    )
    OrganisationFactory(name="Smelter BV", stakeholder_type=StakeholderType.COMPANY)
    add_member(group, organisation=union)
    listing = client.get("/parties/", {"stakeholder_type": "trade_union"}).content.decode()
    assert "Miners Union" in listing and "Smelter BV" not in listing
    assert "Smelter BV" in client.get("/parties/", {"q": "smelter"}).content.decode()
    assert "Miners Union" in client.get("/parties/", {"country": "CD"}).content.decode()
    assert "Miners Union" in client.get("/parties/", {"working_group": group.pk}).content.decode()
    detail = client.get(union.get_absolute_url()).content.decode()
    assert "Tin supply chain" in detail and "Signatory since" in detail
