"""The live room's pages, included by forums.urls under `live/` (namespace `forums:live`)."""

from django.urls import path

from forums.live import fragments, poll_views, views

app_name = "live"

urlpatterns = [
    path("<int:pk>/", views.room, name="room"),
    path("<int:pk>/post/", views.room_post, name="post"),
    path("<int:pk>/action/", views.room_action, name="action"),
    path("<int:pk>/export/<str:fmt>/", views.room_export, name="export"),
    path("<int:pk>/fragments/", fragments.fragments, name="fragments"),
    path("<int:pk>/polls/", poll_views.poll_action, name="poll"),
    path("<int:pk>/actions/new/", poll_views.action_new, name="action_new"),
    path("<int:pk>/actions/<int:action_pk>/delete/", poll_views.action_delete, name="action_delete"),
    path("actions/<int:action_pk>/commitment/", poll_views.action_commit, name="action_commit"),
]
