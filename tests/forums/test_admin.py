"""The secretariat manages forums, threads and posts in the Wagtail admin; members of groups do not."""

from django.urls import reverse

import pytest

from working_groups.choices import Visibility


@pytest.mark.parametrize("model", ["forum", "thread", "post"])
def test_secretariat_lists_and_edits_in_the_admin(dialogue, client_for, model):
    client = client_for(dialogue.people["secretariat"])
    assert client.get(reverse(f"wagtailsnippets_forums_{model}:list")).status_code == 200
    objects = {
        "forum": dialogue.forums["public"],
        "thread": dialogue.threads[Visibility.OPEN],
        "post": dialogue.threads[Visibility.OPEN].posts.get(),
    }
    response = client.get(reverse(f"wagtailsnippets_forums_{model}:edit", args=[objects[model].pk]))
    assert response.status_code == 200


def test_secretariat_opens_a_public_forum_in_the_admin(dialogue, client_for):
    client = client_for(dialogue.people["secretariat"])
    response = client.post(
        reverse("wagtailsnippets_forums_forum:add"),
        {
            "title": "Consultation on the annual report",
            "slug": "annual-report",
            "description": "",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    from forums.models import Forum

    assert Forum.objects.get(slug="annual-report").group is None


def test_chairs_have_no_forum_admin(dialogue, client_for):
    response = client_for(dialogue.people["chair"]).get(reverse("wagtailsnippets_forums_forum:list"))
    assert response.status_code in (302, 403)
