"""Choice sets of action commitments and their progress updates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DELAYED = "delayed", _("Delayed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Commitments that are still being worked on: they can be overdue and get reminders.
OPEN_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS, CommitmentStatus.DELAYED)


class CommitmentVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: in the register for everyone")
    GROUP = "group", _("Working group only: for those who may read the group's content")


class CommitmentKind(models.TextChoices):
    ORDINARY = "ordinary", _("Commitment")
    GENDER_ACTION_PLAN = "gender_action_plan", _("Gender action plan")


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")


#: States in which the party may still change the text.
EDITABLE_STATES = (WorkflowState.DRAFT, WorkflowState.RETURNED)


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase (higher is better)")
    DECREASE = "decrease", _("Decrease (lower is better)")
