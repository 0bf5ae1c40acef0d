import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (site settings, renditions, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
