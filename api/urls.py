"""The public API's addresses. The host site includes them under a versioned prefix (`api/v1/`), before
Wagtail's catch-all; every resource module listed in ROUNDTABLE_API_RESOURCES gets its routes here."""

from django.urls import path, re_path

from rest_framework.routers import SimpleRouter

from api.resources import registered_resources
from api.views import ApiRootView, DocsView, ExplorerView, SchemaView, not_found

app_name = "api"

router = SimpleRouter()
for resource in registered_resources():
    router.register(resource.prefix, resource.viewset, basename=resource.basename)

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("explorer/", ExplorerView.as_view(), name="explorer"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
