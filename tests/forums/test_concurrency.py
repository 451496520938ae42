"""Posts sent at the same moment by many people still get distinct, gap-free numbers (the thread row is locked
while a number is handed out). Needs a database with row locks: PostgreSQL, as in CI."""

import threading

from django.db import connection

import pytest

from forums import services
from forums.models import Thread
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.choices import Visibility

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL"
)

WRITERS = 6
POSTS_EACH = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_posts_get_distinct_consecutive_numbers(dialogue, settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 0
    thread = dialogue.threads[Visibility.OPEN]
    writers = [UserFactory() for _n in range(WRITERS)]
    for writer in writers:
        add_member(dialogue.groups[Visibility.OPEN], writer)
    start = threading.Barrier(WRITERS)
    errors = []

    def write(author):
        try:
            start.wait()
            local_thread = Thread.objects.select_related("forum__group").get(pk=thread.pk)
            for n in range(POSTS_EACH):
                services.post_create(
                    author=author,
                    thread=local_thread,
                    body_markdown=f"Point {n}",
                    client_id=f"{author.pk}-{n}",
                )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=write, args=(writer,)) for writer in writers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    sequences = sorted(thread.posts.values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS * POSTS_EACH + 2))
    thread.refresh_from_db()
    assert thread.last_sequence == thread.post_count == WRITERS * POSTS_EACH + 1
