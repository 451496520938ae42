"""The pages the policies could break most easily, in a real browser: the shared fixtures fail any test whose
pages report a Content-Security-Policy violation, so these journeys pass only if nothing was blocked."""

from unittest import mock

from django.contrib.auth.models import Group

from wagtail.embeds.embeds import get_embed

import pytest

from tests.factories.cms import StandardPageFactory, make_home_site
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
OEMBED_ANSWER = {
    "type": "video",
    "title": "Smelter audit explained",
    "width": 480,
    "height": 270,
    "html": '<iframe width="480" height="270" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
    'title="Smelter audit explained" allowfullscreen></iframe>',
}


@pytest.fixture
def home(db):
    return make_home_site()


def test_two_factor_activation_shows_its_qr_code(page, home, login):
    user = UserFactory()
    login(page, user)

    page.goto("/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/2fa/totp/activate/")

    qr_code = page.locator("img.account-qr")
    qr_code.wait_for()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")


def test_an_embedded_video_plays_from_the_privacy_friendly_host(page, home):
    response = mock.Mock(status_code=200, json=lambda: OEMBED_ANSWER)
    with mock.patch("wagtail.embeds.finders.oembed.requests.get", return_value=response):
        assert "youtube-nocookie" in get_embed(VIDEO_URL).html
    about = StandardPageFactory(parent=home, slug="about", body=[("embed", VIDEO_URL)])
    player_requests = []

    def fake_player(route):
        player_requests.append(route.request.url)
        route.fulfill(body="<!doctype html><title>player</title><p>Player</p>", content_type="text/html")

    page.context.route("https://www.youtube-nocookie.com/**", fake_player)
    page.on("request", lambda request: "nocookie" in request.url and player_requests.append(request.url))
    page.goto(about.url)

    player = page.locator(".content-embed iframe")
    assert player.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    # frame-src lets the player load: a blocked frame is never requested (and the fixtures report it).
    page.wait_for_function("() => document.querySelector('.content-embed iframe').contentWindow !== null")
    page.wait_for_timeout(1000)
    assert player_requests, "the player was never requested"


def test_the_wagtail_admin_and_its_page_preview_work_under_the_admin_policy(page, home, login):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Secretariat"))
    login(page, editor, next_url="/admin/")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    assert preview.locator("h1").first.inner_text()

    for path in ("/admin/pages/", "/admin/images/", "/admin/documents/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
