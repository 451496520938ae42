"""The project's URLs plus a view that fails, to exercise the 500 handler."""

from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("A bug in a view")


urlpatterns = [path("fail/", fail), *project_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
