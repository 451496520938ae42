"""Live polls: one vote per person, changing it, closing for good, anonymity, hidden results, the access
matrix and the Chatham House Rule (forums.live.polls); the room page's no-JavaScript forms; the exports."""

import csv
import datetime
import io

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from forums.live import export
from forums.live import polls as live_polls
from forums.live.poll_frames import render_poll
from forums.live.subscriptions import subscribe
from forums.models import Poll, PollState, PollVote, PollVoteChoice
from forums.services.errors import InvalidPost, NotAllowed
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from tests.forums.live.conftest import make_session
from working_groups.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    return make_session()


def prepared(session, **options) -> Poll:
    return live_polls.poll_create(
        user=session.people["chair"],
        room=session.room,
        question="Should the guidance cover artisanal tin?",
        choices=["Yes", "No", "Not yet"],
        **options,
    )


def opened(session, **options) -> Poll:
    poll = prepared(session, **options)
    return live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)


def choice(poll: Poll, label: str) -> int:
    return poll.choices.get(label=label).pk


def vote(session, persona: str, poll: Poll, *labels: str):
    return live_polls.poll_vote(
        user=session.people[persona],
        room=session.room,
        poll_id=poll.pk,
        choice_ids=[choice(poll, label) for label in labels],
    )


def counts(session, poll: Poll, persona: str = "chair") -> dict[str, int]:
    view = live_polls.poll_view(session.room, poll.pk, session.people[persona], True, True)
    return {result.label: result.votes for result in view.choices}


def test_one_vote_per_person_and_the_database_holds_it(session):
    poll = opened(session)
    vote(session, "member", poll, "Yes")
    vote(session, "member", poll, "Yes")
    assert PollVote.objects.filter(poll=poll).count() == 1
    assert counts(session, poll) == {"Yes": 1, "No": 0, "Not yet": 0}
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, user=session.people["member"])


def test_a_vote_can_change_until_the_poll_closes_and_never_after(session):
    poll = opened(session)
    vote(session, "member", poll, "Yes")
    vote(session, "other", poll, "Yes")
    vote(session, "member", poll, "No")
    assert counts(session, poll) == {"Yes": 1, "No": 1, "Not yet": 0}
    live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    with pytest.raises(NotAllowed, match="closed"):
        vote(session, "member", poll, "Not yet")
    with pytest.raises(NotAllowed, match="closed"):
        vote(session, "chair", poll, "Yes")  # nor a first vote, not even a moderator's
    with pytest.raises(InvalidPost):
        live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    assert counts(session, poll) == {"Yes": 1, "No": 1, "Not yet": 0}
    assert Poll.objects.get(pk=poll.pk).state == PollState.CLOSED


def test_a_prepared_poll_takes_no_votes(session):
    poll = prepared(session)
    with pytest.raises(NotAllowed, match="not open"):
        vote(session, "member", poll, "Yes")


def test_one_choice_or_several_and_only_the_polls_own(session):
    single = opened(session)
    with pytest.raises(InvalidPost, match="one answer"):
        vote(session, "member", single, "Yes", "No")
    several = opened(session, multiple=True)
    vote(session, "member", several, "Yes", "Not yet")
    assert counts(session, several) == {"Yes": 1, "No": 0, "Not yet": 1}
    assert PollVote.objects.filter(poll=several).count() == 1
    with pytest.raises(InvalidPost):
        live_polls.poll_vote(
            user=session.people["member"],
            room=session.room,
            poll_id=single.pk,
            choice_ids=[choice(several, "Yes")],
        )
    with pytest.raises(InvalidPost):
        live_polls.poll_vote(
            user=session.people["member"], room=session.room, poll_id=single.pk, choice_ids=[]
        )
    with pytest.raises(InvalidPost):
        live_polls.poll_vote(
            user=session.people["member"], room=session.room, poll_id=single.pk, choice_ids=["x"]
        )


@pytest.mark.parametrize(
    ("question", "choices", "message"),
    [
        ("", ["Yes", "No"], "question"),
        ("Q?", ["Only one"], "between 2"),
        ("Q?", ["Yes", "yes"], "different"),
        ("Q?", [str(n) for n in range(11)], "between 2"),
        ("Q" * 301, ["Yes", "No"], "300"),
    ],
)
def test_bad_polls_are_refused_and_nothing_is_saved(session, question, choices, message):
    with pytest.raises(InvalidPost, match=message):
        live_polls.poll_create(
            user=session.people["chair"], room=session.room, question=question, choices=choices
        )
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("persona", "votes", "moderates"),
    [
        ("anonymous", False, False),
        ("outsider", False, False),
        ("member", True, False),
        ("observer", False, False),
        ("chair", True, True),
        ("secretariat", True, True),
    ],
)
def test_who_may_vote_and_who_may_run_polls(session, persona, votes, moderates):
    from django.contrib.auth.models import AnonymousUser

    if persona == "observer":
        session.people["observer"] = UserFactory()
        add_member(session.group, session.people["observer"], Role.OBSERVER)
    user = AnonymousUser() if persona == "anonymous" else session.people[persona]
    poll = opened(session)
    if votes:
        live_polls.poll_vote(user=user, room=session.room, poll_id=poll.pk, choice_ids=[choice(poll, "Yes")])
    else:
        with pytest.raises(NotAllowed):
            live_polls.poll_vote(
                user=user, room=session.room, poll_id=poll.pk, choice_ids=[choice(poll, "Yes")]
            )
    attempts = [
        lambda: live_polls.poll_create(user=user, room=session.room, question="Q?", choices=["A", "B"]),
        lambda: live_polls.poll_close(user=user, room=session.room, poll_id=poll.pk),
    ]
    for attempt in attempts:
        if moderates:
            attempt()
        else:
            with pytest.raises(NotAllowed):
                attempt()


def test_a_speaker_of_the_session_moderates_polls(session):
    from events.models import EventSpeaker, Speaker

    speaker_user = UserFactory()
    add_member(session.group, speaker_user)
    speaker = Speaker.objects.create(name="Dr. Speaker", user=speaker_user)
    EventSpeaker.objects.create(page=session.event, speaker=speaker)
    poll = live_polls.poll_create(user=speaker_user, room=session.room, question="Q?", choices=["A", "B"])
    live_polls.poll_open(user=speaker_user, room=session.room, poll_id=poll.pk)


def test_after_the_session_nobody_votes_and_no_poll_is_prepared(db):
    now = timezone.now()
    session = make_session(start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=2))
    poll = Poll.objects.create(room=session.room, question="Q?", state=PollState.OPEN)
    yes = poll.choices.create(label="Yes")
    with pytest.raises(NotAllowed):
        live_polls.poll_vote(
            user=session.people["member"], room=session.room, poll_id=poll.pk, choice_ids=[yes.pk]
        )
    with pytest.raises(NotAllowed):
        prepared(session)


def test_hidden_results_stay_with_the_moderators_until_the_poll_closes(session):
    poll = opened(session, hide_results=True)
    vote(session, "member", poll, "Yes")
    vote(session, "other", poll, "No")
    member = subscribe(session.people["member"], session.thread.pk, as_room=True)
    chair = subscribe(session.people["chair"], session.thread.pk, as_room=True)

    def html(subscription):
        view = live_polls.poll_view(
            session.room, poll.pk, subscription.user, subscription.moderate, subscription.may_post
        )
        return render_poll(subscription, view, "en")

    assert "<meter" not in html(member) and "50%" not in html(member)
    assert "2 people have voted" in html(member)
    assert html(chair).count("<meter") == 3 and "1 vote (50%)" in html(chair)
    live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    assert html(member).count("<meter") == 3 and "1 vote (50%)" in html(member)


def test_a_moderator_can_show_hidden_results_before_closing(session):
    poll = opened(session, hide_results=True)
    view = live_polls.poll_view(session.room, poll.pk, session.people["member"], False, True)
    assert not view.results_visible
    live_polls.poll_show_results(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    view = live_polls.poll_view(session.room, poll.pk, session.people["member"], False, True)
    assert view.results_visible and view.may_vote


def test_prepared_polls_are_for_the_moderators_only(session):
    prepared(session)
    assert live_polls.poll_views(session.room, session.people["member"], False, True) == []
    assert len(live_polls.poll_views(session.room, session.people["chair"], True, True)) == 1


def test_named_polls_show_voters_to_moderators_and_anonymous_ones_to_nobody(session):
    named = opened(session)
    anonymous = opened(session, anonymous=True)
    for poll in (named, anonymous):
        vote(session, "member", poll, "Yes")
    chair_views = {v.id: v for v in live_polls.poll_views(session.room, session.people["chair"], True, True)}
    assert chair_views[named.pk].choices[0].voters == ["Samuel Mensah"]
    assert chair_views[anonymous.pk].choices[0].voters == []
    member_view = live_polls.poll_view(session.room, named.pk, session.people["other"], False, True)
    assert all(not result.voters for result in member_view.choices)
    for poll in (named, anonymous):
        live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    rows = export.export_rows(session.room)
    markdown = export.to_markdown(session.room, rows)
    text = export.to_csv(rows)
    assert markdown.count("Mensah") == 1 and text.count("Mensah") == 1  # the named poll only
    anonymous_part = markdown.split(f"### {anonymous.question}")[-1].split("##")[0]
    assert "Mensah" not in anonymous_part


def test_in_a_chatham_house_room_every_poll_is_anonymous(db):
    session = make_session(chatham_house=True)
    poll = opened(session, anonymous=False)
    assert Poll.objects.get(pk=poll.pk).anonymous
    vote(session, "member", poll, "Yes")
    live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    view = live_polls.poll_view(session.room, poll.pk, session.people["secretariat"], True, True)
    assert not view.voters_visible and view.choices[0].voters == []
    markdown = export.to_markdown(session.room, export.export_rows(session.room))
    assert "Mensah" not in markdown and "Samuel" not in markdown
    assert "1 vote (100%)" in markdown or "1 vote" in markdown


def test_exports_carry_the_results(session):
    poll = opened(session)
    vote(session, "member", poll, "Yes")
    vote(session, "other", poll, "No")
    live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    prepared(session)  # never opened: not in the record
    rows = export.export_rows(session.room)
    markdown = export.to_markdown(session.room, rows)
    assert "## Polls" in markdown and f"### {poll.question}" in markdown
    assert "- Yes: 1 vote (50%)" in markdown and "- Not yet: 0 votes (0%)" in markdown
    assert "2 people voted" in markdown
    table = list(csv.reader(io.StringIO(export.to_csv(rows))))
    results = [row for row in table if row[4] == "poll result"]
    assert [row[5] for row in results] == ["1", "1", "0"]
    assert results[0][9].startswith(poll.question)


def test_the_polls_cost_the_same_queries_for_one_or_many(session, django_assert_num_queries):
    first = opened(session)
    vote(session, "member", first, "Yes")
    with django_assert_num_queries(6):
        live_polls.poll_views(session.room, session.people["chair"], True, True)
    for _ in range(5):
        poll = opened(session)
        vote(session, "member", poll, "Yes")
        vote(session, "other", poll, "No")
    with django_assert_num_queries(6):
        views = live_polls.poll_views(session.room, session.people["chair"], True, True)
    assert len(views) == 6


# --- The room page without JavaScript ---------------------------------------------------------------------


def poll_url(session):
    return reverse("forums:live:poll", args=[session.thread.pk])


def test_without_javascript_a_moderator_prepares_and_opens_and_a_member_votes(session, client):
    client.force_login(session.people["chair"])
    response = client.post(
        poll_url(session), {"action": "create", "question": "Which metal next?", "choices": "Tin\nCobalt\n"}
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    client.post(poll_url(session), {"action": "open", "poll": poll.pk})
    client.force_login(session.people["member"])
    page = client.get(reverse("forums:live:room", args=[session.thread.pk]))
    assert b"Which metal next?" in page.content and b'name="choice"' in page.content
    response = client.post(
        poll_url(session), {"action": "vote", "poll": poll.pk, "choice": choice(poll, "Tin")}
    )
    assert response.status_code == 302
    assert PollVoteChoice.objects.get().choice.label == "Tin"
    page = client.get(reverse("forums:live:room", args=[session.thread.pk]))
    assert b"1 vote (100%)" in page.content and b"Change my vote" in page.content
    # A member cannot close it; the refusal is shown and nothing changes.
    response = client.post(poll_url(session), {"action": "close", "poll": poll.pk}, follow=True)
    assert b"Only the session&#x27;s moderators" in response.content
    assert Poll.objects.get().state == PollState.OPEN


def test_the_poll_form_answers_404_to_outsiders(session, client):
    poll = opened(session)
    client.force_login(session.people["outsider"])
    response = client.post(
        poll_url(session), {"action": "vote", "poll": poll.pk, "choice": choice(poll, "Yes")}
    )
    assert response.status_code == 404
    assert not PollVote.objects.exists()


def test_when_the_session_ends_an_open_poll_shows_its_hidden_results_and_takes_no_votes(session):
    poll = opened(session, hide_results=True)
    vote(session, "member", poll, "Yes")
    event = session.event
    event.start = timezone.now() - datetime.timedelta(hours=3)
    event.end = timezone.now() - datetime.timedelta(hours=2)
    event.save()
    session.room.thread.event = event
    view = live_polls.poll_view(session.room, poll.pk, session.people["other"], False, True)
    assert view.closed and view.results_visible and not view.may_vote
    assert "- Yes: 1 vote (100%)" in export.to_markdown(session.room, export.export_rows(session.room))
    with pytest.raises(NotAllowed):
        vote(session, "other", poll, "No")


def test_a_persons_poll_votes_are_in_their_data_and_go_with_their_account(session):
    from forums.privacy import forums_erase, forums_personal_data

    poll = opened(session)
    vote(session, "member", poll, "No")
    vote(session, "other", poll, "Yes")
    data = forums_personal_data(session.people["member"])
    assert [(item["poll"], item["choices"]) for item in data["poll_votes"]] == [(poll.question, ["No"])]
    forums_erase(session.people["member"])
    assert counts(session, poll) == {"Yes": 1, "No": 0, "Not yet": 0}
    assert not PollVote.objects.filter(user=session.people["member"]).exists()
