"""Two people taking the last place at the same moment: exactly one gets it, the other joins the waiting
list. Real threads with their own database connections and committed transactions; the CI runs this on
PostgreSQL (row lock on the event), and it holds on SQLite too (the database lock serialises writers)."""

import threading
import time

from django.db import connection

import pytest

from events.models import Registration
from events.services import registrations as services
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory

# Long enough that, without the lock, the second transaction would count the places before the first
# one wrote its registration.
PAUSE_AFTER_COUNTING = 0.5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_taking_the_last_place_at_once(monkeypatch):
    event = EventPageFactory(parent=make_event_index(), registration_open=True, capacity=1)
    people = UserFactory.create_batch(2)
    count_places = services._confirmed_count

    def slow_count(locked_event):
        counted = count_places(locked_event)
        time.sleep(PAUSE_AFTER_COUNTING)
        return counted

    monkeypatch.setattr(services, "_confirmed_count", slow_count)
    start = threading.Barrier(len(people))
    results, errors = {}, []

    def take_the_last_place(person):
        try:
            start.wait()
            results[person.pk] = services.registration_create(user=person, event=event).status
        except Exception as error:  # reported below: any error fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_the_last_place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results.values()) == ["confirmed", "waitlisted"]
    assert Registration.objects.filter(event=event).confirmed().count() == 1
    assert Registration.objects.filter(event=event).waitlisted().count() == 1
