"""Tables that scroll sideways sit in a `.table-scroll` box; keyboard users must be able to reach and scroll
it, and screen readers must hear what it holds (axe: scrollable-region-focusable): tabindex="0", role="region"
and an accessible name, on every template and on the pages that render them."""

import re
from pathlib import Path

from django.template import Context, Origin, Template
from django.utils import translation

import pytest

from tests.cms.utils import assert_scroll_boxes_named

ROOT = Path(__file__).resolve().parents[2]
APPS = ["api", "cms", "events", "forums", "insights", "library", "site", "working_groups"]


def test_every_scroll_box_in_every_template_is_a_focusable_named_region():
    boxes = []
    for app in APPS:
        for template in (ROOT / app).rglob("templates/**/*.html"):
            for tag in re.findall(r"<div\b[^>]*\btable-scroll\b[^>]*>", template.read_text()):
                boxes.append((template.relative_to(ROOT), tag))
    assert len(boxes) >= 9
    for template, tag in boxes:
        assert 'tabindex="0"' in tag, template
        assert 'role="region"' in tag, template
        assert re.search(r'aria-label(ledby)?="[^"]+"', tag), template


@pytest.mark.django_db
def test_the_api_reference_names_each_table_region_by_its_caption(client):
    html = client.get("/api/v1/docs/").content.decode()
    names = assert_scroll_boxes_named(html, minimum=3)
    assert "Query parameters of the events list" in names
    assert "Fields of each item in the events list" in names


@pytest.mark.parametrize(("tags", "name"), [("sessions", "Sessies"), ("", "Beveiligingssleutels")])
def test_the_account_pages_table_element_is_a_named_region_in_the_readers_language(tags, name):
    template = Template(
        "{% load allauth %}{% element table tags=tags %}{% element tbody %}{% element tr %}{% element td %}x"
        "{% endelement %}{% endelement %}{% endelement %}{% endelement %}",
        origin=Origin("account_table.html", template_name="account_table.html"),
    )
    with translation.override("nl"):
        html = template.render(Context({"tags": tags}))
    assert assert_scroll_boxes_named(html) == [name]
