"""Small serializers that several resources embed: themes, parties, working groups, documents, people.

Embedded working groups come from `visible_groups()`, the groups an anonymous visitor may see: an item of a
private group (a public commitment of a private group) never names that group.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from working_groups.models import WorkingGroupPage


class ThemeRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PartyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    stakeholder_type = serializers.CharField()


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, group) -> str:
        return group.get_full_url(self.context.get("request")) or ""


class DocumentRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(document.url) if request else document.url


class PersonNameSerializer(serializers.Serializer):
    """A person as the pages name them: their name and their party, never an e-mail address."""

    name = serializers.CharField()
    organisation = serializers.CharField(allow_blank=True)


def visible_groups(group_ids) -> dict[int, WorkingGroupPage]:
    """{id: group} of the given groups that an anonymous visitor may see (live, public, not private)."""
    wanted = {pk for pk in group_ids if pk}
    if not wanted:
        return {}
    groups = (
        WorkingGroupPage.objects.live()
        .public()
        .visible_to(AnonymousUser())
        .filter(pk__in=wanted)
        .defer_streamfields()
    )
    return {group.pk: group for group in groups}


def person_name(user) -> str:
    """The name a page shows for an account: the profile's display name, else the full name; never the
    e-mail address (the pages' last fallback), so an account without a name gives ""."""
    if user is None:
        return ""
    try:
        display_name = user.profile.display_name
    except ObjectDoesNotExist:
        display_name = ""
    return display_name or user.get_full_name() or ""
