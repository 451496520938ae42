"""Participation insights in a real browser: a chair signs in, goes from their group's members' area to the
group's insights, reads a chart with its data table, and downloads the CSV of the same protected figures.
axe-core checks the pages on the way."""

import csv
import datetime
import io
from pathlib import Path

from django.utils import timezone

from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, add_member, make_group, make_group_index
from working_groups.choices import Gender, Role
from working_groups.models import StakeholderType


def _person(gender, party):
    user = UserFactory()
    profile = user.profile
    profile.gender, profile.gender_consent_at, profile.organisation = gender, timezone.now(), party
    profile.save()
    return user


def test_chair_reads_the_insights_of_their_group_and_downloads_the_csv(
    new_page, login, assert_accessible, monkeypatch
):
    year = timezone.localdate().year
    # The figures of this year as published once the year has closed (insights.snapshots).
    closed = timezone.make_aware(datetime.datetime(year + 1, 1, 1, 1, 0))
    monkeypatch.setattr("insights.snapshots._now", lambda: closed)
    group = make_group(make_group_index(), title="Tin and tungsten")
    company = OrganisationFactory(stakeholder_type=StakeholderType.COMPANY)
    union = OrganisationFactory(stakeholder_type=StakeholderType.TRADE_UNION)
    joined = timezone.make_aware(datetime.datetime(year, 1, 15, 12, 0))
    government = OrganisationFactory(stakeholder_type=StakeholderType.GOVERNMENT)
    # Companies 7 women and 6 men; the union's 3 men and 2 women are hidden, and so are the government's
    # 5 and 5, as their complements (only people linked to a party by the secretariat are counted).
    people = [_person(Gender.WOMAN, company) for _ in range(7)]
    people += [_person(Gender.MAN, company) for _ in range(6)]
    people += [_person(Gender.MAN, union) for _ in range(3)] + [
        _person(Gender.WOMAN, union) for _ in range(2)
    ]
    people += [_person(gender, government) for gender in [Gender.WOMAN, Gender.MAN] * 5]
    for person in people:
        membership = add_member(group, person)
        membership.joined_at = joined
        membership.save(update_fields=["joined_at"])
    chair = UserFactory(first_name="Ruth", last_name="Mensah")
    add_member(group, chair, role=Role.CHAIR)

    page = new_page()
    login(page, chair, next_url=f"{group.url}members/")
    page.get_by_role("link", name="See the participation insights").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Participation insights: Tin and tungsten"
    assert_accessible(page)

    members = page.locator("#figure-members")
    chart = members.get_by_role("img", name="Members by stakeholder type and gender")
    assert chart.is_visible()
    table = members.locator("table")
    assert "Members by stakeholder type and gender" in table.locator("caption").inner_text()
    company_row = table.get_by_role("row", name="Company")
    shown_women = company_row.get_by_role("cell").nth(0).inner_text()
    assert shown_women in ("5", "10")  # 7 women, rounded at random to a multiple of 5
    union_row = table.get_by_role("row", name="Trade union")
    assert union_row.get_by_role("cell").nth(1).inner_text() == "fewer than 5"
    assert chart.locator("text", has_text="fewer than 5").count() >= 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("insights-tin-and-tungsten-")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    members_rows = {
        (row["row"], row["column"]): row["value"]
        for row in rows
        if row["figure"] == "Members by stakeholder type and gender"
    }
    assert members_rows["Company", "Woman"] == shown_women  # the same frozen figure as on the page
    assert members_rows["Trade union", "Man"] == "fewer than 5"
    assert not any(person.email in str(rows) or person.profile.display_name in str(rows) for person in people)
