"""The API's own pages: its index, the OpenAPI description, the browsable documentation and a JSON 404 for
any other address under the API's prefix."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import http
from api.base import AnonymousApiMixin
from api.reference import openapi_schema
from api.reference import resources as reference_resources
from api.resources import registered_resources

API_VERSION = "v1"


class ApiRootView(AnonymousApiMixin, APIView):
    """Where everything is: the resources, the OpenAPI description and the documentation."""

    renderer_classes = [JSONRenderer]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        def link(name: str) -> str:
            return request.build_absolute_uri(reverse(f"api:{name}"))

        return Response(
            {
                "version": API_VERSION,
                "resources": {
                    resource.prefix: link(f"{resource.basename}-list") for resource in registered_resources()
                },
                "schema": link("schema"),
                "docs": link("docs"),
                "explorer": link("explorer"),
            }
        )


class SchemaView(AnonymousApiMixin, SpectacularAPIView):
    """The OpenAPI 3 description: YAML by default, JSON with `Accept: application/json`; built once per
    language and process (api.reference.openapi_schema)."""

    def _get_schema_response(self, request):
        return Response(
            data=openapi_schema(translation.get_language()),
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, None)}"'},
        )


class DocsView(TemplateView):
    """The API reference: every resource with its addresses, parameters and fields, read from the OpenAPI
    description and rendered as a plain page of the site (no script needed, readable by screen readers)."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "resources": reference_resources(translation.get_language()),
            "schema_url": reverse("api:schema"),
            "root_url": reverse("api:root"),
            "explorer_url": reverse("api:explorer"),
        }


class ExplorerView(TemplateView):
    """Swagger UI from this site's own static files (drf-spectacular-sidecar), started by a static script:
    nothing from other hosts, no inline script or style, so the site's strict CSP holds."""

    template_name = "api/explorer.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "schema_url": reverse("api:schema"),
            "reference_url": reverse("api:docs"),
        }


def not_found(request, *args, **kwargs):
    response = JsonResponse({"detail": _("There is no such address in this API.")}, status=404)
    return http.finish(request, response)
