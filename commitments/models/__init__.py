from commitments.models.choices import (
    CommitmentKind,
    CommitmentStatus,
    CommitmentVisibility,
    Direction,
    WorkflowState,
)
from commitments.models.commitment import Commitment, DueDiligenceStep, Indicator, SdgTarget
from commitments.models.register import CommitmentRegisterPage
from commitments.models.updates import IndicatorValue, ProgressUpdate

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
