"""Helpers with which each app's demo seed hangs its pages on the demo site. All are idempotent."""

import json
import uuid

from wagtail.models import Page, Site

from cms.models import HomePage, MainMenu, MainMenuItem


def default_home_page() -> HomePage:
    """The home page of the default site (laid by the cms seed, which runs first)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").get()
    return site.root_page.specific


def ensure_child_page(parent: Page, model: type[Page], *, slug: str, **fields) -> Page:
    """The `model` page with `slug` below `parent`, created and published with `fields` if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def add_to_main_menu(home: Page, page: Page, *, title: str, position: int) -> None:
    """Put `page` into the main menu at `position` (or last), unless an item already links to it."""
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    items = list(menu.items.all())
    if any(item.link_page_id == page.pk for item in items):
        return
    items.insert(min(position, len(items)), MainMenuItem(title=title, link_page=page))
    for order, item in enumerate(items):
        item.sort_order = order
    menu.items = items
    menu.save()


def paragraph_stream(items: tuple[tuple[str, str], ...], namespace: str) -> str:
    """StreamField JSON of ("heading" | "paragraph", text) items, with block ids stable across runs."""
    blocks = []
    for kind, text in items:
        value = {"text": text, "level": "h3"} if kind == "heading" else f"<p>{text}</p>"
        block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/{text}"))
        blocks.append({"type": kind, "value": value, "id": block_id})
    return json.dumps(blocks)
