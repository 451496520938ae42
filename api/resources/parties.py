"""`/api/v1/parties/`: the covenant's parties, as the public parties directory lists them.

Filtered by the directory's FilterSet (search, stakeholder type, country, working group — a facet that only
knows the groups anyone may see). A party's detail adds the groups its people take part in (only groups
anyone may see) and its commitments in the public register, as the party's page does. No people: a party's
members are not published.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PublicReadOnlyViewSet
from api.resources import Resource
from api.serializers import GroupRefSerializer
from commitments.models import Commitment
from working_groups.filters import PartyFilterSet
from working_groups.models import Organisation
from working_groups.selectors import party_groups


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    stakeholder_type = serializers.CharField()
    stakeholder_type_label = serializers.CharField(source="get_stakeholder_type_display")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    website = serializers.URLField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    party_status = serializers.CharField(help_text="signatory or supporting")
    signatory_since = serializers.DateField(allow_null=True)
    logo_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo_url(self, party):
        return self.context["request"].build_absolute_uri(party.logo.file.url) if party.logo_id else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, party) -> str:
        return self.context["request"].build_absolute_uri(party.get_absolute_url())


class CommitmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    status = serializers.CharField()


class PartyDetailSerializer(PartySerializer):
    groups = GroupRefSerializer(many=True, source="public_groups")
    commitments = CommitmentRefSerializer(many=True, source="public_commitments")


class PartyViewSet(PublicReadOnlyViewSet):
    """The covenant's signatory and supporting parties."""

    queryset = Organisation.objects.none()
    serializer_class = PartySerializer
    detail_serializer_class = PartyDetailSerializer
    filterset_class = PartyFilterSet
    ordering_fields = ["id", "name", "signatory_since", "country"]

    def public_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("logo").order_by("name")

    def decorate(self, objects):
        if self.action == "list":
            return
        for party in objects:
            party.public_groups = list(party_groups(party, AnonymousUser()))
            through = Commitment.parties.through.objects.filter(organisation=party)
            party.public_commitments = list(
                Commitment.objects.public_register()
                .filter(Commitment.objects.visible_to_q(AnonymousUser()))
                .filter(pk__in=through.values("commitment_id"))
                .order_by("target_date", "title")
                .only("pk", "title", "status")
            )


RESOURCE = Resource(prefix="parties", viewset=PartyViewSet, basename="party")
