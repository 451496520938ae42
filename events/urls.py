"""The events app's own addresses (outside the page tree): registration actions, calendar feeds and the
member's calendar. Included by the host site's URLconf before Wagtail's catch-all."""

from django.urls import path

from events.views import feeds as feed_views
from events.views import registrations as registration_views

app_name = "events"

urlpatterns: list = []

urlpatterns += [
    path("events/<int:event_id>/register/", registration_views.register, name="register"),
    path("events/<int:event_id>/cancel/", registration_views.cancel, name="cancel"),
    path("events/<int:event_id>/attendees/", registration_views.attendees, name="attendees"),
    path("events/<int:event_id>/attendees.csv", registration_views.attendees_csv, name="attendees_csv"),
    path("events/<int:event_id>/attendees/add/", registration_views.add_attendee, name="add_attendee"),
    path(
        "events/<int:event_id>/attendees/<int:registration_id>/attended/",
        registration_views.mark_attended,
        name="mark_attended",
    ),
    path("my-events/", registration_views.my_events, name="my_events"),
]

urlpatterns += [
    path("calendar/events.ics", feed_views.public_feed, name="public_feed"),
    path("calendar/groups/<slug:slug>.ics", feed_views.group_feed, name="group_feed"),
    path("calendar/events/<int:pk>.ics", feed_views.event_feed, name="event_feed"),
    path("calendar/events/<int:pk>/download.ics", feed_views.event_download, name="event_download"),
    path("calendar/personal/<slug:key>.ics", feed_views.personal_feed, name="personal_feed"),
    path("calendar/mine/", feed_views.my_calendar, name="my_calendar"),
]
