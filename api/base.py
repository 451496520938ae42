"""What every resource of the public API shares: anonymous-only reads, the pages' FilterSets, sorting,
pagination, lookups by id and by slug, rate limits and the HTTP headers of api.http.

A resource is a `PublicReadOnlyViewSet` subclass that says three things:

- `public_queryset()`: what an anonymous visitor may see, through the same queryset methods as the pages
  (`visible_to(AnonymousUser())`, `.live().public()`, the register's `public_register()`);
- `filterset_class`: the FilterSet of the page that lists the same things (query parameters mean the same);
- `serializer_class` (and `detail_serializer_class`), plus `ordering_fields` for `?ordering=`.

Everything else (404 as JSON for anything not visible, 400 for refused filter values, ETag, CORS, 429) is
here, so a new resource is one small module (see api.resources).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from api import app_settings, http
from cms import ratelimits

#: Ids beyond a 63-bit integer exist in no database: refuse them before they reach one.
MAX_ID = 2**63 - 1
SLUG_PATTERN = r"[-\w]+"


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.page_size = app_settings.page_size()
        self.max_page_size = app_settings.max_page_size()
        return super().get_page_size(request)


class AddressRateThrottle(BaseThrottle):
    """The `api_read` limit of cms.ratelimits, counted per client address (never per account: the API
    answers everyone as an anonymous visitor)."""

    scope = "api_read"
    retry_after: int | None = None

    def allow_request(self, request, view) -> bool:
        try:
            ratelimits.hit(self.scope, user=AnonymousUser(), request=request)
        except ratelimits.RateLimitExceeded as exceeded:
            self.retry_after = exceeded.retry_after
            return False
        return True

    def wait(self) -> int | None:
        return self.retry_after


class AnonymousFilterBackend(DjangoFilterBackend):
    """The pages' FilterSets, fed the query string and a request whose user is anonymous (the view made it
    so in `initial`): a facet that offers working groups offers only the groups anyone may see.

    A choice of a row by an integer key (`?group=<id>`) that no database integer can hold finds no row
    (cms.lookups), so the FilterSet calls it an invalid choice.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs


class ApiOrderingFilter(OrderingFilter):
    """`?ordering=field,-other` over the view's `ordering_fields`; an unknown field is refused (400) rather
    than silently ignored, so a typo does not pass for a sorted list."""

    ordering_description = "Comma-separated fields to sort by; a leading minus sorts descending."

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"{self.ordering_description} One or more of: {fields}.",
                "schema": {"type": "string"},
            }
        ]

    def remove_invalid_fields(self, queryset, fields, view, request):
        allowed = set(view.ordering_fields)
        wrong = [term for term in fields if term.lstrip("-") not in allowed]
        if wrong:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot sort by “%(field)s”. Choose from: %(allowed)s.")
                        % {"field": wrong[0], "allowed": ", ".join(sorted(allowed))}
                    ]
                }
            )
        terms = [term for term in fields if term]
        # A unique last key keeps pages stable when many items share the sorted values.
        return [*terms, "pk"] if terms and terms[-1].lstrip("-") not in ("id", "pk") else terms


class AnonymousApiMixin:
    """For every API view (resources and the schema): no authentication at all — no session, so no CSRF
    and nothing a cookie could unlock —, the per-address rate limit, UTC times, labels in the language of
    `Accept-Language`, and the headers of api.http on every answer."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]

    def initialize_request(self, request, *args, **kwargs):
        request.user = AnonymousUser()
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        request.user = AnonymousUser()
        language = http.api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        timezone.activate(datetime.UTC)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        try:
            response = super().finalize_response(request, response, *args, **kwargs)
            return http.finish(request, response)
        finally:
            # The data is written by now: the worker's next request starts in the site's time zone again.
            timezone.deactivate()


class PublicReadOnlyViewSet(AnonymousApiMixin, viewsets.ReadOnlyModelViewSet):
    renderer_classes = [JSONRenderer]
    pagination_class = ApiPagination
    filter_backends = [AnonymousFilterBackend, ApiOrderingFilter]
    lookup_value_regex = "[0-9]+"
    detail_serializer_class = None
    ordering_fields: list[str] = []

    # --- what a resource says ---
    def public_queryset(self) -> QuerySet:
        """Everything an anonymous visitor may see of this resource."""
        raise NotImplementedError

    def list_queryset(self, queryset: QuerySet) -> QuerySet:
        """The queryset of a list, with what its serializer embeds fetched up front."""
        return queryset

    def detail_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.list_queryset(queryset)

    def decorate(self, objects: list) -> None:
        """Attach what the serializer needs that no prefetch reaches (in a fixed number of queries)."""

    # --- wiring ---
    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator asks for the model only
            return self.queryset
        queryset = self.public_queryset()
        if self.action == "list":
            return self.list_queryset(queryset)
        return self.detail_queryset(queryset)

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "anonymous": AnonymousUser()}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = list(self.paginate_queryset(queryset))
        self.decorate(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        """The visible item with this id. Filters and sorting do not apply to a detail."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not str(value).isdigit() or int(value) > MAX_ID:
            raise NotFound
        return self._one(self.get_queryset().filter(pk=int(value)))

    def _one(self, queryset: QuerySet):
        item = queryset.order_by("pk").first()
        if item is None:
            raise NotFound
        self.decorate([item])
        return item

    def find_by_slug(self, slug: str):
        """The visible item with this slug (the oldest when several share it)."""
        return self._one(self.get_queryset().filter(slug=slug))

    @extend_schema(
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
        filters=False,
        description="One item by its slug (the one with the lowest id when several share the slug).",
    )
    @action(
        detail=False, methods=["get"], url_path=f"by-slug/(?P<slug>{SLUG_PATTERN})", pagination_class=None
    )
    def by_slug(self, request, slug: str, *args, **kwargs):
        item = self.find_by_slug(slug)
        return Response(self.get_serializer(item).data)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def ids(objects: Iterable) -> list[int]:
    return [item.pk for item in objects]
