"""Template tags of live delivery: the browser module's configuration, and a session's discussion for the
event page (events never imports forums; its template loads these tags)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from forums.live import access
from forums.models import LiveRoom, Thread

register = template.Library()


def _strings() -> dict[str, str]:
    return {
        "connecting": _("Connecting to the live discussion…"),
        "live": _("Live: new messages appear as they are posted."),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "accessLost": _("You no longer have access to this live discussion."),
        "newPosts": _("New posts: %(count)s"),
        "newPostsOtherPage": _("New posts have arrived: go to the latest page"),
        "newMessage": _("New message from %(author)s: %(text)s"),
        "confirmRemove": _("Remove the author of this message from the room?"),
        "presence": _("People here: %(count)s"),
        "presenceMore": _("and %(count)s more"),
        "sending": _("Sending…"),
        "slowMode": _("Slow mode: one message every %(seconds)s seconds."),
        "readOnly": _("The session is over: the live room is read-only."),
        "jumpToLatest": _("Jump to the latest message"),
    }


@register.simple_tag
def live_config(thread: Thread, more_pages: bool = False, room: bool = False) -> dict:
    """What forums/static/forums/live.js needs: where to connect, what the page already shows, the words."""
    return {
        "thread": thread.pk,
        "socketPath": f"/ws/forums/threads/{thread.pk}/",
        # Where the page fetches the markup of posts to (re)draw (forums.live.fragments).
        "fragmentUrl": reverse("forums:live:fragments", args=[thread.pk])
        + ("?view=room" if room else "?view=thread"),
        "lastSequence": thread.last_sequence,
        "lastChange": thread.last_change,
        "room": bool(room),
        # On an earlier page of a thread new posts are announced, not appended.
        "append": not more_pages,
        "strings": _strings(),
    }


@dataclass(frozen=True)
class SessionDiscussion:
    thread: Thread
    room: LiveRoom | None
    state: access.RoomState | None
    room_url: str

    @property
    def live_now(self) -> bool:
        """From the room's opening until the session's end ("Live now — join the discussion")."""
        return bool(self.state and self.state.is_open and self.state.now < self.thread.event.end)


@register.simple_tag(takes_context=True)
def event_discussions(context, page) -> list[SessionDiscussion]:
    """The discussion threads of an event session the visitor may read, with their live rooms."""
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = (
        Thread.objects.visible_to(user)
        .filter(event_id=page.pk)
        .select_related("live_room", "forum")
        .order_by("created_at", "pk")
    )
    result = []
    for thread in threads:
        room = getattr(thread, "live_room", None)
        state = access.room_state(room, page) if room is not None else None
        url = reverse("forums:live:room", args=[thread.pk]) if room is not None else ""
        result.append(SessionDiscussion(thread, room, state, url))
    return result
