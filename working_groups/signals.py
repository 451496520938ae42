"""Redeem an invitation kept in the session when its invitee signs in (also right after sign-up)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from working_groups import services
from working_groups.services.errors import MembershipError
from working_groups.services.invitations import PENDING_INVITATION_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="working_groups_redeem_pending_invitation")
def redeem_pending_invitation(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
    if not token:
        return
    try:
        membership = services.invitation_accept(user=user, token=token)
    except MembershipError as error:
        messages.warning(request, error.message, fail_silently=True)
        return
    messages.success(
        request,
        _("You accepted the invitation: welcome to %(group)s!") % {"group": membership.group.title},
        fail_silently=True,
    )
