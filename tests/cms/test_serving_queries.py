"""What serving one page reads: Wagtail's routing and view-restriction check and the page's language
alternates share one read of the site's view restrictions, and the active language's Locale is not read
per request. The restrictions answered from that shared read are exactly Wagtail's own
(`page.get_view_restrictions()`), for pages under restrictions, under aliases of restricted pages, and
aliases themselves."""

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.i18n.translations import translate_page
from cms.visibility import restrictions_of_page, view_restrictions
from tests.factories.cms import StandardPageFactory, restrict_to_logged_in
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def read(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def standard_page_queries() -> int:
    """Six, five on a site without working groups (no private groups to leave out of the alternates)."""
    return 6 if apps.is_installed("working_groups") else 5


def test_a_standard_page_costs_six_queries(client, home):
    """The site, the page by its slug and as its own type, the site's view restrictions (once, for Wagtail's
    check and the language alternates), the private groups' paths (on a site with working groups) and the
    page's translations."""
    about = StandardPageFactory(parent=home, slug="about")
    client.get(about.url)

    response, sqls = read(client, about.url)

    assert response.status_code == 200
    assert len(sqls) == standard_page_queries(), sqls
    assert len([sql for sql in sqls if 'FROM "wagtailcore_pageviewrestriction"' in sql]) == 1
    assert not [sql for sql in sqls if 'FROM "wagtailcore_locale"' in sql and "JOIN" not in sql]


def test_restrictions_elsewhere_cost_one_query_and_still_hide_what_they_restrict(client, home):
    """With a restricted section off the page's path, one more query asks whether an ancestor is an alias of
    it; the restricted section stays closed to an anonymous visitor and open to a signed-in one."""
    about = StandardPageFactory(parent=home, slug="about")
    members = StandardPageFactory(parent=home, slug="members")
    inside = StandardPageFactory(parent=members, slug="inside")
    restrict_to_logged_in(members)
    client.get(about.url)

    response, sqls = read(client, about.url)
    assert response.status_code == 200
    assert len(sqls) == standard_page_queries() + 1, sqls

    for url in (members.url, inside.url):
        refused = client.get(url)
        assert refused.status_code == 302 and "login" in refused["Location"]
    client.force_login(UserFactory())
    assert client.get(inside.url).status_code == 200


def test_a_dutch_page_is_routed_from_the_dutch_home(client, home):
    dutch_home = translate_page(home, "nl", title="Thuis")
    about = StandardPageFactory(parent=home, slug="about", title="About")
    dutch = translate_page(about, "nl", title="Over ons")
    assert dutch.get_parent().pk == dutch_home.pk
    client.get(dutch.url)

    response = client.get(dutch.url)

    assert response.status_code == 200
    assert response.context["page"].pk == dutch.pk
    assert 'hreflang="en"' in response.content.decode() and 'hreflang="nl"' in response.content.decode()


def test_the_home_page_is_served_as_its_own_type(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert type(response.context["page"]) is type(home)
    assert response.context["page"].hero_heading == home.hero_heading


def tree(home):
    """Sections with login and password restrictions, aliases of restricted and open pages, an alias under a
    restricted section and a restricted alias."""
    open_section = StandardPageFactory(parent=home, slug="open")
    closed = StandardPageFactory(parent=home, slug="closed")
    closed_child = StandardPageFactory(parent=closed, slug="child")
    restrict_to_logged_in(closed)
    secret = StandardPageFactory(parent=open_section, slug="secret")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    alias_of_closed = closed.create_alias(parent=open_section, update_slug="alias-of-closed")
    alias_of_open = open_section.create_alias(parent=closed, update_slug="alias-of-open")
    StandardPageFactory(parent=alias_of_closed, slug="under-alias")
    restricted_alias = secret.create_alias(parent=home, update_slug="restricted-alias")
    restrict_to_logged_in(restricted_alias)
    return [open_section, closed, closed_child, secret, alias_of_closed, alias_of_open, restricted_alias]


def test_restrictions_from_the_shared_read_are_wagtails_for_every_page(home):
    tree(home)
    restrictions = view_restrictions()
    assert len(restrictions) >= 3  # Wagtail copies a restricted page's restrictions to its new aliases
    for page in Page.objects.filter(depth__gt=1):
        wagtails = sorted(page.get_view_restrictions().values_list("pk", flat=True))
        ours = restrictions_of_page(Page.objects.get(pk=page.pk), restrictions)
        assert sorted(restriction.pk for restriction in ours) == wagtails, page.url_path
        # Anything chained on the answer asks the database, as Wagtail's queryset does.
        assert sorted(ours.order_by("pk").values_list("pk", flat=True)) == wagtails


def test_no_restrictions_no_query(home):
    about = StandardPageFactory(parent=home, slug="about")
    with CaptureQueriesContext(connection) as context:
        assert list(restrictions_of_page(about, [])) == []
    assert len(context) == 0


def test_view_restrictions_are_read_once_per_request(rf, home):
    restrict_to_logged_in(StandardPageFactory(parent=home, slug="members"))
    request = rf.get("/")
    with CaptureQueriesContext(connection) as context:
        first = view_restrictions(request)
        second = view_restrictions(request)
    assert first is second and len(first) == 1
    assert len(context) == 1
