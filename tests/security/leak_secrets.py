"""The secrets of the leak probe, read from the seeded database for one persona.

A secret is a piece of text the persona must never receive: what a group they may not read holds (a private
group entirely, a closed group's members' area), members-only events and their join details, commitments
they may not see, group-only library resources (and the text of their files), and, in a Chatham House
thread, who said what. Texts are cut into sentence-sized fragments (and the first words of each text, which
is what truncated excerpts show), normalised the way response bodies are (see `normalise`), and any fragment
that also occurs in something the persona may see is dropped, so the probe is never fooled by a coincidence
such as the boilerplate introduction every group meeting shares.

The rules here are written from the facts (visibility, membership, audience, workflow), not through the
querysets under test.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass, field

from commitments.models import Commitment, ProgressUpdate
from events.access import join_details
from events.choices import EventAudience
from events.models import EventPage
from forums.models import ActionPoint, Attachment, Forum, Post
from library.models import Resource
from working_groups.choices import Visibility
from working_groups.models import Membership, WorkingGroupPage

MIN_FRAGMENT = 24
MIN_TITLE = 12
PREFIX = 32

PRIVATE_GROUP = "private group"
CLOSED_GROUP = "closed group's members' area"
MEMBERS_EVENT = "members-only event"
JOIN_LINK = "join link"
COMMITMENT = "hidden commitment"
CHATHAM_NAME = "Chatham House speaker"
LIBRARY = "group-only library resource"

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MENTION = re.compile(r"@\[[^\]]*\]")
_SPLIT = re.compile(r"(?<=[.!?:;])\s+|\n+|@\[[^\]]*\]")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, entities decoded, whitespace collapsed: how secrets and bodies are compared."""
    return _SPACE.sub(" ", html.unescape(text)).strip().lower()


def fragments(text: str, *, whole: bool = False) -> set[str]:
    """The distinctive pieces of a text: sentences (Markdown and mention syntax removed) and its first words.
    `whole` keeps a short text (a title) in one piece."""
    text = _TAGS.sub(" ", _MARKDOWN_LINK.sub(r"\1", text or ""))
    if whole:
        value = normalise(text)
        return {value} if len(value) >= MIN_TITLE else set()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    text = "\n".join(lines)
    pieces = set()
    for piece in _SPLIT.split(text):
        piece = normalise(re.sub(r"^\s*(?:\d+\.|[-*#]+)\s+", "", piece).replace("*", "").replace("`", ""))
        if len(piece) >= MIN_FRAGMENT and len(piece.split()) >= 4:
            pieces.add(piece)
    start = normalise(_MENTION.sub(" ", text).replace("*", "").replace("`", ""))
    if len(start) >= MIN_FRAGMENT:
        pieces.add(start[:PREFIX].rsplit(" ", 1)[0])
    return pieces


def stream_text(stream) -> str:
    """Every string in a StreamField's raw data, one per line."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("type", "id"):
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(list(getattr(stream, "raw_data", []) or []))
    return "\n".join(found)


@dataclass
class Secrets:
    """What one persona must never receive: {fragment: kind}, plus the names a Chatham House thread hides."""

    persona: str
    texts: dict[str, str] = field(default_factory=dict)
    #: thread id -> normalised names, e-mail addresses and organisations of its speakers
    chatham_names: dict[int, set[str]] = field(default_factory=dict)
    #: (kind, raw text) pairs, kept to build search queries from
    samples: list[tuple[str, str]] = field(default_factory=list)

    def kinds(self) -> set[str]:
        return set(self.texts.values()) | ({CHATHAM_NAME} if self.chatham_names else set())

    def found_in(self, body: str) -> list[tuple[str, str]]:
        """(kind, secret) for every secret in a normalised body."""
        return [(kind, secret) for secret, kind in self.texts.items() if secret in body]


class _Collector:
    def __init__(self, persona: str, user) -> None:
        self.user = user
        self.secret = Secrets(persona)
        self.visible_texts: list[str] = []
        self.member_of = (
            set(Membership.objects.filter(user=user).values_list("group_id", flat=True)) if user else set()
        )
        self.organisation_id = (
            getattr(getattr(user, "profile", None), "organisation_id", None) if user else None
        )

    def add(self, kind: str, text: str, *, whole: bool = False) -> None:
        if not text:
            return
        for piece in fragments(text, whole=whole):
            self.secret.texts.setdefault(piece, kind)
        self.secret.samples.append((kind, text))

    def see(self, text: str) -> None:
        if text:
            self.visible_texts.append(normalise(_TAGS.sub(" ", _MARKDOWN_LINK.sub(r"\1", text))))

    def put(self, hidden: bool, kind: str, text: str, *, whole: bool = False) -> None:
        if hidden:
            self.add(kind, text, whole=whole)
        else:
            self.see(text)

    def group_kind(self, group) -> tuple[str | None, str | None]:
        """(kind of the group's own texts, kind of its members' area) when hidden from the persona."""
        if group is None or group.pk in self.member_of:
            return None, None
        if group.visibility == Visibility.PRIVATE:
            return PRIVATE_GROUP, PRIVATE_GROUP
        if group.visibility == Visibility.CLOSED:
            return None, CLOSED_GROUP
        return None, None

    def groups(self) -> None:
        for group in WorkingGroupPage.objects.all():
            own, area = self.group_kind(group)
            self.put(own is not None, own or "", group.title, whole=True)
            self.put(own is not None, own or "", group.introduction)
            self.put(own is not None, own or "", stream_text(group.purpose_and_mandate))
            for attachment in group.documents.select_related("document"):
                document = attachment.document
                self.put(area is not None, area or "", document.title, whole=True)
                with document.file.open("rb") as handle:
                    self.put(area is not None, area or "", handle.read().decode("utf-8", "replace"))

    def forums(self) -> None:
        for forum in Forum.objects.select_related("group"):
            own, _area = self.group_kind(forum.group)
            self.put(own is not None, own or "", forum.title, whole=True)
            self.put(own is not None, own or "", forum.description)
        posts = Post.objects.select_related("thread__forum__group", "author__profile__organisation")
        threads_seen = set()
        for post in posts:
            thread = post.thread
            _own, area = self.group_kind(thread.forum.group)
            if thread.pk not in threads_seen:
                threads_seen.add(thread.pk)
                self.put(area is not None, area or "", thread.title, whole=True)
            self.put(area is not None, area or "", post.body_markdown)
            if (
                thread.chatham_house
                and area is None
                and post.author_id
                and post.author_id != getattr(self.user, "pk", None)
            ):
                self.secret.chatham_names.setdefault(thread.pk, set()).update(speaker_names(post.author))
        for attachment in Attachment.objects.select_related("post__thread__forum__group"):
            _own, area = self.group_kind(attachment.post.thread.forum.group)
            self.put(area is not None, area or "", attachment.filename, whole=True)
            with attachment.file.open("rb") as handle:
                self.put(area is not None, area or "", handle.read().decode("utf-8", "replace"))

    def events(self) -> None:
        events = list(EventPage.objects.select_related("group"))
        by_path = {event.path: event for event in events}
        for event in events:
            own, _area = self.group_kind(event.group)
            members_only = event.audience != EventAudience.PUBLIC and (
                event.group_id is None or event.group_id not in self.member_of
            )
            kind = own or (MEMBERS_EVENT if members_only else None)
            self.put(kind is not None, kind or "", event.title, whole=True)
            self.put(kind is not None, kind or "", event.introduction)
            self.put(kind is not None, kind or "", stream_text(event.description))
            if kind is not None:
                # A session without a link of its own uses its conference's: the same function as the site.
                join = join_details(event, by_path.get(event.path[: -EventPage.steplen]))
                self.add(JOIN_LINK, join.url, whole=True)
                self.add(JOIN_LINK, join.passcode if len(join.passcode) >= 8 else "", whole=True)

    def action_points(self) -> None:
        """A session's action points are for those who may read its discussion and see the session; a
        commitment draft made of one starts with its text, so that text is not the draft's secret."""
        points = ActionPoint.objects.select_related("room__thread__forum__group", "room__thread__event")
        for point in points:
            thread = point.room.thread
            _own, area = self.group_kind(thread.forum.group)
            event = thread.event
            members_only = (
                event is not None
                and event.audience != EventAudience.PUBLIC
                and (event.group_id is None or event.group_id not in self.member_of)
            )
            kind = area or (MEMBERS_EVENT if members_only else None)
            self.put(kind is not None, kind or "", point.title, whole=True)
            self.put(kind is not None, kind or "", point.description)

    def commitments(self) -> None:
        rows = Commitment.objects.select_related("group").prefetch_related("parties")
        hidden_ids = set()
        for commitment in rows:
            if self.commitment_hidden(commitment):
                hidden_ids.add(commitment.pk)
            self.put(commitment.pk in hidden_ids, COMMITMENT, commitment.title, whole=True)
            self.put(commitment.pk in hidden_ids, COMMITMENT, commitment.description)
            self.put(commitment.pk in hidden_ids, COMMITMENT, commitment.review_comment)
        own = {commitment.pk for commitment in rows if self.commitment_own(commitment)}
        for update in ProgressUpdate.objects.all():
            hidden = update.commitment_id in hidden_ids or (
                update.workflow_state != "published" and update.commitment_id not in own
            )
            self.put(hidden, COMMITMENT, update.narrative)
            self.put(hidden, COMMITMENT, update.review_comment)

    def library(self) -> None:
        """A group-only resource is for those who may read its group: members, everyone for an open group."""
        for resource in Resource.objects.select_related("group"):
            group = resource.group
            hidden = (
                resource.audience == "group"
                and group is not None
                and group.visibility != Visibility.OPEN
                and group.pk not in self.member_of
            )
            self.put(hidden, LIBRARY, resource.title, whole=True)
            self.put(hidden, LIBRARY, resource.summary)
            self.put(hidden, LIBRARY, resource.extracted_text)

    def commitment_own(self, commitment) -> bool:
        return self.user is not None and (
            commitment.author_id == self.user.pk
            or any(party.pk == self.organisation_id for party in commitment.parties.all())
        )

    def commitment_hidden(self, commitment) -> bool:
        if self.commitment_own(commitment):
            return False
        if commitment.workflow_state != "published":
            return True
        if commitment.visibility == "public":
            return False
        group = commitment.group
        return group is None or (group.visibility != Visibility.OPEN and group.pk not in self.member_of)

    def finish(self) -> Secrets:
        """Drop the fragments that also belong to something the persona may see."""
        visible = "\n".join(self.visible_texts)
        self.secret.texts = {
            piece: kind
            for piece, kind in self.secret.texts.items()
            if piece not in visible or kind == JOIN_LINK
        }
        return self.secret


def speaker_names(user) -> set[str]:
    """Everything that would name a speaker: display and full name, user name, e-mail and organisation."""
    profile = getattr(user, "profile", None)
    organisation = getattr(profile, "organisation", None) if profile else None
    values = {
        getattr(profile, "display_name", ""),
        user.get_full_name(),
        user.username,
        user.email,
        organisation.name if organisation else getattr(profile, "organisation_name", ""),
    }
    return {normalise(value) for value in values if value and len(value) >= 8}


def collect(persona: str, user) -> Secrets:
    collector = _Collector(persona, user)
    collector.groups()
    collector.forums()
    collector.events()
    collector.action_points()
    collector.commitments()
    collector.library()
    return collector.finish()


def normalise_body(content: bytes, content_type: str) -> str:
    """A response body as comparable text: JSON re-encoded without escapes, iCalendar unfolded and
    unescaped, markup entities decoded; bytes that are not UTF-8 are read as Latin-1 (files)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    if "json" in content_type:
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        text = text.replace("\\n", "\n").replace('\\"', '"')
    if "calendar" in content_type:
        text = text.replace("\r\n ", "").replace("\n ", "")
        text = text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\N", "\n")
    return normalise(text)
