"""Cards for addresses pasted on a line of their own in a post, filled in for each reader when a thread is
shown (like mentions, never stored), so a card only ever shows what this reader may see.

Other apps register a function under `forums_post_embeds`: it gets every pasted address of the posts on the
page and the reader, and returns {address: card HTML} for the addresses it knows (the library: its resource
pages). One call per app per page, whatever the number of posts. An address nobody claims stays a plain
line of text or link.
"""

from __future__ import annotations

import re
from html import unescape

from django.utils.safestring import mark_safe

from wagtail import hooks

from forums.hooks import POST_EMBEDS_HOOK

#: A paragraph holding nothing but one address, as written (text) or as an autolink `<https://…>`.
STANDALONE_ADDRESS = re.compile(
    r'<p>(?:<a href="(?P<href>https?://[^"\s<>]+)"[^>]*>)?(?P<text>https?://[^\s<>]+)(?:</a>)?</p>'
)


def standalone_addresses(html: str) -> list[str]:
    found = []
    for match in STANDALONE_ADDRESS.finditer(html):
        href, text = match.group("href"), match.group("text")
        if href is None or unescape(href) == unescape(text):
            found.append(unescape(text))
    return found


def embed_cards(htmls: list[str], user) -> dict[str, str]:
    """{address: card HTML} for the standalone addresses in these posts that an app can show this reader."""
    addresses = sorted({address for html in htmls for address in standalone_addresses(html)})
    if not addresses:
        return {}
    cards: dict[str, str] = {}
    for make_cards in hooks.get_hooks(POST_EMBEDS_HOOK):
        cards.update(make_cards(addresses, user))
    return cards


def with_cards(html: str, cards: dict[str, str]) -> str:
    """The post's HTML with each claimed standalone address replaced by its card."""
    if not cards:
        return html

    def replace(match) -> str:
        href, text = match.group("href"), match.group("text")
        address = unescape(text)
        if href is not None and unescape(href) != address:
            return match.group(0)
        return cards.get(address, match.group(0))

    return mark_safe(STANDALONE_ADDRESS.sub(replace, html))  # noqa: S308 (stored HTML is sanitised; cards are ours)
