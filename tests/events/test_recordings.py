"""Recording links: YouTube and Vimeo become privacy-friendly players, everything else stays a link."""

import pytest

from events.recordings import embed_url_for, recording_for


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=95",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?t=1m30s",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
        ),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://vimeo.com/76979871/8272103f6e",
            "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
            "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1",
        ),
    ],
)
def test_known_platforms_become_privacy_friendly_players(url, embed):
    recording = recording_for(url)
    assert recording.embeddable
    assert recording.embed_url == embed
    assert recording.provider in ("YouTube", "Vimeo")


@pytest.mark.parametrize(
    "url",
    [
        "https://media.example.org/forum-2030/opening.mp4",
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.youtube.com/watch?v=not-an-id",
        "https://youtu.be/",
        "https://vimeo.com/channels/staffpicks",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_links_stay_plain_links(url):
    recording = recording_for(url)
    assert recording is not None
    assert not recording.embeddable
    assert embed_url_for(url) is None


def test_no_address_means_no_recording():
    assert recording_for("") is None
    assert recording_for("   ") is None
    assert recording_for("javascript:alert(1)") is None
    assert embed_url_for("") is None
