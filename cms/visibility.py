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
