"""Events found by the header search show their date as their card does: in the event's own zone, in the
reader's language, in a <time> element with the exact instant."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories.events import EventPageFactory, make_event_index

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "27 Mar 2030"), ("nl", "27 Mrt 2030")],
)
def test_an_event_hit_shows_its_date_where_it_takes_place_in_the_readers_language(client, language, shown):
    # 00:30 on 27 March in Tokyo is still 26 March in UTC and in the site's zone (Amsterdam).
    start = datetime.datetime(2030, 3, 27, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    EventPageFactory(
        parent=make_event_index(), title="Cassiterite traceability night", start=start, time_zone="Asia/Tokyo"
    )
    response = client.get(
        "/search/", {"q": "cassiterite", "kind": "events"}, headers={"accept-language": language}
    )
    html = response.content.decode()
    hit = html[html.index("Cassiterite traceability night") :]
    hit = hit[: hit.index("</li>")]
    assert f'<time datetime="2030-03-27T00:30:00+09:00">{shown}</time>' in hit
