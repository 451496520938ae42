"""A room for a crowd (issue 17): frames serialised once per reader kind and still built by each reader's
rights; joins served from the per-process history, which new posts, edits and hides move forward and which
is never served older than the thread a joiner reads; access decided once per subscription and read afresh
on the heartbeat and on notices rather than on every frame."""

import json

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from forums import access as forum_access_module
from forums import services
from forums.live import access_watch, broadcast, frames, selectors, subscriptions
from forums.live import services as live_services
from forums.models import Post, Thread
from forums.services.moderation import post_hide
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.forums.live.conftest import LiveClient, make_session, posts_in, same_instant, sequences

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECRET = "Confidential target figures"


def _post(session, persona: str, body: str) -> Post:
    return services.post_create(author=session.people[persona], thread=session.thread, body_markdown=body)


# --- One frame per reader kind ---------------------------------------------------------------------------


def _kind_text(subscription, post_id: int, bundle=None) -> str:
    """The text the live path sends this reader (`bundle`: one process's shared read of the post)."""
    bundle = bundle or selectors.shared_bundle(subscription.thread.pk, post_id)
    async_to_sync(frames.prepare)(subscription.presenter)
    post = bundle.posts[0]
    return frames.post_text("post.created", post, bundle, subscription.presenter, subscription.moderate)


def _per_reader_frame(thread_id: int, user, moderate: bool, post_id: int) -> dict:
    """The frame a reader-by-reader database read gives this reader (the path before per-kind frames)."""
    thread = Thread.objects.select_related("forum__group").get(pk=thread_id)
    posts = selectors.thread_posts_by_id(thread, [post_id])
    return selectors.post_frames(posts, thread, user, moderate, embeds=False)[0]


@pytest.mark.parametrize("chatham_house", [False, True], ids=["open-names", "chatham-house"])
def test_every_reader_kind_gets_exactly_its_own_frame_whoever_asked_first(chatham_house):
    """Moderator first, then members: the shared texts never hand the moderator's frame (names in a Chatham
    House room, a hidden post's text) to a member; each text equals that reader's own database read."""
    session = make_session(chatham_house=chatham_house)
    post = _post(session, "other", f"{SECRET}, @[Samuel Mensah]")
    hidden = _post(session, "other", SECRET + " again")
    post_hide(actor=session.people["chair"], post=hidden, reason="Off the record")
    readers = ("chair", "secretariat", "member", "other", "outsider")
    subs = {
        persona: subscriptions.subscribe(
            subscriptions.fresh_user(session.people[persona].pk), session.thread.pk, as_room=True
        )
        for persona in readers
    }
    assert subs["outsider"] is None  # not a member of the closed group: no frame at all
    texts = {}
    ids = (post.pk, hidden.pk)
    bundles = {post_id: selectors.shared_bundle(session.thread.pk, post_id) for post_id in ids}
    for persona in ("chair", "secretariat", "member", "other"):
        subscription = subs[persona]
        for post_id in (post.pk, hidden.pk):
            text = _kind_text(subscription, post_id, bundles[post_id])
            texts[persona, post_id] = text
            expected = _per_reader_frame(session.thread.pk, subscription.user, subscription.moderate, post_id)
            assert same_instant(json.loads(text)["post"]) == same_instant(expected), (persona, post_id)

    member_hidden = json.loads(texts["member", hidden.pk])["post"]
    assert member_hidden["hidden"] is True and member_hidden["html"] == ""
    assert SECRET in json.loads(texts["chair", hidden.pk])["post"]["html"]
    member_view = json.loads(texts["member", post.pk])["post"]
    assert '<span class="mention">@you</span>' in member_view["html"]  # personal: built for them alone
    other_view = json.loads(texts["other", post.pk])["post"]
    assert other_view["author"]["is_viewer"] is True
    chair_view = json.loads(texts["chair", post.pk])["post"]
    assert chair_view["author"]["label"] == "Ama Owusu"
    if chatham_house:
        assert member_view["author"]["label"] == "A participant"
        assert "Ama" not in texts["member", post.pk] and "Owusu" not in texts["member", post.pk]
    else:
        assert member_view["author"]["label"] == "Ama Owusu"
    # The same kind shares one serialised text: the secretariat and the chair (both moderate, both see names).
    assert texts["secretariat", hidden.pk] is texts["chair", hidden.pk]


def test_two_members_of_one_kind_share_one_text_and_the_author_gets_their_own():
    session = make_session(chatham_house=True)
    third = UserFactory(first_name="Kofi", last_name="Boateng")
    from tests.factories.working_groups import add_member

    add_member(session.group, third)
    post = _post(session, "other", "Shared words")
    member_text = _kind_text(
        subscriptions.subscribe(session.people["member"], session.thread.pk, True), post.pk
    )
    third_sub = subscriptions.subscribe(subscriptions.fresh_user(third.pk), session.thread.pk, True)
    author_sub = subscriptions.subscribe(session.people["other"], session.thread.pk, True)
    bundle = selectors.shared_bundle(session.thread.pk, post.pk)
    first = frames.post_text("post.created", bundle.posts[0], bundle, third_sub.presenter, third_sub.moderate)
    again = frames.post_text("post.created", bundle.posts[0], bundle, third_sub.presenter, third_sub.moderate)
    author = frames.post_text("post.created", bundle.posts[0], bundle, author_sub.presenter, False)
    assert first is again
    assert json.loads(first) == json.loads(member_text)
    assert json.loads(author)["post"]["author"]["is_viewer"] is True
    assert json.loads(first)["post"]["author"]["is_viewer"] is False


def test_an_anonymous_reader_of_a_public_thread_gets_the_anonymous_frame():
    author = UserFactory(first_name="Pia", last_name="Public")
    thread = services.thread_create(
        author=author,
        forum=ForumFactory(title="Open consultation"),
        title="Tin sourcing",
        body_markdown="Opening",
    )
    post = services.post_create(author=author, thread=thread, body_markdown="A public reply")
    anonymous = subscriptions.subscribe(AnonymousUser(), thread.pk)
    assert anonymous is not None and anonymous.moderate is False and anonymous.user_id is None
    text = _kind_text(anonymous, post.pk)
    assert json.loads(text)["post"] == _per_reader_frame(thread.pk, AnonymousUser(), False, post.pk)
    assert json.loads(text)["post"]["author"]["is_viewer"] is False


# --- Joining: constant queries, from the history ---------------------------------------------------------


def _join_queries(thread_id: int, people: list) -> list[int]:
    """The queries of each join in one server process (event loop), one after another; each person as the
    socket's auth middleware loads them (nothing known yet about their roles)."""
    from django.contrib.auth import get_user_model

    people = [get_user_model().objects.get(pk=person.pk) for person in people]
    log: list[str] = []

    def counter(execute, sql, params, many, context):
        log.append(sql)
        return execute(sql, params, many, context)

    async def scenario():
        counts, clients = [], []
        for person in people:
            before = len(log)
            client = LiveClient(thread_id, person)
            assert await client.connect()
            await client.receive_until("presence")
            counts.append(len(log) - before)
            clients.append(client)
        for client in clients:
            await client.close()
        return counts

    with connection.execute_wrapper(counter):
        return async_to_sync(scenario)()


def test_a_join_costs_the_same_queries_with_10_or_200_recent_posts_and_a_warm_history_reads_none(settings):
    """Three people join one after another, with 11 and with 200 posts in the room (after=0: everything is
    replayed): the first join of the process reads the history, the next ones read none of it."""
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60  # no presence broadcast mid-count
    session = make_session()
    people = [session.people[persona] for persona in ("member", "other", "chair")]
    for number in range(9):
        _post(session, "chair", f"Point {number}.")
    live_services.live_post_create(
        user=session.people["member"], room=session.room, body_markdown="Q?", client_id="q1", question=True
    )
    small = _join_queries(session.thread.pk, people)
    for number in range(189):
        _post(session, "chair", f"More {number}.")
    busy = _join_queries(session.thread.pk, people)
    assert Thread.objects.get(pk=session.thread.pk).last_sequence == 200  # the replay limit: all held
    assert small == busy
    cold, warm = small[0], small[1]
    assert warm <= cold - 4  # the history (position, posts, mentions, reactions, votes) is read once
    assert warm <= 11  # the person, the thread with their facts, polls, actions, presence and so on


def test_the_history_is_read_once_for_many_joiners_and_moved_forward_by_posts_edits_and_hides(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    first = _post(session, "other", "A first point")
    chair, member, other = (session.people[p] for p in ("chair", "member", "other"))

    async def scenario():
        watcher = LiveClient(session.thread.pk, chair)
        assert await watcher.connect()
        await watcher.receive_until("presence")
        cache = frames.cache()
        assert cache.history_reads == 1
        new = await sync_to_async(_post)(session, "other", "A second point")
        await watcher.receive_until("post.created")
        await sync_to_async(services.post_edit)(editor=other, post=first, body_markdown="An edited point")
        await watcher.receive_until("post.updated")
        await sync_to_async(post_hide)(actor=chair, post=new, reason="Not for the record")
        await watcher.receive_until("post.updated")
        joiner = LiveClient(session.thread.pk, member)
        assert await joiner.connect()
        joined = await joiner.receive_until("replay.done")
        reads = cache.history_reads
        await joiner.close()
        await watcher.close()
        return joined, reads

    joined, reads = async_to_sync(scenario)()
    assert reads == 1, "new posts, an edit and a hide moved the history forward: no second read"
    replayed = {frame["sequence"]: frame for frame in posts_in(joined)}
    assert sorted(replayed) == [1, 2, 3]
    assert "An edited point" in replayed[2]["html"]
    assert replayed[3]["hidden"] is True and replayed[3]["html"] == ""
    assert "second point" not in json.dumps(joined)


def test_a_hide_whose_notice_was_lost_is_never_served_from_the_history_to_a_member(settings, monkeypatch):
    """Adversary: the history holds the post as it was; the hide's notice never reaches this process. The
    next member to join reads a newer thread position, so the history is read afresh: no hidden text."""
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    secret = _post(session, "other", SECRET)
    chair, member = session.people["chair"], session.people["member"]

    def hide_without_notice():
        monkeypatch.setattr(broadcast, "_send", lambda group, message: None)
        post_hide(actor=chair, post=Post.objects.get(pk=secret.pk), reason="Off the record")
        monkeypatch.undo()

    async def scenario():
        early = LiveClient(session.thread.pk, session.people["other"])
        assert await early.connect()
        seen = await early.receive_until("replay.done")
        assert SECRET in json.dumps(seen)  # the history holds the post's text now
        await sync_to_async(hide_without_notice)()
        late = LiveClient(session.thread.pk, member)
        assert await late.connect()
        joined = await late.receive_until("presence")
        reads = frames.cache().history_reads
        await late.close()
        await early.close()
        return joined, reads

    joined, reads = async_to_sync(scenario)()
    assert reads == 2
    assert SECRET not in json.dumps(joined)
    hidden = [post for post in posts_in(joined) if post["id"] == secret.pk]
    assert hidden and hidden[0]["hidden"] is True and hidden[0]["html"] == ""


def test_a_reconnect_replays_exactly_what_was_missed_from_the_history(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    member = session.people["member"]

    async def scenario():
        watcher = LiveClient(session.thread.pk, session.people["chair"])
        assert await watcher.connect()
        await watcher.receive_until("presence")
        for number in range(2, 7):
            await sync_to_async(_post)(session, "other", f"Point {number}")
            await watcher.receive_until("post.created")
        back = LiveClient(session.thread.pk, member, after=3)
        assert await back.connect()
        frames_back = await back.receive_until("presence")
        await sync_to_async(_post)(session, "other", "Point 7")
        frames_back += await back.receive_until("post.created")
        quiet = await back.nothing_more()
        reads = frames.cache().history_reads
        await back.close()
        await watcher.close()
        return frames_back, quiet, reads

    frames_back, quiet, reads = async_to_sync(scenario)()
    assert sequences(frames_back) == [4, 5, 6, 7]
    assert next(frame for frame in frames_back if frame["type"] == "replay.done")["last_sequence"] == 6
    # The replay is one frame (not a frame per post), ahead of its replay.done; the new post comes on its own.
    types = [frame["type"] for frame in frames_back]
    assert types.count("posts") == 1 and types.index("posts") < types.index("replay.done")
    assert [post["sequence"] for post in frames_back[types.index("posts")]["posts"]] == [4, 5, 6]
    assert [frame["post"]["sequence"] for frame in frames_back if frame["type"] == "post.created"] == [7]
    assert quiet
    assert reads == 1


def test_questions_at_join_come_from_the_history_as_the_database_orders_them(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    room, member, other, chair = session.room, *(session.people[p] for p in ("member", "other", "chair"))
    asked = []
    for number in range(3):
        post, _created = live_services.live_post_create(
            user=member, room=room, body_markdown=f"Question {number}?", client_id=f"q{number}", question=True
        )
        asked.append(post)
    live_services.question_vote_toggle(user=other, room=room, post_id=asked[2].pk)
    live_services.question_moderate(user=chair, room=room, post_id=asked[0].pk, action="hide")

    async def scenario():
        client = LiveClient(session.thread.pk, other)
        assert await client.connect()
        got = [frame for frame in await client.receive_until("presence") if frame["type"] == "questions"]
        await client.close()
        return got[0]["questions"]

    questions = async_to_sync(scenario)()
    room.thread = Thread.objects.select_related("forum__group").get(pk=session.thread.pk)
    expected = selectors.room_questions(room, other, False, embeds=False)
    assert [same_instant(frame) for frame in questions] == [same_instant(frame) for frame in expected]
    assert [question["id"] for question in questions] == [asked[2].pk, asked[1].pk]
    assert questions[0]["question"]["voted"] is True


# --- Access: decided once, read afresh on the heartbeat and on notices --------------------------------------


def test_subscribing_decides_forum_access_once(monkeypatch):
    session = make_session(chatham_house=True)
    calls = []
    real = forum_access_module.forum_access

    def counting(user, forum):
        calls.append(user.pk)
        return real(user, forum)

    monkeypatch.setattr(forum_access_module, "forum_access", counting)
    subscription = subscriptions.subscribe(
        subscriptions.fresh_user(session.people["member"].pk), session.thread.pk, as_room=True
    )
    assert subscription is not None and subscription.may_post
    assert len(calls) == 1


def test_messages_do_not_read_access_again_but_the_heartbeat_does(monkeypatch):
    session = make_session()
    checks = []
    real = access_watch.recheck

    def counting(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(access_watch, "recheck", counting)

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        await client.receive_until("presence")
        for number in range(3):
            await client.send(type="post", client_id=f"m{number}", body=f"Message {number}")
            await client.receive_until("ack")
        sent = len(checks)
        await client.send(type="ping")
        await client.receive_until("pong")
        await client.close()
        return sent, len(checks)

    after_messages, after_ping = async_to_sync(scenario)()
    assert after_messages == 0
    assert after_ping == 1


def test_a_chat_message_reads_access_afresh_and_writes_in_a_handful_of_statements():
    """A message reads the person's access for the room once (a removal a moment ago refuses it) and writes
    without Wagtail's reference index or a second look-up of its client id."""
    from django.test.utils import CaptureQueriesContext

    session = make_session()
    member = session.people["member"]
    room = subscriptions.subscribe(member, session.thread.pk, as_room=True).room
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:  # on-commit work comes after
        post, created = live_services.live_post_create(
            user=member, room=room, body_markdown="A point from the floor.", client_id="floor-1"
        )
    assert created and post.sequence == Thread.objects.get(pk=session.thread.pk).last_sequence
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "referenceindex" in sql]
    assert len([sql for sql in statements if "client_id" in sql and sql.startswith("SELECT")]) == 2
    work = [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
    assert len(work) <= 10, statements  # access (facts, roles), retry look-ups, lock, insert, thread


def test_a_notice_ahead_of_the_one_before_it_is_filled_from_one_read_shared_by_the_process(
    settings, monkeypatch
):
    """Two processes' commits can reach the layer out of order: every connection that hears of post N+1
    before post N gets both, in order, from one read of the gap for the whole process (before: one database
    read per connection)."""
    from channels.layers import get_channel_layer

    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    _post(session, "chair", "Opening remarks.")
    gap_reads = []
    original = selectors.posts_between

    def counting(*args):
        gap_reads.append(args)
        return original(*args)

    monkeypatch.setattr(selectors, "posts_between", counting)
    people = [session.people[persona] for persona in ("member", "other", "chair")]

    async def scenario():
        clients = [LiveClient(session.thread.pk, person) for person in people]
        for client in clients:
            assert await client.connect()
            await client.receive_until("replay.done")
        monkeypatch.setattr(broadcast, "post_created", lambda *args, **kwargs: None)  # notices held back
        first = await sync_to_async(_post)(session, "member", "First point.")
        second = await sync_to_async(_post)(session, "other", "Second point.")
        layer = get_channel_layer()
        notice = {"type": "live.posts", "sequence": second.sequence, "post_id": second.pk, "change": 0}
        await layer.group_send(broadcast.thread_group(session.thread.pk), notice)
        received = []
        for client in clients:
            frames_seen = await client.receive_until("post.created")
            frames_seen += await client.receive_until("post.created")
            received.append(
                [frame["post"]["sequence"] for frame in frames_seen if frame["type"] == "post.created"]
            )
        for client in clients:
            await client.close()
        return first.sequence, second.sequence, received

    first, second, received = async_to_sync(scenario)()
    assert received == [[first, second]] * 3
    assert len(gap_reads) == 1
