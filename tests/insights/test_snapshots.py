"""The attack of issue 14, replayed: sign up, join an open group in one click, declare a gender, reload — on
the public overview, on a chair's group figures and in the secretariat's CSV. Nothing moves and nothing is
recovered: figures are frozen per closed period (insights.snapshots), only vetted participants count, and
published counts are randomly rounded with a seeded draw (insights.suppression)."""

import datetime
import re
import statistics

from django.utils import timezone

import pytest

from insights.filters import Period
from insights.models import AnnualOverviewPage, FiguresSnapshot
from insights.snapshots import published_period
from insights.suppression import protect, random_round, seeded_rounding
from tests.factories.users import UserFactory
from tests.factories.working_groups import make_group, make_secretariat_user
from tests.insights.conftest import THIS_YEAR, join
from working_groups.choices import Gender, JoiningPolicy, Role
from working_groups.models import StakeholderType
from working_groups.services.membership import membership_join
from working_groups.services.profile_gender import profile_gender_save

pytestmark = pytest.mark.django_db

ATTACKERS = 4


@pytest.fixture
def covenant(people, group_index):
    """An open group whose vetted members include exactly one who describes themself another way."""
    group = make_group(group_index, title="Open tin roundtable", joining_policy=JoiningPolicy.OPEN)
    members = [people.make(Gender.WOMAN, StakeholderType.COMPANY) for _ in range(7)]
    members += [people.make(Gender.MAN, StakeholderType.TRADE_UNION) for _ in range(6)]
    the_one = people.make(Gender.SELF_DESCRIBED, StakeholderType.CIVIL_SOCIETY, self_description="Two-spirit")
    join(group, [*members, the_one])
    chair = people.make(Gender.MAN, StakeholderType.COMPANY)
    join(group, [chair], role=Role.CHAIR)
    page = AnnualOverviewPage(title="Participation", slug=f"participation-{THIS_YEAR}", year=THIS_YEAR)
    group_index.get_parent().add_child(instance=page)
    return {"group": group, "chair": chair, "the_one": the_one, "page": page, "members": members}


def attack(group) -> list:
    """Four fresh accounts join the open group in one click and answer "I describe myself another way"."""
    attackers = []
    for _number in range(ATTACKERS):
        account = UserFactory()
        membership_join(user=account, group=group)
        profile_gender_save(
            profile=account.profile, gender=Gender.SELF_DESCRIBED, self_description="", consent=True
        )
        attackers.append(account)
    return attackers


def figures_html(html: str) -> str:
    """The figures of a page (charts and tables), without the rest of the page."""
    return "".join(re.findall(r'<section[^>]*id="figure-.*?</section>', html, re.S))


def test_the_public_overview_does_not_move_when_accounts_are_added(client, covenant):
    before = figures_html(client.get(covenant["page"].url).text)
    assert "fewer than 5" in before and 'id="figure-members"' in before
    attack(covenant["group"])
    after = figures_html(client.get(covenant["page"].url).text)
    assert after == before
    # One real answer moved to "prefer not to say" moves nothing either.
    profile_gender_save(profile=covenant["the_one"].profile, gender=Gender.PREFER_NOT_TO_SAY, consent=True)
    assert figures_html(client.get(covenant["page"].url).text) == before


def test_figures_frozen_after_the_attack_count_no_unvetted_account(client, covenant):
    """Even where the attackers act before anyone looked (the snapshot is made after them), they count for
    nothing: the figures are those of the covenant without them."""
    attackers = attack(covenant["group"])
    with_attack = figures_html(client.get(covenant["page"].url).text)
    for account in attackers:
        account.delete()
    FiguresSnapshot.objects.all().delete()
    without = figures_html(client.get(covenant["page"].url).text)
    assert with_attack == without
    members = with_attack.split('id="figure-members"')[1].split("</section>")[0]
    assert "I describe myself another way" in members and "fewer than 5" in members


def test_a_chairs_group_figures_and_csv_do_not_move(client, covenant):
    client.force_login(covenant["chair"])
    slug = covenant["group"].slug
    page_before = figures_html(client.get(f"/insights/group/{slug}/").text)
    csv_before = client.get(f"/insights/group/{slug}/csv/").content
    assert page_before and csv_before.count(b"\n") > 20
    attack(covenant["group"])
    assert figures_html(client.get(f"/insights/group/{slug}/").text) == page_before
    assert client.get(f"/insights/group/{slug}/csv/").content == csv_before


def test_the_secretariats_figures_do_not_move(client, covenant):
    client.force_login(make_secretariat_user())
    before = client.get("/insights/csv/").content
    attack(covenant["group"])
    assert client.get("/insights/csv/").content == before


def test_a_running_period_is_not_published(client, covenant, year_closed, monkeypatch):
    """The running quarter has no figures; the running year shows January to its last closed quarter."""
    august = timezone.make_aware(datetime.datetime(THIS_YEAR, 8, 1, 12, 0))
    monkeypatch.setattr("insights.snapshots._now", lambda: august)
    assert published_period(Period(THIS_YEAR, 3), august) is None
    assert published_period(Period(THIS_YEAR), august) == Period(THIS_YEAR, through=2)
    assert (
        published_period(Period(THIS_YEAR), datetime.datetime(THIS_YEAR, 2, 1, tzinfo=datetime.UTC)) is None
    )
    client.force_login(covenant["chair"])
    slug = covenant["group"].slug
    running = client.get(f"/insights/group/{slug}/", {"year": THIS_YEAR, "quarter": 3})
    assert running.status_code == 200
    assert "published once it has closed" in running.text
    assert 'id="figure-' not in running.text
    assert client.get(f"/insights/group/{slug}/csv/", {"year": THIS_YEAR, "quarter": 3}).status_code == 404
    so_far = client.get(f"/insights/group/{slug}/", {"year": THIS_YEAR})
    assert f"{THIS_YEAR} Q1 to Q2" in so_far.text
    members_over_time = so_far.text.split('id="figure-members-over-time"')[1].split("</section>")[0]
    assert ">Q2<" in members_over_time and ">Q3<" not in members_over_time


def test_random_rounding_is_seeded_unbiased_and_stays_a_multiple_of_the_base():
    assert random_round(7, "cell-a") == random_round(7, "cell-a")  # a reload draws the same
    draws = [random_round(7, f"cell-{number}") for number in range(4000)]
    assert set(draws) == {5, 10}
    assert abs(statistics.mean(draws) - 7) < 0.2  # unbiased: 7 on average
    assert random_round(10, "x") == 10 and random_round(0, "x") == 0
    assert all(random_round(1, f"k{number}") in (5,) for number in range(50))  # never 0 for a positive count


def test_four_vetted_insiders_cannot_tell_how_many_were_hidden():
    """The attack made by insiders before a period closes: a hidden count t of 1 to 4 becomes t + 4, shown.
    With rounding half up, t = 4 gave 10 and t = 1..3 gave 5: the figure told t = 4 apart. With random
    rounding every shown figure can come from at least two values of t, so none is singled out."""
    rows, columns = [("civil_society", "NGO")], [("self_described", "Another way")]
    outcomes = {}
    for hidden in range(1, 5):
        shown = set()
        for snapshot in range(200):
            with seeded_rounding(f"snapshot-{snapshot}"):
                table = protect(rows, columns, {("civil_society", "self_described"): hidden + ATTACKERS})
            shown.add(table.rows[0].cells[0].value)
        outcomes[hidden] = shown
    for figure in {value for shown in outcomes.values() for value in shown}:
        could_be = [hidden for hidden, shown in outcomes.items() if figure in shown]
        assert len(could_be) >= 2, (figure, could_be, outcomes)


def test_the_freeze_command_publishes_every_closed_period_before_anyone_asks(client, covenant):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("freeze_insights", str(THIS_YEAR), stdout=out)
    scopes = set(FiguresSnapshot.objects.values_list("scope", flat=True))
    assert scopes == {"covenant", f"groups:{covenant['group'].pk}"}
    periods = set(FiguresSnapshot.objects.values_list("period", flat=True))
    assert {str(THIS_YEAR), *(f"{THIS_YEAR}-Q{quarter}" for quarter in range(1, 5))} <= periods
    frozen = FiguresSnapshot.objects.count()
    assert f"{THIS_YEAR}: {frozen} frozen" in out.getvalue()
    attack(covenant["group"])
    client.force_login(covenant["chair"])
    client.get(f"/insights/group/{covenant['group'].slug}/", {"year": THIS_YEAR, "quarter": 2})
    assert FiguresSnapshot.objects.count() == frozen  # read back, not computed again


def test_published_figures_are_read_back_in_one_query(covenant, django_assert_num_queries):
    from insights.selectors import InsightsRequest, Scope, covenant_events
    from insights.snapshots import published_figures

    scope, period = Scope((covenant["group"].pk,)), Period(THIS_YEAR)
    request = InsightsRequest(scope, period, covenant_events(scope, period))
    _period, first = published_figures(request)
    with django_assert_num_queries(1):
        _period, again = published_figures(request)
    assert again == first


def test_the_secretariat_sees_the_published_figures_and_may_withdraw_but_never_edit(client, covenant):
    client.get(covenant["page"].url)  # freezes the public overview
    snapshot = FiguresSnapshot.objects.get()
    secretariat = make_secretariat_user()
    secretariat.is_staff = False
    secretariat.save()
    client.force_login(secretariat)
    listing = client.get("/admin/published_figures/")
    assert listing.status_code == 200
    assert snapshot.period in listing.text
    assert client.get("/admin/published_figures/new/").status_code in (302, 403)
    assert client.get(f"/admin/published_figures/edit/{snapshot.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/published_figures/delete/{snapshot.pk}/").status_code == 302
    assert not FiguresSnapshot.objects.exists()
    client.force_login(covenant["chair"])
    assert client.get("/admin/published_figures/").status_code in (302, 403)
