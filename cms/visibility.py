"""Which pages a visitor may find. Apps that hide pages (private working groups) answer through a hook, so the
cms never needs to know why a page is hidden."""

from django.db.models import QuerySet

from wagtail import hooks
from wagtail.models import Page

from cms.hooks import HIDDEN_PAGES_HOOK


def pages_findable_by(user, pages: QuerySet[Page] | None = None) -> QuerySet[Page]:
    """Live, public pages minus every page a `roundtable_hidden_pages_q` hook hides from this user."""
    pages = Page.objects.all() if pages is None else pages
    pages = pages.live().public()
    for hidden_pages_q in hooks.get_hooks(HIDDEN_PAGES_HOOK):
        pages = pages.exclude(hidden_pages_q(user))
    return pages
