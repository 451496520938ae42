"""Pagination shared by every app's lists: one page of a list, and what `cms/includes/pagination.html`
needs."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator


def paginate(request, items, per_page: int, count: int | None = None) -> PaginatorPage:
    """The page the request asks for (`?page=`); an out-of-range or malformed number gives the nearest
    page. Pass `count` when the number of items is known already (it saves the paginator's count query)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the paginator reads it instead of counting
    return paginator.get_page(request.GET.get("page"))


def pagination_context(page: PaginatorPage, request) -> dict:
    """What cms/includes/pagination.html needs: an elided page range and the other query parameters."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filter_query": query.urlencode(),
    }
