"""Reads of the forums app. Every list is filtered by the access policy and costs a constant number of
queries whatever the number of forums, threads or posts; people are shown only through forums.presenters."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from cms.i18n.translations import translation_in_language
from cms.pagination import paginate
from forums import access, app_settings
from forums.choices import REACTION_SYMBOLS, ReactionKind
from forums.models import Attachment, Forum, Mention, Post, Reaction, Thread
from forums.presenters import (
    AuthorDisplay,
    PostLabeller,
    PostLabels,
    PostLinkBuilder,
    PostLinks,
    ThreadPresenter,
    post_control_labels,
)

User = get_user_model()

AUTHOR_FIELDS = ("author__profile__organisation",)


def forums_for_user(user) -> QuerySet[Forum]:
    """The forums a user may read, with their thread count and latest activity."""
    return (
        Forum.objects.visible_to(user)
        .select_related("group")
        .annotate(thread_total=Count("threads"), last_activity=Max("threads__last_post_at"))
        .order_by(F("group__title").asc(nulls_first=True), "sort_order", "title")
    )


def readable_forum(user, slug: str) -> tuple[Forum, access.ForumAccess]:
    forum = get_object_or_404(Forum.objects.select_related("group"), slug=slug)
    return forum, access.require_readable_forum(user, forum)


def readable_thread(user, pk: int) -> tuple[Thread, access.ForumAccess]:
    """A thread the user may read, with its forum and group; 404 for anyone else."""
    thread = get_object_or_404(Thread.objects.select_related("forum__group", "event"), pk=pk)
    return thread, access.require_readable_forum(user, thread.forum)


def readable_post(user, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__forum__group", *AUTHOR_FIELDS), pk=pk)
    access.require_readable_forum(user, post.thread.forum)
    return post


@dataclass(frozen=True)
class ThreadRow:
    """One line of a thread list, people shown as the thread's rule allows."""

    thread: Thread
    author: AuthorDisplay
    last_author: AuthorDisplay | None
    tags: list


def thread_rows(threads, user) -> list[ThreadRow]:
    rows = []
    chatham_memo: dict = {}
    for thread in threads:
        presenter = ThreadPresenter(thread, user, chatham_memo)
        last_post = thread.last_post
        rows.append(
            ThreadRow(
                thread=thread,
                author=presenter.author(thread.author),
                last_author=presenter.author(last_post.author) if last_post else None,
                tags=list(thread.tags.all()),
            )
        )
    return rows


def forum_threads(forum: Forum) -> QuerySet[Thread]:
    return (
        Thread.objects.filter(forum=forum)
        .select_related(
            "forum__group",
            "author__profile__organisation",
            "last_post__author__profile__organisation",
        )
        .prefetch_related("tags")
        .in_list_order()
    )


def forum_page_context(forum: Forum, forum_access: access.ForumAccess, request) -> dict:
    """The forum's threads, and its group's page in the reader's language (its live translation, or the
    page itself: who may see it does not change with the language)."""
    page = paginate(request, forum_threads(forum), app_settings.threads_per_page())
    group_page = None
    if forum.group_id:
        group_page = translation_in_language(forum.group, get_language() or settings.LANGUAGE_CODE)
    return {
        "forum": forum,
        "group_page": group_page,
        "forum_access": forum_access,
        "threads": page,
        "rows": thread_rows(page.object_list, request.user),
    }


@dataclass
class ReactionSummary:
    kind: str
    label: str
    symbol: str
    count: int
    mine: bool


@dataclass
class PostView:
    """A post as one reader sees it. Templates get these, never Post objects with their authors."""

    pk: int
    sequence: int
    links: PostLinks
    labels: PostLabels
    created_at: datetime
    edited_at: datetime | None
    author: AuthorDisplay
    body_html: SafeString
    reply_to_sequence: int | None
    deleted: bool
    hidden: bool
    hidden_reason: str
    show_body: bool
    may_edit: bool
    may_react: bool
    reactions: list[ReactionSummary] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


#: The columns of a post the thread page and its live fragments use (not the Markdown source, the client id
#: or `updated_at`): fewer values to read and convert per post.
POST_PAGE_FIELDS = (
    "id",
    "thread_id",
    "author_id",
    "sequence",
    "reply_to_id",
    "body_html",
    "created_at",
    "edited_at",
    "hidden",
    "hidden_reason",
    "deleted_at",
    "change",
)


def thread_posts(thread: Thread) -> QuerySet[Post]:
    """The posts of a thread as the page shows them: the number of the post each answers comes as
    `reply_to_sequence` (not the whole post) and only the columns the page shows are read; `post_views`
    reads the authors, the mentions and the people mentioned once per page, each person once."""
    return (
        Post.objects.filter(thread=thread)
        .only(*POST_PAGE_FIELDS)
        .annotate(reply_to_sequence=F("reply_to__sequence"))
        .order_by("sequence")
    )


def authors_of(posts: list[Post]) -> dict[int, object]:
    """The authors of these posts with their profile and organisation (id → user): one query for the page,
    each person once (a thread page shows the same few people hundreds of times)."""
    loaded = {post.author_id: post.author for post in posts if "author" in post._state.fields_cache}
    missing = {post.author_id for post in posts} - loaded.keys() - {None}
    if missing:
        loaded.update(
            (user.pk, user)
            for user in User.objects.filter(pk__in=missing).select_related("profile__organisation")
        )
    return loaded


def _attachments(posts: list[Post]) -> dict[int, list[Attachment]]:
    """The attachments of these posts (post id → attachments in upload order), in one query for the page
    (a prefetch would build a queryset per post)."""
    found: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(post_id__in=[post.pk for post in posts]).order_by("pk"):
        found[attachment.post_id].append(attachment)
    return found


def _mentions(posts: list[Post]) -> dict[int, dict[int, object]]:
    """Per post, the people it mentions (id → user with profile and organisation): two queries for the
    page, whatever its number of posts and mentions, and each person loaded once."""
    ids = [post.pk for post in posts]
    mentions = Mention.objects.filter(post_id__in=ids)
    people = {
        user.pk: user
        for user in User.objects.filter(pk__in=mentions.values("user_id")).select_related(
            "profile__organisation"
        )
    }
    mentioned: dict[int, dict[int, object]] = defaultdict(dict)
    for post_id, user_id in mentions.values_list("post_id", "user_id"):
        mentioned[post_id][user_id] = people.get(user_id)
    return mentioned


def _reactions(posts: list[Post], user) -> dict[int, list[ReactionSummary]]:
    """Reaction counts per post and kind, and the reader's own, in two queries for the whole page."""
    ids = [post.pk for post in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for post_id, kind, total in (
        Reaction.objects.filter(post_id__in=ids).values_list("post_id", "kind").annotate(total=Count("pk"))
    ):
        counts[post_id][kind] = total
    mine: set[tuple[int, str]] = set()
    if user.is_authenticated:
        mine = set(Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "kind"))
    kinds = [(kind.value, str(kind.label), REACTION_SYMBOLS[kind]) for kind in ReactionKind]  # once per page
    return {
        post_id: [
            ReactionSummary(
                kind=value,
                label=label,
                symbol=symbol,
                count=counts[post_id].get(value, 0),
                mine=(post_id, value) in mine,
            )
            for value, label, symbol in kinds
        ]
        for post_id in ids
    }


def post_views(posts: list[Post], thread: Thread, user, forum_access: access.ForumAccess) -> list[PostView]:
    """The posts as `user` sees them; `forum_access`: the user's access to the thread's forum (decided once
    by the caller, not again here)."""
    presenter = ThreadPresenter(thread, user, moderates_thread=forum_access.moderate)
    presenter.prepare_embeds([post.body_html for post in posts if not post.is_deleted and not post.hidden])
    links, labeller = PostLinkBuilder(thread), PostLabeller()
    reactions = _reactions(posts, user)
    mentions = _mentions(posts)
    people = authors_of(posts)
    attachments = _attachments(posts)
    may_take_part = access.thread_posting_refusal(user, thread, forum_access) is None
    frozen = thread.locked or thread.closed
    authors: dict[int | None, AuthorDisplay] = {}  # one display (and its markup) per person on the page
    views = []
    for post in posts:
        deleted = post.is_deleted
        show_body = not deleted and (not post.hidden or forum_access.moderate)
        own = user.is_authenticated and post.author_id == user.pk
        mentioned = mentions.get(post.pk, {})
        if post.reply_to_id is None:
            reply_to_sequence = None
        elif "reply_to_sequence" in post.__dict__:
            reply_to_sequence = post.reply_to_sequence
        else:
            reply_to_sequence = post.reply_to.sequence
        author = authors.get(post.author_id)
        if author is None:
            author = authors[post.author_id] = presenter.author(people.get(post.author_id))
        views.append(
            PostView(
                pk=post.pk,
                sequence=post.sequence,
                links=links(post.pk),
                labels=labeller(post.sequence, reply_to_sequence),
                created_at=post.created_at,
                edited_at=post.edited_at,
                author=author,
                body_html=presenter.body_html(post.body_html, mentioned) if show_body else SafeString(""),
                reply_to_sequence=reply_to_sequence,
                deleted=deleted,
                hidden=post.hidden,
                hidden_reason=post.hidden_reason if forum_access.moderate else "",
                show_body=show_body,
                may_edit=not deleted
                and (forum_access.moderate or (own and not post.hidden and not frozen and forum_access.read)),
                may_react=may_take_part and not deleted and not post.hidden and not own,
                reactions=reactions.get(post.pk, []),
                attachments=attachments.get(post.pk, []) if show_body else [],
            )
        )
    return views


def post_controls_context(thread: Thread, forum_access: access.ForumAccess, user) -> dict:
    """What forums/includes/post.html needs besides the post, for one reader: the same on the thread page
    and in a post rendered alone for live delivery (forums.live.fragments), so both give the same markup."""
    refusal = access.thread_posting_refusal(user, thread, forum_access)
    return {
        "thread": thread,
        "forum_access": forum_access,
        "posting_refusal": refusal,
        "can_reply": refusal is None,
        "control_labels": post_control_labels(),
    }


def thread_page_context(thread: Thread, forum_access: access.ForumAccess, request) -> dict:
    page = paginate(request, thread_posts(thread), app_settings.posts_per_page())
    return {
        **post_controls_context(thread, forum_access, request.user),
        "forum": thread.forum,
        "posts_page": page,
        "posts": post_views(list(page.object_list), thread, request.user, forum_access),
        "tags": list(thread.tags.all()),
    }


def page_number_of(post: Post) -> int:
    """The page of its thread a post is on."""
    before = Post.objects.filter(thread_id=post.thread_id, sequence__lt=post.sequence).count()
    return before // app_settings.posts_per_page() + 1


def group_forums(group, user) -> list[Forum]:
    """The forums of a working group the user may read, with their latest activity."""
    return list(forums_for_user(user).filter(group=group))


def recent_threads(forum_ids: list[int], limit: int = 5) -> list[Thread]:
    if not forum_ids:
        return []
    return list(
        Thread.objects.filter(forum_id__in=forum_ids)
        .select_related(
            "forum__group", "last_post__author__profile__organisation", "author__profile__organisation"
        )
        .prefetch_related("tags")
        .order_by("-last_post_at", "-pk")[:limit]
    )
