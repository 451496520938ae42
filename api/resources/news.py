"""`/api/v1/news/`: the site's news items, as the news index lists them.

Live items without a view restriction (`NewsPage.objects.live().public()`), newest first, filtered by the
news index's FilterSet (`tag`, `year`).
"""

from __future__ import annotations

from django.db.models import QuerySet

from wagtail.models import Site

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PublicReadOnlyViewSet
from api.resources import Resource
from cms.filters import NewsFilterSet
from cms.models import NewsPage


class TagSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class NewsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField()
    summary = serializers.CharField()
    tags = TagSerializer(many=True, source="tags.all")
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, item) -> str:
        return item.get_full_url(self.context["request"]) or ""


class NewsViewSet(PublicReadOnlyViewSet):
    """News of the covenant, newest first."""

    queryset = NewsPage.objects.none()
    serializer_class = NewsSerializer
    filterset_class = NewsFilterSet
    ordering_fields = ["id", "date", "title"]

    def public_queryset(self) -> QuerySet[NewsPage]:
        news = (
            NewsPage.objects.live()
            .public()
            .defer_streamfields()
            .order_by("-date", "-first_published_at", "-pk")
        )
        site = Site.find_for_request(self.request)
        return news.filter(path__startswith=site.root_page.path) if site is not None else news

    def list_queryset(self, queryset):
        return queryset.prefetch_related("tags")


RESOURCE = Resource(prefix="news", viewset=NewsViewSet, basename="news")
