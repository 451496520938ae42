"""Factories for forums, threads and posts. Posts made here skip the services (fast bulk data); tests of the
rules call forums.services themselves."""

from django.utils import timezone
from django.utils.text import slugify

import factory

from forums.models import Forum, Post, Thread
from forums.rendering import render_markdown


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    title = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    description = "Questions and answers on responsible sourcing."
    group = None


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Smelter audits, round {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    author = None


def add_posts(
    thread: Thread, authors, count: int = 1, text: str = "A point about smelter audits."
) -> list[Post]:
    """`count` posts in `thread`, by the given authors in turn, numbered after the existing ones."""
    authors = list(authors)
    html = render_markdown(text).html
    start = thread.last_sequence
    now = timezone.now()
    posts = Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=authors[index % len(authors)],
                sequence=start + index + 1,
                body_markdown=text,
                body_html=html,
                created_at=now,
            )
            for index in range(count)
        ]
    )
    last = Post.objects.filter(thread=thread).order_by("-sequence").first()
    Thread.objects.filter(pk=thread.pk).update(
        last_sequence=start + count, post_count=thread.post_count + count, last_post=last, last_post_at=now
    )
    thread.refresh_from_db()
    return posts
