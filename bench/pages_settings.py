"""Settings of bench/bench_pages.py's servers: the test suite's settings with one more URL, a minimal Django
view (bench/pages_urls.py) that answers through the same middleware, server and process as the pages."""

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
