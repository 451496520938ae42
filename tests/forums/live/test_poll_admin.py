"""The secretariat prepares polls in the admin (with their choices); an opened poll is no longer edited
there; members have no admin for polls."""

from django.urls import reverse

import pytest

from forums.live import polls as live_polls
from forums.models import Poll, PollState
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    return make_session()


def test_the_secretariat_prepares_a_poll_in_the_admin(session, client):
    client.force_login(session.people["secretariat"])
    assert client.get(reverse("wagtailsnippets_forums_poll:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_forums_actionpoint:list")).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_forums_poll:add"),
        {
            "room": session.room.pk,
            "question": "Prepared in the admin?",
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "2",
            "choices-MAX_NUM_FORMS": "10",
            "choices-0-label": "Yes",
            "choices-0-ORDER": "1",
            "choices-1-label": "No",
            "choices-1-ORDER": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert poll.state == PollState.DRAFT and [c.label for c in poll.choices.all()] == ["Yes", "No"]
    # The room's moderators open it like any prepared poll.
    live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    response = client.get(reverse("wagtailsnippets_forums_poll:edit", args=[poll.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailsnippets_forums_poll:list")


def test_members_have_no_poll_admin(session, client):
    client.force_login(session.people["member"])
    assert client.get(reverse("wagtailsnippets_forums_poll:list")).status_code in (302, 403)
