"""Embedded media from YouTube and Vimeo only, played from their privacy-friendly hosts.

The site's Content-Security-Policy lets frames load from `settings.VIDEO_PLAYER_ORIGINS` only, so an embed
from any other provider would render as an empty, blocked box. Restricting the finder to these two providers
makes the admin refuse such a link when the editor saves ("Cannot find an embed for this URL") instead.
YouTube's player moves to youtube-nocookie.com and Vimeo's gets `dnt=1`: neither sets tracking cookies before
the visitor presses play (the same rule events/recordings.py applies to recordings).
"""

import re

from wagtail.embeds.finders.oembed import OEmbedFinder
from wagtail.embeds.oembed_providers import vimeo, youtube

YOUTUBE_PLAYER_SRC = re.compile(r'src="https://(?:www\.)?youtube\.com/embed/')
VIMEO_PLAYER_SRC = re.compile(r'src="(https://player\.vimeo\.com/video/[^"?]*)(\?[^"]*)?"')


def privacy_friendly_html(html: str) -> str:
    """The provider's player markup with its iframe pointed at the no-tracking player."""
    html = YOUTUBE_PLAYER_SRC.sub('src="https://www.youtube-nocookie.com/embed/', html)

    def vimeo_without_tracking(match: re.Match) -> str:
        query = (match.group(2) or "?").replace("&amp;", "&")
        parameters = [part for part in query[1:].split("&") if part and not part.startswith("dnt=")]
        return f'src="{match.group(1)}?{"&amp;".join([*parameters, "dnt=1"])}"'

    return VIMEO_PLAYER_SRC.sub(vimeo_without_tracking, html)


class PrivacyFriendlyVideoFinder(OEmbedFinder):
    """Wagtail's oEmbed finder for YouTube and Vimeo, returning privacy-friendly player markup."""

    def __init__(self, providers=None, options=None):
        super().__init__(providers=providers or [youtube, vimeo], options=options)

    def find_embed(self, url, max_width=None, max_height=None):
        result = super().find_embed(url, max_width=max_width, max_height=max_height)
        result["html"] = privacy_friendly_html(result.get("html") or "")
        return result
