"""Demo data of the forums: a forum for every demo working group, a public consultation forum, and lively
threads in each (replies, quotes, mentions, reactions, one Chatham House thread), written through the
services so they render, number and mention exactly as real posts do.

Idempotent: forums are looked up by slug and threads by title within their forum; an existing thread is left
as it is. Posts are dated back over the last days, as a conversation that has been going on for a while.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from forums import services
from forums.demo import live, moderation
from forums.demo.threads import PUBLIC_FORUM, THREADS, DemoThread
from forums.models import Forum, Post, Reaction, Thread
from working_groups.demo.groups import DEMO_GROUPS
from working_groups.models import WorkingGroupPage

PUBLIC_FORUM_TITLE = "Consultation: draft covenant guidance on responsible recycling"
PUBLIC_FORUM_DESCRIPTION = (
    "The secretariat asks everyone for comments on the draft guidance on responsible recycling. Anyone can "
    "read along; sign in to take part."
)


def seed(context) -> None:
    forums = _forums()
    people = {
        user.email.lower(): user for user in get_user_model().objects.filter(email__endswith="@example.org")
    }
    created = 0
    for spec in THREADS:
        forum = forums.get(spec.forum)
        if forum is None or Thread.objects.filter(forum=forum, title=spec.title).exists():
            continue
        _thread(forum, spec, people)
        created += 1
    context.stdout.write(f"  {len(forums)} forums, {created} new demo threads at /forums/")
    live.seed(context)
    moderation.seed(context)


def _forums() -> dict[str, Forum]:
    forums = {}
    groups = {
        group.slug: group for group in WorkingGroupPage.objects.filter(slug__in=[g.slug for g in DEMO_GROUPS])
    }
    for position, spec in enumerate(DEMO_GROUPS):
        group = groups.get(spec.slug)
        if group is None:
            continue
        forums[spec.slug], _created = Forum.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "description": f"Discussions of the working group {spec.title}.",
                "group": group,
                "sort_order": position + 1,
            },
        )
    forums[PUBLIC_FORUM], _created = Forum.objects.get_or_create(
        slug=PUBLIC_FORUM,
        defaults={"title": PUBLIC_FORUM_TITLE, "description": PUBLIC_FORUM_DESCRIPTION, "sort_order": 0},
    )
    return forums


def _thread(forum: Forum, spec: DemoThread, people: dict) -> Thread:
    started = timezone.now() - timedelta(days=spec.days_ago)
    posts: list[Post] = []
    thread = None
    for index, item in enumerate(spec.posts):
        author = people[item.author]
        if thread is None:
            thread = services.thread_create(
                author=author,
                forum=forum,
                title=spec.title,
                body_markdown=item.text,
                tags=spec.tags,
                chatham_house=spec.chatham_house,
                client_id=f"demo-{forum.slug}-{index}",
            )
            post = thread.posts.get(sequence=1)
        else:
            reply_to = posts[item.reply_to] if item.reply_to is not None else None
            text = item.text
            if item.quote and reply_to is not None:
                text = services.post_quote(user=author, post=reply_to) + text
            post = services.post_create(
                author=author, thread=thread, body_markdown=text, reply_to=reply_to, client_id=f"demo-{index}"
            )
        when = started + timedelta(hours=5 * index, minutes=17 * index)
        Post.objects.filter(pk=post.pk).update(created_at=when)
        post.created_at = when
        posts.append(post)
        for email, kind in item.reactions:
            if not Reaction.objects.filter(post=post, user=people[email], kind=kind).exists():
                services.reaction_toggle(user=people[email], post=post, kind=kind)
    Thread.objects.filter(pk=thread.pk).update(
        created_at=started, last_post_at=posts[-1].created_at, pinned=spec.pinned
    )
    return thread
