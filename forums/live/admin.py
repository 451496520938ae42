"""The secretariat opens a session's live room in the admin (Snippets → Live rooms): pick the session's
discussion thread, and optionally the room's own opening and closing times and slow mode."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from forums.models import LiveRoom


class LiveRoomViewSet(SnippetViewSet):
    model = LiveRoom
    icon = "radio-full"
    menu_label = _("Live rooms")
    add_to_admin_menu = False
    list_display = ["thread", Column("thread__event", label=_("Session")), "slow_mode_seconds"]
    search_fields = ["thread__title"]
    panels = [
        FieldPanel("thread"),
        FieldRowPanel([FieldPanel("opens_minutes_before"), FieldPanel("closes_minutes_after")]),
        FieldPanel("slow_mode_seconds"),
    ]

    def get_queryset(self, request):
        return LiveRoom.objects.select_related("thread__event")
