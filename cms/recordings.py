"""Recordings (of past events, of library resources): a YouTube or Vimeo link becomes the address of a
privacy-friendly player.

Pure functions (no database, no network), so templates and tests call them freely. YouTube plays from
youtube-nocookie.com and Vimeo with `dnt=1`: neither sets tracking cookies before the visitor presses play.
Anything else (a recording on the covenant's own file server, a platform we do not know) stays a plain link.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{3,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
TIMESTAMP = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


@dataclass(frozen=True)
class Recording:
    """How to show a recording: `embed_url` for an iframe, or None for a plain link to `url`."""

    url: str
    provider: str
    embed_url: str | None

    @property
    def embeddable(self) -> bool:
        return self.embed_url is not None


def recording_for(url: str) -> Recording | None:
    """The recording behind `url`, or None for an empty address or one that is not http(s)."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS or host in YOUTUBE_SHORT_HOSTS:
        return Recording(url=url, provider="YouTube", embed_url=_youtube_embed(host, parts))
    if host in VIMEO_HOSTS:
        return Recording(url=url, provider="Vimeo", embed_url=_vimeo_embed(parts))
    return Recording(url=url, provider="", embed_url=None)


def embed_url_for(url: str) -> str | None:
    """The privacy-friendly player address of a YouTube or Vimeo link, else None."""
    recording = recording_for(url)
    return recording.embed_url if recording else None


def _seconds(value: str) -> int | None:
    match = TIMESTAMP.match(value or "")
    if not value or not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total or None


def _youtube_embed(host: str, parts) -> str | None:
    query = parse_qs(parts.query)
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in YOUTUBE_SHORT_HOSTS:
        video_id = segments[0] if segments else None
    elif parts.path == "/watch":
        video_id = query.get("v", [None])[0]
    elif len(segments) >= 2 and segments[0] in ("embed", "live", "shorts", "v"):
        video_id = segments[1]
    if not video_id or not YOUTUBE_ID.match(video_id):
        return None
    params = {}
    start = _seconds(query.get("t", query.get("start", [""]))[0])
    if start:
        params["start"] = start
    suffix = f"?{urlencode(params)}" if params else ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}{suffix}"


def _vimeo_embed(parts) -> str | None:
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments[:1] == ["video"]:
        segments = segments[1:]
    if not segments or not VIMEO_ID.match(segments[0]):
        return None
    params = {"dnt": 1}
    # Unlisted videos carry a hash: vimeo.com/123456/abcdef or ?h=abcdef on the player address.
    unlisted = segments[1] if len(segments) > 1 else parse_qs(parts.query).get("h", [""])[0]
    if unlisted and VIMEO_HASH.match(unlisted):
        params = {"h": unlisted, **params}
    return f"https://player.vimeo.com/video/{segments[0]}?{urlencode(params)}"
