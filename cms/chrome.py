"""The site's chrome (name, main menu, footer, contact details), built once per site and cached.

Building it costs a few queries; serving it from the cache costs none. The cache is versioned: saving the
settings or the menu, or publishing, moving or deleting a page (which can change a menu link), bumps the
version, so every site rebuilds on its next request.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Site

from cms.destinations import destination_url, destinations

CACHE_VERSION_KEY = "cms:chrome:version"
CACHE_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class Contact:
    address: str
    email: str
    phone: str


@dataclass(frozen=True)
class SiteChrome:
    site_name: str
    organisation_name: str
    main_menu: tuple[Link, ...]
    footer_links: tuple[Link, ...]
    social_links: tuple[Link, ...]
    contact: Contact


def chrome_cache_clear() -> None:
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 2, timeout=None)


def chrome_for_site(site: Site | None, language: str | None = None) -> SiteChrome:
    language = language or settings.LANGUAGE_CODE
    version = cache.get_or_set(CACHE_VERSION_KEY, 1, timeout=None)
    key = f"cms:chrome:{version}:{site.pk if site else 0}:{language}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = chrome_build(site, language)
        cache.set(key, chrome, CACHE_TIMEOUT)
    return chrome


def _translated(page, language: str | None):
    """The page in the reader's language when it has a live translation there (for links meant for every
    language), else the page itself. Built once per site and language, then cached."""
    if not language or language == settings.LANGUAGE_CODE:
        return page
    translated = page.get_translations().filter(locale__language_code=language, live=True).first()
    return translated or page


def _destination_labels(language: str) -> dict[str, str]:
    """Each destination's label in `language` (apps name them with gettext)."""
    with translation.override(language):
        return {key: str(destination.label) for key, destination in destinations().items()}


def _links(items, site: Site, language: str | None = None) -> tuple[Link, ...]:
    """Links of a menu or footer; a link to a page that is not live (any more) is left out.

    A link meant for every language keeps the title the secretariat gave it, except that readers of another
    language than the default see the label in their language when the link still carries the default one:
    the translated page's title, or the app's own label of a destination ("Library" -> "Bibliotheek"). The
    items apps add to the menu (the groups, events, library, forums) so read in Dutch without a second,
    Dutch-only copy of each."""
    foreign = bool(language) and language != settings.LANGUAGE_CODE
    default_labels = _destination_labels(settings.LANGUAGE_CODE) if foreign else {}
    reader_labels = _destination_labels(language) if foreign else {}
    links = []
    for item in items:
        keeps_default = foreign and not getattr(item, "language", "")
        if getattr(item, "link_destination", ""):
            if url := destination_url(item.link_destination, site):
                title = item.title
                if keeps_default and title == default_labels.get(item.link_destination):
                    title = reader_labels[item.link_destination]
                links.append(Link(title, url))
        elif item.link_page_id is None:
            links.append(Link(item.title, item.link_url))
        elif (page := _translated(item.link_page, language)).live and (
            url := page.get_url(current_site=site)
        ):
            title = item.title
            if keeps_default and page.pk != item.link_page_id and title == item.link_page.title:
                title = page.title
            links.append(Link(title, url))
    return tuple(links)


def in_language(items, language: str) -> list:
    """The links meant for readers of `language` (its own and those for every language); when the menu has no
    links of that language yet, the default language's, so a reader never meets an empty menu."""
    items = list(items)
    if language != settings.LANGUAGE_CODE and not any(item.language == language for item in items):
        language = settings.LANGUAGE_CODE
    return [item for item in items if item.language in ("", language)]


def chrome_build(site: Site | None, language: str | None = None) -> SiteChrome:
    """Read the settings and menu of `site` into plain, picklable values with resolved URLs."""
    from cms.models import MainMenu, SiteContactSettings

    language = language or settings.LANGUAGE_CODE
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    if site is None:
        return SiteChrome(site_name, site_name, (), (), (), Contact("", "", ""))
    # Read, never create: `for_site` would insert missing rows during a GET (and bump the cache version).
    contact = SiteContactSettings.objects.filter(site=site).first() or SiteContactSettings(site=site)
    menu = MainMenu.objects.filter(site=site).first()
    menu_items = menu.items.select_related("link_page") if menu else []
    footer_items = contact.footer_links.select_related("link_page") if contact.pk else []
    social_items = contact.social_links.all() if contact.pk else []
    return SiteChrome(
        site_name=site_name,
        organisation_name=contact.organisation_name or site_name,
        main_menu=_links(in_language(menu_items, language), site, language),
        footer_links=_links(in_language(footer_items, language), site, language),
        social_links=tuple(Link(item.network, item.url) for item in social_items),
        contact=Contact(contact.address, contact.email, contact.phone),
    )
