from working_groups.models.commitments.choices import (
    CommitmentKind,
    CommitmentStatus,
    CommitmentVisibility,
    Direction,
    WorkflowState,
)
from working_groups.models.commitments.commitment import Commitment, DueDiligenceStep, Indicator, SdgTarget
from working_groups.models.commitments.register import CommitmentRegisterPage
from working_groups.models.commitments.updates import IndicatorValue, ProgressUpdate

__all__ = [
    "Commitment",
    "CommitmentKind",
    "CommitmentRegisterPage",
    "CommitmentStatus",
    "CommitmentVisibility",
    "Direction",
    "DueDiligenceStep",
    "Indicator",
    "IndicatorValue",
    "ProgressUpdate",
    "SdgTarget",
    "WorkflowState",
]
