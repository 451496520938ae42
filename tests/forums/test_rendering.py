"""Posts are Markdown rendered with raw HTML off and cleaned with an allow-list: nothing executable
survives."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from forums.rendering import ALLOWED_TAGS, mention_names, render_markdown

DANGEROUS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "![x](https://tracker.example/pixel.gif)",
]


class ElementCollector(HTMLParser):
    """Every element and attribute of a rendered post, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("source", DANGEROUS)
def test_nothing_executable_survives(source):
    html = render_markdown(source).html
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS
        assert not [name for name in attributes if name.startswith("on")]
        href = attributes.get("href")
        if href is not None:
            assert urlsplit(href.strip()).scheme in {"http", "https", "mailto", ""}
    assert "<script" not in html and "<img" not in html and "<iframe" not in html


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold?</b>").html == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_links_get_rel_and_allowed_schemes_only():
    html = render_markdown("[site](https://example.org) [mail](mailto:a@example.org) [ftp](ftp://x.org)").html
    assert '<a href="https://example.org" rel="nofollow noopener ugc">site</a>' in html
    assert '<a href="mailto:a@example.org" rel="nofollow noopener ugc">mail</a>' in html
    assert 'href="ftp' not in html


def test_markdown_basics_render():
    html = render_markdown(
        "**bold** *it* `code`\n\n> quoted\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ).html
    for tag in ("<strong>", "<em>", "<code>", "<blockquote>", "<ul>", "<li>", "<table>", "<td>"):
        assert tag in html


def test_broken_markdown_renders_as_text():
    assert render_markdown("**unclosed *broken [link(").html == "<p>**unclosed *broken [link(</p>\n"


def test_mentions_become_placeholders_without_names():
    rendered = render_markdown(
        "Thanks @[Lotte  Jansen], and @[Nobody Known]. `@[Lotte Jansen]`", {"lotte jansen": 7}
    )
    assert rendered.mentioned_ids == [7]
    assert '<span class="mention" data-mention="7"></span>' in rendered.html
    assert "Lotte" not in rendered.html.split("<code>")[0]
    assert "@[Nobody Known]" in rendered.html


def test_a_mention_needs_a_word_boundary():
    assert render_markdown("mail me at me@[Lotte Jansen]", {"lotte jansen": 7}).mentioned_ids == []


def test_typed_placeholders_are_escaped():
    html = render_markdown('<span class="mention" data-mention="3"></span>').html
    assert html.startswith("<p>&lt;span")


def test_mention_names_are_deduplicated():
    assert mention_names("@[Anna B] @[anna  b] @[Carl]") == ["Anna B", "Carl"]
