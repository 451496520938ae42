"""Progress updates on a commitment: a dated narrative, evidence and a value per indicator, reviewed like the
commitment itself. Published updates are never deleted, also when the commitment is withdrawn."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from commitments.models.choices import EDITABLE_STATES, CommitmentStatus, WorkflowState
from commitments.models.commitment import Commitment, Indicator
from commitments.models.progress import number


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self) -> "ProgressUpdateQuerySet":
        return self.filter(workflow_state=WorkflowState.PUBLISHED)

    def visible_to_q(self, user) -> models.Q:
        """Published updates of commitments the user may see; unpublished ones for those who may edit."""
        commitments = Commitment.objects.all()
        published = models.Q(workflow_state=WorkflowState.PUBLISHED) & models.Q(
            commitment__in=commitments.visible_to(user).values("pk")
        )
        return published | models.Q(commitment__in=commitments.editable_by(user).values("pk"))

    def visible_to(self, user) -> "ProgressUpdateQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "ProgressUpdateQuerySet":
        return self.exclude(self.visible_to_q(user))


class ProgressUpdate(ClusterableModel):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    narrative = models.TextField(_("what happened"), max_length=5000)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("evidence document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_status = models.CharField(
        _("new status of the commitment"),
        max_length=16,
        choices=CommitmentStatus.choices,
        blank=True,
        help_text=_("Leave empty to keep the current status. It changes when the update is published."),
    )
    workflow_state = models.CharField(
        _("workflow state"),
        max_length=16,
        choices=WorkflowState.choices,
        default=WorkflowState.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(_("comment of the secretariat"), blank=True, max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates_authored",
    )
    progress = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ProgressUpdateQuerySet.as_manager()

    panels = [
        FieldPanel("commitment"),
        FieldRowPanel([FieldPanel("reported_on"), FieldPanel("new_status")]),
        FieldPanel("narrative"),
        FieldRowPanel([FieldPanel("evidence_url"), FieldPanel("evidence_document")]),
        InlinePanel("values", label=_("Indicator values")),
        MultiFieldPanel(
            [FieldPanel("workflow_state"), FieldPanel("review_comment"), FieldPanel("author")],
            heading=_("Review"),
        ),
    ]

    class Meta:
        db_table = "working_groups_progressupdate"
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return (
            f"{self.commitment} — {self.reported_on:%Y-%m-%d}" if self.reported_on else str(self.commitment)
        )

    @property
    def is_editable(self) -> bool:
        return self.workflow_state in EDITABLE_STATES

    @property
    def is_published(self) -> bool:
        return self.workflow_state == WorkflowState.PUBLISHED


class IndicatorValue(models.Model):
    """The value an update reports for one of its commitment's indicators, in the indicator's unit."""

    update = ParentalKey(ProgressUpdate, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)

    panels = [FieldRowPanel([FieldPanel("indicator"), FieldPanel("value")])]

    class Meta:
        db_table = "working_groups_indicatorvalue"
        ordering = ["indicator__sort_order", "indicator_id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["update", "indicator"], name="indicator_value_once_per_update")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value_text} {self.indicator.unit}"

    @property
    def value_text(self) -> str:
        return number(self.value)

    def clean(self) -> None:
        update = getattr(self, "update", None)
        if (
            self.indicator_id
            and update is not None
            and update.commitment_id
            and self.indicator.commitment_id != update.commitment_id
        ):
            raise ValidationError({"indicator": _("This indicator belongs to another commitment.")})

    @property
    def progress(self):
        return self.indicator.progress_for(self.value)
