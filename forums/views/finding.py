"""Finding: search over the posts a person may see, and every thread they may read with filters."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms.pagination import paginate, pagination_context
from forums import app_settings, selectors
from forums.filters import ThreadFilterSet
from forums.models import Thread
from forums.notifications.selectors import mark_unread
from forums.search import search_posts, search_terms

RESULTS_PER_PAGE = 20


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    results = search_posts(request.user, query) if query else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "too_short": bool(query) and not search_terms(query),
        "results": page,
        **pagination_context(page, request),
    }
    response = TemplateResponse(request, "forums/finding/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def thread_list(request):
    """Every thread the person may read, across forums, newest activity first, with filters."""
    threads = (
        Thread.objects.visible_to(request.user)
        .select_related(
            "forum__group",
            "author__profile__organisation",
            "last_post__author__profile__organisation",
        )
        .prefetch_related("tags")
        .order_by("-last_post_at", "-pk")
    )
    filterset = ThreadFilterSet(request.GET, queryset=threads, user=request.user)
    threads = filterset.qs if filterset.is_valid() else threads.none()
    page = paginate(request, threads, app_settings.threads_per_page())
    rows = selectors.thread_rows(page.object_list, request.user)
    mark_unread([row.thread for row in rows], request.user)
    context = {"filterset": filterset, "threads": page, "rows": rows, **pagination_context(page, request)}
    return TemplateResponse(request, "forums/finding/thread_list.html", context)
