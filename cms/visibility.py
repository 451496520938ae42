"""Which pages a visitor may find. Apps that hide pages (private working groups) answer through a hook, so the
cms never needs to know why a page is hidden."""

from django.db.models import Q, QuerySet

from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from cms.hooks import HIDDEN_PAGES_HOOK


def view_restrictions(request=None) -> list[PageViewRestriction]:
    """Every view restriction of the site with its page (what Wagtail's `public()` reads), read once per
    request when one is given: serving a page checks its own restrictions and finds its language alternates
    from the same list. One query, none on a second call in the same request."""
    cached = getattr(request, "_roundtable_view_restrictions", None) if request is not None else None
    if cached is None:
        cached = list(PageViewRestriction.objects.select_related("page"))
        if request is not None:
            request._roundtable_view_restrictions = cached
    return cached


def private_q(restrictions: list[PageViewRestriction]) -> Q:
    """The pages under any of these restrictions: Wagtail's `PageQuerySet.private_q()` over a list read
    once."""
    q = Q()
    for restriction in restrictions:
        q |= Page.objects.descendant_of_q(restriction.page, inclusive=True)
    return q if q else Q(pk__in=[])


def restrictions_of_page(page: Page, restrictions: list[PageViewRestriction]) -> QuerySet:
    """Wagtail's `page.get_view_restrictions()` (the restrictions on the page and its ancestors, an alias's
    taken from its source), answered from the site's restrictions read once: no query when the site has none
    or all of them are on the page's own path, one (the ancestors that are aliases) otherwise. Returned as an
    evaluated queryset, so anything chained onto it asks the database as before."""
    ids: set[int] = set()

    def add(candidate):  # as Wagtail's own: an alias counts as its source
        if candidate.alias_of_id:
            add(candidate.alias_of)
        else:
            ids.add(candidate.pk)

    add(page)
    steplen = page.steplen
    ancestor_paths = [page.path[:end] for end in range(steplen, len(page.path), steplen)]
    on_path = set(ancestor_paths)
    for restriction in restrictions:
        if restriction.page.path in on_path and not restriction.page.alias_of_id:
            ids.add(restriction.page_id)
    if any(r.page_id not in ids for r in restrictions):
        # A restricted page off the path counts only if an ancestor is an alias of it.
        for ancestor in Page.objects.filter(path__in=ancestor_paths, alias_of__isnull=False).only("alias_of"):
            add(ancestor)
    found = [restriction for restriction in restrictions if restriction.page_id in ids]
    answer = PageViewRestriction.objects.filter(page_id__in=ids)
    answer._result_cache = found
    answer._prefetch_done = True
    return answer


def pages_findable_by(user, pages: QuerySet[Page] | None = None, *, request=None) -> QuerySet[Page]:
    """Live, public pages minus every page a `roundtable_hidden_pages_q` hook hides from this user. With the
    request, the site's view restrictions are read once for it (`view_restrictions`)."""
    pages = Page.objects.all() if pages is None else pages
    if request is None:
        pages = pages.live().public()
    else:
        pages = pages.live().exclude(private_q(view_restrictions(request)))
    for hidden_pages_q in hooks.get_hooks(HIDDEN_PAGES_HOOK):
        pages = pages.exclude(hidden_pages_q(user))
    return pages


def in_reader_language(pages: QuerySet[Page], language_code: str | None = None) -> QuerySet[Page]:
    """The pages in the reader's language (the active one unless named): pages of that locale, plus pages of
    the default locale that have no translation in it, so a reader never loses what exists only in English."""
    from django.conf import settings
    from django.db.models import Q
    from django.utils.translation import get_language

    from wagtail.models import Locale

    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    default = settings.LANGUAGE_CODE
    if code == default:
        return pages.filter(locale__language_code=default)
    translated = Page.objects.filter(locale__language_code=code).values("translation_key")
    if not Locale.objects.filter(language_code=code).exists():
        return pages.filter(locale__language_code=default)
    return pages.filter(
        Q(locale__language_code=code) | Q(locale__language_code=default) & ~Q(translation_key__in=translated)
    )
