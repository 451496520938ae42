"""A member reads what "Your data" says the download holds, passes axe, confirms their password and gets the
file: its sections are the ones the page listed, in the same order."""

import json

import pytest

from tests.factories.cms import make_home_site
from tests.factories.users import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def member(db):
    make_home_site()
    return UserFactory()


def test_a_member_downloads_the_sections_the_page_lists(page, member, login, assert_accessible):
    login(page, member, next_url="/account/data/")
    page.goto("/account/data/")
    assert page.get_by_role("heading", name="Your account", level=3).is_visible()
    assert page.get_by_role("heading", name="Forums and live rooms", level=3).is_visible()
    listed = page.locator("main li code").all_inner_texts()
    assert listed[0] == "account" and "posts" in listed
    assert_accessible(page)

    page.get_by_role("button", name="Download my data").click()
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Confirm").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [name for name in data if name not in ("format", "version", "exported_at")] == listed
    assert data["account"]["email"] == member.email
