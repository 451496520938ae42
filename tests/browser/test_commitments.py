"""Commitments in a real browser: a party member drafts a commitment with an indicator and submits it, the
secretariat approves it, the member reports progress and the secretariat approves that too; then a visitor
finds the commitment in the filtered register, on its own page (chart with a text alternative) and in the
CSV export. axe-core checks every page on the way."""

import csv
import io
from pathlib import Path

from django.utils import timezone

import pytest

from commitments.models import Commitment, ProgressUpdate
from commitments.models.choices import WorkflowState
from tests.factories.cms import make_home_site
from tests.factories.commitments import CommitmentRegisterPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import OrganisationFactory, ThemeFactory, make_secretariat_user
from working_groups.models import StakeholderType

TITLE = "Map smelters in our tin supply chain against the RMI assessment"


@pytest.fixture
def covenant(db):
    home = make_home_site()
    register = CommitmentRegisterPageFactory(parent=home)
    company = OrganisationFactory(name="Delta Circuit Components", stakeholder_type=StakeholderType.COMPANY)
    OrganisationFactory(name="Metal Workers' Union", stakeholder_type=StakeholderType.TRADE_UNION)
    ThemeFactory(name="Conflict minerals", slug="conflict-minerals")
    ThemeFactory(name="Gender equality", slug="gender-equality")
    member = UserFactory(first_name="Adaeze", last_name="Okafor", email="adaeze@example.org")
    member.profile.organisation = company
    member.profile.save()
    return {"register": register, "member": member, "secretariat": make_secretariat_user()}


def test_commitment_from_draft_to_public_register(new_page, login, covenant, assert_accessible):
    member_page = new_page()
    login(member_page, covenant["member"], next_url="/commitments/mine/")
    assert member_page.locator("h1").inner_text() == "My commitments"
    member_page.get_by_role("link", name="New commitment").click()
    member_page.wait_for_load_state()
    assert_accessible(member_page)
    member_page.get_by_label("Title", exact=True).fill(TITLE)
    member_page.get_by_label("Description", exact=True).fill(
        "We check every smelter against the RMI list every quarter."
    )
    member_page.get_by_label("Conflict minerals").check()
    member_page.get_by_label("Identify and assess adverse impacts").check()
    member_page.get_by_label("Start date").fill("2025-01-01")
    member_page.get_by_label("Target date").fill("2027-12-31")
    member_page.get_by_label("Indicator", exact=True).fill("Smelters checked")
    member_page.get_by_label("Unit", exact=True).fill("%")
    member_page.get_by_label("Baseline", exact=True).fill("0")
    member_page.get_by_label("Target", exact=True).fill("100")
    member_page.get_by_role("button", name="Save draft").click()
    member_page.wait_for_load_state()
    assert member_page.get_by_text("Your draft is saved.").is_visible()
    assert_accessible(member_page)
    member_page.get_by_role("button", name=f"Submit for review {TITLE}").click()
    member_page.wait_for_load_state()
    commitment = Commitment.objects.get(title=TITLE)
    assert commitment.workflow_state == WorkflowState.SUBMITTED

    review_page = new_page()
    login(review_page, covenant["secretariat"], next_url="/commitments/review/")
    assert review_page.get_by_role("heading", name=TITLE).is_visible()
    assert_accessible(review_page)
    review_page.get_by_role("button", name=f"Approve and publish {TITLE}").click()
    review_page.wait_for_load_state()
    assert review_page.get_by_text(f"Published: {TITLE}").is_visible()

    member_page.goto("/commitments/mine/")
    member_page.get_by_role("link", name=f"Report progress {TITLE}").click()
    member_page.wait_for_load_state()
    member_page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    member_page.get_by_label("What happened").fill("30 of our 48 suppliers sent their smelter lists.")
    member_page.get_by_label("Smelters checked (%)").fill("about half")
    member_page.get_by_role("button", name="Save draft").click()
    member_page.wait_for_load_state()
    assert member_page.get_by_text("Enter a number in %, such as 42 or 12.5.").is_visible()
    assert member_page.get_by_label("What happened").input_value().startswith("30 of our 48")
    assert_accessible(member_page)
    member_page.get_by_label("Smelters checked (%)").fill("62.5")
    member_page.get_by_role("button", name="Save draft").click()
    member_page.wait_for_load_state()
    member_page.get_by_role("button", name="Submit for review update of").click()
    member_page.wait_for_load_state()
    assert ProgressUpdate.objects.get(commitment=commitment).workflow_state == WorkflowState.SUBMITTED

    review_page.goto("/commitments/review/")
    review_page.get_by_role("button", name="Approve and publish update of").click()
    review_page.wait_for_load_state()
    commitment.refresh_from_db()
    assert str(commitment.progress) == "62.5"

    visitor = new_page()
    visitor.goto(covenant["register"].url)
    assert_accessible(visitor)
    visitor.get_by_label("Theme", exact=True).select_option("conflict-minerals")
    visitor.get_by_label("Stakeholder type of a party").select_option("company")
    visitor.get_by_role("button", name="Apply filters").click()
    visitor.wait_for_load_state()
    assert visitor.get_by_text("1 commitment", exact=True).is_visible()
    assert_accessible(visitor)
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="CSV (spreadsheet)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert [row["title"] for row in rows] == [TITLE]
    assert rows[0]["progress_percent"] == "62.5"

    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == TITLE
    assert visitor.get_by_text("30 of our 48 suppliers sent their smelter lists.").is_visible()
    chart = visitor.get_by_role("img", name="Progress of “Smelters checked”")
    assert chart.is_visible()
    assert "62.5% of the way" in chart.locator("desc").text_content()
    assert_accessible(visitor)

    visitor.goto(covenant["register"].url + "?theme=gender-equality")
    assert visitor.get_by_text("No commitment matches these filters.").is_visible()
