"""Factories for the cms pages, created with `parent=` (Wagtail's MP_NodeFactory adds them there)."""

import datetime

from django.utils.text import slugify

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.wagtail_factories import ImageFactory, PageFactory

import factory

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage

__all__ = [
    "HomePageFactory",
    "ImageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "make_home_site",
    "restrict_to_logged_in",
]


class HomePageFactory(PageFactory):
    title = "Home"
    hero_heading = "Responsible metal chains, worked out together"
    hero_intro = "Companies, government, unions and NGOs at one table."

    class Meta:
        model = HomePage


class StandardPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"About page {n}")
    intro = "What the covenant is and how it works."

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Covenant news item {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    summary = "Parties agreed on the next steps of their due-diligence work."

    class Meta:
        model = NewsPage


def make_home_site(**fields) -> HomePage:
    """A HomePage under the tree root, made the root of the default site."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="test-home", **fields)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def restrict_to_logged_in(page: Page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
