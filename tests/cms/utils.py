from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    """How many queries one GET of `url` costs (a warm-up request should come first)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)
