from working_groups.models.commitments import (
    Commitment,
    CommitmentRegisterPage,
    DueDiligenceStep,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    SdgTarget,
)
from working_groups.models.groups import (
    Theme,
    WorkingGroupDocument,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from working_groups.models.membership import Invitation, JoinRequest, Membership, MembershipEvent
from working_groups.models.organisations import Organisation, PartyStatus, StakeholderType
from working_groups.models.profile import GenderConsentRecord, MemberProfile

__all__ = [
    "Commitment",
    "CommitmentRegisterPage",
    "DueDiligenceStep",
    "GenderConsentRecord",
    "Indicator",
    "IndicatorValue",
    "Invitation",
    "JoinRequest",
    "MemberProfile",
    "Membership",
    "MembershipEvent",
    "Organisation",
    "PartyStatus",
    "ProgressUpdate",
    "SdgTarget",
    "StakeholderType",
    "Theme",
    "WorkingGroupDocument",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
]
