import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (site settings, renditions, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _url_conf_as_configured():
    """Load the URL conf with the test settings (DEBUG off) before any test overrides DEBUG.

    Demo seeding runs under ``override_settings(DEBUG=True)`` (seed_demo refuses otherwise); a URL
    conf first imported there would keep the development-only static and media routes for the
    whole run, and the hostile suite would probe a route production never has.
    """
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)
