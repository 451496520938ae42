"""Choice sets shared by the models and the access policy (kept apart to avoid import cycles)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    OPEN = "open", _("Open: anyone reads, members take part")
    CLOSED = "closed", _("Closed: the description is public, members read and take part")
    PRIVATE = "private", _("Private: only members know the group exists")


class JoiningPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone signed in may join")
    REQUEST = "request", _("On request: a chair or the secretariat approves")
    INVITATION = "invitation", _("By invitation only")


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipAction(models.TextChoices):
    JOINED = "joined", _("joined the group")
    REQUESTED = "requested", _("asked to join")
    REQUEST_APPROVED = "request_approved", _("approved a request to join")
    REQUEST_DECLINED = "request_declined", _("declined a request to join")
    INVITED = "invited", _("sent an invitation")
    INVITATION_ACCEPTED = "invitation_accepted", _("accepted an invitation")
    INVITATION_REVOKED = "invitation_revoked", _("revoked an invitation")
    LEFT = "left", _("left the group")
    REMOVED = "removed", _("removed a member")
    ROLE_CHANGED = "role_changed", _("changed a role")


class Gender(models.TextChoices):
    """Self-described and optional; only ever counted in aggregates of at least the small-number threshold."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("I describe myself another way")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("I prefer not to say")


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("gave consent")
    WITHDRAWN = "withdrawn", _("withdrew consent")
