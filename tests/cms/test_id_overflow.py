"""Ids no row can have (30 digits, below zero) find nothing in every query — through relations and `in`
lists too — so ids from URLs and filters answer 404 or a form error, never 500 (issue 14, finding 4)."""

import pytest

from forums.models import Thread
from working_groups.models import WorkingGroupPage

pytestmark = pytest.mark.django_db

HUGE = 10**30


@pytest.mark.parametrize(
    "query",
    [
        lambda: WorkingGroupPage.objects.filter(pk=HUGE),
        lambda: WorkingGroupPage.objects.filter(pk=-HUGE),
        lambda: WorkingGroupPage.objects.filter(pk__in=[HUGE]),
        lambda: Thread.objects.filter(forum=HUGE),
        lambda: Thread.objects.filter(forum_id=HUGE),
        lambda: Thread.objects.filter(forum_id__in=[HUGE, -HUGE]),
        lambda: Thread.objects.filter(pk__in=[HUGE]),
        lambda: Thread.objects.filter(forum__group=HUGE),
    ],
)
def test_an_out_of_range_id_finds_nothing(query):
    assert list(query()) == []


def test_in_range_values_of_a_mixed_list_still_match():
    from tests.factories.forums import ForumFactory

    forum = ForumFactory()
    from forums.models import Forum

    assert list(Forum.objects.filter(pk__in=[HUGE, forum.pk])) == [forum]
    assert Thread.objects.filter(forum_id__in=[forum.pk, HUGE]).count() == 0
