"""The embedded database (SQLite) with the site's own options: two connections that write at the same
moment take turns; neither fails with "database is locked"."""

import threading
import time

from django.db.utils import ConnectionHandler

from tests.config.test_settings import settings_as_json


def test_a_writer_that_read_first_waits_for_another_writer_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of this test's own, not the suite's
        _two_writers(tmp_path)


def _two_writers(tmp_path):
    database = settings_as_json(["DATABASES"], DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}")
    settings = database["DATABASES"]["default"]
    handler = ConnectionHandler({"default": dict(settings), "second": dict(settings)})
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE posts (body TEXT)")
    handler["default"].close()
    first_holds_the_lock, failures = threading.Event(), []

    def in_transaction(alias: str, *statements: str) -> None:
        """As transaction.atomic() begins and commits (on this handler's connection)."""
        connection = handler[alias]
        connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with connection.cursor() as cursor:
            for statement in statements:
                if statement == "hold":
                    first_holds_the_lock.set()
                    time.sleep(0.5)
                else:
                    cursor.execute(statement)
        connection.commit()

    def first_writer():
        try:
            in_transaction("default", "INSERT INTO posts VALUES ('first')", "hold")
        finally:
            handler["default"].close()

    def second_writer():
        # As a service does: read (here, while the first write is under way), then write.
        first_holds_the_lock.wait(5)
        try:
            in_transaction("second", "SELECT COUNT(*) FROM posts", "INSERT INTO posts VALUES ('second')")
        except Exception as problem:  # whatever the second writer met, reported below
            failures.append(problem)
        finally:
            handler["second"].close()

    threads = [threading.Thread(target=first_writer), threading.Thread(target=second_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert failures == []
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT body FROM posts ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    handler["default"].close()
