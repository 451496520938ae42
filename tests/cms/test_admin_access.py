"""The Wagtail admin signs people in through allauth; the Secretariat group runs the site from it."""

from django.contrib.auth.models import Group

from wagtail.models import Site

import pytest

from cms.models import MainMenu
from tests.factories.cms import NewsPageFactory, StandardPageFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_login_redirects_to_the_site_sign_in(client):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_admin_login_never_sends_on_to_another_host(client, secretariat_user):
    assert client.get("/admin/login/", {"next": "https://evil.example/"})["Location"] == (
        "/accounts/login/?next=/admin/"
    )
    client.force_login(secretariat_user)
    assert client.get("/admin/login/", {"next": "https://evil.example/"})["Location"] == "/admin/"
    assert client.get("/admin/login/", {"next": "/admin/pages/"})["Location"] == "/admin/pages/"


def test_anonymous_visitor_is_sent_to_the_site_sign_in(client):
    response = client.get("/admin/pages/", follow=True)

    assert response.redirect_chain[-1] == ("/accounts/login/?next=/admin/pages/", 302)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_admin_password_forms_are_switched_off(client, secretariat_user):
    client.force_login(secretariat_user)

    assert client.get("/admin/password_reset/").status_code == 404
    assert client.get("/admin/account/").status_code == 200
    assert "change_password" not in client.get("/admin/account/").content.decode()


def test_secretariat_group_exists_with_admin_access():
    group = Group.objects.get(name="Secretariat")

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_sitecontactsettings", "change_mainmenu"} <= codenames
    page_permissions = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_permissions


def test_secretariat_opens_dashboard_and_explorer(client, secretariat_user, home, news_index):
    NewsPageFactory(parent=news_index, title="Tin group starts")
    client.force_login(secretariat_user)

    assert client.get("/admin/").status_code == 200
    explorer = client.get(f"/admin/pages/{news_index.pk}/")
    assert explorer.status_code == 200
    assert "Tin group starts" in explorer.content.decode()
    assert client.get(f"/admin/pages/{home.pk}/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200


def test_secretariat_edits_and_publishes_a_page(client, secretariat_user, home):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    client.force_login(secretariat_user)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 200

    response = client.post(
        edit_url,
        {
            "title": "About the covenant",
            "slug": "about",
            "intro": "Who we are.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page.refresh_from_db()
    assert page.title == "About the covenant"
    assert page.live and not page.has_unpublished_changes


def test_secretariat_adds_a_news_item_under_the_news_index_only(client, secretariat_user, news_index, home):
    client.force_login(secretariat_user)

    assert client.get(f"/admin/pages/add/cms/newspage/{news_index.pk}/").status_code == 200
    refused = client.get(f"/admin/pages/add/cms/newspage/{home.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_secretariat_edits_the_site_settings_and_menu(client, secretariat_user, home):
    site = Site.objects.get(is_default_site=True)
    client.force_login(secretariat_user)
    settings_url = f"/admin/settings/cms/sitecontactsettings/{site.pk}/"
    menu_url = f"/admin/settings/cms/mainmenu/{site.pk}/"
    assert client.get(settings_url).status_code == 200
    assert client.get(menu_url).status_code == 200

    response = client.post(
        menu_url,
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-title": "OECD guidance",
            "items-0-link_page": "",
            "items-0-link_url": "https://www.oecd.org/",
            "items-0-ORDER": "1",
            "items-0-DELETE": "",
            "items-0-id": "",
        },
    )

    assert response.status_code == 302
    assert [item.title for item in MainMenu.objects.get(site=site).items.all()] == ["OECD guidance"]
    assert '<a href="https://www.oecd.org/">OECD guidance</a>' in client.get("/").content.decode()


def test_secretariat_menu_link_needs_exactly_one_target(client, secretariat_user, home):
    site = Site.objects.get(is_default_site=True)
    client.force_login(secretariat_user)

    response = client.post(
        f"/admin/settings/cms/mainmenu/{site.pk}/",
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-title": "Nowhere",
            "items-0-link_page": "",
            "items-0-link_url": "",
            "items-0-ORDER": "1",
            "items-0-DELETE": "",
            "items-0-id": "",
        },
    )

    assert response.status_code == 200
    assert not MainMenu.objects.filter(site=site, items__title="Nowhere").exists()


def test_plain_member_is_refused_without_a_redirect_loop(client, home):
    member = UserFactory()
    client.force_login(member)

    response = client.get("/admin/", follow=True)

    assert len(response.redirect_chain) < 5
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to access the admin." in html
    assert "<h1>No access to the admin</h1>" in html
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in {302, 403}
    assert client.get("/admin/settings/cms/mainmenu/1/").status_code in {302, 403}


def test_staff_flag_alone_does_not_open_the_admin(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
