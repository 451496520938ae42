"""Full-text search over the threads and posts a person may see.

Candidates come from the database (every word in the post's text or its thread's title, among
`Post.objects.visible_to(user)` minus hidden posts: never a deleted or hidden post, never a forum the person
cannot read). Each candidate is then checked against the text *this reader* sees, rendered through
forums.presenters: in a Chatham House thread a mention shows a stakeholder type, so searching for a person's
name never finds the posts that mention them, and results show speakers as the thread's rule allows.
"""

import html
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from forums.models import Mention, Post
from forums.presenters import AuthorDisplay, ThreadPresenter

MAX_TERMS = 8
MIN_TERM_LENGTH = 2
#: How many of the newest matching posts are checked and shown (search is for finding, not for export).
MAX_CANDIDATES = 200
EXCERPT_CHARS = 280


@dataclass(frozen=True)
class SearchResult:
    post_url: str
    sequence: int
    thread_title: str
    thread_url: str
    forum_title: str
    author: AuthorDisplay
    created_at: datetime
    excerpt: str
    chatham_house: bool


def search_terms(query: str) -> list[str]:
    terms = []
    for word in (query or "").split():
        word = word.strip("\"'.,;:!?()[]").casefold()
        if len(word) >= MIN_TERM_LENGTH and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _candidates(user, terms: list[str]):
    condition = Q()
    for term in terms:
        condition &= Q(body_markdown__icontains=term) | Q(thread__title__icontains=term)
    return (
        Post.objects.visible_to(user)
        .filter(hidden=False)
        .filter(condition)
        .select_related("thread__forum__group", "author__profile__organisation")
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("user__profile__organisation"))
        )
        .order_by("-created_at", "-pk")[:MAX_CANDIDATES]
    )


def _excerpt(text: str, terms: list[str]) -> str:
    folded = text.casefold()
    positions = [folded.find(term) for term in terms if folded.find(term) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    excerpt = Truncator(text[start:]).chars(EXCERPT_CHARS)
    return ("…" + excerpt) if start else excerpt


def search_posts(user, query: str) -> list[SearchResult]:
    """Posts matching every word of the query, newest first, as this reader may see them."""
    terms = search_terms(query)
    if not terms:
        return []
    presenters: dict[int, ThreadPresenter] = {}
    chatham_memo: dict = {}
    results = []
    for post in _candidates(user, terms):
        thread = post.thread
        presenter = presenters.setdefault(thread.pk, ThreadPresenter(thread, user, chatham_memo))
        mentioned = {mention.user_id: mention.user for mention in post.mentions.all()}
        text = " ".join(
            html.unescape(strip_tags(str(presenter.body_html(post.body_html, mentioned)))).split()
        )
        haystack = f"{thread.title} {text}".casefold()
        if not all(term in haystack for term in terms):
            continue
        results.append(
            SearchResult(
                post_url=post.get_absolute_url(),
                sequence=post.sequence,
                thread_title=thread.title,
                thread_url=thread.get_absolute_url(),
                forum_title=thread.forum.title,
                author=presenter.author(post.author),
                created_at=post.created_at,
                excerpt=_excerpt(text, terms),
                chatham_house=thread.chatham_house,
            )
        )
    return results
