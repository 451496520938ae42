"""The markup of posts on a thread page and in live fragments, built in Python from the reader's PostViews.

forums/includes/post.html is the definition of a post's markup; rendered once per post through the
template engine it cost several times the post itself on a long page (a hundred variable look-ups,
conditionals and filters per post). `PostMarkup` writes exactly the same characters (whitespace included)
with the words, addresses and the CSRF field prepared once per page, and
tests/forums/test_post_markup.py holds the two identical for every kind of post and reader, in both
languages and in another time zone.

A project that overrides forums/includes/post.html gets its own template: `post_articles` and
`post_fragments` render through it whenever the template found is not this app's own.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from django.template import defaultfilters
from django.template.context_processors import csrf
from django.template.loader import get_template, render_to_string
from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

TEMPLATE = "forums/includes/post.html"
OWN_TEMPLATE = str(Path(__file__).resolve().parent / "templates" / TEMPLATE)


def uses_own_template() -> bool:
    """Whether forums/includes/post.html is this app's own (not a project's override)."""
    return str(Path(get_template(TEMPLATE).origin.name).resolve()) == OWN_TEMPLATE


def _text(value) -> str:
    """A value as `{{ value }}` writes it: localised, and escaped unless already safe."""
    if type(value) is str:
        return html.escape(value)  # what django.utils.html.escape does, without its lazy-text wrapper
    return conditional_escape(formats.localize(template_localtime(value)))


def _date(value, format_string: str) -> str:
    """`{{ value|date:format_string }}`: in the current time zone and language, escaped."""
    return escape(defaultfilters.date(template_localtime(value), format_string))


class PostMarkup:
    """Writes forums/includes/post.html for one reader: the page's fixed words, the reader's permissions on
    the thread and the CSRF field are prepared once, so each post costs only its own values."""

    def __init__(self, control_labels: dict, forum_access, can_reply: bool, user, csrf_token) -> None:
        self.labels = {key: conditional_escape(value) for key, value in control_labels.items()}
        self.moderate = bool(forum_access.moderate)
        self.may_post = bool(forum_access.post)
        self.can_reply = bool(can_reply)
        self.authenticated = bool(user is not None and user.is_authenticated)
        self._csrf_token = csrf_token
        self._csrf_field: str | None = None
        self._reactions: dict[tuple, tuple[str, str]] = {}
        self._minutes: dict = {}
        # Whole numbers are written as `str()` writes them unless the language groups their digits.
        self._plain_numbers = formats.localize(1234567) == "1234567"

    @classmethod
    def from_context(cls, context) -> PostMarkup:
        """From the context of a page that includes post.html (thread_detail.html)."""
        return cls(
            context["control_labels"],
            context["forum_access"],
            context.get("can_reply"),
            context.get("user"),
            context.get("csrf_token"),
        )

    def number(self, value: int) -> str:
        """`{{ value }}` for a whole number."""
        return str(value) if self._plain_numbers and type(value) is int else _text(value)

    def times(self, value) -> tuple[str, str]:
        """`{{ value|date:'c' }}` and `{{ value|date:"j M Y, H:i" }}`; the second is read once per minute
        shown on the page (posts of one thread share their minutes, and the month's name is a lookup)."""
        if not isinstance(value, datetime):
            return _date(value, "c"), _date(value, "j M Y, H:i")
        local = template_localtime(value)
        minute = local.replace(second=0, microsecond=0)
        shown = self._minutes.get(minute)
        if shown is None:
            shown = self._minutes[minute] = _date(minute, "j M Y, H:i")
        return html.escape(local.isoformat()), shown  # date:"c" is the ISO form (django.utils.dateformat)

    @property
    def csrf_field(self) -> str:
        """`{% csrf_token %}`, read once for the page (the token is one lazy value per render)."""
        if self._csrf_field is None:
            token = self._csrf_token
            if not token or token == "NOTPROVIDED":  # noqa: S105 (the csrf context processor's "no token")
                self._csrf_field = ""
            else:
                self._csrf_field = format_html(
                    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
                )
        return self._csrf_field

    def _reaction_parts(self, reaction) -> tuple[str, str]:
        """The escaped symbol and label of a reaction kind, once per page."""
        key = (reaction.kind, reaction.symbol, reaction.label)
        parts = self._reactions.get(key)
        if parts is None:
            parts = self._reactions[key] = (
                f'<span aria-hidden="true">{_text(reaction.symbol)}</span> '
                f'<span class="visually-hidden">{_text(reaction.label)}</span> ',
                _text(reaction.kind),
            )
        return parts

    def __call__(self, post) -> SafeString:
        labels = self.labels
        texts = post.labels
        links = post.links
        sequence = self.number(post.sequence)
        iso_time, shown_time = self.times(post.created_at)
        this_post = _text(texts.this_post)
        out = ['\n<article class="post']
        if post.deleted:
            out.append(" post--deleted")
        elif post.hidden:
            out.append(" post--hidden")
        out.append(
            f'" id="post-{sequence}" data-sequence="{sequence}" data-post="{self.number(post.pk)}"'
            f' aria-labelledby="post-{sequence}-heading">\n'
            '  <header class="post__header">\n'
            f'    <h3 class="post__heading" id="post-{sequence}-heading"><span class="visually-hidden">'
            f"{_text(texts.heading)} </span>{_text(post.author.html)}</h3>\n"
            f'    <p class="meta"><a href="{_text(links.permalink)}">#{sequence}</a> · '
            f'<time datetime="{iso_time}">{shown_time}</time>'
        )
        if post.edited_at:
            out.append(f" · {labels['edited']}")
        if post.reply_to_sequence:
            out.append(
                f' · <a href="#post-{self.number(post.reply_to_sequence)}">{_text(texts.in_reply_to)}</a>'
            )
        out.append("</p>\n  </header>\n  ")
        if post.deleted:
            out.append(f'\n    <p class="meta">{labels["deleted"]}</p>\n  ')
        else:
            out.append("\n    ")
            if post.hidden:
                out.append(f'<p class="alert alert--warning">{labels["hidden"]}')
                if post.hidden_reason:
                    out.append(f" {_text(post.hidden_reason)}")
                out.append("</p>")
            out.append("\n    ")
            if post.show_body:
                out.append(f'<div class="post__body prose">{_text(post.body_html)}</div>')
            out.append("\n    ")
            if post.attachments:
                out.append(
                    f'\n    <ul class="post__attachments" aria-label="{labels["attachments"]}">\n      '
                )
                for item in post.attachments:
                    size = _text(defaultfilters.filesizeformat(item.size))
                    out.append(
                        f'<li><a href="{_text(item.get_absolute_url())}">{_text(item.filename)}</a>'
                        f' <span class="meta">({size})</span></li>'
                    )
                out.append("\n    </ul>\n    ")
            out.append("\n    ")
            if post.show_body:
                out.append('\n    <footer class="post__footer">\n      ')
                if post.may_react:
                    out.append(
                        f'\n      <form method="post" action="{_text(links.react)}">{self.csrf_field}\n'
                        f'        <ul class="post__reactions" aria-label="{labels["reactions"]}">\n          '
                    )
                    for reaction in post.reactions:
                        words, kind = self._reaction_parts(reaction)
                        if reaction.mine:
                            state = ' reaction--mine" aria-pressed="true'
                        else:
                            state = '" aria-pressed="false'
                        out.append(
                            f'<li><button type="submit" name="kind" value="{kind}" class="reaction{state}">'
                            f"{words}{self.number(reaction.count)}</button></li>"
                        )
                    out.append("\n        </ul>\n      </form>\n      ")
                else:
                    out.append(
                        f'\n      <ul class="post__reactions" aria-label="{labels["reactions"]}">\n        '
                    )
                    for reaction in post.reactions:
                        if reaction.count:
                            words, _kind = self._reaction_parts(reaction)
                            out.append(
                                f'<li><span class="reaction">{words}{self.number(reaction.count)}</span></li>'
                            )
                    out.append("\n      </ul>\n      ")
                out.append('\n      <ul class="post__actions">\n        ')
                if self.can_reply:
                    out.append(
                        f'\n        <li><a href="{_text(links.reply)}">{labels["reply"]}'
                        f'<span class="visually-hidden"> {_text(texts.reply_target)}</span></a></li>\n'
                        f'        <li><a href="{_text(links.quote)}">{labels["quote"]}'
                        f'<span class="visually-hidden"> {this_post}</span></a></li>\n        '
                    )
                out.append("\n        ")
                if post.may_edit:
                    out.append(
                        f'\n        <li><a href="{_text(links.edit)}">{labels["edit"]}'
                        f'<span class="visually-hidden"> {this_post}</span></a></li>\n'
                        f'        <li><a href="{_text(links.delete)}">{labels["delete"]}'
                        f'<span class="visually-hidden"> {this_post}</span></a></li>\n        '
                    )
                out.append("\n        ")
                if self.moderate and post.edited_at:
                    out.append(f'<li><a href="{_text(links.history)}">{labels["history"]}</a></li>')
                out.append("\n        \n        ")
                if self.authenticated and not post.deleted:
                    out.append("\n        ")
                    if self.moderate:
                        if post.hidden:
                            out.append(
                                f'\n        \n        <li><form method="post" action="{_text(links.unhide)}">'
                                f'{self.csrf_field}<button type="submit" class="link-button">'
                                f"{labels['unhide']}"
                                f'<span class="visually-hidden"> {this_post}</span></button></form></li>\n'
                                "        \n        "
                            )
                        else:
                            out.append(
                                f'\n        \n        <li><a href="{_text(links.hide)}">{labels["hide"]}'
                                f'<span class="visually-hidden"> {this_post}</span></a></li>\n'
                                "        \n        "
                            )
                    out.append("\n        ")
                    if self.may_post and not post.hidden and not post.author.is_viewer:
                        out.append(
                            f'\n        <li><a href="{_text(links.flag)}">{labels["flag"]}'
                            f'<span class="visually-hidden"> {this_post}</span></a></li>\n        '
                        )
                    out.append("\n        ")
                out.append("\n      </ul>\n    </footer>\n    ")
            out.append("\n  ")
        out.append("\n</article>\n")
        return mark_safe("".join(out))  # noqa: S308 (every value escaped above, as the template does)


def post_articles(context, posts) -> SafeString:
    """The thread page's posts, as `{% for post in posts %}{% include post.html %}{% endfor %}` writes them
    (`context`: the page's template context)."""
    template = get_template(TEMPLATE)
    if not uses_own_template():
        parts = []
        for post in posts:
            with context.push(post=post):
                parts.append(template.template.render(context))
        return mark_safe("".join(parts))  # noqa: S308 (rendered by the template engine)
    markup = PostMarkup.from_context(context)
    return mark_safe("".join(markup(post) for post in posts))  # noqa: S308 (escaped by PostMarkup)


def post_fragments(request, controls: dict, views) -> list[str]:
    """Each post alone, as the thread page shows it to the same reader (forums.live.fragments);
    `controls`: forums.selectors.post_controls_context."""
    if not uses_own_template():
        return [render_to_string(TEMPLATE, {**controls, "post": view}, request=request) for view in views]
    markup = PostMarkup(
        controls["control_labels"],
        controls["forum_access"],
        controls["can_reply"],
        request.user,
        csrf(request)["csrf_token"],
    )
    return [markup(view) for view in views]
