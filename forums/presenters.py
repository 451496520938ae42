"""How people appear in a thread, for one reader. Every template, feed, e-mail and live message shows authors,
mentions and quote attributions only through a ThreadPresenter, so the Chatham House Rule holds by
construction: in a Chatham House thread a reader who does not moderate it gets each speaker's stakeholder
type, and the name and organisation are never handed to the template at all.

A stakeholder type can itself single a speaker out: where the group has one "Other" organisation, "A
participant (Other)" names it. So a type is shown only where at least
`app_settings.chatham_min_organisations()` (5) member organisations of that type could have written in the
thread (`chatham_shown_types`: the organisations of the group's members, or for a forum outside any group,
every organisation with an account); otherwise the speaker is just "A participant". `chatham_type_label` is
the one place that decides, for pages, search, quotes, e-mails, mentions, exports and live frames alike.

The addresses and words of each post's controls are prepared here too (PostLinkBuilder, PostLabeller,
post_control_labels): once per page rather than by a `{% url %}` or `{% translate %}` per post, so a long
thread page costs little more than its posts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from forums import access, app_settings
from forums.rendering import MENTION_PLACEHOLDER
from working_groups.models import Organisation, StakeholderType


@dataclass(frozen=True)
class AuthorDisplay:
    """What a reader may know about a speaker. `name` and `organisation` are empty when withheld."""

    name: str
    organisation: str
    stakeholder_type: str
    stakeholder_label: str
    anonymised: bool = False
    is_viewer: bool = False
    deleted: bool = False

    @property
    def label(self) -> str:
        if self.deleted:
            return _("Deleted account")
        if self.anonymised:
            return _("A participant")
        return self.name

    def __str__(self) -> str:
        return self.label

    @cached_property
    def html(self) -> SafeString:
        """The markup of forums/includes/author.html, built once per person on a page (a thread page shows
        the same few people hundreds of times; the template include per post cost more than the post)."""
        parts = [
            format_html('<span class="post-author"><span class="post-author__name">{}</span>', self.label)
        ]
        if self.is_viewer:
            parts.append(format_html(' <span class="meta">({})</span>', _("you")))
        if self.organisation:
            parts.append(format_html(' <span class="post-author__organisation">{}</span>', self.organisation))
        if not self.deleted and self.stakeholder_label:
            parts.append(
                format_html(
                    ' <span class="badge badge--stakeholder">'
                    '<span class="visually-hidden">{} </span>{}</span>',
                    _("Stakeholder type:"),
                    self.stakeholder_label,
                )
            )
        parts.append("</span>")
        return mark_safe("".join(parts))  # noqa: S308 (each part escaped by format_html)


def _profile_facts(user) -> tuple[str, str, str]:
    """(display name, organisation, stakeholder type) from the user and their profile (loaded beforehand)."""
    profile = getattr(user, "profile", None)
    organisation = getattr(profile, "organisation", None) if profile else None
    name = (profile.display_name if profile else "") or user.get_full_name() or _("A member")
    organisation_name = organisation.name if organisation else (profile.organisation_name if profile else "")
    stakeholder_type = organisation.stakeholder_type if organisation else ""
    return name, organisation_name, stakeholder_type


def stakeholder_label(stakeholder_type: str) -> str:
    if not stakeholder_type:
        return _("No party listed")
    return str(StakeholderType(stakeholder_type).label)


#: How long a presenter trusts the types it read (a live connection keeps its presenter for hours).
CHATHAM_TYPES_MAX_AGE = 60


def chatham_shown_types(thread, memo: dict | None = None) -> frozenset[str]:
    """The stakeholder types a Chatham House thread may show: those with at least the minimum number of
    organisations that could have written in it. One query per group (or for the forums outside any group);
    a list passes one `memo` dict for all its threads, so it costs one query per group, not per thread, and
    a live connection's presenter reads them again after CHATHAM_TYPES_MAX_AGE seconds."""
    memo = {} if memo is None else memo
    group_id = thread.forum.group_id
    remembered = memo.get(group_id)
    if remembered is not None and time.monotonic() - remembered[0] < CHATHAM_TYPES_MAX_AGE:
        return remembered[1]
    if group_id is None:
        organisations = Organisation.objects.filter(member_profiles__isnull=False)
    else:
        organisations = Organisation.objects.filter(
            member_profiles__user__working_group_memberships__group_id=group_id
        )
    minimum = app_settings.chatham_min_organisations()
    counts = organisations.values("stakeholder_type").annotate(n=Count("pk", distinct=True)).order_by()
    shown = frozenset(row["stakeholder_type"] for row in counts if row["n"] >= minimum)
    memo[group_id] = (time.monotonic(), shown)
    return shown


def chatham_types_known(thread, memo: dict) -> bool:
    """Whether `memo` holds the thread's shown types, fresh enough (chatham_shown_types reads nothing)."""
    remembered = memo.get(thread.forum.group_id)
    return remembered is not None and time.monotonic() - remembered[0] < CHATHAM_TYPES_MAX_AGE


def chatham_type_label(thread, stakeholder_type: str, memo: dict | None = None) -> str:
    """The stakeholder type a Chatham House thread may show for a speaker of `stakeholder_type`, or "" when
    it could single them out (fewer organisations of that type could have written; or no party at all)."""
    if not stakeholder_type or stakeholder_type not in chatham_shown_types(thread, memo):
        return ""
    return stakeholder_label(stakeholder_type)


class ThreadPresenter:
    """Shows the people of one thread to one reader. Load authors with `profile__organisation` first."""

    def __init__(
        self, thread, viewer, chatham_memo: dict | None = None, moderates_thread: bool | None = None
    ) -> None:
        """`chatham_memo`: one dict shared by the presenters of a list (see chatham_shown_types);
        `moderates_thread`: whether the viewer moderates the thread, when the caller has decided it already
        (forums.access.forum_access), so it is not decided again."""
        self.thread = thread
        self.viewer = viewer
        self.chatham_memo = {} if chatham_memo is None else chatham_memo
        self.viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
        if moderates_thread is None and thread.chatham_house:
            moderates_thread = access.can_moderate_thread(viewer, thread)
        self.reveal = not thread.chatham_house or bool(moderates_thread)
        self.embed_cards: dict[str, str] = {}

    def prepare_embeds(self, htmls: list[str]) -> None:
        """Read the cards of addresses pasted in these posts, for this reader, in one go (forums.embeds)."""
        from forums.embeds import embed_cards

        self.embed_cards = embed_cards(htmls, self.viewer)

    def author(self, user) -> AuthorDisplay:
        if user is None:
            return AuthorDisplay("", "", "", "", deleted=True)
        name, organisation, stakeholder_type = _profile_facts(user)
        is_viewer = user.pk == self.viewer_id
        if self.reveal:
            return AuthorDisplay(
                name, organisation, stakeholder_type, stakeholder_label(stakeholder_type), is_viewer=is_viewer
            )
        label = chatham_type_label(self.thread, stakeholder_type, self.chatham_memo)
        return AuthorDisplay(
            "", "", stakeholder_type if label else "", label, anonymised=True, is_viewer=is_viewer
        )

    def mention_text(self, user) -> str:
        if user is None:
            return "@" + _("someone")
        if user.pk == self.viewer_id:
            return "@" + _("you")
        display = self.author(user)
        if display.anonymised:
            return "@" + (display.stakeholder_label or display.label)
        return "@" + display.name

    def body_html(self, html: str, mentioned_users: dict[int, object], embeds: bool = True) -> SafeString:
        """The post's stored, sanitised HTML with its mention placeholders filled in for this reader (and,
        with `embeds`, the cards prepared by `prepare_embeds`).

        Only users in `mentioned_users` (the post's Mention rows) are ever named; any other id shows as
        "@someone", so a forged placeholder cannot reveal anyone.
        """

        def fill(match) -> str:
            user = mentioned_users.get(int(match.group(1)))
            return format_html('<span class="mention">{}</span>', self.mention_text(user))

        html = MENTION_PLACEHOLDER.sub(fill, html)
        if embeds and self.embed_cards:
            from forums.embeds import with_cards

            html = with_cards(html, self.embed_cards)
        return mark_safe(html)  # noqa: S308 (sanitised at write time; cards are rendered by our templates)


def quote_attribution(thread, post) -> str:
    """The first line of a Markdown quote of `post`: a mention of the author, or in a Chatham House thread
    only their stakeholder type (this text is stored and shown to every reader, moderators' quotes too)."""
    link = f"[#{post.sequence}]({post.get_absolute_url()})"
    if post.author is None:
        return _("A deleted account wrote in %(link)s:") % {"link": link}
    name, _organisation, stakeholder_type = _profile_facts(post.author)
    if thread.chatham_house:
        label = chatham_type_label(thread, stakeholder_type)
        if not label:
            return _("A participant wrote in %(link)s:") % {"link": link}
        return _("A participant (%(type)s) wrote in %(link)s:") % {"type": label, "link": link}
    return _("@[%(name)s] wrote in %(link)s:") % {"name": name, "link": link}


def quote_markdown(thread, post) -> str:
    """A Markdown blockquote of a post's text (its own quotes left out), attributed, ready to reply under."""
    lines = [line for line in post.body_markdown.splitlines() if not line.lstrip().startswith(">")]
    while lines and not lines[-1].strip():
        lines.pop()
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"> {quote_attribution(thread, post)}\n>\n{quoted}\n\n"


#: A pk no real row has, reversed in its place and then cut out of the URL (see pk_url).
_PK_MARKER = 987_654_321_012


def pk_url(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for any pk, at the cost of one reversal: for routes whose only argument
    is a pk, the URL is reversed once with a marker pk and the real pk is put where the marker was."""
    prefix, _marker, suffix = reverse(name, args=[_PK_MARKER]).rpartition(str(_PK_MARKER))
    return lambda pk: f"{prefix}{pk}{suffix}"


@dataclass(frozen=True)
class PostLinks:
    """Where one post's permalink and controls lead."""

    permalink: str
    reply: str
    quote: str
    edit: str
    delete: str
    history: str
    react: str
    hide: str
    unhide: str
    flag: str


class PostLinkBuilder:
    """PostLinks for the posts of one thread, with one URL reversal per kind of link for the whole page."""

    ROUTES = {
        "permalink": "forums:post",
        "edit": "forums:edit",
        "delete": "forums:delete",
        "history": "forums:history",
        "react": "forums:react",
        "hide": "forums:post_hide",
        "unhide": "forums:post_unhide",
        "flag": "forums:post_flag",
    }

    def __init__(self, thread) -> None:
        self.routes = {field: pk_url(name) for field, name in self.ROUTES.items()}
        self.reply_url = reverse("forums:reply", args=[thread.pk])

    def __call__(self, post_pk: int) -> PostLinks:
        return PostLinks(
            reply=f"{self.reply_url}?reply_to={post_pk}",
            quote=f"{self.reply_url}?quote={post_pk}",
            **{field: url(post_pk) for field, url in self.routes.items()},
        )


@dataclass(frozen=True)
class PostLabels:
    """The words that name one post for screen readers and its reply link ("Post 3 by", "post 3")."""

    heading: str
    reply_target: str
    this_post: str
    in_reply_to: str


class PostLabeller:
    """PostLabels for the posts of one page, each message looked up in the catalogue once per page."""

    def __init__(self) -> None:
        self.heading = _("Post %(number)s by")
        self.reply_target = _("to post %(number)s")
        self.this_post = _("post %(number)s")
        self.in_reply_to = _("in reply to #%(number)s")

    def __call__(self, sequence: int, reply_to_sequence: int | None) -> PostLabels:
        number = {"number": sequence}
        return PostLabels(
            heading=self.heading % number,
            reply_target=self.reply_target % number,
            this_post=self.this_post % number,
            in_reply_to=self.in_reply_to % {"number": reply_to_sequence} if reply_to_sequence else "",
        )


def post_control_labels() -> dict[str, str]:
    """The fixed words of a post and its controls, translated once for the whole page."""
    return {
        "edited": _("edited"),
        "deleted": _("This post was deleted."),
        "hidden": _("A moderator has hidden this post."),
        "attachments": _("Attachments"),
        "reactions": _("Reactions"),
        "reply": _("Reply"),
        "quote": _("Quote"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "history": _("Edit history"),
        "hide": _("Hide"),
        "unhide": _("Show again"),
        "flag": _("Flag"),
    }
