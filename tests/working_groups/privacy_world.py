"""A person with data in every app, for the privacy tests: a profile with a gender answer, memberships,
requests and invitations, posts (also in a private group they have left), reactions, flags, subscriptions,
a live-room question and vote, event registrations with answers, a calendar key, commitments and updates."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from events.models import CalendarFeedKey, Registration
from forums.models import Flag, NotificationSettings, Reaction, Subscription
from forums.models.live import LiveRoom, Question, QuestionVote
from tests.factories.commitments import CommitmentFactory, ProgressUpdateFactory
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups.choices import ConsentAction, Gender, Role, Visibility
from working_groups.models import GenderConsentRecord, Invitation, JoinRequest
from working_groups.models.membership import hash_invitation_token

PERSON_NAME = ("Wilhelmina", "Quarshie")
PRIVATE_THREAD_TITLE = "Grievance against smelter Kappa"
OTHERS_PRIVATE_WORDS = "Only the panel may read about the Kappa grievance."
OWN_PRIVATE_WORDS = "My own note on the Kappa case."
OWN_PUBLIC_WORDS = "A point of mine about tin audits."
OTHERS_PUBLIC_WORDS = "Someone else's point about tin audits."
SELF_DESCRIPTION = "Two-spirit, in my words"


@dataclass
class PrivacyWorld:
    person: object
    other: object
    chair: object
    open_group: object
    private_group: object
    public_thread: object
    private_thread: object
    event: object
    extras: dict = field(default_factory=dict)


def make_privacy_world(*, posts: int = 1, registrations: int = 1) -> PrivacyWorld:
    index = make_group_index()
    home = index.get_parent().specific
    open_group = make_group(index, Visibility.OPEN, title="Open tin roundtable")
    private_group = make_group(index, Visibility.PRIVATE, title="Private grievance panel")
    person = UserFactory(first_name=PERSON_NAME[0], last_name=PERSON_NAME[1])
    other, chair = UserFactory(), UserFactory()
    profile = person.profile
    profile.gender, profile.gender_self_description = Gender.SELF_DESCRIBED, SELF_DESCRIPTION
    profile.gender_consent_at = timezone.now()
    profile.save()
    GenderConsentRecord.objects.create(user=person, action=ConsentAction.GIVEN, notice_version="2026-1")
    for group in (open_group, private_group):
        add_member(group, chair, Role.CHAIR)
        add_member(group, other, Role.MEMBER)
    add_member(open_group, person, Role.MEMBER)

    private_forum = ForumFactory(title="Panel forum", group=private_group)
    private_thread = ThreadFactory(forum=private_forum, title=PRIVATE_THREAD_TITLE, author=other)
    add_posts(private_thread, [other], text=OTHERS_PRIVATE_WORDS)
    add_posts(private_thread, [person], text=OWN_PRIVATE_WORDS)
    # The person is not (or no longer) in the private group: its thread's title is not theirs to see.

    public_forum = ForumFactory(title="Open forum")
    public_thread = ThreadFactory(forum=public_forum, title="Tin audits in 2030", author=person)
    others_post = add_posts(public_thread, [other], text=OTHERS_PUBLIC_WORDS)[0]
    own_posts = add_posts(public_thread, [person], count=posts, text=OWN_PUBLIC_WORDS)
    Reaction.objects.create(post=others_post, user=person, kind="agree")
    Flag.objects.create(post=others_post, reporter=person, reason="off_topic", details="Flagged in my words.")
    Subscription.objects.create(user=person, thread=public_thread)
    Subscription.objects.create(user=person, forum=private_forum)
    NotificationSettings.objects.create(user=person, daily_digest=True)

    events_index = make_event_index(home)
    events = [EventPageFactory(parent=events_index, title=f"Tin webinar {n}") for n in range(registrations)]
    for event in events:
        Registration.objects.create(
            event=event, user=person, answers=[{"question": "Diet", "answer": "Vegetarian"}]
        )
    CalendarFeedKey.objects.create(user=person)
    public_thread.event = events[0]
    public_thread.save(update_fields=["event"])
    room = LiveRoom.objects.create(thread=public_thread)
    question = Question.objects.create(post=others_post, room=room, vote_count=1)
    QuestionVote.objects.create(question=question, user=person)
    Question.objects.create(post=own_posts[0], room=room, vote_count=0)

    JoinRequest.objects.create(group=private_group, user=person, motivation="I would like to help the panel.")
    Invitation.objects.create(
        group=open_group,
        email=person.email,
        token_hash=hash_invitation_token(f"token-{person.pk}"),
        expires_at=timezone.now() + timezone.timedelta(days=7),
        message="Do join us.",
    )
    commitment = CommitmentFactory(title="Audit all tin smelters", author=person, group=open_group)
    ProgressUpdateFactory(commitment=commitment, author=person, narrative="Half of them audited.")
    return PrivacyWorld(
        person=person,
        other=other,
        chair=chair,
        open_group=open_group,
        private_group=private_group,
        public_thread=public_thread,
        private_thread=private_thread,
        event=events[0],
        extras={"room": room, "question": question, "commitment": commitment},
    )


def reauthenticated(client, user) -> None:
    """Sign `user` in on the test client and confirm their password, as allauth asks before a download."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content
