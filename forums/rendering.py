"""Markdown to safe HTML, at write time.

markdown-it-py's `js-default` preset leaves raw HTML out (it is shown as text), and nh3 then cleans the
result with an explicit allow-list of tags, attributes and URL schemes, so script, event-handler attributes
and `javascript:` links never reach a page. Links get rel="nofollow noopener ugc".

Mentions are written `@[Display name]`. A resolved mention becomes an empty placeholder
`<span class="mention" data-mention="<user id>"></span>`: the stored HTML never holds the person's name, so a
Chatham House thread cannot leak it; forums.presenters fills the placeholder in for each reader.
"""

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

MENTION_SOURCE = re.compile(r"(?<![\w@])@\[([^\[\]\n]{1,120})\]")
MENTION_PLACEHOLDER = re.compile(
    r'<span (?:class="mention" )?data-mention="(\d+)"(?: class="mention")?></span>'
)

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
    "span": {"data-mention"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"


@dataclass
class Rendered:
    html: str
    mentioned_ids: list[int] = field(default_factory=list)


def mention_names(markdown: str) -> list[str]:
    """The names written as `@[Name]`, in order, without duplicates (compared case-insensitively)."""
    seen: dict[str, str] = {}
    for match in MENTION_SOURCE.finditer(markdown):
        name = " ".join(match.group(1).split())
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _mention_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: `@[Name]` of a person in env["mentionable"] ({casefolded name: user id})."""
    src, pos = state.src, state.pos
    if src[pos] != "@" or not src.startswith("@[", pos):
        return False
    if pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_@"):
        return False
    match = MENTION_SOURCE.match(src, pos)
    if match is None:
        return False
    user_id = state.env.get("mentionable", {}).get(" ".join(match.group(1).split()).casefold())
    if user_id is None:
        return False
    if not silent:
        token = state.push("mention", "span", 0)
        token.meta = {"user_id": user_id}
        state.env.setdefault("mentioned", [])
        if user_id not in state.env["mentioned"]:
            state.env["mentioned"].append(user_id)
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    return f'<span class="mention" data-mention="{int(tokens[idx].meta["user_id"])}"></span>'


def _markdown() -> MarkdownIt:
    # Images are off: a post must not make readers' browsers fetch from other hosts.
    md = MarkdownIt("js-default").disable("image")
    md.inline.ruler.before("link", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    md.validateLink = lambda url: (
        url.strip().lower().split(":", 1)[0] in ALLOWED_URL_SCHEMES or (":" not in url.split("/", 1)[0])
    )
    return md


_MD = _markdown()


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        filter_style_properties={"text-align"},
        allowed_classes={"span": {"mention"}},
        strip_comments=True,
    )


def render_markdown(markdown: str, mentionable: dict[str, int] | None = None) -> Rendered:
    """Render a post. `mentionable` maps casefolded display names to the ids of people who may be mentioned;
    the result lists the ids actually mentioned (not those inside code)."""
    env = {"mentionable": mentionable or {}, "mentioned": []}
    html = sanitise(_MD.render(markdown, env))
    return Rendered(html=html, mentioned_ids=list(env["mentioned"]))
