"""The insights pages: who sees them, what the charts and tables show, the CSV export, and query counts."""

import csv
import io
import re

from django.urls import reverse

import pytest

from events.choices import RegistrationStatus, SpeakerRole
from events.models import EventPage, EventSpeaker, Registration, Speaker
from forums.models import Forum
from insights.filters import Period
from insights.selectors import InsightsRequest, Scope, covenant_events, event_figures, insights_figures
from tests.cms.utils import assert_scroll_boxes_named
from tests.factories.forums import ThreadFactory, add_posts
from tests.factories.working_groups import make_secretariat_user
from tests.insights.conftest import THIS_YEAR, join, make_event
from working_groups.choices import Gender, Role
from working_groups.models import StakeholderType

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people, groups, event_index):
    """Group "tin": companies 7 women and 6 men (+ the chair, a man), NGOs 2 women and 3 men (hidden),
    government 5 women and 5 men (hidden as complements); group "gold" with its own chair."""
    tin, gold = groups
    women = [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(7)]
    men = [people.make(Gender.MAN, StakeholderType.COMPANY) for _ in range(6)]
    ngo = [people.make(Gender.WOMAN, StakeholderType.CIVIL_SOCIETY) for _ in range(2)]
    ngo += [people.make(Gender.MAN, StakeholderType.CIVIL_SOCIETY) for _ in range(3)]
    government = [
        people.make(gender, StakeholderType.GOVERNMENT) for gender in [Gender.WOMAN, Gender.MAN] * 5
    ]
    join(tin, [*women, *men, *ngo, *government])
    chair = people.make(Gender.MAN, StakeholderType.COMPANY)
    join(tin, [chair], role=Role.CHAIR)
    other_chair = people.make()
    join(gold, [other_chair], role=Role.CHAIR)
    event = make_event(event_index, group=tin)
    for user in [*women, *men]:
        Registration.objects.create(
            event=event, user=user, status=RegistrationStatus.CONFIRMED, attended=True
        )
    thread = ThreadFactory(forum=Forum.objects.create(title="Tin talk", slug="tin-talk", group=tin))
    add_posts(thread, [*women, *men], count=26)
    return {"tin": tin, "gold": gold, "chair": chair, "other_chair": other_chair, "member": women[0]}


def url(world, csv_export=False):
    name = "insights:group_csv" if csv_export else "insights:group"
    return reverse(name, args=[world["tin"].slug])


@pytest.mark.parametrize(
    ("who", "group_page", "overview"),
    [
        ("anonymous", 404, 404),
        ("non_member", 404, 404),
        ("member", 404, 404),
        ("chair", 200, 200),
        ("other_chair", 404, 200),
        ("secretariat", 200, 200),
    ],
)
def test_permission_matrix(client, people, world, who, group_page, overview):
    users = {
        "non_member": people.make(),
        "member": world["member"],
        "chair": world["chair"],
        "other_chair": world["other_chair"],
        "secretariat": make_secretariat_user(),
    }
    if who != "anonymous":
        client.force_login(users[who])
    assert client.get(url(world)).status_code == group_page
    assert client.get(url(world, csv_export=True)).status_code == group_page
    assert client.get(reverse("insights:overview")).status_code == overview
    covenant_csv = client.get(reverse("insights:overview_csv")).status_code
    assert covenant_csv == (200 if who == "secretariat" else 404)


def test_a_chair_sees_only_their_groups_listed_and_not_the_covenant_figures(client, world):
    client.force_login(world["chair"])
    response = client.get(reverse("insights:overview"))
    assert world["tin"].title in response.text
    assert world["gold"].title not in response.text
    assert "<svg" not in response.text


def test_missing_group_is_404_even_for_the_secretariat(client, world):
    client.force_login(make_secretariat_user())
    assert client.get(reverse("insights:group", args=["no-such-group"])).status_code == 404


def _table(html, slug):
    section = html[html.index(f'id="figure-{slug}"') :]
    section = section[: section.index("</section>")]
    return section


def test_chart_and_table_show_the_same_protected_figures(client, world):
    client.force_login(world["chair"])
    html = client.get(url(world)).text
    members = _table(html, "members")
    assert 'role="img"' in members and "<title" in members and "<desc" in members
    assert "<caption" in members and 'scope="col"' in members and 'scope="row"' in members
    # Each table scrolls sideways in a focusable region named by its caption.
    assert "Members by stakeholder type and gender (number of people)" in assert_scroll_boxes_named(html)
    assert "style=" not in html
    # Company: 7 women and 6 men, each randomly rounded to 5 or 10; the 2 NGO women are "fewer than 5" in the
    # table and in the chart.
    table = members[members.index("<table") :]
    chart = members[: members.index("<table")]
    row = re.search(r"Company</th>(.*?)</tr>", table, re.S).group(1)
    assert {*re.findall(r"<td[^>]*>([^<]*)</td>", row)[:2]} <= {"5", "10"}
    ngo = re.search(r"Civil-society organisation / NGO</th>(.*?)</tr>", table, re.S).group(1)
    assert "fewer than 5" in ngo
    chart_texts = re.findall(r"<text[^>]*font-size=\"11\">([^<]*)</text>", chart)
    table_texts = re.findall(r"<td[^>]*>([^<]*)</td>", table[: table.index("</tbody>")])
    row_cells = [text for index, text in enumerate(table_texts) if (index + 1) % 7 != 0]  # drop row totals
    assert chart_texts == row_cells
    assert "insights-bar--suppressed" in chart


def test_individual_answers_never_appear(client, people, world):
    person = people.make(Gender.SELF_DESCRIBED, StakeholderType.COMPANY, self_description="Two-spirit")
    join(world["tin"], [person])
    client.force_login(world["chair"])
    page = client.get(url(world)).text
    export = client.get(url(world, csv_export=True)).content.decode()
    for text in (page, export):
        assert "Two-spirit" not in text
        assert person.profile.display_name not in text
        assert person.email not in text


def test_gender_without_consent_counts_as_not_stated(client, people, world):
    tin = world["tin"]
    join(tin, [people.make(Gender.WOMAN, StakeholderType.TRADE_UNION, consent=False) for _ in range(5)])
    client.force_login(world["chair"])
    rows = list(csv.reader(io.StringIO(client.get(url(world, csv_export=True)).content.decode())))
    union = {row[3]: row[4] for row in rows if row[0].startswith("Members by") and row[2] == "Trade union"}
    assert union["Woman"] == "0"
    assert union["Not stated"] == "5"


def test_csv_export_carries_the_same_protected_aggregates(client, world):
    client.force_login(world["chair"])
    response = client.get(url(world, csv_export=True), {"year": THIS_YEAR})
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"insights-{world['tin'].slug}-{THIS_YEAR}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["figure", "period", "row", "column", "value", "unit"]
    members = {(row[2], row[3]): row[4] for row in rows if row[0] == "Members by stakeholder type and gender"}
    assert members["Company", "Woman"] in ("5", "10")  # 7, randomly rounded
    assert members["Civil-society organisation / NGO", "Woman"] == "fewer than 5"
    assert members["Civil-society organisation / NGO", "Man"] == "fewer than 5"
    # Complementary suppression: with only the NGO women hidden, the women's total would give them away; so
    # the government women go too, and then the government men, or the government total would tell.
    assert members["Government", "Woman"] == "fewer than 5"
    assert members["Government", "Man"] == "fewer than 5"
    assert members["Total", "Woman"] in ("10", "15")  # 14
    posts = {(row[2], row[3]): row[4] for row in rows if row[0].startswith("Posts by")}
    assert posts["Company", "Woman"] in ("10", "15")  # 14 posts by 7 women, randomly rounded
    assert not any(re.fullmatch(r"[1-4]", row[4]) for row in rows[1:])
    assert all(int(row[4]) % 5 == 0 for row in rows[1:] if row[4].isdigit())
    # Frozen: the page shows the very numbers of the export.
    table = _table(client.get(url(world)).text, "members")
    company = re.search(r"Company</th>(.*?)</tr>", table[table.index("<table") :], re.S).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", company)[0] == members["Company", "Woman"]


def test_invalid_filters_show_a_message_and_no_figures(client, world):
    client.force_login(world["chair"])
    response = client.get(url(world), {"year": "1999"})
    assert response.status_code == 200
    assert "Some filters are not valid" in response.text
    assert "<svg" not in response.text
    assert client.get(url(world, csv_export=True), {"quarter": "9"}).status_code == 400


def test_members_area_links_chairs_to_their_insights(rf, world):
    from wagtail import hooks

    from working_groups.hooks import MEMBERS_AREA_PANELS_HOOK

    def panels(user):
        request = rf.get("/")
        request.user = user
        found = [hook(request, world["tin"]) for hook in hooks.get_hooks(MEMBERS_AREA_PANELS_HOOK)]
        return [panel for panel in found if panel and "/insights/" in panel.html]

    (panel,) = panels(world["chair"])
    assert reverse("insights:group", args=[world["tin"].slug]) in panel.html
    assert panels(world["member"]) == []
    assert panels(world["other_chair"]) == []


def test_figures_cost_nine_aggregate_queries_whatever_the_data(people, world, django_assert_num_queries):
    scope, period = Scope((world["tin"].pk,)), Period(THIS_YEAR)
    request = InsightsRequest(scope, period, covenant_events(scope, period))
    with django_assert_num_queries(9):
        insights_figures(request)
    more = [people.make(Gender.MAN, StakeholderType.GOVERNMENT) for _ in range(8)]
    join(world["tin"], more)
    add_posts(ThreadFactory(forum=Forum.objects.get(slug="tin-talk")), more, count=40)
    with django_assert_num_queries(9):
        insights_figures(request)


def test_query_count_does_not_grow_with_the_data(
    client, people, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(world["chair"])
    client.get(url(world))  # warm the per-process caches (site, content types)
    with django_assert_max_num_queries(QUERIES_PER_PAGE) as small:
        client.get(url(world))
    more = [people.make(Gender.NON_BINARY, StakeholderType.TRADE_UNION) for _ in range(12)]
    join(world["tin"], more)
    thread = ThreadFactory(forum=Forum.objects.get(slug="tin-talk"))
    add_posts(thread, more, count=60)
    with django_assert_num_queries(len(small.captured_queries), exact=True):
        client.get(url(world))


QUERIES_PER_PAGE = 19


def test_speakers_count_by_the_same_rule_as_the_panel_balance(event_index, people):
    """A speaker with an account counts with their own consented answer; one without, with what the
    secretariat recorded on the speaker entry (events.panel_balance.speaker_gender_expression)."""
    event = make_event(event_index)
    for number in range(5):
        speaker = Speaker.objects.create(name=f"Speaker {number}", gender=Gender.WOMAN)
        EventSpeaker.objects.create(page=event, speaker=speaker, role=SpeakerRole.SPEAKER)

    speakers = next(
        figure for figure in event_figures(EventPage.objects.filter(pk=event.pk)) if figure.slug == "speakers"
    )
    row = next(row for row in speakers.table.rows if row.key == SpeakerRole.SPEAKER)
    columns = [key for key, _label in speakers.table.columns]
    assert row.cells[columns.index(Gender.WOMAN)].value == 5
