"""Demo data of the events app: a year of events around today — past webinars with recordings, slides and
summaries, upcoming webinars with registrations (one full, with a waiting list), a cancelled and a postponed
webinar, meetings in every working group, and a two-day forum with sessions in several rooms.

Runs after the working-groups seed (INSTALLED_APPS order): it needs the home page, the groups, their themes
and the demo people. Idempotent: pages are looked up by slug below their parent, speakers by name,
registrations by (event, person); dates are worked out from the day of the first run and never moved
afterwards.
"""

from events.demo.calendar import seed_calendar
from events.demo.speakers import seed_speakers


def seed(context) -> None:
    speakers = seed_speakers()
    seed_calendar(context, speakers)
    from cms.demo_pages import default_home_page
    from events.demo.calendar import INDEX_SLUG
    from events.demo.dutch import seed_dutch_webinars
    from events.models import EventIndexPage

    index = EventIndexPage.objects.child_of(default_home_page()).filter(slug=INDEX_SLUG).first()
    if index is not None:
        seed_dutch_webinars(index)
