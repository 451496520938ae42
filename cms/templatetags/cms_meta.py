"""`{% meta_description %}`: what search engines and link previews show of a page.

The page's search description when the editor wrote one, else its summary or introduction (whatever the page
type calls it), else a sentence about the site, so no page goes without one.
"""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

DESCRIPTION_FIELDS = ("search_description", "summary", "introduction", "intro", "hero_intro", "description")
MAX_CHARS = 300


def description_of(page) -> str:
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return Truncator(" ".join(strip_tags(value).split())).chars(MAX_CHARS)
    return ""


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    page = context.get("page")
    description = description_of(page) if page is not None and hasattr(page, "title") else ""
    if description:
        return description
    site_name = context.get("site_name") or ""
    return _(
        "%(site)s: the online home of the covenant: working groups, events, dialogue, commitments and a "
        "library of guidance and tools."
    ) % {"site": site_name}
