"""The forums' demo: a forum per demo group and a public consultation, lively threads with replies, quotes,
mentions and reactions, one Chatham House thread that keeps its speakers anonymous — and a second run
changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model

import pytest

from cms import demo as cms_demo
from cms.demo_context import DemoContext
from commitments import demo as commitments_demo
from forums import demo as forums_demo
from forums.models import Forum, Mention, Post, Reaction, Thread
from working_groups import demo as working_groups_demo
from working_groups.demo.groups import DEMO_GROUPS

pytestmark = pytest.mark.django_db


def seed() -> None:
    context = DemoContext(password="demo-password-for-tests", stdout=StringIO(), style=None)
    for app_demo in (cms_demo, working_groups_demo, commitments_demo, forums_demo):
        app_demo.seed(context)


def counts() -> dict:
    return {
        "forums": Forum.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "mentions": Mention.objects.count(),
    }


def test_demo_forums_are_lively_and_seeded_once(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert Forum.objects.filter(group__isnull=True).count() == 1
    assert Forum.objects.filter(group__isnull=False).count() == len(DEMO_GROUPS)
    for forum in Forum.objects.all():
        assert forum.threads.exists(), forum
    assert first["posts"] >= 30 and first["reactions"] >= 30 and first["mentions"] >= 6
    assert Post.objects.filter(reply_to__isnull=False, body_markdown__startswith="> ").count() >= 5
    stakeholder_types = set(
        Post.objects.values_list("author__profile__organisation__stakeholder_type", flat=True)
    )
    assert len(stakeholder_types - {None}) >= 5

    sensitive = Thread.objects.get(chatham_house=True)
    observer = get_user_model().objects.get(email="h.smits@example.org")  # reads, does not moderate
    client.force_login(observer)
    response = client.get(sensitive.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "A participant" in content
    # A speaker's type shows only where at least five organisations of it could have written in the thread.
    from forums.presenters import chatham_shown_types, stakeholder_label

    shown = chatham_shown_types(sensitive)
    for stakeholder_type in set(
        sensitive.posts.values_list("author__profile__organisation__stakeholder_type", flat=True)
    ) - {None}:
        badge = f"</span>{stakeholder_label(stakeholder_type)}</span>"
        assert (badge in content) == (stakeholder_type in shown), stakeholder_type
    for secret in ("Lotte", "Jansen", "Nordvik", "Kwabena", "Asante", "Children First", "Bisimwa"):
        assert secret not in content
    assert client.get(Forum.objects.get(group__isnull=True).get_absolute_url()).status_code == 200
