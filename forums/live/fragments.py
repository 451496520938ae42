"""Posts rendered alone, for live delivery: the same template, presenter and controls as the page they
belong to, built for the person asking.

Live frames carry what ordering needs (numbers, change numbers) and the words the polite live region reads;
the markup a reader sees is never built in the browser. When a post arrives or changes (a new message, an
edit, a reaction, a vote, hiding, a replay after a reconnect), the page asks
`GET /forums/live/<thread>/fragments/?view=thread|room&posts=<id>,<id>…` for the posts it has to (re)draw,
in batches, and puts the answer in place. The answer is what a reload of the page would show for those
posts to the same reader: their permissions, time zone, language and the Chatham House Rule, because it is
rendered by the same code, in a request of the same person.

Readers who may not read the thread get 404; a room's fragments need entry to the room (else 403, as the
room page). Ids that are not posts of the thread are left out. The cost does not grow with the number of
posts asked for.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forums import post_markup
from forums import selectors as forum_selectors
from forums.live import access, selectors

MAX_POSTS = 50
VIEWS = ("thread", "room")


def requested_ids(raw: str) -> list[int] | None:
    """The post ids of `?posts=1,2,3` (at most MAX_POSTS), or None when the list is not one."""
    parts = [part.strip() for part in (raw or "").split(",") if part.strip()]
    if not parts or len(parts) > MAX_POSTS or not all(part.isdigit() for part in parts):
        return None
    return sorted({int(part) for part in parts})


def thread_fragments(request, thread, forum_access, ids: list[int]) -> list[dict]:
    """Posts as the thread page shows them (forums/includes/post.html)."""
    posts = list(forum_selectors.thread_posts(thread).filter(pk__in=ids))
    context = forum_selectors.post_controls_context(thread, forum_access, request.user)
    views = forum_selectors.post_views(posts, thread, request.user, forum_access)
    changes = {post.pk: post.change for post in posts}
    return [
        {"id": view.pk, "sequence": view.sequence, "change": changes[view.pk], "html": html}
        for view, html in zip(views, post_markup.post_fragments(request, context, views), strict=True)
    ]


def in_question_list(frame, moderate: bool) -> bool:
    """Whether the room's question list shows the post to the reader (as selectors.room_questions)."""
    question = frame["question"]
    if question is None or frame["deleted"]:
        return False
    return moderate or not (question["hidden"] or frame["hidden"])


def room_fragments(request, live_room, room_access, moderate: bool, ids: list[int]) -> list[dict]:
    """Messages as the room shows them (message.html), with their entry in the question list (question.html,
    or None when the list does not show it to this reader)."""
    thread = live_room.thread
    posts = list(selectors.thread_posts_by_id(thread, ids))
    frames = selectors.post_frames(posts, thread, request.user, moderate)
    context = {"thread": thread, "room": live_room, "room_access": room_access, "moderate": moderate}
    fragments = []
    for frame in frames:
        item = {**context, "post": frame}
        fragments.append(
            {
                "id": frame["id"],
                "sequence": frame["sequence"],
                "change": frame["change"],
                "html": render_to_string("forums/live/includes/message.html", item, request=request),
                "question_html": render_to_string("forums/live/includes/question.html", item, request=request)
                if in_question_list(frame, moderate)
                else None,
            }
        )
    return fragments


@require_GET
def fragments(request, pk: int):
    ids = requested_ids(request.GET.get("posts", ""))
    view = request.GET.get("view", "thread")
    if ids is None or view not in VIEWS:
        return HttpResponseBadRequest(
            _("Ask for one to %(count)d post ids, separated by commas.") % {"count": MAX_POSTS}
        )
    thread, forum_access = forum_selectors.readable_thread(request.user, pk)
    if view == "thread":
        found = thread_fragments(request, thread, forum_access, ids)
    else:
        live_room = access.room_of(thread)
        if live_room is None:
            raise Http404
        room_access = access.room_access(request.user, live_room)
        if not room_access.enter:
            return JsonResponse({"error": room_access.refusal}, status=403)
        moderate = room_access.moderate or forum_access.moderate
        found = room_fragments(request, live_room, room_access, moderate, ids)
    response = JsonResponse({"posts": found})
    response["Cache-Control"] = "private, no-store"
    return response
