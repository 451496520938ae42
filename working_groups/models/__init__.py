from working_groups.models.groups import (
    Theme,
    WorkingGroupDocument,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    original_theme_q,
)
from working_groups.models.membership import Invitation, JoinRequest, Membership, MembershipEvent
from working_groups.models.organisations import Organisation, PartyStatus, StakeholderType
from working_groups.models.profile import GenderConsentRecord, MemberProfile

__all__ = [
    "GenderConsentRecord",
    "Invitation",
    "JoinRequest",
    "MemberProfile",
    "Membership",
    "MembershipEvent",
    "Organisation",
    "PartyStatus",
    "StakeholderType",
    "Theme",
    "WorkingGroupDocument",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
    "original_theme_q",
]
