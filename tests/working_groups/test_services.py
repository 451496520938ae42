"""Membership services: each change validated first, written with an audit record, e-mailed after commit;
each refusal is a clear message that changes nothing."""

import pytest

from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group
from working_groups import access, services
from working_groups.choices import JoiningPolicy, JoinRequestStatus, MembershipAction, Role, Visibility
from working_groups.models import JoinRequest, Membership, MembershipEvent

MOTIVATION = "I lead responsible sourcing at a tin smelter and want to compare audit practice."

pytestmark = pytest.mark.django_db


def counts(group):
    return (
        Membership.objects.filter(group=group).count(),
        JoinRequest.objects.filter(group=group).count(),
        MembershipEvent.objects.filter(group=group).count(),
    )


@pytest.fixture
def request_group(group_index):
    group = make_group(group_index, Visibility.CLOSED, title="Cobalt due diligence", joining_policy="request")
    add_member(group, role=Role.CHAIR)
    return group


def test_join_open_group_records_the_change(group_index):
    group = make_group(group_index, joining_policy=JoiningPolicy.OPEN)
    user = UserFactory()
    assert not access.can_post_in_group(user, group)
    membership = services.membership_join(user=user, group=group)
    assert membership.role == Role.MEMBER
    assert access.can_post_in_group(user, group), "the cached roles are refreshed"
    event = MembershipEvent.objects.get(group=group)
    assert (event.actor, event.subject, event.action) == (user, user, MembershipAction.JOINED)


@pytest.mark.parametrize("policy", [JoiningPolicy.REQUEST, JoiningPolicy.INVITATION])
def test_join_is_refused_unless_the_group_is_open(group_index, policy):
    group = make_group(group_index, joining_policy=policy)
    with pytest.raises(services.NotAllowed):
        services.membership_join(user=UserFactory(), group=group)
    assert counts(group) == (0, 0, 0)


def test_join_twice_is_refused(group_index):
    group = make_group(group_index, joining_policy=JoiningPolicy.OPEN)
    user = UserFactory()
    services.membership_join(user=user, group=group)
    with pytest.raises(services.MembershipError, match="already a member"):
        services.membership_join(user=user, group=group)
    assert counts(group) == (1, 0, 1)


def test_request_approve_flow_emails_chairs_then_requester(request_group, mailoutbox, committed):
    requester = UserFactory()
    chair = Membership.objects.get(group=request_group, role=Role.CHAIR).user
    with committed():
        join_request = services.join_request_create(
            user=requester, group=request_group, motivation=MOTIVATION
        )
    assert [mail.to for mail in mailoutbox] == [[chair.email]]
    assert MOTIVATION in mailoutbox[0].body
    with committed():
        membership = services.join_request_approve(
            actor=chair, join_request=join_request, note="Welcome aboard"
        )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == chair
    assert membership.role == Role.MEMBER
    assert mailoutbox[-1].to == [requester.email]
    assert "approved" in mailoutbox[-1].body and "Welcome aboard" in mailoutbox[-1].body
    actions = list(MembershipEvent.objects.filter(group=request_group).values_list("action", flat=True))
    assert actions == [MembershipAction.REQUEST_APPROVED, MembershipAction.REQUESTED]


def test_decline_emails_the_requester(request_group, mailoutbox, committed):
    requester = UserFactory()
    chair = Membership.objects.get(group=request_group, role=Role.CHAIR).user
    join_request = services.join_request_create(user=requester, group=request_group, motivation=MOTIVATION)
    with committed():
        services.join_request_decline(
            actor=chair, join_request=join_request, note="Please join the tin group"
        )
    assert not Membership.objects.filter(group=request_group, user=requester).exists()
    assert mailoutbox[-1].to == [requester.email]
    assert "Please join the tin group" in mailoutbox[-1].body


def test_duplicate_request_is_refused(request_group, mailoutbox, committed):
    requester = UserFactory()
    with committed():
        services.join_request_create(user=requester, group=request_group, motivation=MOTIVATION)
    before, sent = counts(request_group), len(mailoutbox)
    with pytest.raises(services.MembershipError, match="already asked"), committed():
        services.join_request_create(user=requester, group=request_group, motivation=MOTIVATION)
    assert counts(request_group) == before
    assert len(mailoutbox) == sent


def test_short_motivation_is_refused(request_group):
    with pytest.raises(services.MembershipError, match="why you want to join"):
        services.join_request_create(user=UserFactory(), group=request_group, motivation="pls")
    assert counts(request_group) == (1, 0, 0)


def test_private_group_cannot_be_requested_by_outsiders(group_index):
    group = make_group(group_index, Visibility.PRIVATE, joining_policy=JoiningPolicy.REQUEST)
    with pytest.raises(services.NotAllowed):
        services.join_request_create(user=UserFactory(), group=group, motivation=MOTIVATION)


@pytest.mark.parametrize("actor_role", [None, Role.MEMBER, Role.OBSERVER])
def test_non_chair_cannot_approve_or_decline(request_group, actor_role, mailoutbox):
    join_request = services.join_request_create(
        user=UserFactory(), group=request_group, motivation=MOTIVATION
    )
    actor = UserFactory()
    if actor_role:
        add_member(request_group, actor, actor_role)
    before, sent = counts(request_group), len(mailoutbox)
    with pytest.raises(services.NotAllowed, match="Only a chair"):
        services.join_request_approve(actor=actor, join_request=join_request)
    with pytest.raises(services.NotAllowed, match="Only a chair"):
        services.join_request_decline(actor=actor, join_request=join_request)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
    assert counts(request_group) == before
    assert len(mailoutbox) == sent


def test_secretariat_approves_without_being_a_member(request_group, secretariat_user):
    join_request = services.join_request_create(
        user=UserFactory(), group=request_group, motivation=MOTIVATION
    )
    services.join_request_approve(actor=secretariat_user, join_request=join_request)
    assert Membership.objects.filter(group=request_group, user=join_request.user).exists()


def test_answered_request_cannot_be_answered_again(request_group):
    chair = Membership.objects.get(group=request_group, role=Role.CHAIR).user
    join_request = services.join_request_create(
        user=UserFactory(), group=request_group, motivation=MOTIVATION
    )
    services.join_request_decline(actor=chair, join_request=join_request)
    with pytest.raises(services.MembershipError, match="already been answered"):
        services.join_request_approve(actor=chair, join_request=join_request)
    assert not Membership.objects.filter(group=request_group, user=join_request.user).exists()


def test_last_chair_cannot_leave_but_can_after_handing_over(request_group):
    chair_membership = Membership.objects.get(group=request_group, role=Role.CHAIR)
    chair = chair_membership.user
    before = counts(request_group)
    with pytest.raises(services.MembershipError, match="only chair"):
        services.membership_leave(user=chair, group=request_group)
    assert counts(request_group) == before
    other = add_member(request_group, role=Role.MEMBER)
    services.membership_change_role(actor=chair, membership=other, role=Role.CHAIR)
    services.membership_leave(user=chair, group=request_group)
    assert not Membership.objects.filter(pk=chair_membership.pk).exists()
    assert MembershipEvent.objects.filter(
        group=request_group, action=MembershipAction.LEFT, actor=chair
    ).exists()


def test_last_chair_cannot_be_demoted_or_removed(request_group, secretariat_user):
    chair_membership = Membership.objects.get(group=request_group, role=Role.CHAIR)
    with pytest.raises(services.MembershipError, match="only chair"):
        services.membership_change_role(actor=secretariat_user, membership=chair_membership, role=Role.MEMBER)
    with pytest.raises(services.MembershipError, match="only chair"):
        services.membership_remove(actor=secretariat_user, membership=chair_membership)
    chair_membership.refresh_from_db()
    assert chair_membership.role == Role.CHAIR


def test_leaving_a_group_you_are_not_in_is_refused(request_group):
    with pytest.raises(services.MembershipError, match="not a member"):
        services.membership_leave(user=UserFactory(), group=request_group)


def test_chair_removes_and_changes_roles_with_audit(request_group, mailoutbox, committed):
    chair = Membership.objects.get(group=request_group, role=Role.CHAIR).user
    member = add_member(request_group)
    services.membership_change_role(actor=chair, membership=member, role=Role.OBSERVER)
    member.refresh_from_db()
    assert member.role == Role.OBSERVER
    event = MembershipEvent.objects.get(action=MembershipAction.ROLE_CHANGED)
    assert (event.actor, event.subject, event.previous_role, event.role) == (
        chair,
        member.user,
        Role.MEMBER,
        Role.OBSERVER,
    )
    with pytest.raises(services.MembershipError, match="already has that role"):
        services.membership_change_role(actor=chair, membership=member, role=Role.OBSERVER)
    with committed():
        services.membership_remove(actor=chair, membership=member)
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert mailoutbox[-1].to == [member.user.email]


def test_member_cannot_remove_or_change_roles(request_group):
    member = add_member(request_group)
    other = add_member(request_group)
    with pytest.raises(services.NotAllowed):
        services.membership_remove(actor=member.user, membership=other)
    with pytest.raises(services.NotAllowed):
        services.membership_change_role(actor=member.user, membership=other, role=Role.CHAIR)
    other.refresh_from_db()
    assert other.role == Role.MEMBER


def test_no_email_when_the_transaction_rolls_back(request_group, mailoutbox, committed):
    from django.db import transaction

    class Boom(Exception):
        pass

    with committed(), pytest.raises(Boom), transaction.atomic():
        services.join_request_create(user=UserFactory(), group=request_group, motivation=MOTIVATION)
        raise Boom
    assert mailoutbox == []
    assert not JoinRequest.objects.exists()


def test_withdraw_request(request_group):
    requester = UserFactory()
    join_request = services.join_request_create(user=requester, group=request_group, motivation=MOTIVATION)
    with pytest.raises(services.NotAllowed):
        services.join_request_withdraw(user=UserFactory(), join_request=join_request)
    services.join_request_withdraw(user=requester, join_request=join_request)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN
    services.join_request_create(user=requester, group=request_group, motivation=MOTIVATION)
