"""The site's URLs plus the baseline of bench/bench_pages.py: a minimal Django view, a few hundred bytes of
HTML from a string, no template and no query, behind the same middleware as every page."""

from django.http import HttpResponse
from django.urls import include, path

MINIMAL_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Minimal</title></head>'
    "<body><main><h1>Minimal</h1><p>The same server, the same middleware, no work.</p></main></body></html>"
)


def minimal(request):
    return HttpResponse(MINIMAL_HTML)


urlpatterns = [
    path("bench-minimal/", minimal),
    path("", include("config.urls")),
]
