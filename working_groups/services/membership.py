"""Writes to group membership: join, leave, remove, change role, and join requests.

Each service validates permission and input first (raising MembershipError with a message for the person,
changing nothing), then writes in one transaction, records a MembershipEvent and queues e-mails on commit.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.emails import absolute_url
from working_groups import access, audit
from working_groups.choices import JoiningPolicy, JoinRequestStatus, MembershipAction, Role
from working_groups.emails import email_on_commit
from working_groups.models import JoinRequest, Membership, MembershipEvent, WorkingGroupPage
from working_groups.services.errors import MembershipError, NotAllowed, check_rate

User = get_user_model()

MOTIVATION_MIN_LENGTH = 20


def record_event(
    group: WorkingGroupPage,
    action: str,
    *,
    actor,
    subject=None,
    subject_email: str = "",
    role: str = "",
    previous_role: str = "",
) -> MembershipEvent:
    event = MembershipEvent.objects.create(
        group=group,
        action=action,
        actor=actor,
        subject=subject,
        subject_email=subject_email or getattr(subject, "email", ""),
        role=role,
        previous_role=previous_role,
    )
    audit.membership_event_logged(event)
    return event


def display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile and profile.display_name) or user.get_full_name() or user.email


def _group_email_context(group: WorkingGroupPage) -> dict:
    # The title and address are the English page's; the e-mail task swaps in the recipient's language's
    # translation of the page (working_groups.emails.PAGE_ID_KEY).
    return {
        "group_title": group.title,
        "group_url": absolute_url(group.get_url() or ""),
        "group_page_id": group.pk,
    }


def _require_signed_in(user) -> None:
    if user is None or not user.is_authenticated:
        raise NotAllowed(_("Please sign in first."))


def _require_manager(actor, group: WorkingGroupPage) -> None:
    _require_signed_in(actor)
    if not access.can_manage_group(actor, group):
        raise NotAllowed(_("Only a chair of this group or the secretariat can do this."))


def _chair_count(group: WorkingGroupPage) -> int:
    return Membership.objects.filter(group=group, role=Role.CHAIR).count()


def _lock_membership(membership: Membership) -> Membership:
    try:
        return (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "group")
            .get(pk=membership.pk)
        )
    except Membership.DoesNotExist:
        raise MembershipError(_("This person is no longer a member of the group.")) from None


def membership_join(*, user, group: WorkingGroupPage) -> Membership:
    """Join an open group directly, as a member."""
    _require_signed_in(user)
    group_access = access.group_access(user, group)
    if not group_access.see:
        raise NotAllowed(_("This group cannot be joined."))
    if group_access.is_member:
        raise MembershipError(_("You are already a member of this group."))
    if group.joining_policy == JoiningPolicy.REQUEST:
        raise NotAllowed(
            _("This group takes new members on request: please tell the chairs why you want to join.")
        )
    if group.joining_policy != JoiningPolicy.OPEN:
        raise NotAllowed(_("This group takes new members by invitation only."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user, role=Role.MEMBER)
            record_event(group, MembershipAction.JOINED, actor=user, subject=user, role=Role.MEMBER)
    except IntegrityError:
        raise MembershipError(_("You are already a member of this group.")) from None
    access.forget_roles(user)
    return membership


def join_request_create(*, user, group: WorkingGroupPage, motivation: str) -> JoinRequest:
    """Ask to join a group that takes members on request; its chairs are e-mailed."""
    _require_signed_in(user)
    group_access = access.group_access(user, group)
    if not group_access.see or group.joining_policy == JoiningPolicy.INVITATION:
        raise NotAllowed(_("This group takes new members by invitation only."))
    if group_access.is_member:
        raise MembershipError(_("You are already a member of this group."))
    if group.joining_policy == JoiningPolicy.OPEN:
        raise MembershipError(_("This group is open: you can join it directly."))
    motivation = (motivation or "").strip()
    if len(motivation) < MOTIVATION_MIN_LENGTH:
        raise MembershipError(
            _("Please tell the chairs in a few words (at least %(count)d characters) why you want to join.")
            % {"count": MOTIVATION_MIN_LENGTH}
        )
    duplicate = _("You have already asked to join this group. A chair will answer your request soon.")
    if JoinRequest.objects.filter(group=group, user=user, status=JoinRequestStatus.PENDING).exists():
        raise MembershipError(duplicate)
    check_rate("group_join_request", user)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(group=group, user=user, motivation=motivation)
            record_event(group, MembershipAction.REQUESTED, actor=user, subject=user)
            _email_managers_about_request(join_request)
    except IntegrityError:
        raise MembershipError(duplicate) from None
    return join_request


def _email_managers_about_request(join_request: JoinRequest) -> None:
    group = join_request.group
    chairs = User.objects.filter(
        working_group_memberships__group=group, working_group_memberships__role=Role.CHAIR, is_active=True
    )
    recipients = list(chairs.values_list("pk", flat=True))
    if not recipients:
        recipients = list(access.secretariat_members().values_list("pk", flat=True))
    context = {
        **_group_email_context(group),
        "requester_name": display_name(join_request.user),
        "motivation": join_request.motivation,
        "manage_url": absolute_url((group.get_url() or "") + "manage/"),
    }
    for user_id in recipients:
        email_on_commit("", "join_request_received", context, user_id=user_id)


def _lock_pending_request(join_request: JoinRequest) -> JoinRequest:
    locked = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("group", "user")
        .get(pk=join_request.pk)
    )
    if locked.status != JoinRequestStatus.PENDING:
        raise MembershipError(_("This request has already been answered."))
    return locked


def join_request_approve(*, actor, join_request: JoinRequest, note: str = "") -> Membership:
    """Approve a pending request: the requester becomes a member and is e-mailed."""
    _require_manager(actor, join_request.group)
    with transaction.atomic():
        join_request = _lock_pending_request(join_request)
        group, requester = join_request.group, join_request.user
        membership, _created = Membership.objects.get_or_create(
            group=group, user=requester, defaults={"role": Role.MEMBER}
        )
        join_request.status = JoinRequestStatus.APPROVED
        join_request.decided_by = actor
        join_request.decided_at = timezone.now()
        join_request.decision_note = note.strip()
        join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record_event(
            group, MembershipAction.REQUEST_APPROVED, actor=actor, subject=requester, role=membership.role
        )
        email_on_commit(
            requester.email,
            "join_request_approved",
            {
                **_group_email_context(group),
                "name": display_name(requester),
                "note": join_request.decision_note,
            },
            user_id=requester.pk,
        )
    access.forget_roles(requester)
    return membership


def join_request_decline(*, actor, join_request: JoinRequest, note: str = "") -> JoinRequest:
    """Decline a pending request; the requester is e-mailed (with the chair's note, if any)."""
    _require_manager(actor, join_request.group)
    with transaction.atomic():
        join_request = _lock_pending_request(join_request)
        join_request.status = JoinRequestStatus.DECLINED
        join_request.decided_by = actor
        join_request.decided_at = timezone.now()
        join_request.decision_note = note.strip()
        join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record_event(
            join_request.group, MembershipAction.REQUEST_DECLINED, actor=actor, subject=join_request.user
        )
        email_on_commit(
            join_request.user.email,
            "join_request_declined",
            {
                **_group_email_context(join_request.group),
                "name": display_name(join_request.user),
                "note": join_request.decision_note,
            },
            user_id=join_request.user_id,
        )
    return join_request


def join_request_withdraw(*, user, join_request: JoinRequest) -> JoinRequest:
    """The requester takes a pending request back."""
    if join_request.user_id != getattr(user, "pk", None):
        raise NotAllowed(_("Only the person who asked can withdraw a request."))
    with transaction.atomic():
        join_request = _lock_pending_request(join_request)
        join_request.status = JoinRequestStatus.WITHDRAWN
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_at"])
    return join_request


def membership_leave(*, user, group: WorkingGroupPage) -> None:
    """Leave a group. The last chair must hand over the chair first, so no group is left without one."""
    _require_signed_in(user)
    with transaction.atomic():
        membership = Membership.objects.select_for_update(of=("self",)).filter(group=group, user=user).first()
        if membership is None:
            raise MembershipError(_("You are not a member of this group."))
        if membership.role == Role.CHAIR and _chair_count(group) == 1:
            raise MembershipError(
                _("You are the only chair of this group. Make another member chair before you leave.")
            )
        membership.delete()
        record_event(group, MembershipAction.LEFT, actor=user, subject=user, previous_role=membership.role)
    access.forget_roles(user)


def membership_remove(*, actor, membership: Membership) -> None:
    """A chair or the secretariat removes someone from the group; the person is e-mailed."""
    group = membership.group
    _require_manager(actor, group)
    if membership.user_id == actor.pk:
        raise MembershipError(_("To leave the group yourself, use “Leave this group”."))
    with transaction.atomic():
        membership = _lock_membership(membership)
        if membership.role == Role.CHAIR and _chair_count(group) == 1:
            raise MembershipError(_("This is the group's only chair. Make another member chair first."))
        membership.delete()
        record_event(
            group,
            MembershipAction.REMOVED,
            actor=actor,
            subject=membership.user,
            previous_role=membership.role,
        )
        email_on_commit(
            membership.user.email,
            "membership_removed",
            {**_group_email_context(group), "name": display_name(membership.user)},
            user_id=membership.user_id,
        )
    access.forget_roles(membership.user)


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    """Make someone chair, member or observer. The last chair cannot be demoted."""
    group = membership.group
    _require_manager(actor, group)
    if role not in Role.values:
        raise MembershipError(_("Choose chair, member or observer."))
    with transaction.atomic():
        membership = _lock_membership(membership)
        previous = membership.role
        if previous == role:
            raise MembershipError(_("This person already has that role."))
        if previous == Role.CHAIR and _chair_count(group) == 1:
            raise MembershipError(_("This is the group's only chair. Make another member chair first."))
        membership.role = role
        membership.save(update_fields=["role"])
        record_event(
            group,
            MembershipAction.ROLE_CHANGED,
            actor=actor,
            subject=membership.user,
            role=role,
            previous_role=previous,
        )
    access.forget_roles(membership.user)
    return membership
