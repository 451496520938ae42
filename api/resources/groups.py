"""`/api/v1/groups/`: the working groups anyone may know about, as the group index lists them.

Open and closed groups only (`WorkingGroupPage.objects.live().public().visible_to(AnonymousUser())`): a
private group does not exist here — not by id, not by slug, not in a filter or another resource. Public
fields only, those a closed group's page shows to everyone: title, introduction, themes, how to join, the
number of members and, in the detail, the chairs by name and party (as the group's page names them).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet

from wagtail.models import Site

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PublicReadOnlyViewSet
from api.resources import Resource
from api.serializers import PersonNameSerializer, ThemeRefSerializer, person_name
from working_groups.choices import Role
from working_groups.filters import GroupIndexFilterSet
from working_groups.models import Membership, WorkingGroupPage


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    introduction = serializers.CharField()
    visibility = serializers.CharField(help_text="open or closed (private groups are never published)")
    joining_policy = serializers.CharField()
    themes = ThemeRefSerializer(many=True, source="themes.all")
    member_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, group) -> str:
        return group.get_full_url(self.context["request"]) or ""


class GroupDetailSerializer(GroupSerializer):
    chairs = serializers.SerializerMethodField()

    @extend_schema_field(PersonNameSerializer(many=True))
    def get_chairs(self, group):
        chairs = []
        for membership in group.chair_memberships:
            name = person_name(membership.user)
            if not name:
                continue
            profile = getattr(membership.user, "profile", None)
            organisation = ""
            if profile is not None:
                organisation = (
                    profile.organisation.name if profile.organisation_id else profile.organisation_name
                )
            chairs.append({"name": name, "organisation": organisation})
        return PersonNameSerializer(chairs, many=True).data


class GroupViewSet(PublicReadOnlyViewSet):
    """Open and closed working groups."""

    queryset = WorkingGroupPage.objects.none()
    serializer_class = GroupSerializer
    detail_serializer_class = GroupDetailSerializer
    filterset_class = GroupIndexFilterSet
    ordering_fields = ["id", "title"]

    def public_queryset(self) -> QuerySet[WorkingGroupPage]:
        groups = (
            WorkingGroupPage.objects.live()
            .public()
            .visible_to(AnonymousUser())
            .defer_streamfields()
            .annotate(member_count=Count("memberships", distinct=True))
            .order_by("title")
        )
        site = Site.find_for_request(self.request)
        return groups.filter(path__startswith=site.root_page.path) if site is not None else groups

    def list_queryset(self, queryset):
        return queryset.prefetch_related("themes")

    def detail_queryset(self, queryset):
        chairs = (
            Membership.objects.filter(role=Role.CHAIR)
            .select_related("user__profile__organisation")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        return self.list_queryset(queryset).prefetch_related(
            Prefetch("memberships", queryset=chairs, to_attr="chair_memberships")
        )


RESOURCE = Resource(prefix="groups", viewset=GroupViewSet, basename="group")
