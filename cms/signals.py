"""Keep the cached site chrome in step with the pages its links point at.

Wagtail's page signals are its plugin interface for "a page changed"; the receivers only drop the cache.
"""

from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.chrome import chrome_cache_clear


def _clear_chrome(**kwargs) -> None:
    chrome_cache_clear()


def connect() -> None:
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_clear_chrome, dispatch_uid=f"cms-chrome-{id(signal)}")
    post_delete.connect(_clear_chrome, sender=Page, dispatch_uid="cms-chrome-page-deleted")
