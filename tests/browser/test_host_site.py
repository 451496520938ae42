import re
from io import StringIO
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

import pytest

from cms.models import NewsPage


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=StringIO())


def test_public_pages_are_accessible(page, demo_site, assert_accessible):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    news = NewsPage.objects.live().public().order_by("-date").first()
    page.goto(news.url)
    assert page.locator("h1").inner_text() == news.title
    assert_accessible(page)

    page.goto("/accounts/login/")
    assert_accessible(page)
    page.goto("/accounts/signup/")
    assert_accessible(page)


def test_nothing_loads_from_another_host(page, demo_site, live_server):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(re.sub(r"^\w+://([^/]+).*$", r"\1", request.url)))
    for path in ("/", "/accounts/login/", "/accounts/signup/"):
        page.goto(path)
    live_host = live_server.url.split("://", 1)[1]
    assert requested_hosts - {live_host} == set()


def test_sign_up_verify_email_and_sign_in(page, demo_site, login):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("amara.diallo@example.org")
    page.get_by_label("Your name").fill("Amara Diallo")
    page.get_by_label("Organisation").fill("FNV Mondiaal")
    page.get_by_label("Password", exact=True).fill("tin-smelter-audit-2026")
    page.get_by_label("Password (again)").fill("tin-smelter-audit-2026")
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your e-mail"

    (message,) = [m for m in mail.outbox if "amara.diallo@example.org" in m.to]
    confirm_url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(urlsplit(confirm_url).path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign in").is_visible()

    user = get_user_model().objects.get(email="amara.diallo@example.org")
    login(page, user, password="tin-smelter-audit-2026")
    assert page.get_by_role("link", name="My account").is_visible()
    page.get_by_role("link", name="My account").click()
    assert page.get_by_label("Your name").input_value() == "Amara Diallo"
