"""Opening and accepting an e-mailed invitation, with or without an account."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from working_groups import services
from working_groups.services.errors import InvalidInvitation, MembershipError
from working_groups.services.invitations import PENDING_INVITATION_SESSION_KEY


def invitation_accept(request, token: str):
    """GET shows the invitation; POST (signed in) accepts it.

    A visitor without an account is asked to sign in or sign up; the token waits in their session and is
    redeemed at their first sign-in (working_groups.signals), so "sign up, confirm e-mail" joins the group.
    """
    try:
        invitation = services.invitation_for_token(token)
    except InvalidInvitation as error:
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        return TemplateResponse(
            request, "working_groups/invitation_invalid.html", {"message": error.message}, status=410
        )
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION_SESSION_KEY] = token
    elif request.method == "POST":
        try:
            membership = services.invitation_accept(user=request.user, token=token)
        except MembershipError as error:
            messages.error(request, error.message)
        else:
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            messages.success(request, _("Welcome to %(group)s!") % {"group": membership.group.title})
            return HttpResponseRedirect(membership.group.url)
    return TemplateResponse(
        request, "working_groups/invitation.html", {"invitation": invitation, "token": token}
    )
