import io
import re

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import pytest

from cms import demo
from cms.demo_context import DemoContext
from cms.models import (
    FooterLink,
    HomePage,
    MainMenuItem,
    NewsIndexPage,
    NewsPage,
    NewsPageRelatedPage,
    SiteContactSettings,
    SocialLink,
    StandardPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _seed_cms():
    demo.seed(DemoContext(password="demo-password-123", stdout=io.StringIO(), style=None))


def _cms_counts() -> dict:
    pages = dict(
        Page.objects.order_by()
        .values_list("content_type__model")
        .annotate(n=Count("pk"))
        .values_list("content_type__model", "n")
    )
    return {
        "pages": pages,
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "menu_items": MainMenuItem.objects.count(),
        "footer_links": FooterLink.objects.count(),
        "social_links": SocialLink.objects.count(),
        "settings": SiteContactSettings.objects.count(),
        "related": NewsPageRelatedPage.objects.count(),
        "tags": NewsPage.tags.through.objects.count(),
    }


def test_seed_builds_the_covenant_site(client):
    _seed_cms()

    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage) and home.live
    assert home.hero_image and home.hero_cta_page and len(home.aims) >= 3
    others = Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(translation_key=home.translation_key)
    assert not others.exists()  # Wagtail's welcome page is gone (the Dutch home is the home's translation)
    about = StandardPage.objects.child_of(home).get(slug="about")
    assert set(StandardPage.objects.child_of(about).values_list("slug", flat=True)) >= {
        "oecd-due-diligence",
        "gender-lens",
    }
    assert {"privacy", "accessibility", "contact"} <= set(
        StandardPage.objects.child_of(home).values_list("slug", flat=True)
    )
    news_index = NewsIndexPage.objects.child_of(home).get()
    news = NewsPage.objects.child_of(news_index).live()
    assert news.count() >= 6
    assert len({item.date.year for item in news}) >= 2
    assert all(item.summary and item.body and item.tags.exists() for item in news)
    assert NewsPageRelatedPage.objects.exists()
    contact = SiteContactSettings.objects.get()
    assert contact.organisation_name and contact.email
    assert [link.link_page.slug for link in contact.footer_links.all()] == [
        "privacy",
        "accessibility",
        "contact",
    ]
    assert MainMenuItem.objects.count() >= 2


def test_seeded_pages_render(client):
    _seed_cms()
    home = Site.objects.get(is_default_site=True).root_page
    pages = Page.objects.descendant_of(home, inclusive=True).live().specific()

    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url
    news_index = NewsIndexPage.objects.get(locale__language_code="en")
    assert client.get(f"{news_index.url}feed/rss/").status_code == 200
    assert client.get("/search/", {"q": "gender"}).context["search"].total >= 2


def test_seed_twice_changes_nothing():
    _seed_cms()
    first = _cms_counts()

    _seed_cms()

    assert _cms_counts() == first
    assert first["pages"]["newspage"] >= 6
    assert Page.objects.filter(has_unpublished_changes=True).count() == 0


def test_seed_keeps_the_secretariats_edits():
    _seed_cms()
    contact = SiteContactSettings.objects.get()
    contact.organisation_name = "Renamed by the secretariat"
    contact.save()
    about = StandardPage.objects.get(slug="about")
    about.title = "About us"
    about.save_revision().publish()

    _seed_cms()

    assert SiteContactSettings.objects.get().organisation_name == "Renamed by the secretariat"
    assert StandardPage.objects.get(slug="about").title == "About us"


def test_seed_demo_command_twice_gives_the_same_site():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _cms_counts()
    ContentType.objects.clear_cache()

    call_command("seed_demo", stdout=io.StringIO())

    assert _cms_counts() == first
    assert "news items, home page at /" in out.getvalue()


# Transactional: the e-mails go out from on_commit callbacks, as they do outside tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_demo_holds_back_the_emails_its_activity_causes(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    # Registrations and posts made by the seed e-mail people; none of it reaches the console.
    assert re.search(r"\d+ e-mails caused by the demo activity were not sent\.", out.getvalue())
    assert "Subject:" not in capsys.readouterr().out
