"""The Django page cache: anonymous pages served without rendering, purged by tag (issue 17, part 3).

The single-server install (no Varnish) keeps public pages in the default cache (Redis when
REDIS_URL is set, so every app server shares it; local memory in development and tests) with
the tags they were rendered with (``site_kb.cache_tags``), and the same purges reach it.

- Served from the cache: GET and HEAD without a session cookie (``SESSION_COOKIE_NAME``) or a
  message waiting in the messages cookie (a form's "đã gửi" shown on the next page), outside
  the admin, previews, preview links (/xem-truoc/) and the login paths. A logged-in editor always
  has a session cookie, so never sees a stored page and never fills one.
- Stored: a 200 with ``Cache-Control: public`` (forms with a CSRF token and per-reader pages are
  private: ``cache_publicly = False``), without Set-Cookie, varying on nothing but Cookie (the
  request has no session) and Accept-Encoding, for ``PAGE_CACHE_SECONDS``.
- Key: scheme, host, path and query string. No compression happens in Django (gzip is left to
  the proxy), so the body does not depend on Accept-Encoding.
- Invalidation by tag generations: a purge writes the time of the purge under each tag
  (``cache_tags.invalidate_page_cache``); a stored page is valid while every tag it carries was
  last purged before its rendering began (less ``CLOCK_MARGIN_SECONDS`` for app servers whose
  clocks differ), and a tag whose record is missing (never written, evicted) makes it a miss. One
  ``get_many`` per hit. The rendering time (not the store time) is compared, so a purge that lands
  while a page renders from the old rows leaves that page a miss.
- Responses from this layer carry ``X-Cache: HIT`` or ``X-Cache: MISS`` (Varnish sets its own).
- Off with ``DJANGO_PAGE_CACHE=false`` (the benchmark's cold pages; the tests' default).
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .cache_tags import HEADER, is_public_cacheable, tag_version_key, tag_version_seconds

ENTRY_PREFIX = "site_kb:page-cache:entry:"
CACHE_HEADER = "X-Cache"
CLOCK_MARGIN_SECONDS = 1.0
# Paths never served from or stored in this cache, whatever the response says.
PRIVATE_PATH_PREFIXES = ("/admin/", "/django-admin/", "/xem-truoc/", "/documents/", "/healthz/")
ALLOWED_VARY = {"cookie", "accept-encoding", "accept-language"}
# Headers a stored page keeps; the outer middleware (security, CSP, permissions policy) add theirs
# on every response, hit or miss.
SKIPPED_HEADERS = {"set-cookie", CACHE_HEADER.lower(), "date"}


def entry_key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def is_candidate(request):
    """May this request be answered from (and fill) the cache? Only anonymous readers' GET/HEAD."""
    return (
        settings.DJANGO_PAGE_CACHE
        and not getattr(
            request, "is_dummy", False
        )  # Wagtail's previews: a dummy request of the page's address
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES  # a message waits for this reader
        and not request.path_info.startswith(PRIVATE_PATH_PREFIXES)
    )


def is_storable(request, response):
    """A GET's response only (a HEAD's may have no body, and is then served from the GET's)."""
    if request.method != "GET" or getattr(response, "streaming", False):
        return False
    if not is_public_cacheable(request, response):
        return False
    if getattr(request, "is_preview", False):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return vary <= ALLOWED_VARY


def tags_valid(tags, rendered_at):
    """True while no tag of the page was purged since it began rendering (and each is known)."""
    if not tags:
        return True
    keys = [tag_version_key(tag) for tag in tags]
    versions = cache.get_many(keys)
    if len(versions) != len(keys):
        return False
    return all(version + CLOCK_MARGIN_SECONDS < rendered_at for version in versions.values())


class PageCacheMiddleware:
    """Answers anonymous readers from the Django cache; place it after the host checks and before
    sessions, so a hit reads neither the session nor the user (``X-Cache: HIT``/``MISS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_candidate(request):
            return self.get_response(request)
        key = entry_key(request)
        entry = cache.get(key)
        if entry is not None and tags_valid(entry["tags"], entry["rendered_at"]):
            return self.replay(entry)
        rendered_at = time.time()
        response = self.get_response(request)
        if is_storable(request, response):
            self.store(key, response, rendered_at)
            response[CACHE_HEADER] = "MISS"
        return response

    def store(self, key, response, rendered_at):
        tags = response.get(HEADER, "").split()
        # Each tag gets a record if it has none (time 0: never purged), so that a record missing
        # later means "evicted or expired", and the page becomes a miss rather than stale.
        existing = cache.get_many([tag_version_key(tag) for tag in tags]) if tags else {}
        missing = {tag_version_key(tag): 0.0 for tag in tags if tag_version_key(tag) not in existing}
        for record_key, value in missing.items():
            cache.add(record_key, value, tag_version_seconds())
        headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": headers,
            "tags": tags,
            "rendered_at": rendered_at,
        }
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)

    def replay(self, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[CACHE_HEADER] = "HIT"
        return response
