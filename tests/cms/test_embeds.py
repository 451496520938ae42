"""Embedded media plays from the privacy-friendly hosts the Content-Security-Policy lets frame, nothing else
is accepted, and the markup around it carries no style attribute."""

from unittest import mock

from django.conf import settings
from django.template.loader import render_to_string

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

import pytest

from cms.embeds import PrivacyFriendlyVideoFinder, privacy_friendly_html

YOUTUBE_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
    'frameborder="0" allowfullscreen title="Smelter audit"></iframe>'
)
VIMEO_HTML = (
    '<iframe src="https://player.vimeo.com/video/76979871?app_id=122963&amp;dnt=0" width="640" height="360" '
    'title="Due diligence"></iframe>'
)


def test_youtube_plays_from_youtube_nocookie():
    html = privacy_friendly_html(YOUTUBE_HTML)

    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?feature=oembed"' in html
    assert "www.youtube.com" not in html


def test_vimeo_plays_without_tracking():
    assert 'src="https://player.vimeo.com/video/76979871?app_id=122963&amp;dnt=1"' in privacy_friendly_html(
        VIMEO_HTML
    )
    bare = privacy_friendly_html('<iframe src="https://player.vimeo.com/video/76979871"></iframe>')
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in bare


def test_every_embed_host_is_one_the_policy_lets_frame():
    for html in (privacy_friendly_html(YOUTUBE_HTML), privacy_friendly_html(VIMEO_HTML)):
        src = html.split('src="', 1)[1]
        assert any(src.startswith(origin + "/") for origin in settings.VIDEO_PLAYER_ORIGINS), src
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] == settings.VIDEO_PLAYER_ORIGINS


def test_the_site_finds_embeds_for_youtube_and_vimeo_only():
    [finder] = get_finders()

    assert isinstance(finder, PrivacyFriendlyVideoFinder)
    assert finder.accept("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert finder.accept("https://vimeo.com/76979871")
    assert not finder.accept("https://twitter.com/covenant/status/1")
    with pytest.raises(EmbedNotFoundException):
        finder.find_embed("https://www.flickr.com/photos/covenant/1")


def test_found_markup_is_rewritten():
    response = mock.Mock(
        status_code=200,
        json=lambda: {"type": "video", "html": YOUTUBE_HTML, "width": 200, "height": 113, "title": "Audit"},
    )
    with mock.patch("wagtail.embeds.finders.oembed.requests.get", return_value=response):
        result = PrivacyFriendlyVideoFinder().find_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ")

    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in result["html"]


@pytest.mark.parametrize(("width", "height", "classes"), [(640, 360, "responsive-object"), (400, 300, "4-3")])
def test_responsive_embed_is_sized_by_class_not_style(width, height, classes):
    embed = Embed(url="https://vimeo.com/1", html=VIMEO_HTML, width=width, height=height, type="video")

    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})

    assert "style=" not in html
    assert classes in html
    assert "player.vimeo.com" in html
