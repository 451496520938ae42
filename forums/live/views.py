"""The live room's pages: the room (it works without JavaScript: the messages, a form, and buttons that post),
its form actions, and the moderators' exports. Rules live in forums.live.access and .services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from forums import selectors as forum_selectors
from forums.live import access, app_settings, export, selectors, services
from forums.live.forms import LiveMessageForm
from forums.services.errors import ForumError, RateLimited

RECENT_POSTS = 100


def _room(request, pk: int):
    """The room of a thread the visitor may read (404 for anyone else, and for threads without a room)."""
    thread, forum_access = forum_selectors.readable_thread(request.user, pk)
    room = access.room_of(thread)
    if room is None:
        raise Http404
    return room, forum_access


def room(request, pk: int):
    if not request.user.is_authenticated:
        # Every room address sends a visitor who is not signed in through sign-in and back, whether or not
        # the room exists or is readable to them: a registrant following the link in their e-mail lands in
        # the room, and the answer tells an anonymous visitor nothing about which rooms exist.
        return redirect_to_login(request.get_full_path())
    live_room, forum_access = _room(request, pk)
    return _render_room(request, live_room, forum_access)


def _render_room(request, live_room, forum_access, form=None, error: str = "", status: int = 200):
    """The room page; after a refused message (no JavaScript) it comes back with the text as typed."""
    room_access = access.room_access(request.user, live_room)
    thread = live_room.thread
    context = {"thread": thread, "forum": thread.forum, "room": live_room, "room_access": room_access}
    if room_access.enter:
        moderate = room_access.moderate or forum_access.moderate
        last = thread.last_sequence
        posts, _more = selectors.posts_after(thread, request.user, moderate, max(last - RECENT_POSTS, 0))
        count, people = selectors.present_people(live_room)
        shown = people[: app_settings.presence_names_shown()] if room_access.post else []
        shown = [] if thread.chatham_house else shown
        context.update(
            {
                "state": access.room_state(live_room, thread.event),
                "posts": posts,
                "earlier": last > RECENT_POSTS,
                "questions": selectors.room_questions(live_room, request.user, moderate),
                "moderate": moderate,
                "presence_count": count,
                "present": shown,
                "present_more": count - len(shown) if shown else 0,
                "form": (form or LiveMessageForm(initial={"client_id": uuid.uuid4().hex}))
                if room_access.post
                else None,
                "composer_error": error,
                # Further side panels (rendered HTML, each a section with data-live-panel): tabs on a phone.
                "side_panels": [],
            }
        )
        from forums.live.poll_views import room_poll_context

        context.update(room_poll_context(request, live_room, room_access, moderate))
    return TemplateResponse(
        request, "forums/live/room.html", context, status=status if room_access.enter else 403
    )


def _back(live_room, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("forums:live:room", args=[live_room.thread_id]) + anchor)


@require_POST
def room_post(request, pk: int):
    live_room, forum_access = _room(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("forums:live:room", args=[pk]))
    form = LiveMessageForm(request.POST)
    if not form.is_valid():
        error = " ".join(error for errors in form.errors.values() for error in errors)
        return _render_room(request, live_room, forum_access, form, error, status=400)
    try:
        post, _created = services.live_post_create(
            user=request.user,
            room=live_room,
            body_markdown=form.cleaned_data["body"],
            client_id=form.cleaned_data["client_id"],
            question=form.cleaned_data["question"],
        )
    except ForumError as error:
        status = 429 if isinstance(error, RateLimited) else 400
        return _render_room(request, live_room, forum_access, form, error.message, status=status)
    return _back(live_room, f"#post-{post.sequence}")


@require_POST
def room_action(request, pk: int):
    """Votes and the moderators' buttons, for browsers without JavaScript (the socket does the same)."""
    live_room, _forum_access = _room(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("forums:live:room", args=[pk]))
    action = request.POST.get("action", "")
    try:
        post_id = int(request.POST.get("post") or 0)
    except ValueError:
        post_id = 0
    try:
        if action == "vote":
            services.question_vote_toggle(user=request.user, room=live_room, post_id=post_id)
        elif action == "remove":
            services.room_remove(user=request.user, room=live_room, post_id=post_id)
        elif action == "slow_mode":
            services.slow_mode_set(user=request.user, room=live_room, seconds=request.POST.get("seconds"))
        else:
            services.question_moderate(user=request.user, room=live_room, post_id=post_id, action=action)
    except ForumError as error:
        messages.error(request, error.message)
    return _back(live_room, "#live-questions" if action != "slow_mode" else "")


def room_export(request, pk: int, fmt: str):
    live_room, forum_access = _room(request, pk)
    room_access = access.room_access(request.user, live_room)
    if fmt not in ("csv", "markdown") or not (room_access.moderate or forum_access.moderate):
        raise Http404
    rows = export.export_rows(live_room)
    name = slugify(live_room.thread.title) or "discussion"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            export.to_markdown(live_room, rows), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    response["Cache-Control"] = "private, no-store"
    return response
