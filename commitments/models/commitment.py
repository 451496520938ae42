"""Action commitments of covenant parties, their indicators, and the vocabularies they are tagged with."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from commitments.admin_panels import IndicatorsPanel
from commitments.models.choices import (
    EDITABLE_STATES,
    CommitmentKind,
    CommitmentStatus,
    CommitmentVisibility,
    Direction,
    WorkflowState,
)
from commitments.models.progress import indicator_progress, number
from working_groups import access

_PARTY_CACHE = "_commitment_party_id"


class VocabularyQuerySet(models.QuerySet):
    def originals(self) -> "VocabularyQuerySet":
        """One row per step or target: the default language's. Commitments and library resources link to
        these (filters, exports and the API use their numbers and codes); translations only give a row its
        words in another language (`label`)."""
        return self.filter(original_q())


def original_q() -> models.Q:
    """The default-language rows of a translatable vocabulary (steps, targets, themes): what forms and the
    admin offer to link (`limit_choices_to`), so content links to originals only."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


class DueDiligenceStep(TranslatableMixin, models.Model):
    """One of the six steps of the OECD due-diligence framework (seeded by a migration).

    Translatable (wagtail-localize): a translation is a row in another locale with the same translation key
    and number. Content links to the original (`VocabularyQuerySet.originals`); readers see `label`."""

    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("number"), FieldPanel("name")]

    objects = VocabularyQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        db_table = "working_groups_duediligencestep"
        ordering = ["number"]
        verbose_name = _("OECD due-diligence step")
        verbose_name_plural = _("OECD due-diligence steps")
        constraints = [
            models.UniqueConstraint(fields=["number", "locale"], name="one_oecd_step_number_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"

    @property
    def label(self) -> str:
        """The step's name in the active language; its own name when it has no translation there."""
        from commitments.vocabularies import label_in_active_language

        return label_in_active_language(self, "name")


class SdgTarget(TranslatableMixin, models.Model):
    """A target of the UN Sustainable Development Goals, e.g. 8.7 (end child labour).

    Translatable like DueDiligenceStep: the code is the original's in every language, the title is read from
    the translation (`label`)."""

    code = models.CharField(_("code"), max_length=8, help_text=_("For example 8.7"))
    title = models.CharField(_("title"), max_length=200)

    panels = [FieldPanel("code"), FieldPanel("title")]

    objects = VocabularyQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        db_table = "working_groups_sdgtarget"
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="one_sdg_target_code_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        """The target's title in the active language; its own title when it has no translation there."""
        from commitments.vocabularies import label_in_active_language

        return label_in_active_language(self, "title")

    @property
    def goal(self) -> int:
        return int(self.code.split(".")[0])


def commitment_slug(title: str) -> str:
    return slugify(title)[:80] or "commitment"


def party_organisation_id(user) -> int | None:
    """The covenant party a user represents (MemberProfile.organisation), cached on the user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _PARTY_CACHE):
        from working_groups.models.profile import MemberProfile

        organisation_id = (
            MemberProfile.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True).first()
        )
        setattr(user, _PARTY_CACHE, organisation_id)
    return getattr(user, _PARTY_CACHE)


class CommitmentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Visibility as a queryset triad, plus the public register and what a user may edit.

    - published and public: anyone;
    - published and group only: whoever may read the group's content (working_groups.access);
    - draft, submitted, returned: the author, people of the commitment's parties, the secretariat.
    """

    def _of_party_q(self, user) -> models.Q:
        organisation_id = party_organisation_id(user)
        if organisation_id is None:
            return models.Q(pk__in=[])
        through = Commitment.parties.through.objects.filter(organisation_id=organisation_id)
        return models.Q(pk__in=through.values("commitment_id"))

    def visible_to_q(self, user) -> models.Q:
        if access.is_secretariat(user):
            return models.Q(pk__isnull=False)
        published = models.Q(workflow_state=WorkflowState.PUBLISHED)
        q = published & models.Q(visibility=CommitmentVisibility.PUBLIC)
        q |= (
            published
            & models.Q(visibility=CommitmentVisibility.GROUP)
            & access.group_readable_q(user, "group")
        )
        if user is not None and user.is_authenticated:
            q |= models.Q(author_id=user.pk) | self._of_party_q(user)
        return q

    def visible_to(self, user) -> "CommitmentQuerySet":
        return self.filter(self.visible_to_q(user))

    def not_visible_to(self, user) -> "CommitmentQuerySet":
        return self.exclude(self.visible_to_q(user))

    def public_register(self) -> "CommitmentQuerySet":
        """Published public commitments: the only ones the register, its exports and feeds may show."""
        return self.filter(workflow_state=WorkflowState.PUBLISHED, visibility=CommitmentVisibility.PUBLIC)

    def editable_by(self, user) -> "CommitmentQuerySet":
        """Commitments a user may work on: people of one of the parties, and the secretariat."""
        if access.is_secretariat(user):
            return self.all()
        return self.filter(self._of_party_q(user))


class Commitment(index.Indexed, ClusterableModel):
    """A concrete action one or more parties promise, with indicators and reviewed progress updates.

    `progress`, `last_reported_on` and `published_at` are kept up to date by the services (see
    commitments.services.commitments) so the register can sort and filter on them without extra queries.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    kind = models.CharField(
        _("kind"), max_length=24, choices=CommitmentKind.choices, default=CommitmentKind.ORDINARY
    )
    parties = models.ManyToManyField(
        "working_groups.Organisation",
        verbose_name=_("parties"),
        related_name="commitments",
        db_table="working_groups_commitment_parties",
    )
    group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    themes = models.ManyToManyField(
        "working_groups.Theme",
        verbose_name=_("themes"),
        blank=True,
        limit_choices_to=original_q,
        related_name="commitments",
        db_table="working_groups_commitment_themes",
    )
    due_diligence_steps = models.ManyToManyField(
        DueDiligenceStep,
        verbose_name=_("OECD due-diligence steps"),
        blank=True,
        limit_choices_to=original_q,
        related_name="commitments",
        db_table="working_groups_commitment_due_diligence_steps",
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget,
        verbose_name=_("SDG targets"),
        blank=True,
        limit_choices_to=original_q,
        related_name="commitments",
        db_table="working_groups_commitment_sdg_targets",
    )
    start_date = models.DateField(_("start date"))
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
        db_index=True,
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=CommitmentVisibility.choices,
        default=CommitmentVisibility.PUBLIC,
        db_index=True,
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments_as_contact",
    )
    plan_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("plan document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Gender action plans only: the plan itself, published with the commitment."),
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
        related_name="commitments_authored",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    progress = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    last_reported_on = models.DateField(_("last reported on"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    # Where a commitment came from (e.g. an action point of a session), named generically so that the apps
    # that make commitments (forums) are not known here. The link is shown to those who may read the source
    # group's content (no group: everyone who sees the commitment).
    source_title = models.CharField(_("comes from"), max_length=300, blank=True, editable=False)
    source_url = models.CharField(_("address of the source"), max_length=500, blank=True, editable=False)
    source_group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group of the source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source_members_only = models.BooleanField(
        _("source for the group's members only"), default=False, editable=False
    )

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("plan_document")]),
        FieldPanel("parties", widget=forms.SelectMultiple(attrs={"size": 8})),
        FieldRowPanel([FieldPanel("group"), FieldPanel("visibility")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("due_diligence_steps", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sdg_targets", widget=forms.SelectMultiple(attrs={"size": 8})),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("target_date")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("contact_person")]),
        IndicatorsPanel("indicators", label=_("Indicators")),
        MultiFieldPanel(
            [FieldPanel("workflow_state"), FieldPanel("review_comment"), FieldPanel("author")],
            heading=_("Review"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("party_names"),
        index.AutocompleteField("title"),
        index.FilterField("id"),  # site search narrows to Commitment.objects.visible_to(user) by id
        index.FilterField("workflow_state"),
        index.FilterField("visibility"),
    ]

    class Meta:
        db_table = "working_groups_commitment"
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__gt=models.F("start_date")),
                name="commitment_target_after_start",
                violation_error_message=_("The target date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="group", group__isnull=True),
                name="commitment_group_only_has_group",
                violation_error_message=_("A commitment for the working group only needs a working group."),
            ),
        ]
        indexes = [
            # The public register in its default order (most recently updated first): its first page is
            # read from this index, without sorting every published commitment.
            models.Index(
                fields=["workflow_state", "visibility", "updated_at", "id"], name="commitment_register_order"
            ),
            # Its status summary (how many in each status), counted from this index alone.
            models.Index(
                fields=["workflow_state", "visibility", "status"], name="commitment_register_status"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        return commitment_slug(self.title)

    @property
    def is_gender_action_plan(self) -> bool:
        return self.kind == CommitmentKind.GENDER_ACTION_PLAN

    @property
    def is_published(self) -> bool:
        return self.workflow_state == WorkflowState.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_published and self.visibility == CommitmentVisibility.PUBLIC

    @property
    def is_editable(self) -> bool:
        return self.workflow_state in EDITABLE_STATES

    def source_visible_to(self, user) -> bool:
        """Whether `user` may see where the commitment came from (the source's group decides)."""
        if not self.source_url:
            return False
        if self.source_group_id is None:
            return True
        group_access = access.group_access(user, self.source_group)
        if self.source_members_only:
            return group_access.is_member or group_access.secretariat
        return group_access.read

    def party_names(self) -> str:
        return " ".join(party.name for party in self.parties.all()) if self.pk else ""

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.target_date and self.target_date <= self.start_date:
            errors["target_date"] = _("The target date must be after the start date.")
        if self.visibility == CommitmentVisibility.GROUP and not self.group_id:
            errors["group"] = _("Choose the working group that may see this commitment.")
        if self.plan_document_id and self.kind != CommitmentKind.GENDER_ACTION_PLAN:
            errors["plan_document"] = _("Only a gender action plan has a plan document.")
        if errors:
            raise ValidationError(errors)


class IndicatorQuerySet(models.QuerySet):
    def deletion_refusals(self) -> dict[int, str]:
        """Why some of these indicators cannot be deleted, by pk: progress updates report values for them.

        IndicatorValue protects its indicator, so a report never loses its measure; the forms that delete
        indicators (the site's and the admin's) ask this first and show the messages instead.
        """
        reported = (
            self.annotate(updates=models.Count("values"))
            .filter(updates__gt=0)
            .order_by("sort_order", "pk")
            .values_list("pk", "name", "updates")
        )
        return {
            pk: ngettext(
                "“%(name)s” has reported values in %(count)d progress update, so it cannot be deleted: "
                "that report would lose its measure. Keep the indicator; you can still correct its name, "
                "unit, baseline or target.",
                "“%(name)s” has reported values in %(count)d progress updates, so it cannot be deleted: "
                "those reports would lose their measure. Keep the indicator; you can still correct its "
                "name, unit, baseline or target.",
                updates,
            )
            % {"name": name, "count": updates}
            for pk, name, updates in reported
        }


class Indicator(Orderable):
    """How a commitment's progress is measured: a number in a unit, from a baseline towards a target."""

    commitment = ParentalKey(Commitment, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, tonnes CO2, smelters"))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target")]),
    ]

    class Meta(Orderable.Meta):
        db_table = "working_groups_indicator"
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def clean(self) -> None:
        if self.baseline is None or self.target is None:
            return
        if self.direction == Direction.INCREASE and self.target < self.baseline:
            raise ValidationError({"target": _("For an increase the target must not be below the baseline.")})
        if self.direction == Direction.DECREASE and self.target > self.baseline:
            raise ValidationError({"target": _("For a decrease the target must not be above the baseline.")})

    @property
    def baseline_text(self) -> str:
        return number(self.baseline)

    @property
    def target_text(self) -> str:
        return number(self.target)

    def progress_for(self, value: Decimal) -> Decimal:
        return indicator_progress(self.baseline, self.target, self.direction, value)
