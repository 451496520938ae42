"""Live polls: the moderators prepare, open, show and close them; people in the room vote.

Writes follow the room's services (forums.live.services): the person's access is read afresh, the input is
checked, the change is written in one transaction and its notice broadcast on commit (ids only; every
connection builds its reader's fragment, forums.live.poll_frames). Rules:

- moderators of the room (forums.live.access.can_moderate_room) prepare polls until the session is over and
  open them while the room is open; an open poll can be closed, and a closed poll is closed for good;
- people who may post in the room vote once per poll (a database constraint), one choice or several, and may
  change their vote while the poll is open; the poll's row is locked while a vote is written, so a vote and
  the poll's closing never cross;
- in a Chatham House room every poll is anonymous, and an anonymous poll tells nobody who voted for what.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.live import access, broadcast
from forums.models import LiveRoom, Poll, PollChoice, PollState, PollVote, PollVoteChoice
from forums.services.errors import InvalidPost, NotAllowed

MAX_CHOICES = 10
QUESTION_LENGTH = 300
CHOICE_LENGTH = 200


# --- Reads ----------------------------------------------------------------------------------------------


@dataclass
class ChoiceResult:
    id: int
    label: str
    votes: int
    percent: int
    mine: bool
    voters: list[str] = field(default_factory=list)


@dataclass
class PollView:
    """One poll as one reader sees it. `results_visible`: the counts are shown to this reader;
    `voters_visible`: the names of the voters (moderators, a poll that is neither anonymous nor in a
    Chatham House room)."""

    poll: Poll
    choices: list[ChoiceResult]
    voters: int
    results_visible: bool
    voters_visible: bool
    may_vote: bool
    voted: bool
    moderate: bool
    #: The session is over: an open poll takes no more votes and shows its results like a closed one.
    over: bool = False

    @property
    def id(self) -> int:
        return self.poll.pk

    @property
    def anonymous(self) -> bool:
        return self.poll.anonymous

    @property
    def closed(self) -> bool:
        return self.poll.is_closed or (self.over and not self.poll.is_draft)

    @property
    def my_choices(self) -> list[str]:
        return [choice.label for choice in self.choices if choice.mine]

    @property
    def results_pending(self) -> bool:
        """The results exist but wait for the poll to close (or a moderator to show them)."""
        return not self.results_visible and not self.poll.is_draft


def is_anonymous(poll: Poll, room: LiveRoom) -> bool:
    return poll.anonymous or room.thread.chatham_house


def results_visible(poll: Poll, moderate: bool, over: bool = False) -> bool:
    """A prepared poll has no results yet; afterwards moderators always see them, the others unless they
    are hidden until the poll closes (and a moderator has not shown them)."""
    if poll.is_draft:
        return False
    return moderate or over or poll.is_closed or not poll.hide_results or poll.results_shown


def _voter_names(poll_ids: list[int]) -> dict[int, list[str]]:
    rows = (
        PollVoteChoice.objects.filter(vote__poll_id__in=poll_ids)
        .order_by("choice_id", "vote__user__last_name", "vote__user__first_name")
        .values_list(
            "choice_id",
            "vote__user__profile__display_name",
            "vote__user__first_name",
            "vote__user__last_name",
        )
    )
    names: dict[int, list[str]] = defaultdict(list)
    for choice_id, display_name, first_name, last_name in rows:
        names[choice_id].append(display_name or f"{first_name} {last_name}".strip() or "?")
    return names


def poll_views(
    room: LiveRoom, user, moderate: bool, may_vote: bool, poll_id: int | None = None
) -> list[PollView]:
    """The room's polls as `user` sees them (drafts only for moderators), oldest first; a constant number
    of queries whatever the number of polls, choices and votes (five, six with the voters' names)."""
    polls = Poll.objects.filter(room=room).prefetch_related("choices").order_by("created_at", "pk")
    if not moderate:
        polls = polls.exclude(state=PollState.DRAFT)
    if poll_id is not None:
        polls = polls.filter(pk=poll_id)
    polls = list(polls)
    if not polls:
        return []
    ids = [poll.pk for poll in polls]
    counts = dict(
        PollVoteChoice.objects.filter(vote__poll_id__in=ids)
        .values_list("choice_id")
        .annotate(total=Count("pk"))
        .values_list("choice_id", "total")
    )
    voters = dict(
        PollVote.objects.filter(poll_id__in=ids)
        .values_list("poll_id")
        .annotate(total=Count("pk"))
        .values_list("poll_id", "total")
    )
    mine: set[int] = set()
    if user is not None and user.is_authenticated:
        mine = set(
            PollVoteChoice.objects.filter(vote__poll_id__in=ids, vote__user_id=user.pk).values_list(
                "choice_id", flat=True
            )
        )
    named = [poll.pk for poll in polls if moderate and not is_anonymous(poll, room)]
    over = room_over(room)
    names = _voter_names(named) if named else {}
    return [
        build_view(
            poll,
            counts,
            voters.get(poll.pk, 0),
            mine,
            names if poll.pk in named else None,
            moderate=moderate,
            may_vote=may_vote,
            over=over,
        )
        for poll in polls
    ]


def room_over(room: LiveRoom) -> bool:
    return room.thread.event is not None and access.room_state(room, room.thread.event).read_only


def build_view(
    poll: Poll,
    counts: dict[int, int],
    total: int,
    mine: set[int] | frozenset[int],
    names: dict[int, list[str]] | None,
    *,
    moderate: bool,
    may_vote: bool,
    over: bool,
) -> PollView:
    """One poll as one reader sees it, from what was read: the votes per choice (`counts`), the number of
    voters, the reader's own choices, and the voters' names per choice (None: not shown to this reader)."""
    choices = [
        ChoiceResult(
            id=choice.pk,
            label=choice.label,
            votes=counts.get(choice.pk, 0),
            percent=round(100 * counts.get(choice.pk, 0) / total) if total else 0,
            mine=choice.pk in mine,
            voters=names.get(choice.pk, []) if names is not None else [],
        )
        for choice in poll.choices.all()
    ]
    return PollView(
        poll=poll,
        choices=choices,
        voters=total,
        results_visible=results_visible(poll, moderate, over),
        voters_visible=names is not None,
        may_vote=may_vote and poll.is_open and not over,
        voted=any(choice.mine for choice in choices),
        moderate=moderate,
        over=over,
    )


@dataclass
class PollFacts:
    """One poll with everything any reader's view of it is built from: its choices, the votes per choice,
    the number of voters, each voter's choices and, for a named poll, the voters' names (for moderators).
    Read once for everyone (`poll_facts`); each reader's view is then built in memory (`view`)."""

    poll: Poll
    counts: dict[int, int]
    voters: int
    choices_of: dict[int, frozenset[int]]
    names: dict[int, list[str]] | None
    over: bool

    def view(self, user_id: int | None, moderate: bool, may_vote: bool) -> PollView | None:
        if self.poll.is_draft and not moderate:
            return None
        mine = self.choices_of.get(user_id, frozenset()) if user_id is not None else frozenset()
        names = self.names if moderate else None
        return build_view(
            self.poll,
            self.counts,
            self.voters,
            mine,
            names,
            moderate=moderate,
            may_vote=may_vote,
            over=self.over,
        )


def poll_facts(room: LiveRoom, poll_id: int) -> PollFacts | None:
    """Everything every reader's view of one poll is built from, in three queries (four for a named poll);
    None when the poll is gone."""
    poll = Poll.objects.filter(room=room, pk=poll_id).prefetch_related("choices").first()
    if poll is None:
        return None
    choices_of: dict[int, set[int]] = defaultdict(set)
    for user_id, choice_id in PollVoteChoice.objects.filter(vote__poll_id=poll.pk).values_list(
        "vote__user_id", "choice_id"
    ):
        choices_of[user_id].add(choice_id)
    counts: dict[int, int] = defaultdict(int)
    for chosen in choices_of.values():
        for choice_id in chosen:
            counts[choice_id] += 1
    return PollFacts(
        poll=poll,
        counts=dict(counts),
        voters=len(choices_of),  # a vote has at least one choice (poll_vote)
        choices_of={user_id: frozenset(chosen) for user_id, chosen in choices_of.items()},
        names=None if is_anonymous(poll, room) else _voter_names([poll.pk]),
        over=room_over(room),
    )


def poll_view(room: LiveRoom, poll_id: int, user, moderate: bool, may_vote: bool) -> PollView | None:
    views = poll_views(room, user, moderate, may_vote, poll_id=poll_id)
    return views[0] if views else None


# --- Writes ---------------------------------------------------------------------------------------------


def _require_enter(user, room: LiveRoom) -> access.RoomAccess:
    room_access = access.room_access(user, room)
    if not room_access.enter:
        raise NotAllowed(room_access.refusal)
    return room_access


def _require_moderator(user, room: LiveRoom) -> access.RoomAccess:
    room_access = _require_enter(user, room)
    if not room_access.moderate:
        raise NotAllowed(_("Only the session's moderators can do this."))
    return room_access


def _room_poll(room: LiveRoom, poll_id, lock: bool = False) -> Poll:
    try:
        poll_id = int(poll_id)
    except (TypeError, ValueError):
        poll_id = 0
    polls = Poll.objects.filter(room=room, pk=poll_id)
    if lock:
        polls = polls.select_for_update(of=("self",))
    poll = polls.first()
    if poll is None:
        raise InvalidPost(_("This poll is not in the room."))
    return poll


def _announce(room: LiveRoom, poll: Poll) -> None:
    broadcast.on_commit(
        broadcast.thread_group(room.thread_id), {"type": "live.poll_changed", "poll": poll.pk}
    )


def poll_create(
    *,
    user,
    room: LiveRoom,
    question: str,
    choices: list[str],
    multiple: bool = False,
    anonymous: bool = False,
    hide_results: bool = False,
) -> Poll:
    """Prepare a poll (it stays with the moderators until one of them opens it)."""
    _require_moderator(user, room)
    if access.room_state(room, room.thread.event).read_only:
        raise NotAllowed(_("The session is over: no new polls."))
    question = (question or "").strip()
    labels = [label.strip() for label in choices or [] if label and label.strip()]
    if not question:
        raise InvalidPost(_("Write the poll's question."))
    if len(question) > QUESTION_LENGTH:
        raise InvalidPost(
            _("The question can be at most %(limit)d characters long.") % {"limit": QUESTION_LENGTH}
        )
    if len(labels) < 2 or len(labels) > MAX_CHOICES:
        raise InvalidPost(_("A poll needs between 2 and %(max)d choices.") % {"max": MAX_CHOICES})
    if any(len(label) > CHOICE_LENGTH for label in labels):
        raise InvalidPost(_("A choice can be at most %(limit)d characters long.") % {"limit": CHOICE_LENGTH})
    if len({label.casefold() for label in labels}) != len(labels):
        raise InvalidPost(_("Each choice must be different."))
    with transaction.atomic():
        poll = Poll.objects.create(
            room=room,
            question=question,
            multiple=bool(multiple),
            anonymous=bool(anonymous) or room.thread.chatham_house,
            hide_results=bool(hide_results),
            created_by=user,
        )
        PollChoice.objects.bulk_create(
            PollChoice(poll=poll, label=label, sort_order=position) for position, label in enumerate(labels)
        )
        _announce(room, poll)
    return poll


def poll_open(*, user, room: LiveRoom, poll_id) -> Poll:
    _require_moderator(user, room)
    if not access.room_state(room, room.thread.event).is_open:
        raise NotAllowed(_("Polls can be opened while the live room is open."))
    with transaction.atomic():
        poll = _room_poll(room, poll_id, lock=True)
        if not poll.is_draft:
            raise InvalidPost(_("Only a prepared poll can be opened; a closed poll stays closed."))
        if poll.choices.count() < 2:
            raise InvalidPost(_("A poll needs between 2 and %(max)d choices.") % {"max": MAX_CHOICES})
        poll.state, poll.opened_at = PollState.OPEN, timezone.now()
        poll.save(update_fields=["state", "opened_at"])
        _announce(room, poll)
    return poll


def poll_close(*, user, room: LiveRoom, poll_id) -> Poll:
    """Close an open poll for good: it never takes a vote again, and everyone sees its results."""
    _require_moderator(user, room)
    with transaction.atomic():
        poll = _room_poll(room, poll_id, lock=True)
        if not poll.is_open:
            raise InvalidPost(_("Only an open poll can be closed."))
        poll.state, poll.closed_at, poll.results_shown = PollState.CLOSED, timezone.now(), True
        poll.save(update_fields=["state", "closed_at", "results_shown"])
        _announce(room, poll)
    return poll


def poll_show_results(*, user, room: LiveRoom, poll_id) -> Poll:
    """Show an open poll's hidden results to everyone before it closes."""
    _require_moderator(user, room)
    with transaction.atomic():
        poll = _room_poll(room, poll_id, lock=True)
        if poll.is_draft:
            raise InvalidPost(_("Open the poll first."))
        if not poll.results_shown:
            poll.results_shown = True
            poll.save(update_fields=["results_shown"])
            _announce(room, poll)
    return poll


def poll_delete(*, user, room: LiveRoom, poll_id) -> None:
    """Delete a prepared poll; an opened one keeps its record."""
    _require_moderator(user, room)
    with transaction.atomic():
        poll = _room_poll(room, poll_id, lock=True)
        if not poll.is_draft:
            raise InvalidPost(_("Only a poll that was never opened can be deleted."))
        poll.delete()
        broadcast.on_commit(
            broadcast.thread_group(room.thread_id), {"type": "live.poll_changed", "poll": int(poll_id)}
        )


def _choice_ids(values) -> list[int]:
    ids = []
    for value in values if isinstance(values, list | tuple) else [values]:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise InvalidPost(_("Choose one of the poll's answers.")) from None
    return ids


def poll_vote(*, user, room: LiveRoom, poll_id, choice_ids) -> PollVote:
    """Vote (or change one's vote) in an open poll. One vote per person: voting again replaces the choices."""
    room_access = _require_enter(user, room)
    if not room_access.post:
        raise NotAllowed(room_access.posting_refusal)
    chosen = set(_choice_ids(choice_ids))
    with transaction.atomic():
        poll = _room_poll(room, poll_id, lock=True)  # a vote and the poll's closing never cross
        if not poll.is_open:
            raise NotAllowed(
                _("This poll is closed: votes can no longer change.")
                if poll.is_closed
                else _("This poll is not open yet.")
            )
        valid = set(poll.choices.values_list("pk", flat=True))
        if not chosen:
            raise InvalidPost(_("Choose an answer."))
        if not chosen <= valid:
            raise InvalidPost(_("Choose one of the poll's answers."))
        if len(chosen) > 1 and not poll.multiple:
            raise InvalidPost(_("This poll takes one answer."))
        vote, created = PollVote.objects.get_or_create(poll=poll, user_id=user.pk)
        if not created:
            vote.choices.all().delete()
            vote.updated_at = timezone.now()
            vote.save(update_fields=["updated_at"])
        PollVoteChoice.objects.bulk_create(PollVoteChoice(vote=vote, choice_id=pk) for pk in sorted(chosen))
        _announce(room, poll)
    return vote
