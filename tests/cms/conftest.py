from django.core.cache import cache

import pytest

from tests.factories.cms import NewsIndexPageFactory, make_home_site


@pytest.fixture(autouse=True)
def clear_cache():
    """The site chrome is cached per site; rows do not outlive a test, so neither may the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return make_home_site()


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)
