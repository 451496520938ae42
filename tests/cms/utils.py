from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    """How many queries one GET of `url` costs (a warm-up request should come first)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def parse_xml(content: bytes):
    """Parse a feed or sitemap this test suite's own server produced (trusted input, so plain ElementTree)."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(content)  # noqa: S314 - our own response, not untrusted data


def scroll_boxes(html: str) -> list[dict]:
    """Every `.table-scroll` box of a page, as {attributes..., "name": the accessible name it resolves to}.

    A box that scrolls sideways must be reachable by keyboard (tabindex="0") and be a named region (axe:
    scrollable-region-focusable); its name comes from aria-label, or from the text of the elements its
    aria-labelledby names, which must exist on the same page.
    """
    from html.parser import HTMLParser

    class Boxes(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.boxes, self.texts, self.open = [], {}, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "table-scroll" in (attrs.get("class") or "").split():
                self.boxes.append(attrs)
            if attrs.get("id"):
                self.texts[attrs["id"]] = ""
                self.open.append((tag, attrs["id"]))
            elif self.open and tag == self.open[-1][0]:
                self.open.append((tag, None))

        def handle_endtag(self, tag):
            if self.open and self.open[-1][0] == tag:
                self.open.pop()

        def handle_data(self, data):
            for _tag, element_id in self.open:
                if element_id:
                    self.texts[element_id] += data

    parser = Boxes()
    parser.feed(html)
    for box in parser.boxes:
        labelled_by = (box.get("aria-labelledby") or "").split()
        names = [" ".join(parser.texts[i].split()) for i in labelled_by if i in parser.texts]
        box["name"] = (box.get("aria-label") or "").strip() or (
            " ".join(names) if len(names) == len(labelled_by) else ""
        )
    return parser.boxes


def assert_scroll_boxes_named(html: str, minimum: int = 1) -> list[str]:
    """Assert every `.table-scroll` box of the page is focusable and a named region; return the names."""
    boxes = scroll_boxes(html)
    assert len(boxes) >= minimum, "the page shows no scrolling table"
    for box in boxes:
        assert box.get("tabindex") == "0", box
        assert box.get("role") == "region", box
        assert box["name"], f"a scrolling table without an accessible name: {box}"
    return [box["name"] for box in boxes]
