"""What waits on the demo's desks (the admin dashboard's "Waiting for you"): the demo chair may open the
admin (a "Working-group chairs" group with nothing but admin access) and finds three join requests and an
invitation about to expire in their group; the secretariat sees those and everything else, and gets the
daily e-mail of the desk."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from working_groups.choices import JoinRequestStatus, MembershipAction, Role
from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_SECRETARIAT_EMAIL
from working_groups.models import Invitation, JoinRequest, Membership, WorkingGroupPage
from working_groups.models.membership import hash_invitation_token
from working_groups.services.membership import record_event
from working_groups.services.profile import profile_get_or_create

CHAIRS_GROUP_NAME = "Working-group chairs"
EXPIRING_EMAIL = "l.verbeek@example.org"
MOTIVATION = (
    "I coordinate our sourcing policy and would like to bring our smelter audit results to the group."
)
REQUESTS = 3


def seed_desk(context) -> None:
    users = get_user_model().objects
    chair = users.filter(email=DEMO_CHAIR_EMAIL).first()
    secretariat = users.filter(email=DEMO_SECRETARIAT_EMAIL).first()
    if chair is None or secretariat is None:
        return
    chairs, _created = Group.objects.get_or_create(name=CHAIRS_GROUP_NAME)
    chairs.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    chair.groups.add(chairs)
    profile = profile_get_or_create(secretariat)
    if not profile.desk_email:
        profile.desk_email = True
        profile.save(update_fields=["desk_email"])
    group = (
        WorkingGroupPage.objects.filter(memberships__user=chair, memberships__role=Role.CHAIR)
        .order_by("path")
        .first()
    )
    if group is None:
        return
    _join_requests(group)
    _expiring_invitation(group, chair)
    context.stdout.write(
        f"  waiting for the chair of {group.title}: join requests and an expiring invitation"
    )


def _join_requests(group: WorkingGroupPage) -> None:
    pending = JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING)
    missing = REQUESTS - pending.count()
    if missing <= 0:
        return
    outsiders = (
        get_user_model()
        .objects.filter(is_active=True, working_group_memberships__isnull=False, is_superuser=False)
        .exclude(pk__in=Membership.objects.filter(group=group).values("user_id"))
        .exclude(pk__in=pending.values("user_id"))
        .exclude(groups__name="Secretariat")
        .distinct()
        .order_by("email")[:missing]
    )
    for person in outsiders:
        JoinRequest.objects.create(group=group, user=person, motivation=MOTIVATION)
        record_event(group, MembershipAction.REQUESTED, actor=person, subject=person)


def _expiring_invitation(group: WorkingGroupPage, chair) -> None:
    if Invitation.objects.open().filter(group=group, email__iexact=EXPIRING_EMAIL).exists():
        return
    Invitation.objects.create(
        group=group,
        email=EXPIRING_EMAIL,
        role=Role.MEMBER,
        token_hash=hash_invitation_token(secrets.token_urlsafe(32)),
        invited_by=chair,
        expires_at=timezone.now() + timedelta(days=2),
    )
    record_event(group, MembershipAction.INVITED, actor=chair, subject_email=EXPIRING_EMAIL, role=Role.MEMBER)
