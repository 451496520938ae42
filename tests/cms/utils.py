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
