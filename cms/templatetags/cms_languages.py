"""Language alternates of the page being read: `<link rel="alternate" hreflang>` and the language switcher."""

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from cms.i18n.translations import routable_sub_path, visible_translations
from cms.links import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """One entry per content language: code, local name, url of the page in it (None: not translated), and
    whether it is the page's own language. Cached on the request: the head and the switcher share a query."""
    request = context.get("request")
    page = page or context.get("page")
    if request is None or page is None or not hasattr(page, "get_translations"):
        return []
    cache = getattr(request, "_page_languages", None)
    if cache is not None and cache[0] == page.pk:
        return cache[1]
    translations = {p.locale.language_code: p for p in visible_translations(page, request.user, request)}
    # On an item of a routable page (a library resource), each language's address is that item's.
    sub_path = routable_sub_path(page, request.path, request)
    entries = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        translated = translations.get(code)
        url = translated.get_url(request) if translated else None
        entries.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": absolute_url(url + sub_path) if url else None,
                "current": translated is not None and translated.pk == page.pk,
            }
        )
    request._page_languages = (page.pk, entries)
    return entries
