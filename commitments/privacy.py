"""The commitments' part of a person's data (registered on cms.privacy's hooks in
commitments/wagtail_hooks.py): the commitments they wrote or are the contact person of, and the progress
updates they wrote, in a fixed number of queries.

Nothing is erased: commitments and progress updates are the parties' public record and stay, with their
author set to NULL when the account goes.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.privacy import PersonalData
from commitments.models import Commitment, ProgressUpdate


def commitments_personal_data(user) -> dict[str, Any]:
    commitments = (
        Commitment.objects.filter(Q(author=user) | Q(contact_person=user))
        .select_related("group")
        .order_by("created_at", "pk")
    )
    updates = (
        ProgressUpdate.objects.filter(author=user).select_related("commitment").order_by("created_at", "pk")
    )
    return {
        "commitments": [
            {
                "title": item.title,
                "description": item.description,
                "your_part": "author" if item.author_id == user.pk else "contact_person",
                "group": item.group.title if item.group else None,
                "status": item.status,
                "visibility": item.visibility,
                "workflow_state": item.workflow_state,
                "start_date": item.start_date,
                "target_date": item.target_date,
                "created_at": item.created_at,
                "published_at": item.published_at,
            }
            for item in commitments
        ],
        "progress_updates": [
            {
                "commitment": item.commitment.title,
                "reported_on": item.reported_on,
                "narrative": item.narrative,
                "evidence_url": item.evidence_url,
                "new_status": item.new_status,
                "workflow_state": item.workflow_state,
                "created_at": item.created_at,
                "published_at": item.published_at,
            }
            for item in updates
        ],
    }


class CommitmentsPersonalData(PersonalData):
    title = _("Commitments")
    sections = {
        "commitments": _("The commitments you wrote or are the contact person of"),
        "progress_updates": _("The progress updates you wrote"),
    }
    kept = (_("Commitments and progress updates you wrote stay in your party's record, without your name."),)

    def export(self, user) -> dict[str, Any]:
        return commitments_personal_data(user)
