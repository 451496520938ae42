"""Many events at once, for query-count tests: Page rows with bulk_create and the EventPage rows below them
in one multi-row insert (Django's bulk_create refuses multi-table inheritance), then the parent's numchild."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page

from events.models import EventPage


def bulk_events(parent, count: int, *, start=None, prefix: str = "Bulk event", **fields) -> list[int]:
    """`count` live events below `parent`, a day apart from `start` (default: tomorrow); returns their ids."""
    start = start or timezone.now() + datetime.timedelta(days=1)
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(EventPage)
    first = parent.numchild + 1
    pages = [
        Page(
            title=f"{prefix} {number}",
            slug=f"{prefix.lower().replace(' ', '-')}-{number}",
            path=parent._get_path(parent.path, parent.depth + 1, first + number),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{prefix.lower().replace(' ', '-')}-{number}/",
            content_type=content_type,
            live=True,
            locale_id=parent.locale_id,
        )
        for number in range(count)
    ]
    Page.objects.bulk_create(pages)
    ids = list(Page.objects.filter(path__in=[page.path for page in pages]).values_list("pk", flat=True))
    events = []
    for number, page_id in enumerate(sorted(ids)):
        event = EventPage(
            page_ptr_id=page_id,
            introduction="A bulk event.",
            start=start + datetime.timedelta(hours=number),
            end=start + datetime.timedelta(hours=number, minutes=45),
            time_zone="Europe/Amsterdam",
            join_url="https://video.example.org/j/1",
            **fields,
        )
        events.append(event)
    local_fields = list(EventPage._meta.local_concrete_fields)
    EventPage.objects._insert(events, fields=local_fields, raw=True)
    parent.numchild += count
    parent.save(update_fields=["numchild"])
    return ids
