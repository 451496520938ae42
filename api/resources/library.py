"""`/api/v1/library-resources/`: the knowledge library as data.

The resources an anonymous visitor may see (`Resource.objects.visible_to(AnonymousUser())`: public ones and
those of a group whose content anyone may read), listed as the library page lists them — its own FilterSet
(`q`, `kind`, `theme`, `step`, `mineral`, `language`, `region`, `stakeholder`, `sort`, best match first
when searching) and only the newest version anyone may see of each resource (`current_for`). An older
version is reached by id, by slug and through its newer version's `supersedes` link.

Titles and summaries follow `Accept-Language`, as the labels do: a resource's translation into the asked
language when the secretariat wrote one (`Resource.text_in`), else its own, with `text_language` saying
which language the item's title and summary are in; its `url` is its page in the library of that language
when the library has been translated into it. A translation is texts only: what is listed, found and shown
is decided on the resource itself, the same in every language.

Every embedded relation goes through the same rule: a newer or older version, or a working group, that an
anonymous visitor may not see is left out (`null`), never named. Never in any answer: the file's extracted
text, the audience, who uploaded or cited what.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import AnonymousFilterBackend, ApiOrderingFilter, PublicReadOnlyViewSet
from api.resources import Resource
from api.serializers import GroupRefSerializer, PartyRefSerializer, ThemeRefSerializer, visible_groups
from cms.recordings import recording_for
from commitments.models import DueDiligenceStep
from library.choices import FACET_CHOICES, Facet
from library.filters import LibraryFilterSet
from library.models import Resource as LibraryResource
from library.models.resources import resource_slug
from library.selectors import file_url, library_page
from working_groups.models import Theme

#: What a reference to another version needs (its page address is made from id and title).
REF_FIELDS = ("pk", "title", "summary", "version", "published_on", "supersedes_id")

TITLE_HELP = (
    "In the language of Accept-Language when the resource has been translated into it (text_language)."
)


class LabelledValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField(help_text="In the language of Accept-Language.")


class LibraryStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class PublisherSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The party's name, or the outside organisation's.")
    party = PartyRefSerializer(allow_null=True, help_text="When the publisher is a party of the covenant.")


class LibraryRecordingSerializer(serializers.Serializer):
    url = serializers.URLField()
    provider = serializers.CharField()
    embed_url = serializers.URLField(allow_null=True, help_text="A privacy-friendly player address.")


class VersionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField(source="api_text.title", help_text=TITLE_HELP)
    version = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, resource) -> str:
        return self.context["page_url"](resource)


def _tags(facet: str):
    labels = dict(FACET_CHOICES[facet])

    def read(resource) -> list[dict]:
        values = sorted(tag.value for tag in resource.tags.all() if tag.facet == facet)
        return [{"value": value, "label": str(labels.get(value, value))} for value in values]

    return read


class LibraryResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField(
        help_text="Made from the resource's own title, the same in every language (by-slug finds it)."
    )
    title = serializers.CharField(source="api_text.title", help_text=TITLE_HELP)
    summary = serializers.CharField(source="api_text.summary", help_text=TITLE_HELP)
    text_language = serializers.CharField(
        source="api_text.language",
        help_text="The language of title and summary: the asked one when translated into it, else the "
        "resource's own (the language of a resource in one language, else English).",
    )
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    languages = serializers.SerializerMethodField()
    themes = ThemeRefSerializer(many=True, source="themes.all")
    oecd_steps = LibraryStepSerializer(many=True, source="due_diligence_steps.all")
    stakeholder_types = serializers.SerializerMethodField(help_text="The stakeholder types it serves.")
    minerals = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()
    publisher = serializers.SerializerMethodField()
    published_on = serializers.DateField()
    version = serializers.CharField(allow_blank=True)
    supersedes = serializers.SerializerMethodField(help_text="The older version it replaces.")
    superseded_by = serializers.SerializerMethodField(help_text="The newer version that replaces it.")
    group = serializers.SerializerMethodField(help_text="The working group it was made for, if any.")
    url = serializers.SerializerMethodField(
        help_text="The resource's page in the library of the asked language when there is one, else the "
        "English library."
    )
    file_url = serializers.SerializerMethodField(help_text="Download address of its file, if it has one.")
    file_type = serializers.CharField(allow_blank=True)
    file_size = serializers.IntegerField(help_text="Bytes; 0 without a file.")
    link_url = serializers.URLField(allow_blank=True, help_text="Where the resource lives elsewhere.")
    recording = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(LabelledValueSerializer(many=True))
    def get_languages(self, resource):
        return _tags(Facet.LANGUAGE)(resource)

    @extend_schema_field(LabelledValueSerializer(many=True))
    def get_stakeholder_types(self, resource):
        return _tags(Facet.STAKEHOLDER)(resource)

    @extend_schema_field(LabelledValueSerializer(many=True))
    def get_minerals(self, resource):
        return _tags(Facet.MINERAL)(resource)

    @extend_schema_field(LabelledValueSerializer(many=True))
    def get_regions(self, resource):
        return _tags(Facet.REGION)(resource)

    @extend_schema_field(PublisherSerializer(allow_null=True))
    def get_publisher(self, resource):
        party = resource.publisher_party
        if party is None and not resource.publisher_name:
            return None
        return {
            "name": party.name if party else resource.publisher_name,
            "party": PartyRefSerializer(party).data if party else None,
        }

    def _version(self, other):
        return VersionRefSerializer(other, context=self.context).data if other is not None else None

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_supersedes(self, resource):
        return self._version(resource.public_supersedes)

    @extend_schema_field(VersionRefSerializer(allow_null=True))
    def get_superseded_by(self, resource):
        return self._version(resource.public_superseded_by)

    @extend_schema_field(GroupRefSerializer(allow_null=True))
    def get_group(self, resource):
        group = resource.public_group
        return GroupRefSerializer(group, context=self.context).data if group else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, resource) -> str:
        return self.context["page_url"](resource)

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, resource) -> str:
        path = file_url(resource)
        return self.context["request"].build_absolute_uri(path) if path else ""

    @extend_schema_field(LibraryRecordingSerializer(allow_null=True))
    def get_recording(self, resource):
        recording = recording_for(resource.recording_url)
        return LibraryRecordingSerializer(recording).data if recording else None


class LibraryFilterBackend(AnonymousFilterBackend):
    """The library page's FilterSet; when it sorts by best match (a search without another `sort`), the
    list keeps the search's order, as the page does."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        queryset = filterset.qs
        order = filterset.relevance_order  # the search ran once, for the filter: its ids, best first
        if order is None:
            return queryset
        rank = Case(
            *(When(pk=pk, then=Value(n)) for n, pk in enumerate(order)),
            default=Value(len(order)),
            output_field=IntegerField(),
        )
        return queryset.order_by(rank, "pk")


class LibraryResourceViewSet(PublicReadOnlyViewSet):
    """Guidance, tools, templates, reports, trainings and recordings of the knowledge library, newest first
    (best match first when searching)."""

    queryset = LibraryResource.objects.none()
    serializer_class = LibraryResourceSerializer
    filterset_class = LibraryFilterSet
    filter_backends = [LibraryFilterBackend, ApiOrderingFilter]
    ordering_fields = ["id", "title", "published_on", "updated_at"]

    def public_queryset(self) -> QuerySet[LibraryResource]:
        return LibraryResource.objects.visible_to(AnonymousUser()).defer("extracted_text")

    def list_queryset(self, queryset):
        return self._with_parts(queryset.current_for(AnonymousUser()))

    def detail_queryset(self, queryset):
        return self._with_parts(queryset)

    @staticmethod
    def _with_parts(queryset):
        return queryset.select_related("publisher_party").prefetch_related(
            "tags",
            "translations",
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("due_diligence_steps", queryset=DueDiligenceStep.objects.order_by("number")),
        )

    def find_by_slug(self, slug):
        """A resource's slug comes from its title (its page address ends with it): matched here on the
        visible titles. Versions usually share a title, so the newest visible version (the one the list
        shows) wins, then the oldest resource."""
        matches = [
            pk
            for pk, title in self.public_queryset().order_by("pk").values_list("pk", "title")
            if resource_slug(title) == slug
        ]
        current = set(
            self.public_queryset()
            .current_for(AnonymousUser())
            .filter(pk__in=matches)
            .values_list("pk", flat=True)
        )
        chosen = next((pk for pk in matches if pk in current), matches[0] if matches else None)
        return self._one(self.get_queryset().filter(pk=chosen))

    @property
    def language(self) -> str:
        """The asked language (api.base sets it from Accept-Language; the schema generator's has none)."""
        return getattr(self.request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)

    def get_serializer_context(self):
        # The library page in the asked language (the English one when it has no translation into it), and
        # each resource's address there ends with its title in that page's language, as the page links it.
        page = library_page(self.language)
        base = page.get_full_url(self.request) if page is not None else None
        page_language = page.locale.language_code if page is not None else settings.LANGUAGE_CODE

        def page_url(resource) -> str:
            title = resource.text_in(page_language).title
            return page.resource_url_for(resource.pk, title, base=base) if base else ""

        return {**super().get_serializer_context(), "page_url": page_url}

    def decorate(self, objects):
        """The visible group and the visible older and newer version of every item (two queries, and two for
        the versions' texts), and every one's title and summary in the asked language."""
        groups = visible_groups(resource.group_id for resource in objects)
        older_ids = {resource.supersedes_id for resource in objects if resource.supersedes_id}
        ids = [resource.pk for resource in objects]
        related = (
            list(
                self.public_queryset()
                .filter(Q(pk__in=older_ids) | Q(supersedes_id__in=ids))
                .only(*REF_FIELDS)
                .prefetch_related("tags", "translations")
                .order_by()
            )
            if ids
            else []
        )
        by_id = {other.pk: other for other in related}
        newer_of = {other.supersedes_id: other for other in related if other.supersedes_id in set(ids)}
        language = self.language
        for resource in (*objects, *related):
            resource.api_text = resource.text_in(language)
        for resource in objects:
            resource.public_group = groups.get(resource.group_id)
            resource.public_supersedes = by_id.get(resource.supersedes_id)
            resource.public_superseded_by = newer_of.get(resource.pk)


RESOURCE = Resource(prefix="library-resources", viewset=LibraryResourceViewSet, basename="library-resource")
