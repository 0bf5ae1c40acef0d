"""Tests: fast hashing, local memory, plain static storage, a separate media root."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, STORAGES, database_search_backend, env_bool

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # seed_demo and its tests
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="site_kb_test_media_"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="site_kb_test_private_"))
# WhiteNoise serves what collectstatic put here: nothing in tests (the live server serves static
# files through the finders); a test that needs collected files collects into its own folder.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="site_kb_test_static_"))
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": database_search_backend(DATABASES)}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Other apps' tests log board members in with force_login and no second factor; tests/accounts
# turns the requirement on where it is what they test.
TWO_FACTOR_REQUIRED_GROUPS = []
TWO_FACTOR_REQUIRE_SUPERUSERS = False
# The Django page cache (issue 17) would answer a test with a page another test rendered (rolled-back
# rows purge nothing): off; tests/caching turns it on where it is what they test.
DJANGO_PAGE_CACHE = False
# The page cache's copies in the process: their own tests turn them on (tests/caching/test_wsgi_hits.py).
PAGE_CACHE_LOCAL_SECONDS = 0
# The chrome's fragment cache (site_kb.fragment_cache) for the same reason; tests/site_kb/test_fragment_cache.py
# turns it on, and DJANGO_FRAGMENT_CACHE=true runs any other test with it.
DJANGO_FRAGMENT_CACHE = env_bool("DJANGO_FRAGMENT_CACHE", False)
