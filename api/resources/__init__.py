"""The resources of the public API, one module each.

A module publishes one resource with a module-level `RESOURCE = Resource(prefix, viewset, basename)`; the
`ROUNDTABLE_API_RESOURCES` setting (api.app_settings) lists the modules, and api.urls registers each one on
the router, so it gets `/api/v1/<prefix>/`, `/api/v1/<prefix>/<id>/` and `/api/v1/<prefix>/by-slug/<slug>/`
and its place in the OpenAPI description. The module may live in another app (`library/api.py`): it only
needs api.base.PublicReadOnlyViewSet, the app's FilterSet and a serializer. See docs/api.md, "Adding a
resource".
"""

from dataclasses import dataclass
from importlib import import_module

from api import app_settings


@dataclass(frozen=True)
class Resource:
    prefix: str
    viewset: type
    basename: str


def registered_resources() -> list[Resource]:
    return [import_module(path).RESOURCE for path in app_settings.resources()]
