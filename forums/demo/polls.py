"""Demo polls and action points: in the room that is open now, a poll open for votes, a closed poll with
its results, a prepared poll waiting for the moderators and an action point made of the closed poll's result;
in the archived room of the past webinar, an action point that member@example.org's union has turned into a
commitment draft (linking back to the session).

Idempotent: polls are found by question in their room and action points by title.
"""

from datetime import timedelta

from django.utils import timezone

from forums.live import actions as live_actions
from forums.models import ActionPoint, LiveRoom, Poll, PollChoice, PollState, PollVote, PollVoteChoice, Post
from working_groups.models import Organisation

OPEN_POLL = (
    "Which part of the draft guidance should the next session cover?",
    ("Recycled content claims", "Smelter audits", "Traceability of scrap"),
    {"member@example.org": "Smelter audits", "chair@example.org": "Traceability of scrap"},
)
CLOSED_POLL = (
    "Should recycled tin count towards the year-one sourcing target?",
    ("Yes", "No", "Only from audited smelters"),
    {
        "member@example.org": "Only from audited smelters",
        "registered@example.org": "Only from audited smelters",
        "secretariat@example.org": "Yes",
        "chair@example.org": "Only from audited smelters",
    },
)
PREPARED_POLL = ("Would you join a working session on scrap traceability?", ("Yes", "No", "Maybe later"), {})
NOW_ACTION = "Draft a counting rule for recycled tin from audited smelters"
PAST_ACTION = "Share a template for company grievance mechanisms"


def _party(people: dict, email: str) -> Organisation | None:
    person = people.get(email)
    profile = getattr(person, "profile", None) if person else None
    return profile.organisation if profile is not None and profile.organisation_id else None


def _poll(room: LiveRoom, spec, state: str, people: dict, **options) -> Poll:
    question, labels, votes = spec
    poll = Poll.objects.filter(room=room, question=question).first()
    if poll is not None:
        return poll
    now = timezone.now()
    poll = Poll.objects.create(
        room=room,
        question=question,
        state=state,
        created_by=people.get("secretariat@example.org"),
        opened_at=None if state == PollState.DRAFT else now - timedelta(minutes=5),
        closed_at=now - timedelta(minutes=1) if state == PollState.CLOSED else None,
        results_shown=state == PollState.CLOSED,
        **options,
    )
    choices = {
        label: PollChoice.objects.create(poll=poll, label=label, sort_order=position)
        for position, label in enumerate(labels)
    }
    for email, label in votes.items():
        if email in people:
            vote = PollVote.objects.create(poll=poll, user=people[email])
            PollVoteChoice.objects.create(vote=vote, choice=choices[label])
    return poll


def seed(context, people: dict, now_thread, past_thread) -> None:
    due = timezone.localdate() + timedelta(days=90)
    now_room = LiveRoom.objects.filter(thread=now_thread).first() if now_thread else None
    if now_room is not None:
        _poll(now_room, OPEN_POLL, PollState.OPEN, people)
        closed = _poll(now_room, CLOSED_POLL, PollState.CLOSED, people)
        _poll(now_room, PREPARED_POLL, PollState.DRAFT, people, hide_results=True)
        owner = _party(people, "chair@example.org")
        if owner is not None and not ActionPoint.objects.filter(room=now_room, title=NOW_ACTION).exists():
            live_actions.action_point_create(
                user=people["secretariat@example.org"],
                room=now_room,
                title=NOW_ACTION,
                owner_id=str(owner.pk),
                due_date=due,
                poll_id=closed.pk,
            )
    past_room = LiveRoom.objects.filter(thread=past_thread).first() if past_thread else None
    owner = _party(people, "member@example.org")
    if past_room is None or owner is None:
        return
    point = ActionPoint.objects.filter(room=past_room, title=PAST_ACTION).first()
    if point is None:
        question = Post.objects.filter(thread=past_room.thread, body_markdown__icontains="grievance").first()
        point = live_actions.action_point_create(
            user=people["secretariat@example.org"],
            room=past_room,
            title=PAST_ACTION,
            owner_id=str(owner.pk),
            due_date=due,
            description="The union offers its template; the secretariat adds it to the guidance annex.",
            post_id=question.pk if question else None,
        )
    if point.commitment_id is None:
        live_actions.action_point_to_commitment(user=people["member@example.org"], point=point)
    context.stdout.write(
        "  live polls (open, closed, prepared) and action points, one turned into a commitment draft"
    )
