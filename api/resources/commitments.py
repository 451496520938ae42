"""`/api/v1/commitments/`: the public commitment register as data.

The same rows as the register page: `Commitment.objects.public_register()` (published and public) — also
checked against `visible_to(AnonymousUser())` —, filtered by the register's own FilterSet, so a register
address's query string (`?theme=…&status=…&sort=…`) gives the same list here. Group-only commitments,
drafts, submitted and returned ones never appear, nor does the review comment or the author. The contact
person is given by name in the detail only, as the commitment's page shows it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Prefetch, QuerySet, Value, When

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PublicReadOnlyViewSet
from api.resources import Resource
from api.serializers import (
    DocumentRefSerializer,
    GroupRefSerializer,
    PartyRefSerializer,
    ThemeRefSerializer,
    person_name,
    visible_groups,
)
from commitments.filters import CommitmentRegisterFilterSet, overdue_q
from commitments.links import register_page
from commitments.models import (
    Commitment,
    DueDiligenceStep,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    SdgTarget,
)
from commitments.models.choices import WorkflowState
from working_groups.models import Organisation


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class SdgTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class ObservationSerializer(serializers.Serializer):
    reported_on = serializers.DateField(source="update.reported_on")
    value = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False)
    target = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False)
    latest_value = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField(
        help_text="Percent of the way from baseline to target, 0 to 100."
    )
    values = ObservationSerializer(
        many=True, source="published_values", help_text="Published values, oldest first."
    )

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True))
    def get_latest_value(self, indicator):
        values = indicator.published_values
        return values[-1].value if values else None

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_progress(self, indicator):
        values = indicator.published_values
        return indicator.progress_for(values[-1].value) if values else None


class UpdateValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    value = serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False)


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reported_on = serializers.DateField()
    narrative = serializers.CharField()
    new_status = serializers.CharField(allow_blank=True)
    progress = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    evidence_url = serializers.URLField(allow_blank=True)
    evidence_document = DocumentRefSerializer(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    values = UpdateValueSerializer(many=True, source="values.all")


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    start_date = serializers.DateField()
    target_date = serializers.DateField()
    progress = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="Percent (0 to 100).",
    )
    is_overdue = serializers.BooleanField()
    last_reported_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    parties = PartyRefSerializer(many=True, source="parties.all")
    themes = ThemeRefSerializer(many=True, source="themes.all")
    oecd_steps = StepSerializer(many=True, source="due_diligence_steps.all")
    sdg_targets = SdgTargetSerializer(many=True, source="sdg_targets.all")
    group = serializers.SerializerMethodField()
    plan_document = DocumentRefSerializer(allow_null=True)
    indicators = IndicatorSerializer(many=True, source="indicators.all")
    url = serializers.SerializerMethodField()

    @extend_schema_field(GroupRefSerializer(allow_null=True))
    def get_group(self, commitment):
        group = getattr(commitment, "public_group", None)
        return GroupRefSerializer(group, context=self.context).data if group else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, commitment) -> str:
        return getattr(commitment, "page_url", "")


class CommitmentDetailSerializer(CommitmentSerializer):
    contact_person = serializers.SerializerMethodField(help_text="A name, as the commitment's page shows it.")
    updates = ProgressUpdateSerializer(many=True, source="published_updates")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_contact_person(self, commitment):
        return person_name(commitment.contact_person) or None


def published_values() -> Prefetch:
    return Prefetch(
        "values",
        queryset=IndicatorValue.objects.filter(update__workflow_state=WorkflowState.PUBLISHED)
        .select_related("update")
        .only("pk", "value", "indicator_id", "update_id", "update__reported_on")
        .order_by("update__reported_on", "update_id"),
        to_attr="published_values",
    )


class CommitmentViewSet(PublicReadOnlyViewSet):
    """Published public commitments of the covenant's parties, as in the commitment register."""

    queryset = Commitment.objects.none()
    serializer_class = CommitmentSerializer
    detail_serializer_class = CommitmentDetailSerializer
    filterset_class = CommitmentRegisterFilterSet
    ordering_fields = ["id", "title", "updated_at", "target_date", "start_date", "progress"]

    def public_queryset(self) -> QuerySet[Commitment]:
        return (
            Commitment.objects.public_register()
            .filter(Commitment.objects.visible_to_q(AnonymousUser()))
            .annotate(
                is_overdue=Case(
                    When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
                )
            )
        )

    def list_queryset(self, queryset):
        return queryset.select_related("plan_document").prefetch_related(
            Prefetch(
                "parties",
                queryset=Organisation.objects.only("pk", "slug", "name", "stakeholder_type").order_by("name"),
            ),
            "themes",
            Prefetch("due_diligence_steps", queryset=DueDiligenceStep.objects.order_by("number")),
            Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("code")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("sort_order", "pk").prefetch_related(published_values()),
            ),
        )

    def detail_queryset(self, queryset):
        updates = (
            ProgressUpdate.objects.published()
            .select_related("evidence_document")
            .prefetch_related(
                Prefetch(
                    "values",
                    queryset=IndicatorValue.objects.order_by("indicator__sort_order", "indicator_id"),
                )
            )
            .order_by("-reported_on", "-pk")
        )
        return (
            self.list_queryset(queryset)
            .select_related("contact_person__profile")
            .prefetch_related(Prefetch("updates", queryset=updates, to_attr="published_updates"))
        )

    def find_by_slug(self, slug):
        """A commitment's slug comes from its title (the page's address ends with it), so it is matched
        here on the visible titles; the oldest wins when several titles give the same slug."""
        from commitments.models.commitment import commitment_slug

        matches = [
            pk
            for pk, title in self.public_queryset().order_by("pk").values_list("pk", "title")
            if commitment_slug(title) == slug
        ]
        return self._one(self.get_queryset().filter(pk__in=matches[:1]))

    def decorate(self, objects):
        groups = visible_groups(commitment.group_id for commitment in objects)
        register = register_page() if objects else None
        base = register.get_full_url(self.request) if register is not None else None
        for commitment in objects:
            commitment.public_group = groups.get(commitment.group_id)
            commitment.page_url = (
                register.commitment_url_for(commitment.pk, commitment.title, base=base) if base else ""
            )


RESOURCE = Resource(prefix="commitments", viewset=CommitmentViewSet, basename="commitment")
