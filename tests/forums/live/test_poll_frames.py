"""Polls over the room's socket (forums.live.poll_frames): the frames each reader gets when polls are
prepared, opened, voted on and closed, built for that reader
without leaking a draft, a hidden result or a voter's name."""

import pytest
from asgiref.sync import async_to_sync

from forums.live import polls as live_polls
from forums.models import Poll, PollVote
from tests.forums.live.conftest import LiveClient

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def frame_of(client: LiveClient, frame_type: str, needle: str = "") -> dict:
    """The next frame of `frame_type` (whose html holds `needle`), skipping others."""
    while True:
        frame = await client.receive()
        if frame["type"] == frame_type and needle in frame.get("html", ""):
            return frame


def test_joining_sends_the_rooms_polls_and_action_points(session):
    poll = live_polls.poll_create(
        user=session.people["chair"], room=session.room, question="Ready?", choices=["Yes", "No"]
    )

    async def scenario():
        member = LiveClient(session.thread.pk, session.people["member"])
        chair = LiveClient(session.thread.pk, session.people["chair"])
        assert await member.connect() and await chair.connect()
        member_frames = await member.receive_until("presence")
        chair_frames = await chair.receive_until("presence")
        await member.close()
        await chair.close()
        return member_frames, chair_frames

    member_frames, chair_frames = async_to_sync(scenario)()
    member_polls = next(frame for frame in member_frames if frame["type"] == "polls")
    chair_polls = next(frame for frame in chair_frames if frame["type"] == "polls")
    assert "Ready?" not in member_polls["html"] and "No polls yet" in member_polls["html"]
    assert "Ready?" in chair_polls["html"] and "Open the poll" in chair_polls["html"]
    assert f'id="poll-{poll.pk}"' in chair_polls["html"]
    assert any(frame["type"] == "actions" for frame in member_frames)


def test_a_poll_is_opened_voted_on_and_closed_live(session):
    async def scenario():
        chair = LiveClient(session.thread.pk, session.people["chair"])
        member = LiveClient(session.thread.pk, session.people["member"])
        other = LiveClient(session.thread.pk, session.people["other"])
        for client in (chair, member, other):
            assert await client.connect()
            await client.receive_until("presence")
        await chair.send(
            type="poll",
            action="create",
            question="Which metal next?",
            choices=["Tin", "Cobalt"],
            client_id="poll-1",
        )
        prepared = await frame_of(chair, "poll", "Which metal next?")
        assert "Open the poll" in prepared["html"]
        poll = await Poll.objects.aget(pk=prepared["id"])
        await chair.send(type="poll", action="open", poll=poll.pk, client_id="poll-2")
        opened = await frame_of(member, "poll", "Which metal next?")
        assert 'name="choice"' in opened["html"] and "Close the poll" not in opened["html"]
        tin = await poll.choices.aget(label="Tin")
        await member.send(type="poll", action="vote", poll=poll.pk, choices=[tin.pk], client_id="poll-3")
        mine = await frame_of(member, "poll", "Change my vote")
        seen = await frame_of(other, "poll", "1 vote (100%)")
        await chair.send(type="poll", action="close", poll=poll.pk, client_id="poll-4")
        closed = await frame_of(other, "poll", "Closed</span>")
        cobalt = await poll.choices.aget(label="Cobalt")
        await member.send(type="poll", action="vote", poll=poll.pk, choices=[cobalt.pk], client_id="poll-5")
        refused = await frame_of(member, "error")
        for client in (chair, member, other):
            await client.close()
        return mine, seen, closed, refused

    mine, seen, closed, refused = async_to_sync(scenario)()
    assert "1 vote (100%)" in mine["html"] and "your choice" in mine["html"]
    assert "your choice" not in seen["html"] and 'name="choice"' in seen["html"]
    assert 'name="choice"' not in closed["html"] and "<meter" in closed["html"]
    assert refused["code"] == "not_allowed" and refused["client_id"] == "poll-5"
    assert "closed" in refused["message"]
    vote = PollVote.objects.get()
    assert [choice.choice.label for choice in vote.choices.all()] == ["Tin"]


def test_hidden_results_and_names_never_reach_the_other_readers(session):
    poll = live_polls.poll_create(
        user=session.people["chair"],
        room=session.room,
        question="Hidden?",
        choices=["Yes", "No"],
        hide_results=True,
    )
    live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    yes = poll.choices.get(label="Yes")

    async def scenario():
        chair = LiveClient(session.thread.pk, session.people["chair"])
        other = LiveClient(session.thread.pk, session.people["other"])
        member = LiveClient(session.thread.pk, session.people["member"])
        for client in (chair, other, member):
            assert await client.connect()
            await client.receive_until("presence")
        await member.send(type="poll", action="vote", poll=poll.pk, choices=[yes.pk], client_id="poll-1")
        for_other = await frame_of(other, "poll", "Hidden?")
        for_chair = await frame_of(chair, "poll", "Hidden?")
        for client in (chair, other, member):
            await client.close()
        return for_other, for_chair

    for_other, for_chair = async_to_sync(scenario)()
    assert "<meter" not in for_other["html"] and "100%" not in for_other["html"]
    assert "Mensah" not in for_other["html"]
    assert "1 person has voted" in for_other["html"]
    assert "<meter" in for_chair["html"] and "Samuel Mensah" in for_chair["html"]


def test_members_cannot_run_polls_over_the_socket(session):
    async def scenario():
        member = LiveClient(session.thread.pk, session.people["member"])
        assert await member.connect()
        await member.receive_until("presence")
        await member.send(
            type="poll", action="create", question="Mine?", choices=["A", "B"], client_id="poll-1"
        )
        refused = await frame_of(member, "error")
        await member.send(type="poll", action="explode", poll=1, client_id="poll-2")
        unknown = await frame_of(member, "error")
        await member.close()
        return refused, unknown

    refused, unknown = async_to_sync(scenario)()
    assert refused["code"] == "not_allowed"
    assert unknown["code"] == "invalid"
    assert not Poll.objects.exists()


def test_joining_costs_the_same_queries_for_polls_and_action_points_whatever_their_number(session):
    """The reader's language, the polls (choices, counts, voters, the reader's own vote), whether the room
    has action points, the action points and the reader's party: 9 queries for 1 or 7 polls and action
    points; a room without any costs two (its polls, whether it has action points)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from forums.live import actions as live_actions
    from forums.live.poll_frames import actions_frame, polls_frame, reader_language
    from forums.live.subscriptions import subscribe
    from tests.factories.working_groups import OrganisationFactory

    owner = OrganisationFactory()

    def add(count: int) -> None:
        for number in range(count):
            poll = live_polls.poll_create(
                user=session.people["chair"], room=session.room, question=f"Q{number}?", choices=["A", "B"]
            )
            live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)
            live_polls.poll_vote(
                user=session.people["other"],
                room=session.room,
                poll_id=poll.pk,
                choice_ids=[poll.choices.first().pk],
            )
            live_actions.action_point_create(
                user=session.people["chair"],
                room=session.room,
                title=f"Action {number}",
                owner_id=str(owner.pk),
                due_date=timezone.localdate() + datetime.timedelta(days=9),
            )

    def join_cost() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        user = get_user_model().objects.get(pk=session.people["member"].pk)
        subscription = subscribe(user, session.thread.pk, as_room=True)
        with CaptureQueriesContext(connection) as queries:
            language = reader_language(subscription.user)
            polls_frame(subscription, language)
            actions_frame(subscription, language)
        return len(queries)

    assert join_cost() == 1 + 2
    add(1)
    small = join_cost()
    add(6)
    assert join_cost() == small == 9


def test_a_refresh_sends_every_poll_afresh_from_the_database(session):
    poll = live_polls.poll_create(
        user=session.people["chair"], room=session.room, question="Fresh?", choices=["Yes", "No"]
    )

    async def scenario():
        member = LiveClient(session.thread.pk, session.people["member"])
        assert await member.connect()
        await member.receive_until("presence")
        # Opened without a broadcast reaching this connection (as when the channel layer drops a notice).
        await Poll.objects.filter(pk=poll.pk).aupdate(state="open")
        await member.send(type="poll", action="refresh")
        frame = await frame_of(member, "polls", "Fresh?")
        await member.close()
        return frame

    frame = async_to_sync(scenario)()
    assert 'name="choice"' in frame["html"]
