"""Admin registration (one "Dialogue" menu for the secretariat) and the forums' part in the group pages."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.hooks import (
    ERASE_HOOK,
    HEADER_LINKS_HOOK,
    MENU_DESTINATIONS_HOOK,
    PERSONAL_DATA_HOOK,
    SEARCH_PROVIDERS_HOOK,
)
from cms.navigation import NavLink
from events.hooks import EVENT_DISCUSSION_URLS_HOOK, EVENT_LIVE_LINKS_HOOK, EVENT_PAGE_SECTIONS_HOOK
from forums import audit, selectors
from forums.live import action_hooks  # noqa: F401 (polls and action points: admin and event page)
from forums.live import links as live_links
from forums.models import Forum, Post, Thread
from forums.notifications import handlers as notification_handlers  # noqa: F401 (registers them)
from forums.privacy import ForumsPersonalData, forums_erase
from working_groups.hooks import DESK_ITEMS_HOOK, GROUP_PAGE_PANELS_HOOK, MEMBERS_AREA_PANELS_HOOK
from working_groups.selectors import GroupPagePanel, MembersAreaPanel

GROUP_PANEL_THREADS = 5


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "folder-open-inverse"
    menu_label = _("Forums")
    list_display = ["title", Column("group", label=_("Working group")), "slug", "sort_order"]
    search_fields = ["title", "description"]
    ordering = ["sort_order", "title"]

    def get_queryset(self, request):
        return Forum.objects.select_related("group")


class ThreadViewSet(SnippetViewSet):
    model = Thread
    icon = "comment"
    menu_label = _("Threads")
    list_display = [
        "title",
        Column("forum", label=_("Forum")),
        Column("post_count", label=_("Posts")),
        "pinned",
        "locked",
        "closed",
        "chatham_house",
        DateColumn("last_post_at", label=_("Last post")),
    ]
    list_filter = ["forum", "pinned", "locked", "closed", "chatham_house"]
    search_fields = ["title"]
    ordering = ["-last_post_at"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("forum"),
        FieldPanel("tags"),
        FieldPanel("event"),
        FieldPanel("pinned"),
        FieldPanel("locked"),
        FieldPanel("closed"),
        # Set when the thread is started: turning it on later would not undo what readers already saw.
        FieldPanel("chatham_house", read_only=True),
    ]

    def get_queryset(self, request):
        return Thread.objects.select_related("forum")


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "openquote"
    menu_label = _("Posts")
    inspect_view_enabled = True
    add_to_admin_menu = False
    list_display = [
        Column("thread", label=_("Thread")),
        Column("sequence", label=_("Number")),
        UserColumn("author", label=_("Author")),
        DateColumn("created_at", label=_("Posted")),
        "hidden",
        DateColumn("deleted_at", label=_("Deleted")),
    ]
    list_filter = ["hidden", "thread__forum"]
    search_fields = ["body_markdown"]
    ordering = ["-created_at"]
    # Text changes go through the site's edit form (which keeps the history); here only moderation fields.
    panels = [FieldPanel("hidden"), FieldPanel("hidden_reason")]

    def get_queryset(self, request):
        return Post.objects.select_related("thread", "author__wagtail_userprofile")


class ForumsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Dialogue")
    menu_icon = "comment"
    menu_order = 260
    items = (ForumViewSet, ThreadViewSet, PostViewSet)


register_snippet(ForumsViewSetGroup)


def _group_discussions_html(request, group) -> str:
    """The group's forums the visitor may read and their latest threads; empty when they may read none."""
    forums = selectors.group_forums(group, request.user)
    if not forums:
        return ""
    threads = selectors.recent_threads([forum.pk for forum in forums], limit=GROUP_PANEL_THREADS)
    return render_to_string(
        "forums/includes/members_panel.html",
        {"forums": forums, "rows": selectors.thread_rows(threads, request.user)},
        request=request,
    )


@hooks.register(MEMBERS_AREA_PANELS_HOOK)
def group_forum_panel(request, group):
    """The group's discussions in its members' area."""
    html = _group_discussions_html(request, group)
    return MembersAreaPanel(heading=str(_("Discussions")), html=html, order=20) if html else None


@hooks.register(MEMBERS_AREA_PANELS_HOOK)
def group_live_now_panel(request, group):
    """First in the members' area while one of the group's sessions is live: the way into its room."""
    rooms = live_links.live_rooms_of_group(request.user, group, timezone.now())
    if not rooms:
        return None
    html = render_to_string("forums/live/includes/live_now_panel.html", {"rooms": rooms}, request=request)
    return MembersAreaPanel(heading=str(_("Live now")), html=html, order=0)


@hooks.register(GROUP_PAGE_PANELS_HOOK)
def group_page_forum_panel(request, group):
    """The group's discussions on its front page, for visitors who may read them."""
    html = _group_discussions_html(request, group)
    return GroupPagePanel(heading=str(_("Discussions")), html=html, order=30) if html else None


@hooks.register(EVENT_PAGE_SECTIONS_HOOK)
def event_discussion_section(request, page) -> str:
    """On a session's event page: its live room while it runs, its discussion afterwards (only threads the
    visitor may read)."""
    html = render_to_string("forums/includes/event_discussion.html", {"page": page}, request=request)
    # Strip first, then mark: str.strip() on a SafeString returns a plain str, which the page would escape.
    return mark_safe(html.strip())  # noqa: S308 (our own template's output, escaped where it renders)


hooks.register(EVENT_LIVE_LINKS_HOOK, live_links.live_now_links)
hooks.register(EVENT_DISCUSSION_URLS_HOOK, live_links.discussion_urls)
hooks.register(PERSONAL_DATA_HOOK, ForumsPersonalData)
hooks.register(ERASE_HOOK, forums_erase)
hooks.register("register_log_actions", audit.register_log_actions)


@hooks.register(SEARCH_PROVIDERS_HOOK)
def discussions_search_provider():
    from forums.search_providers import DiscussionsProvider

    return DiscussionsProvider()


@hooks.register(MENU_DESTINATIONS_HOOK)
def forums_menu_destinations():
    from forums.search_providers import menu_destinations

    return menu_destinations()


@hooks.register(DESK_ITEMS_HOOK)
def open_flags_on_the_desk(user, scope):
    """Open flags in the forums the person moderates (the secretariat: all; a chair: their groups')."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from forums.moderation_selectors import open_flag_count
    from working_groups.desk import DeskItem

    return [DeskItem("flags", _("Open flags"), open_flag_count(user), reverse("forums:flags"), order=30)]


@hooks.register(HEADER_LINKS_HOOK)
def notifications_link(request) -> list[NavLink]:
    """The signed-in person's notifications, with the unread count counted lazily (one query, and only on
    pages that show it)."""
    from forums.notifications.selectors import unread_notification_count

    user = request.user
    return [
        NavLink(
            label=_("Notifications"),
            url=reverse("forums:notifications"),
            order=10,
            badge=SimpleLazyObject(lambda: unread_notification_count(user)),
        )
    ]
