"""What a live connection costs the database: joining a room (access, replay, questions) and the access read
afresh on every frame take the same few queries however many posts and questions the room holds."""

import pytest

from forums import services
from forums.live import selectors, subscriptions
from forums.live import services as live_services
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db

#: A member joining the room: the thread with its forum, group, session and room, the pages' view
#: restrictions, their secretariat status and roles, whether they speak or were removed (one query, as for a
#: crowd: forums.live.joins); then posts, mentions, votes and reactions, for the replay and for the questions.
JOIN_QUERIES = 13
#: The same access read afresh: the person (with their secretariat status), their roles, the pages' view
#: restrictions, the thread, whether they speak or were removed.
REFRESH_QUERIES = 5


def _add(session, posts: int, questions: int) -> None:
    for number in range(posts):
        services.post_create(
            author=session.people["chair"], thread=session.thread, body_markdown=f"Point {number}."
        )
    for number in range(questions):
        live_services.live_post_create(
            user=session.people["member"],
            room=session.room,
            body_markdown=f"Question {number}?",
            client_id=f"question-{questions}-{number}",
            question=True,
        )


def _socket_user(user_id: int):
    """The person as the socket's auth middleware loads them: nothing known yet about their roles."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user_id)


def _join(user, thread_id: int):
    subscription = subscriptions.subscribe(user, thread_id, as_room=True)
    posts, _more = selectors.posts_after(
        subscription.thread, subscription.user, subscription.moderate, 0, None, subscription.presenter
    )
    questions = selectors.room_questions(
        subscription.room, subscription.user, subscription.moderate, subscription.presenter
    )
    return subscription, posts, questions


def _costs(user_id: int, thread_id: int) -> tuple[int, int, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = _socket_user(user_id)
    with CaptureQueriesContext(connection) as joining:
        subscription, posts, questions = _join(user, thread_id)
    with CaptureQueriesContext(connection) as refreshing:
        assert subscriptions.refresh(subscription) is not None
    return len(joining), len(refreshing), len(posts), len(questions)


def test_a_join_and_a_refresh_cost_the_same_few_queries_for_a_small_and_a_busy_room():
    session = make_session()
    member = session.people["member"]
    _add(session, posts=0, questions=1)
    join_small, refresh_small, posts_small, questions_small = _costs(member.pk, session.thread.pk)
    _add(session, posts=29, questions=9)
    join_busy, refresh_busy, posts_busy, questions_busy = _costs(member.pk, session.thread.pk)

    assert (posts_small, questions_small, posts_busy, questions_busy) == (2, 1, 40, 10)
    assert join_small == join_busy <= JOIN_QUERIES
    assert refresh_small == refresh_busy <= REFRESH_QUERIES


def test_the_cheaper_refresh_still_reads_removal_and_membership_afresh():
    from forums.models import RoomRemoval
    from working_groups.models import Membership

    session = make_session()
    member, other = session.people["member"], session.people["other"]
    _add(session, posts=0, questions=1)
    kept, _posts, _questions = _join(_socket_user(member.pk), session.thread.pk)
    removed, _posts, _questions = _join(_socket_user(other.pk), session.thread.pk)

    RoomRemoval.objects.create(room=session.room, user=other, removed_by=session.people["chair"])
    Membership.objects.filter(user=member).delete()

    assert subscriptions.refresh(removed) is None
    assert subscriptions.refresh(kept) is None
