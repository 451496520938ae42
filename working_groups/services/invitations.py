"""Invitations by e-mail, for people with or without an account.

The token is 256 random bits sent only in the e-mail; the database keeps its SHA-256 hash, so a leaked
database row cannot be redeemed. Lookups go by hash and are confirmed with a constant-time comparison.
An invitation is single use and expires (ROUNDTABLE_INVITATION_DAYS). Someone without an account follows the
link, signs up with the invited address, and the invitation is redeemed at their first sign-in
(see working_groups.signals).
"""

import hmac
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.emails import absolute_url
from working_groups import access, app_settings
from working_groups.choices import JoinRequestStatus, MembershipAction, Role
from working_groups.emails import email_on_commit
from working_groups.models import Invitation, JoinRequest, Membership, WorkingGroupPage
from working_groups.models.membership import hash_invitation_token
from working_groups.services.errors import InvalidInvitation, MembershipError, NotAllowed, check_rate
from working_groups.services.membership import _require_manager, display_name, record_event

User = get_user_model()

PENDING_INVITATION_SESSION_KEY = "working_groups_pending_invitation"


def invitation_create(
    *, actor, group: WorkingGroupPage, email: str, role: str = Role.MEMBER, message: str = ""
) -> tuple[Invitation, str]:
    """Invite an e-mail address to the group; returns the invitation and its (never stored) token."""
    _require_manager(actor, group)
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise MembershipError(_("Enter a valid e-mail address."))
    if role not in Role.values:
        raise MembershipError(_("Choose chair, member or observer."))
    if Membership.objects.filter(group=group, user__email__iexact=email).exists():
        raise MembershipError(_("%(email)s is already a member of this group.") % {"email": email})
    if Invitation.objects.open().filter(group=group, email__iexact=email).exists():
        raise MembershipError(
            _("%(email)s already has an open invitation to this group. Revoke it to send a new one.")
            % {"email": email}
        )
    check_rate("group_invitation", actor)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group,
            email=email,
            role=role,
            message=(message or "").strip(),
            token_hash=hash_invitation_token(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=app_settings.invitation_days()),
        )
        record_event(group, MembershipAction.INVITED, actor=actor, subject_email=email, role=role)
        email_on_commit(
            email,
            "invitation",
            {
                "group_title": group.title,
                "inviter_name": display_name(actor),
                "role": role,
                "message": invitation.message,
                "accept_url": absolute_url(reverse("invitation_accept", kwargs={"token": token})),
                "expires_at": invitation.expires_at.date().isoformat(),
            },
        )
    return invitation, token


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The open invitation behind a token, or InvalidInvitation saying why it cannot be used."""
    token_hash = hash_invitation_token(token or "")
    queryset = Invitation.objects.select_related("group", "invited_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=token_hash).first()
    if invitation is None or not hmac.compare_digest(invitation.token_hash, token_hash):
        raise InvalidInvitation(
            _("This invitation link is not valid. Please check that you copied all of it.")
        )
    if invitation.accepted_at:
        raise InvalidInvitation(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise InvalidInvitation(_("This invitation has been withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise InvalidInvitation(
            _("This invitation has expired. Ask the group's chair or the secretariat for a new one.")
        )
    return invitation


def _user_has_address(user, email: str) -> bool:
    if user.email and user.email.lower() == email.lower():
        return True
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # pragma: no cover - allauth is optional for host sites
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_accept(*, user, token: str) -> Membership:
    """Redeem an invitation: the signed-in user joins the group in the invited role.

    The user must own the invited address (their account e-mail or a verified address), so a forwarded
    link cannot be used by someone else.
    """
    if user is None or not user.is_authenticated:
        raise NotAllowed(_("Please sign in or create an account to accept the invitation."))
    with transaction.atomic():
        invitation = invitation_for_token(token, for_update=True)
        if not _user_has_address(user, invitation.email):
            raise NotAllowed(
                _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
                % {"email": invitation.email}
            )
        group = invitation.group
        if Membership.objects.filter(group=group, user=user).exists():
            raise MembershipError(_("You are already a member of this group."))
        membership = Membership.objects.create(group=group, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        JoinRequest.objects.filter(group=group, user=user, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.APPROVED, decided_by=invitation.invited_by, decided_at=timezone.now()
        )
        record_event(
            group, MembershipAction.INVITATION_ACCEPTED, actor=user, subject=user, role=invitation.role
        )
    access.forget_roles(user)
    return membership


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    _require_manager(actor, invitation.group)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise MembershipError(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(
            invitation.group, MembershipAction.INVITATION_REVOKED, actor=actor, subject_email=invitation.email
        )
    return invitation
