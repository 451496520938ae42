"""From talk to action (forums.live.actions): moderators mark action points; the event page lists them after
the session to those who may read its discussion; a person of the owning party turns one into a commitment
draft that links back to the session (everyone else gets 404), and the commitment page shows where it came
from to those who may follow the link."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from commitments.models import Commitment, WorkflowState
from forums import services
from forums.live import actions as live_actions
from forums.live import polls as live_polls
from forums.live import services as live_services
from forums.models import ActionPoint
from forums.services.errors import InvalidPost, NotAllowed
from tests.factories.commitments import CommitmentRegisterPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member
from tests.forums.live.conftest import make_session
from working_groups.models import StakeholderType

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + datetime.timedelta(days=60)


def past_session(**fields):
    now = timezone.now()
    return make_session(
        start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=2), **fields
    )


@pytest.fixture
def parties(db):
    return {
        "owner": OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY),
        "other": OrganisationFactory(
            name="Fair Metals Watch", stakeholder_type=StakeholderType.CIVIL_SOCIETY
        ),
    }


def of_party(person, party):
    person.profile.organisation = party
    person.profile.save()
    return person


def mark(session, parties, **source):
    return live_actions.action_point_create(
        user=session.people["chair"],
        room=session.room,
        title="Publish the smelter list",
        owner_id=str(parties["owner"].pk),
        due_date=DUE,
        **source,
    )


def message(session, text="We will publish our smelter list by spring.", question=False):
    post, _created = live_services.live_post_create(
        user=session.people["member"],
        room=session.room,
        body_markdown=text,
        client_id=f"c-{text[:10]}",
        question=question,
    )
    return post


def test_a_moderator_marks_a_message_and_the_point_quotes_it_without_its_author(parties):
    session = make_session(chatham_house=True)
    post = message(session)
    point = mark(session, parties, post_id=post.pk)
    assert point.post == post and point.owner == parties["owner"] and point.due_date == DUE
    assert point.description == "We will publish our smelter list by spring."
    assert "Mensah" not in point.description and "Samuel" not in point.description


def test_a_question_and_a_closed_polls_result_become_action_points(parties):
    session = make_session()
    question = message(session, "Who audits the auditors?", question=True)
    assert mark(session, parties, post_id=question.pk).post == question
    poll = live_polls.poll_create(
        user=session.people["chair"], room=session.room, question="Audit yearly?", choices=["Yes", "No"]
    )
    live_polls.poll_open(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    with pytest.raises(InvalidPost, match="closed poll"):
        mark(session, parties, poll_id=poll.pk)
    live_polls.poll_vote(
        user=session.people["member"],
        room=session.room,
        poll_id=poll.pk,
        choice_ids=[poll.choices.get(label="Yes").pk],
    )
    live_polls.poll_close(user=session.people["chair"], room=session.room, poll_id=poll.pk)
    point = mark(session, parties, poll_id=poll.pk)
    assert point.description == "Audit yearly? — Yes: 1 (100%); No: 0 (0%)"


@pytest.mark.parametrize(
    ("changes", "message_text"),
    [
        ({"title": " "}, "what is to be done"),
        ({"owner_id": ""}, "party"),
        ({"owner_id": "999999"}, "party"),
        ({"due_date": timezone.localdate() - datetime.timedelta(days=1)}, "not in the past"),
        ({"due_date": None}, "not in the past"),
        ({"post_id": 999999}, "no longer in the room"),
    ],
)
def test_bad_action_points_are_refused_and_nothing_is_saved(parties, changes, message_text):
    session = make_session()
    fields = {"title": "Publish", "owner_id": str(parties["owner"].pk), "due_date": DUE, **changes}
    with pytest.raises(InvalidPost, match=message_text):
        live_actions.action_point_create(user=session.people["chair"], room=session.room, **fields)
    assert not ActionPoint.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_only_moderators_mark_action_points(parties, persona):
    session = make_session()
    with pytest.raises(NotAllowed):
        live_actions.action_point_create(
            user=session.people[persona],
            room=session.room,
            title="Publish",
            owner_id=str(parties["owner"].pk),
            due_date=DUE,
        )


def test_the_form_page_is_for_moderators_and_marks_a_point(parties, client):
    session = make_session()
    post = message(session)
    url = reverse("forums:live:action_new", args=[session.thread.pk])
    for persona in ("outsider", "member"):
        client.force_login(session.people[persona])
        assert client.get(url).status_code == 404
    client.force_login(session.people["chair"])
    page = client.get(url + f"?post={post.pk}")
    assert page.status_code == 200 and f'value="post:{post.pk}" selected'.encode() in page.content
    refused = client.post(url, {"title": "", "owner": parties["owner"].pk, "due_date": DUE.isoformat()})
    assert refused.status_code == 400 and not ActionPoint.objects.exists()
    response = client.post(
        url,
        {
            "source": f"post:{post.pk}",
            "title": "Publish the list",
            "owner": parties["owner"].pk,
            "due_date": DUE.isoformat(),
        },
    )
    assert response.status_code == 302
    assert ActionPoint.objects.get().post == post


def test_the_event_page_lists_action_points_after_the_session_to_its_readers(parties, client):
    session = past_session()
    mark(session, parties)
    event_url = session.event.url
    client.force_login(session.people["member"])
    page = client.get(event_url)
    assert page.status_code == 200
    assert b'id="action-points"' in page.content and b"Publish the smelter list" in page.content
    assert b'<section class="event-action-points"' in page.content  # a real section, not escaped text
    client.force_login(session.people["outsider"])  # sees the event, not the closed group's discussion
    page = client.get(event_url)
    assert b"Publish the smelter list" not in page.content


def test_the_event_page_keeps_action_points_for_after_the_session(parties, client):
    session = make_session()  # running now
    mark(session, parties)
    client.force_login(session.people["member"])
    assert b"Publish the smelter list" not in client.get(session.event.url).content


def commit_url(point):
    return reverse("forums:live:action_commit", args=[point.pk])


def test_a_person_of_the_owning_party_turns_a_point_into_a_commitment_draft(parties, client):
    session = past_session()
    CommitmentRegisterPageFactory(parent=session.group.get_parent().get_parent())
    point = mark(session, parties)
    owner_person = of_party(session.people["member"], parties["owner"])
    client.force_login(owner_person)
    page = client.get(session.event.url)
    assert b"Turn into a commitment draft" in page.content
    response = client.post(commit_url(point))
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("commitment_edit", args=[commitment.pk])
    assert commitment.workflow_state == WorkflowState.DRAFT and commitment.author == owner_person
    assert list(commitment.parties.all()) == [parties["owner"]]
    assert commitment.title == "Publish the smelter list"
    assert commitment.target_date == DUE and commitment.group == session.group
    assert commitment.source_url == f"{session.event.url}#action-points"
    assert "Cobalt session" in commitment.source_title and "Cobalt session" in commitment.description
    assert ActionPoint.objects.get().commitment == commitment
    again = client.post(commit_url(point))  # twice: the same draft
    assert again["Location"] == response["Location"] and Commitment.objects.count() == 1
    edit = client.get(response["Location"])
    assert b"Comes from:" in edit.content and commitment.source_url.encode() in edit.content
    page = client.get(session.event.url)
    assert (
        b"The commitment made of it" in page.content and b"Turn into a commitment draft" not in page.content
    )


@pytest.mark.parametrize("who", ["anonymous", "other_party", "no_party", "owner_party_outsider"])
def test_everyone_else_gets_404_and_no_commitment(parties, client, who):
    session = past_session()
    point = mark(session, parties)
    if who == "other_party":
        client.force_login(of_party(session.people["other"], parties["other"]))
    elif who == "no_party":
        client.force_login(session.people["other"])
    elif who == "owner_party_outsider":  # of the owning party, but may not read the closed group's discussion
        client.force_login(of_party(session.people["outsider"], parties["owner"]))
    assert client.post(commit_url(point)).status_code == 404
    assert client.get(commit_url(point)).status_code in (404, 405)
    assert not Commitment.objects.exists()


def test_the_commitment_page_shows_its_source_to_those_who_may_follow_it(parties, client):
    session = past_session()
    register = CommitmentRegisterPageFactory(parent=session.group.get_parent().get_parent())
    point = mark(session, parties)
    owner_person = of_party(session.people["member"], parties["owner"])
    commitment = live_actions.action_point_to_commitment(user=owner_person, point=point)
    Commitment.objects.filter(pk=commitment.pk).update(
        workflow_state=WorkflowState.PUBLISHED, visibility="public", published_at=timezone.now()
    )
    url = register.commitment_url(Commitment.objects.get(pk=commitment.pk))
    client.force_login(session.people["other"])  # a member of the session's group
    page = client.get(url)
    assert page.status_code == 200 and b"Comes from:" in page.content
    client.force_login(UserFactory())  # the public commitment, but not the closed group's session
    page = client.get(url)
    assert page.status_code == 200 and b"Comes from:" not in page.content
    assert b"Cobalt session" not in page.content.split(b"<h2")[0]


def fresh(user):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)


def test_event_action_points_cost_the_same_queries_for_one_or_many(parties, django_assert_num_queries):
    session = past_session()
    CommitmentRegisterPageFactory(parent=session.group.get_parent().get_parent())
    reader = of_party(session.people["member"], parties["owner"])
    live_actions.action_point_to_commitment(user=reader, point=mark(session, parties))
    person = fresh(reader)  # read outside the measure, as a request's user is
    # The reader's party and group roles, the action points with their sources, the closed group's row,
    # and for the commitments made of them (drafts here): which the reader may see and edit.
    with django_assert_num_queries(6):
        rows = live_actions.event_action_points(session.event, person)
    assert len(rows) == 1 and rows[0].commitment_url
    for number in range(5):
        post = services.post_create(
            author=session.people["chair"], thread=session.thread, body_markdown=f"Point {number}"
        )
        point = mark(session, parties, post_id=post.pk)
        if number % 2:
            live_actions.action_point_to_commitment(user=reader, point=point)
    person = fresh(reader)
    with django_assert_num_queries(6):
        rows = live_actions.event_action_points(session.event, person)
    assert len(rows) == 6 and sum(bool(row.commitment_url) for row in rows) == 3


def test_a_member_of_the_group_without_the_owning_party_sees_no_button(parties, client):
    session = past_session()
    mark(session, parties)
    add_member(session.group, of_party(UserFactory(), parties["other"]))
    client.force_login(of_party(session.people["other"], parties["other"]))
    page = client.get(session.event.url)
    assert b"Publish the smelter list" in page.content and b"Turn into a commitment draft" not in page.content
