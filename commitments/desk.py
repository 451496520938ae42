"""The commitments' items on the secretariat's desk (working_groups.desk): commitments and progress updates
waiting for review, and published commitments whose report is overdue. Reviewing is the secretariat's work, so
a chair's desk has none of them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.filters import overdue_q
from commitments.models import Commitment, ProgressUpdate
from commitments.models.choices import WorkflowState
from working_groups.desk import DeskItem, DeskScope, snippet_list_url


def commitment_items(user, scope: DeskScope) -> list[DeskItem]:
    if not scope.secretariat:
        return []
    submitted_commitments = Commitment.objects.filter(workflow_state=WorkflowState.SUBMITTED)
    submitted_updates = ProgressUpdate.objects.filter(workflow_state=WorkflowState.SUBMITTED)
    overdue = Commitment.objects.filter(workflow_state=WorkflowState.PUBLISHED).filter(overdue_q())
    review_url = reverse("commitment_review")
    overdue_url = snippet_list_url("commitment", app_label="commitments", overdue="true")
    return [
        DeskItem(
            "commitment-reviews", _("Commitments to review"), submitted_commitments.count(), review_url, 20
        ),
        DeskItem(
            "update-reviews", _("Progress updates to review"), submitted_updates.count(), review_url, 21
        ),
        DeskItem("overdue-reports", _("Overdue commitment reports"), overdue.count(), overdue_url, 60),
    ]
