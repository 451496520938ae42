"""Resource cards for posts: a forum post that pastes a resource's address on a line of its own shows the
resource as a card, for readers who may see it (the forums call this through their `forums_post_embeds`
hook; the library imports nothing of the forums)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from library import selectors
from library.models import Resource


def _own_hosts() -> set[str]:
    hosts = {urlsplit(settings.BASE_URL).netloc.lower()}
    hosts.update(host.lower() for host in settings.ALLOWED_HOSTS if host and "*" not in host)
    return hosts


def resource_cards(addresses: list[str], user) -> dict[str, str]:
    """{address: card} for addresses of resource pages on this site that `user` may see, in the library page
    of any language (one query). The card shows the resource in the reader's language."""
    pages = selectors.library_pages()
    if not pages:
        return {}
    page = selectors.library_page(pages=pages)
    base_paths = [urlsplit(url).path for url in (other.get_url(None) for other in pages) if url]
    hosts = _own_hosts()
    wanted: dict[int, list[str]] = {}
    for address in addresses:
        parts = urlsplit(address)
        host = parts.netloc.lower()
        if parts.query or parts.fragment or (host not in hosts and host.split(":")[0] not in hosts):
            continue
        base_path = next((path for path in base_paths if parts.path.startswith(path)), "")
        rest = parts.path[len(base_path) :] if base_path else ""
        segments = [segment for segment in rest.split("/") if segment]
        if len(segments) == 2 and segments[0].isdigit() and parts.path.endswith("/"):
            wanted.setdefault(int(segments[0]), []).append(address)
    if not wanted:
        return {}
    resources = selectors.with_list_relations(Resource.objects.visible_to(user).filter(pk__in=list(wanted)))
    cards = {}
    for item in selectors.resource_items(list(resources), page):
        html = render_to_string(
            "library/includes/resource_embed.html", {"item": item, "LANGUAGE_CODE": get_language()}
        )
        for address in wanted[item.resource.pk]:
            cards[address] = html
    return cards
