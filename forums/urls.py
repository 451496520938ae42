from django.urls import include, path

from forums.views import browse, files, finding, moderation, notifications, posting

app_name = "forums"

urlpatterns = [
    path("live/", include("forums.live.urls")),
    path("", browse.forum_list, name="index"),
    path("f/<slug:slug>/", browse.forum_detail, name="forum"),
    path("f/<slug:slug>/new/", posting.thread_create, name="thread_create"),
    path("t/<int:pk>/", browse.thread_detail, name="thread_short"),
    path("t/<int:pk>/reply/", posting.reply, name="reply"),
    path("t/<int:pk>/mentions/", files.mention_autocomplete, name="mentions"),
    path("t/<int:pk>/move/", moderation.thread_move, name="thread_move"),
    path("t/<int:pk>/follow/", notifications.thread_follow, name="thread_follow"),
    path("t/<int:pk>/<slug:slug>/", browse.thread_detail, name="thread"),
    path("p/<int:pk>/", browse.post_permalink, name="post"),
    path("p/<int:pk>/edit/", posting.edit, name="edit"),
    path("p/<int:pk>/delete/", posting.delete, name="delete"),
    path("p/<int:pk>/react/", posting.react, name="react"),
    path("p/<int:pk>/history/", browse.post_history, name="history"),
    path("attachments/<int:pk>/<str:filename>", files.attachment, name="attachment"),
    # Moderation, following and finding (forums.views.moderation, .notifications, .finding).
    path("t/<int:pk>/moderate/<slug:action>/", moderation.thread_state, name="thread_state"),
    path("p/<int:pk>/hide/", moderation.post_hide, name="post_hide"),
    path("p/<int:pk>/unhide/", moderation.post_unhide, name="post_unhide"),
    path("p/<int:pk>/flag/", moderation.post_flag, name="post_flag"),
    path("f/<slug:slug>/follow/", notifications.forum_follow, name="forum_follow"),
    path("f/<slug:slug>/log/", moderation.forum_log, name="moderation_log"),
    path("moderation/flags/", moderation.flags, name="flags"),
    path("moderation/flags/<int:pk>/resolve/", moderation.flag_resolve, name="flag_resolve"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications_read_all"),
    path("notifications/settings/", notifications.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("search/", finding.search, name="search"),
    path("threads/", finding.thread_list, name="threads"),
]
