"""Writes of the working-groups app (see working_groups.services.membership and .invitations)."""

from working_groups.services.errors import InvalidInvitation, MembershipError, NotAllowed, RateLimited
from working_groups.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
)
from working_groups.services.membership import (
    join_request_approve,
    join_request_create,
    join_request_decline,
    join_request_withdraw,
    membership_change_role,
    membership_join,
    membership_leave,
    membership_remove,
)

__all__ = [
    "InvalidInvitation",
    "MembershipError",
    "NotAllowed",
    "RateLimited",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_revoke",
    "join_request_approve",
    "join_request_create",
    "join_request_decline",
    "join_request_withdraw",
    "membership_change_role",
    "membership_join",
    "membership_leave",
    "membership_remove",
]
