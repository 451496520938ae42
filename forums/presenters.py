"""How people appear in a thread, for one reader. Every template, feed, e-mail and live message shows authors,
mentions and quote attributions only through a ThreadPresenter, so the Chatham House Rule holds by
construction: in a Chatham House thread a reader who does not moderate it gets each speaker's stakeholder
type, and the name and organisation are never handed to the template at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from forums import access
from forums.rendering import MENTION_PLACEHOLDER
from working_groups.models import StakeholderType


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


class ThreadPresenter:
    """Shows the people of one thread to one reader. Load authors with `profile__organisation` first."""

    def __init__(self, thread, viewer) -> None:
        self.thread = thread
        self.viewer = viewer
        self.viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
        self.reveal = not thread.chatham_house or access.can_moderate_thread(viewer, thread)

    def author(self, user) -> AuthorDisplay:
        if user is None:
            return AuthorDisplay("", "", "", "", deleted=True)
        name, organisation, stakeholder_type = _profile_facts(user)
        is_viewer = user.pk == self.viewer_id
        if self.reveal:
            return AuthorDisplay(
                name, organisation, stakeholder_type, stakeholder_label(stakeholder_type), is_viewer=is_viewer
            )
        return AuthorDisplay(
            "",
            "",
            stakeholder_type,
            stakeholder_label(stakeholder_type),
            anonymised=True,
            is_viewer=is_viewer,
        )

    def mention_text(self, user) -> str:
        if user is None:
            return "@" + _("someone")
        if user.pk == self.viewer_id:
            return "@" + _("you")
        display = self.author(user)
        return "@" + (display.stakeholder_label if display.anonymised else display.name)

    def body_html(self, html: str, mentioned_users: dict[int, object]) -> SafeString:
        """The post's stored, sanitised HTML with its mention placeholders filled in for this reader.

        Only users in `mentioned_users` (the post's Mention rows) are ever named; any other id shows as
        "@someone", so a forged placeholder cannot reveal anyone.
        """

        def fill(match) -> str:
            user = mentioned_users.get(int(match.group(1)))
            return format_html('<span class="mention">{}</span>', self.mention_text(user))

        return mark_safe(MENTION_PLACEHOLDER.sub(fill, html))  # noqa: S308 (sanitised at write time)


def quote_attribution(thread, post) -> str:
    """The first line of a Markdown quote of `post`: a mention of the author, or in a Chatham House thread
    only their stakeholder type (this text is stored and shown to every reader, moderators' quotes too)."""
    link = f"[#{post.sequence}]({post.get_absolute_url()})"
    if post.author is None:
        return _("A deleted account wrote in %(link)s:") % {"link": link}
    name, _organisation, stakeholder_type = _profile_facts(post.author)
    if thread.chatham_house:
        return _("A participant (%(type)s) wrote in %(link)s:") % {
            "type": stakeholder_label(stakeholder_type),
            "link": link,
        }
    return _("@[%(name)s] wrote in %(link)s:") % {"name": name, "link": link}


def quote_markdown(thread, post) -> str:
    """A Markdown blockquote of a post's text (its own quotes left out), attributed, ready to reply under."""
    lines = [line for line in post.body_markdown.splitlines() if not line.lstrip().startswith(">")]
    while lines and not lines[-1].strip():
        lines.pop()
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"> {quote_attribution(thread, post)}\n>\n{quoted}\n\n"
