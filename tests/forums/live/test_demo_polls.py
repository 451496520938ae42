"""The demo's polls and action points: the room open now has an open poll, a closed one with results, a
prepared one and an action point; the past webinar has an action point turned into a commitment draft; a
second run adds nothing."""

import pytest

from commitments.models import Commitment
from forums.demo.live import NOW_SLUG
from forums.live import polls as live_polls
from forums.models import ActionPoint, Poll, PollState, PollVote
from tests.forums.live.test_demo import seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_polls_and_action_points(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    seed()
    now_polls = Poll.objects.filter(room__thread__event__slug=NOW_SLUG)
    assert sorted(now_polls.values_list("state", flat=True)) == sorted(
        [PollState.OPEN, PollState.CLOSED, PollState.DRAFT]
    )
    closed = now_polls.get(state=PollState.CLOSED)
    view = live_polls.poll_view(closed.room, closed.pk, None, moderate=False, may_vote=False)
    assert view.results_visible and view.voters == 4
    assert ActionPoint.objects.filter(room=closed.room, poll=closed).exists()
    past_point = ActionPoint.objects.exclude(room=closed.room).get()
    assert past_point.commitment is not None
    commitment = Commitment.objects.get(pk=past_point.commitment_id)
    assert commitment.workflow_state == "draft" and commitment.source_url.endswith("#action-points")
    assert list(commitment.parties.all()) == [past_point.owner]
    totals = (
        Poll.objects.count(),
        PollVote.objects.count(),
        ActionPoint.objects.count(),
        Commitment.objects.count(),
    )
    seed()
    assert (
        Poll.objects.count(),
        PollVote.objects.count(),
        ActionPoint.objects.count(),
        Commitment.objects.count(),
    ) == totals
