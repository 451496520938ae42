"""The API's reference page in a real browser: Swagger UI loads from this site only, under the strict CSP
(the shared fixture fails the test on any violation), shows every resource, and "Try it out" gets data."""

import pytest

from tests.factories.cms import make_home_site
from tests.factories.working_groups import OrganisationFactory


@pytest.fixture
def site(db):
    home = make_home_site()
    OrganisationFactory(name="Nordvik Mining", slug="nordvik-mining")
    return home


def test_the_reference_page_is_accessible(page, site, assert_accessible):
    page.goto("/api/v1/docs/")
    assert page.locator("main h1").inner_text() == "Open data API"
    page.get_by_role("link", name="commitments", exact=True).click()
    assert page.locator("#resource-commitments").is_visible()
    assert_accessible(page)


def test_the_explorer_loads_from_this_site_only_and_answers_a_try(page, site, live_server, assert_accessible):
    foreign = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else foreign.append(request.url),
    )
    page.goto("/api/v1/explorer/")
    page.locator(".swagger-ui .information-container").wait_for()
    for tag in ("events", "commitments", "parties", "groups", "news"):
        page.locator(f"#operations-tag-{tag}").wait_for()
    assert foreign == [], foreign

    page.locator("#operations-parties-parties_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    answer = page.locator("#operations-parties-parties_list .live-responses-table")
    answer.get_by_text("Nordvik Mining").first.wait_for()
    assert foreign == [], foreign
    assert page.locator("main h1").first.inner_text() == "API explorer"
    assert_accessible(page)


def test_on_a_phone_the_wide_tables_scroll_by_keyboard(page, site, assert_accessible):
    """The parameter tables are wider than a phone: each scrolls in its own box, which a keyboard user reaches
    with Tab and scrolls with the arrow keys, and which a screen reader names by the table's caption."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/api/v1/docs/")
    boxes = page.locator(".table-scroll")
    wide = [
        index
        for index in range(boxes.count())
        if boxes.nth(index).evaluate("box => box.scrollWidth > box.clientWidth")
    ]
    assert wide, "no table is wider than a phone: nothing to scroll"
    box = boxes.nth(wide[0])
    box.focus()
    assert box.evaluate("box => document.activeElement === box")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    caption = box.locator("caption").inner_text()
    assert page.get_by_role("region", name=caption).count() == 1
    assert_accessible(page)
