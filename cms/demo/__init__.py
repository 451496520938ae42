"""Demo content of the host site: home page, about and policy pages, news, settings and the main menu.

Idempotent: every page is looked up by its slug under its parent and left alone when it exists; settings and
the menu are filled only while still empty.
"""

import json
import uuid
from urllib.parse import urlsplit

from wagtail.models import Page, Site

from cms.demo import content
from cms.demo.images import banner_image
from cms.links import base_url
from cms.models import (
    FooterLink,
    HomePage,
    MainMenu,
    MainMenuItem,
    NewsIndexPage,
    NewsPage,
    NewsPageRelatedPage,
    SiteContactSettings,
    SocialLink,
    StandardPage,
)

BANNERS = {
    "strata": ("Layers of ore, abstract", "Abstract banner of teal and amber layers, like rock strata."),
    "smelter": ("Molten metal, abstract", "Abstract banner of amber and red circles on dark brown."),
    "circuit": ("Circuit lines, abstract", "Abstract banner of green and teal lines, like a circuit board."),
    "dialogue": ("Round table, abstract", "Abstract banner of overlapping circles in teal, white and amber."),
}


def seed(context) -> None:
    images = {
        style: banner_image(title, description, style, seed=index)
        for index, (style, (title, description)) in enumerate(BANNERS.items())
    }
    home = _home_page(images["strata"])
    about = _standard_page(home, content.ABOUT_PAGES[0])
    about_pages = {about.slug: about}
    about_pages.update({spec["slug"]: _standard_page(about, spec) for spec in content.ABOUT_PAGES[1:]})
    policy_pages = {spec["slug"]: _standard_page(home, spec) for spec in content.POLICY_PAGES}
    if not home.hero_cta_text:
        home.hero_cta_text = content.HOME["hero_cta_text"]
        home.hero_cta_page = about
        home.save_revision().publish()
    news_index = _child(home, NewsIndexPage, content.NEWS_INDEX["slug"], **_plain(content.NEWS_INDEX))
    for spec in content.NEWS:
        _news_page(news_index, spec, images, {**about_pages, **policy_pages})
    _site_settings(home, policy_pages)
    _main_menu(home, about, news_index)
    from cms.demo.dutch import seed_dutch

    seed_dutch(home, about, news_index)
    context.stdout.write(f"  {NewsPage.objects.live().count()} news items, home page at /")


def _plain(spec: dict) -> dict:
    return {key: value for key, value in spec.items() if key != "slug"}


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The page of type `model` called `slug` under `parent`; created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _stream(items: list[tuple]) -> str:
    blocks = []
    for kind, *values in items:
        if kind == "heading":
            value = {"text": values[0], "level": "h2"}
        elif kind == "quote":
            value = {"quote": values[0], "attribution": values[1]}
        else:
            value = values[0]
        blocks.append({"type": kind, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, repr(values)))})
    return json.dumps(blocks)


def _home_page(hero_image) -> HomePage:
    """Our HomePage as the root of the default site, replacing Wagtail's untouched welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = Page.get_first_root_node()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.child_of(root).first()
    if home is None:
        welcome = Page.objects.child_of(root).filter(slug="home", content_type__model="page").first()
        if welcome is not None and welcome.is_leaf():
            welcome.delete()
            root.refresh_from_db()
        fields = {key: value for key, value in content.HOME.items() if key not in {"aims", "hero_cta_text"}}
        aims = [
            {"type": "aim", "value": {"title": title, "text": text}} for title, text in content.HOME["aims"]
        ]
        home = HomePage(slug="home", hero_image=hero_image, aims=json.dumps(aims), **fields)
        root.add_child(instance=home)
        home.save_revision().publish()
    hostname, port = _public_host()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.save()
    return home


def _public_host() -> tuple[str, int]:
    """The host and port of the site's public address (BASE_URL: `make demo` passes the one it serves), so
    Wagtail's own full URLs (the admin's "view live") agree with every other link (cms.links)."""
    address = urlsplit(base_url())
    default_port = 443 if address.scheme == "https" else 80
    return address.hostname or "localhost", address.port or default_port


def _standard_page(parent: Page, spec: dict) -> StandardPage:
    fields = {"title": spec["title"], "intro": spec["intro"], "body": _stream(spec["body"])}
    return _child(parent, StandardPage, spec["slug"], **fields)


def _news_page(index: NewsIndexPage, spec: dict, images: dict, pages: dict) -> NewsPage:
    existing = NewsPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    page = NewsPage(
        slug=spec["slug"],
        title=spec["title"],
        date=spec["date"],
        summary=spec["summary"],
        image=images.get(spec.get("image")),
        body=_stream([("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"]]),
        related_pages=[NewsPageRelatedPage(page=pages[slug]) for slug in spec["related"]],
    )
    page.tags.add(*spec["tags"])
    index.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    return page


def _site_settings(home: HomePage, policy_pages: dict) -> None:
    site = Site.objects.get(root_page=home)
    settings = SiteContactSettings.for_site(site)
    if settings.organisation_name:
        return
    spec = content.SITE_SETTINGS
    settings.organisation_name = spec["organisation_name"]
    settings.email = spec["email"]
    settings.phone = spec["phone"]
    settings.address = spec["address"]
    settings.footer_links = [
        FooterLink(title=policy_pages[slug].title, link_page=policy_pages[slug])
        for slug in ("privacy", "accessibility", "contact")
    ]
    settings.social_links = [SocialLink(network=network, url=url) for network, url in spec["social"]]
    settings.save()


def _main_menu(home: HomePage, about: StandardPage, news_index: NewsIndexPage) -> None:
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    if menu.items.exists():
        return
    menu.items = [
        MainMenuItem(title="About", link_page=about),
        MainMenuItem(title="News", link_page=news_index),
    ]
    menu.save()
