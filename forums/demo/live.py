"""Demo live rooms: the archived discussion of a past webinar (chat, questions with votes, answered marks),
and a webinar that is on *now* — moved to the present each time the demo is seeded — with an open room.

Runs after the events seed (INSTALLED_APPS order). Idempotent: the threads are found by title in the public
forum, the "now" webinar by slug under the events index; only the "now" webinar's times move on a new run.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from events.choices import AttendanceMode, EventAudience, EventKind, RegistrationStatus
from events.models import EventIndexPage, EventPage, Registration
from forums import services
from forums.demo import polls
from forums.demo.threads import PUBLIC_FORUM
from forums.live import services as live_services
from forums.models import Forum, Post, Question, QuestionVote, Thread

NOW_SLUG = "live-qa-recycled-tin"
NOW_TITLE = "Live Q&A: recycled tin and the covenant's guidance"
NOW_INTRODUCTION = (
    "An open hour with the secretariat on the draft recycling guidance: ask your questions in the live room "
    "and vote for the ones you want answered first."
)

#: (author, text, question?, voters, answered?)
PAST_DISCUSSION = (
    (
        "chair@example.org",
        "Welcome! Questions for the speakers can be asked with the question box.",
        False,
        (),
        False,
    ),
    (
        "member@example.org",
        "How do smaller traders get access to the **smelter list**?",
        True,
        ("registered@example.org", "secretariat@example.org"),
        True,
    ),
    ("registered@example.org", "Will the slides be shared afterwards?", True, ("member@example.org",), True),
    ("member@example.org", "Thanks, the mapping example was very helpful.", False, (), False),
    ("registered@example.org", "Is there a template for the grievance mechanism?", True, (), False),
)
NOW_DISCUSSION = (
    ("secretariat@example.org", "The room is open: the Q&A starts in a moment. Say hello!", False, (), False),
    ("member@example.org", "Hello from Rotterdam.", False, (), False),
    (
        "member@example.org",
        "Does recycled tin count towards the sourcing target in year one?",
        True,
        ("registered@example.org", "chair@example.org"),
        False,
    ),
    (
        "registered@example.org",
        "Which audit standards will the guidance accept?",
        True,
        ("member@example.org",),
        False,
    ),
)


def seed(context) -> None:
    forum = Forum.objects.filter(slug=PUBLIC_FORUM).first()
    index = EventIndexPage.objects.first()
    if forum is None or index is None:
        return
    people = {
        user.email.lower(): user for user in get_user_model().objects.filter(email__endswith="@example.org")
    }
    if "secretariat@example.org" not in people:
        return
    past = (
        EventPage.objects.live()
        .filter(
            kind=EventKind.WEBINAR, audience=EventAudience.PUBLIC, group__isnull=True, end__lt=timezone.now()
        )
        .order_by("-start")
        .first()
    )
    # The demo accounts are minutes old; they speak as the long-standing members they play.
    with override_settings(ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS=0):
        past_thread = _room(forum, past, people, PAST_DISCUSSION) if past is not None else None
        now_event = _now_webinar(index)
        _register_speakers_of(now_event, people, NOW_DISCUSSION)
        thread = _room(forum, now_event, people, NOW_DISCUSSION)
        polls.seed(context, people, thread, past_thread)
    context.stdout.write(f"  a live room open now at /forums/live/{thread.pk}/ ({now_event.title})")


def _now_webinar(index: EventIndexPage) -> EventPage:
    """The webinar that is on now: made once, and moved to the present on every run."""
    now = timezone.now().replace(second=0, microsecond=0)
    event = EventPage.objects.child_of(index).filter(slug=NOW_SLUG).first()
    if event is None:
        event = EventPage(
            slug=NOW_SLUG,
            title=NOW_TITLE,
            kind=EventKind.WEBINAR,
            introduction=NOW_INTRODUCTION,
            start=now - timedelta(minutes=10),
            end=now + timedelta(hours=2),
            time_zone="Europe/Brussels",
            attendance=AttendanceMode.ONLINE,
            join_url="https://meet.example.org/j/4711000042",
            audience=EventAudience.PUBLIC,
        )
        index.add_child(instance=event)
    elif event.end > now + timedelta(minutes=30) and event.start < now:
        return event
    event.start, event.end = now - timedelta(minutes=10), now + timedelta(hours=2)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def _register_speakers_of(event: EventPage, people: dict, discussion) -> None:
    """The people who talk in the room registered for its session before it started (registration closes at
    the start), as an attendee would: inside the room they are not held to the new-account posting limit,
    which the demo's minutes-old accounts would otherwise meet after a message or two."""
    now = timezone.now()
    for email in sorted({email for email, *_rest in discussion}):
        person = people.get(email)
        if person is None:
            continue
        Registration.objects.get_or_create(
            event=event, user=person, defaults={"status": RegistrationStatus.CONFIRMED, "confirmed_at": now}
        )


def _room(forum: Forum, event: EventPage, people: dict, discussion) -> Thread:
    title = f"{event.title}: live discussion"[:200]
    thread = Thread.objects.filter(forum=forum, title=title).first()
    if thread is not None:
        return thread
    opener = people["secretariat@example.org"]
    thread = services.thread_create(
        author=opener,
        forum=forum,
        title=title,
        body_markdown=(
            f"The live room of the session *{event.title}*. After the session the discussion goes on here."
        ),
        event=event,
        client_id=f"demo-live-{event.slug}",
    )
    room = live_services.live_room_open(thread=thread)
    started = min(event.start, timezone.now())
    for position, (email, text, is_question, voters, answered) in enumerate(discussion, start=1):
        author = people.get(email)
        if author is None:
            continue
        post = services.post_create(
            author=author, thread=thread, body_markdown=text, client_id=f"demo-live-{event.slug}-{position}"
        )
        Post.objects.filter(pk=post.pk).update(created_at=started + timedelta(minutes=3 * position))
        if not is_question:
            continue
        question, _created = Question.objects.get_or_create(post=post, defaults={"room": room})
        for voter in voters:
            if voter in people and voter != email:
                QuestionVote.objects.get_or_create(question=question, user=people[voter])
        Question.objects.filter(pk=question.pk).update(
            vote_count=question.votes.count(), answered_at=event.end if answered else None
        )
    return thread
