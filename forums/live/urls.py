"""The live room's pages, included by forums.urls under `live/` (namespace `forums:live`)."""

from django.urls import path

from forums.live import fragments, views

app_name = "live"

urlpatterns = [
    path("<int:pk>/", views.room, name="room"),
    path("<int:pk>/post/", views.room_post, name="post"),
    path("<int:pk>/action/", views.room_action, name="action"),
    path("<int:pk>/export/<str:fmt>/", views.room_export, name="export"),
    path("<int:pk>/fragments/", fragments.fragments, name="fragments"),
]
