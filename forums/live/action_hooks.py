"""Polls and action points in the admin (Snippets) and on the event page (events never imports forums: it
asks the `roundtable_event_page_sections` hook). Imported by forums.wagtail_hooks."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.hooks import EVENT_PAGE_SECTIONS_HOOK
from forums.live import actions as live_actions
from forums.live import broadcast
from forums.models import ActionPoint, LiveRoom, Poll


class PollViewSet(SnippetViewSet):
    """The secretariat prepares polls here too (a poll is edited here only while it is prepared)."""

    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    add_to_admin_menu = False
    list_display = ["question", Column("room", label=_("Live room")), "state", DateColumn("created_at")]
    list_filter = ["state"]
    search_fields = ["question"]

    def get_queryset(self, request):
        return Poll.objects.select_related("room__thread")


class ActionPointViewSet(SnippetViewSet):
    model = ActionPoint
    icon = "tasks"
    menu_label = _("Action points")
    add_to_admin_menu = False
    list_display = [
        "title",
        Column("owner", label=_("Owner")),
        "due_date",
        Column("room", label=_("Live room")),
    ]
    search_fields = ["title"]

    def get_queryset(self, request):
        return ActionPoint.objects.select_related("owner", "room__thread")


register_snippet(PollViewSet)
register_snippet(ActionPointViewSet)


@hooks.register("before_edit_snippet")
def refuse_editing_opened_polls(request, instance):
    """An opened poll has votes for its choices: it is changed only through the room (open, close)."""
    if isinstance(instance, Poll) and not instance.is_draft:
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.error(request, _("This poll has been opened: it can no longer be edited."))
        return redirect("wagtailsnippets_forums_poll:list")
    return None


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def announce_admin_poll(request, instance):
    """A poll prepared in the admin reaches the room's moderators at once."""
    if isinstance(instance, Poll):
        room = LiveRoom.objects.filter(pk=instance.room_id).first()
        if room is not None:
            broadcast.on_commit(
                broadcast.thread_group(room.thread_id), {"type": "live.poll_changed", "poll": instance.pk}
            )


@hooks.register(EVENT_PAGE_SECTIONS_HOOK)
def event_action_points_section(request, page) -> str:
    """After the session: its action points, for visitors who may read its discussion."""
    from forums.live import access
    from forums.models import Thread

    user = getattr(request, "user", None)
    rooms = LiveRoom.objects.filter(thread__in=Thread.objects.visible_to(user).filter(event_id=page.pk))
    if not any(access.room_state(room, page).read_only for room in rooms):
        return ""
    rows = live_actions.event_action_points(page, user)
    if not rows:
        return ""
    html = render_to_string(
        "forums/live/event_action_points.html", {"actions": rows, "page": page}, request=request
    )
    return mark_safe(html.strip())  # noqa: S308 (a template's output)
