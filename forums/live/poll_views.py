"""The pages and form actions of polls and action points (they work without JavaScript; live_polls.js sends
the same actions over the room's socket). Rules live in forums.live.polls and forums.live.actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.models.commitment import party_organisation_id
from forums.live import access
from forums.live import actions as live_actions
from forums.live import polls as live_polls
from forums.live.poll_forms import ActionPointForm
from forums.live.views import _room
from forums.models import Poll, PollState, Post
from forums.services.errors import ForumError
from working_groups.services.errors import MembershipError

SOURCE_MESSAGES = 50


def room_poll_context(request, live_room, room_access, moderate: bool) -> dict:
    """What the room page's polls panel needs."""
    return {
        "polls": live_polls.poll_views(live_room, request.user, moderate, room_access.post),
        "actions": live_actions.room_action_points(live_room, request.user),
    }


def _back(live_room, anchor: str = "#live-polls") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("forums:live:room", args=[live_room.thread_id]) + anchor)


@require_POST
def poll_action(request, pk: int):
    live_room, _forum_access = _room(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("forums:live:room", args=[pk]))
    action, poll_id = request.POST.get("action", ""), request.POST.get("poll")
    user = request.user
    try:
        if action == "vote":
            live_polls.poll_vote(
                user=user, room=live_room, poll_id=poll_id, choice_ids=request.POST.getlist("choice")
            )
            messages.success(request, _("Your vote is saved. You can change it until the poll closes."))
        elif action == "create":
            live_polls.poll_create(
                user=user,
                room=live_room,
                question=request.POST.get("question", ""),
                choices=request.POST.get("choices", "").splitlines(),
                multiple=bool(request.POST.get("multiple")),
                anonymous=bool(request.POST.get("anonymous")),
                hide_results=bool(request.POST.get("hide_results")),
            )
            messages.success(request, _("The poll is prepared. Open it when the room should vote."))
        elif action in ("open", "close", "show", "delete"):
            service = {
                "open": live_polls.poll_open,
                "close": live_polls.poll_close,
                "show": live_polls.poll_show_results,
                "delete": live_polls.poll_delete,
            }[action]
            service(user=user, room=live_room, poll_id=poll_id)
        else:
            messages.error(request, _("Unknown action."))
    except ForumError as error:
        messages.error(request, error.message)
    return _back(live_room)


def _moderated_room(request, pk: int):
    live_room, _forum_access = _room(request, pk)
    if not request.user.is_authenticated:
        raise Http404
    room_access = access.room_access(request.user, live_room)
    if not (room_access.enter and room_access.moderate):
        raise Http404
    return live_room


def _sources(live_room) -> list[tuple[str, str]]:
    posts = list(
        Post.objects.filter(thread_id=live_room.thread_id, deleted_at__isnull=True, hidden=False)
        .select_related("question")
        .order_by("-sequence")[:SOURCE_MESSAGES]
    )
    choices = []
    for post in posts:
        kind = _("Question") if hasattr(post, "question") else _("Message")
        text = Truncator(" ".join(post.body_markdown.split())).chars(80)
        choices.append((f"post:{post.pk}", f"{kind} #{post.sequence}: {text}"))
    states = [PollState.CLOSED]
    if access.room_state(live_room, live_room.thread.event).read_only:
        states.append(PollState.OPEN)  # the session is over: its open polls are closed too
    for poll in Poll.objects.filter(room=live_room, state__in=states).order_by("-closed_at", "-pk"):
        choices.append((f"poll:{poll.pk}", _("Poll result: %(question)s") % {"question": poll.question}))
    return choices


def action_new(request, pk: int):
    """Mark an action point (moderators): from a message, a question, a closed poll or nothing."""
    live_room = _moderated_room(request, pk)
    sources = _sources(live_room)
    initial = {}
    if request.method == "GET":
        wanted = request.GET.get("poll") and f"poll:{request.GET['poll']}"
        wanted = wanted or (request.GET.get("post") and f"post:{request.GET['post']}")
        if wanted and any(value == wanted for value, _label in sources):
            initial["source"] = wanted
            if wanted.startswith("poll:"):
                poll = Poll.objects.filter(pk=wanted[5:]).first()
                initial["title"] = Truncator(poll.question).chars(200) if poll else ""
    form = ActionPointForm(request.POST or None, initial=initial, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            live_actions.action_point_create(
                user=request.user,
                room=live_room,
                title=form.cleaned_data["title"],
                owner_id=str(form.cleaned_data["owner"].pk),
                due_date=form.cleaned_data["due_date"],
                description=form.cleaned_data["description"],
                **form.source_ids(),
            )
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The action point is marked."))
            return _back(live_room, "#live-actions")
    return TemplateResponse(
        request,
        "forums/live/action_point_form.html",
        {"form": form, "thread": live_room.thread, "room": live_room},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def action_delete(request, pk: int, action_pk: int):
    live_room = _moderated_room(request, pk)
    try:
        live_actions.action_point_delete(user=request.user, room=live_room, action_id=action_pk)
    except ForumError as error:
        messages.error(request, error.message)
    return _back(live_room, "#live-actions")


@require_POST
def action_commit(request, action_pk: int):
    """Turn an action point into a commitment draft of the owning party (anyone else: 404)."""
    if not request.user.is_authenticated:
        raise Http404
    point = live_actions.readable_action_point(request.user, action_pk)
    if point is None or party_organisation_id(request.user) != point.owner_id:
        raise Http404
    try:
        commitment = live_actions.action_point_to_commitment(user=request.user, point=point)
    except (ForumError, MembershipError) as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(point.room.thread.event.url or "/")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(point.room.thread.event.url or "/")
    messages.success(
        request, _("Your commitment draft is ready: complete it, then submit it to the secretariat.")
    )
    return HttpResponseRedirect(reverse("commitment_edit", args=[commitment.pk]))
