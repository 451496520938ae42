from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import server_error as django_server_error

from cms.selectors import pages_search

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search(request):
    """Site search over live, public pages; the query stays in the header's search field."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results_page = None
    page_range = ()
    if query:
        paginator = Paginator(pages_search(query, request.user), SEARCH_RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
        page_range = paginator.get_elided_page_range(results_page.number, on_each_side=2, on_ends=1)
    return render(
        request,
        "cms/search.html",
        {
            "search_query": query,
            "results_page": results_page,
            "page_range": page_range,
            "filter_query": urlencode({"q": query}) if query else "",
        },
    )


def page_not_found(request, exception):
    return django_page_not_found(request, exception, template_name="404.html")


def server_error(request):
    return django_server_error(request, template_name="500.html")
