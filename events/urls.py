"""The events app's own addresses (outside the page tree): registration actions, calendar feeds and the
member's calendar. Included by the host site's URLconf before Wagtail's catch-all."""

from django.urls import path  # noqa: F401

app_name = "events"

urlpatterns: list = []
