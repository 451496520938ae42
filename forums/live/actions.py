"""From talk to action: a room's moderators mark a message, a question or a poll's result as an action point
with an owner (a covenant party) and a due date; a person of that party turns it into a commitment draft.

The commitment is written by working_groups' own service (commitment_create) with a generic source (a title,
the session's address and the group whose readers may follow it), so working_groups never imports forums.
Who sees action points: whoever may read the session's discussion thread (the access policy), on the event
page after the session and in the room. Only people of the owning party find the "make a commitment" action;
everyone else gets 404 for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.models.commitment import party_organisation_id
from commitments.services import commitments as commitment_services
from events.choices import EventAudience
from forums.live import access, broadcast
from forums.live import polls as live_polls
from forums.models import ActionPoint, LiveRoom, Poll, Post, Thread
from forums.presenters import pk_url
from forums.services.errors import InvalidPost, NotAllowed
from working_groups.models import Organisation

TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 2000


def _announce(room: LiveRoom) -> None:
    broadcast.on_commit(broadcast.thread_group(room.thread_id), {"type": "live.actions_changed"})


def _source_text(room: LiveRoom, post: Post | None, poll: Poll | None) -> str:
    """What the action point quotes: the message's text (never its author: the room may be under the
    Chatham House Rule) or the poll's result."""
    if post is not None:
        return post.body_markdown.strip()
    if poll is not None:
        view = live_polls.poll_view(room, poll.pk, None, moderate=True, may_vote=False)
        if view is not None:
            results = "; ".join(
                _("%(choice)s: %(votes)d (%(percent)d%%)")
                % {"choice": choice.label, "votes": choice.votes, "percent": choice.percent}
                for choice in view.choices
            )
            return f"{poll.question} — {results}"
    return ""


def action_point_create(
    *,
    user,
    room: LiveRoom,
    title: str,
    owner_id,
    due_date: datetime.date | None,
    description: str = "",
    post_id=None,
    poll_id=None,
) -> ActionPoint:
    """Mark an action point; the source is a message or question of the room, or a closed poll (or none)."""
    room_access = access.room_access(user, room)
    if not room_access.enter or not room_access.moderate:
        raise NotAllowed(_("Only the session's moderators can do this."))
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        raise InvalidPost(_("Say what is to be done."))
    if len(title) > TITLE_LENGTH or len(description) > DESCRIPTION_LENGTH:
        raise InvalidPost(
            _("The action can be at most %(title)d characters long and its details %(details)d.")
            % {"title": TITLE_LENGTH, "details": DESCRIPTION_LENGTH}
        )
    owner = Organisation.objects.filter(pk=owner_id).first() if str(owner_id or "").isdigit() else None
    if owner is None:
        raise InvalidPost(_("Choose the party that owns the action."))
    if due_date is None or due_date < timezone.localdate():
        raise InvalidPost(_("Give a due date that is not in the past."))
    post = poll = None
    if post_id:
        post = Post.objects.filter(
            thread_id=room.thread_id, pk=post_id, deleted_at__isnull=True, hidden=False
        ).first()
        if post is None:
            raise InvalidPost(_("This message is no longer in the room."))
    elif poll_id:
        poll = Poll.objects.filter(room=room, pk=poll_id).first()
        over = access.room_state(room, room.thread.event).read_only
        if poll is None or poll.is_draft or not (poll.is_closed or over):
            raise InvalidPost(_("Only the result of a closed poll can become an action point."))
    with transaction.atomic():
        point = ActionPoint.objects.create(
            room=room,
            post=post,
            poll=poll,
            title=title,
            description=description or _source_text(room, post, poll)[:DESCRIPTION_LENGTH],
            owner=owner,
            due_date=due_date,
            created_by=user,
        )
        _announce(room)
    return point


def action_point_delete(*, user, room: LiveRoom, action_id) -> None:
    room_access = access.room_access(user, room)
    if not room_access.enter or not room_access.moderate:
        raise NotAllowed(_("Only the session's moderators can do this."))
    with transaction.atomic():
        point = ActionPoint.objects.filter(room=room, pk=action_id).first()
        if point is None:
            raise InvalidPost(_("This action point is not in the room."))
        if point.commitment_id:
            raise InvalidPost(_("This action point became a commitment: it stays."))
        point.delete()
        _announce(room)


# --- Reads ------------------------------------------------------------------------------------------------


@dataclass
class ActionPointRow:
    point: ActionPoint
    source: str
    may_commit: bool
    commitment_url: str
    source_url: str = ""


def _rows(points: list[ActionPoint], user) -> list[ActionPointRow]:
    if not points:
        return []
    party = party_organisation_id(user)
    links = _commitment_links([point.commitment for point in points if point.commitment_id], user)
    post_url = pk_url("forums:post")
    rows = []
    for point in points:
        if point.post_id and point.post is not None:
            source = _("Message #%(number)d") % {"number": point.post.sequence}
        elif point.poll_id and point.poll is not None:
            source = _("Poll: %(question)s") % {"question": point.poll.question}
        else:
            source = ""
        rows.append(
            ActionPointRow(
                point=point,
                source=source,
                may_commit=party is not None and party == point.owner_id and point.commitment_id is None,
                commitment_url=links.get(point.commitment_id, ""),
                source_url=post_url(point.post_id) if point.post_id and point.post is not None else "",
            )
        )
    return rows


def _commitment_links(commitments: list[Commitment], user) -> dict[int, str]:
    """Where the viewer can see each commitment made of an action point: its page in the register when it
    is published and visible to them, its edit page when they work on it, else nowhere (a few queries
    whatever the number of commitments)."""
    if not commitments:
        return {}
    from django.urls import reverse

    from commitments import links as register_links

    ids = [commitment.pk for commitment in commitments]
    visible = set(Commitment.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    editable = set(Commitment.objects.editable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    published = any(commitment.is_published and commitment.pk in visible for commitment in commitments)
    register = register_links.register_page() if published else None
    links = {}
    for commitment in commitments:
        if commitment.is_published and commitment.pk in visible and register is not None:
            links[commitment.pk] = register_links.commitment_url(commitment, register)
        elif commitment.pk in editable and commitment.is_editable:
            links[commitment.pk] = reverse("commitment_edit", args=[commitment.pk])
    return links


def _points():
    return ActionPoint.objects.select_related("owner", "post", "poll", "commitment").order_by(
        "due_date", "pk"
    )


def room_action_points(room: LiveRoom, user) -> list[ActionPointRow]:
    # Most rooms have none when people join: a plain look first spares compiling the joined read.
    if not ActionPoint.objects.filter(room=room).exists():
        return []
    return _rows(list(_points().filter(room=room)), user)


def event_action_points(event, user) -> list[ActionPointRow]:
    """The action points of a session's rooms whose discussion `user` may read."""
    threads = Thread.objects.visible_to(user).filter(event_id=event.pk)
    return _rows(list(_points().filter(room__thread__in=threads)), user)


def readable_action_point(user, pk: int) -> ActionPoint | None:
    """The action point, if `user` may read its session's discussion and see the session."""
    point = (
        ActionPoint.objects.select_related("room__thread__event", "room__thread__forum__group", "owner")
        .filter(pk=pk, room__thread__in=Thread.objects.visible_to(user))
        .first()
    )
    if point is None or point.room.thread.event is None:
        return None
    from events.models import EventPage

    if not EventPage.objects.visible_to(user).filter(pk=point.room.thread.event_id).exists():
        return None
    return point


# --- To a commitment ----------------------------------------------------------------------------------------


def action_point_to_commitment(*, user, point: ActionPoint) -> Commitment:
    """A commitment draft of the owning party, prefilled from the action point and linking back to the
    session. Only people of the owning party may make it; making it again answers with the same draft."""
    if party_organisation_id(user) != point.owner_id:
        raise NotAllowed(_("Only people of the party that owns the action point can do this."))
    with transaction.atomic():
        point = (
            ActionPoint.objects.select_for_update(of=("self",))
            .select_related("room__thread__event", "room__thread__forum__group", "owner", "commitment")
            .get(pk=point.pk)
        )
        if point.commitment is not None:
            return point.commitment
        thread = point.room.thread
        event = thread.event
        today = timezone.localdate()
        group = event.group if event.group_id else thread.forum.group
        session = _("%(session)s, %(date)s") % {
            "session": event.title,
            "date": event.local_start.strftime("%Y-%m-%d"),
        }
        description = "\n\n".join(
            part
            for part in (
                point.description,
                _("Action point of the session %(session)s, due %(due)s.")
                % {"session": session, "due": point.due_date.isoformat()},
            )
            if part
        )
        fields = {
            "title": point.title,
            "description": description[:5000],
            "parties": [point.owner],
            "start_date": today,
            "target_date": max(point.due_date, today + datetime.timedelta(days=1)),
        }
        if group is not None and commitment_services.access.can_see_group(user, group):
            fields["group"] = group
        source = commitment_services.CommitmentSource(
            title=_("Action point of the session %(session)s") % {"session": session},
            url=f"{event.url}#action-points" if event.url else "",
            group=group,
            members_only=event.audience != EventAudience.PUBLIC,
        )
        commitment = commitment_services.commitment_create(actor=user, fields=fields, source=source)
        ActionPoint.objects.filter(pk=point.pk).update(commitment=commitment)
    return commitment
