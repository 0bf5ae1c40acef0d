"""The Django page cache: anonymous pages served without rendering, purged by tag (issue 17, part 3).

The single-server install (no Varnish) keeps public pages in the default cache (Redis when
REDIS_URL is set, so every app server shares it; local memory in development and tests) with
the tags they were rendered with (``site_kb.cache_tags``), and the same purges reach it.

- Served from the cache: GET and HEAD without a session cookie (``SESSION_COOKIE_NAME``) or a
  message waiting in the messages cookie (a form's "đã gửi" shown on the next page), outside
  the admin, previews, preview links (/xem-truoc/), the login paths and the static files. A
  logged-in editor always has a session cookie, so never sees a stored page and never fills one.
- Stored: a 200 with ``Cache-Control: public`` (forms with a CSRF token and per-reader pages are
  private: ``cache_publicly = False``), without Set-Cookie, varying on nothing but Cookie (the
  request has no session) and Accept-Encoding, for ``PAGE_CACHE_SECONDS``.
- Key: scheme, host, path and query string (``entry_key``, the one key function of both the
  store and the hit). No compression happens in Django (gzip is left to the proxy), so the body
  does not depend on Accept-Encoding.
- Invalidation by tag generations: a purge writes the time of the purge under each tag
  (``cache_tags.invalidate_page_cache``); a stored page is valid while every tag it carries was
  last purged before its rendering began (less ``CLOCK_MARGIN_SECONDS`` for app servers whose
  clocks differ), and a tag whose record is missing (never written, evicted) makes it a miss. The
  rendering time (not the store time) is compared, so a purge that lands while a page renders from
  the old rows leaves that page a miss.
- Responses from this layer carry ``X-Cache: HIT`` or ``X-Cache: MISS`` (Varnish sets its own).
- Off with ``DJANGO_PAGE_CACHE=false`` (the benchmark's cold pages; the tests' default).

Where a hit is answered (issue 17: ≥ 10 % of a static file's rate through the Django cache): in
production before Django's handler, by ``CachedPagesApplication`` around the WSGI application
(``site_kb.wsgi``): no middleware, no request signals, no database; one cache round trip (the
entry, the Sites token and the tags' purge times in one MGET, ``valid_entry``; two the first time
a process meets a page another stored or whose tags changed); a page this process answered lately
from its own copy (``LocalCopies``), with one small round trip at most every
``PAGE_CACHE_LOCAL_SECONDS`` to learn of purges. Under
``runserver`` and the test client, ``PageCacheMiddleware`` answers it with the same functions. The
middleware is the FIRST of the stack (after the liveness probe), so the entry it stores holds the
final headers every middleware produced (security headers, CSP, Permissions-Policy, Vary,
Cache-Control, xkey): a hit carries exactly the miss's headers but Date and X-Cache. None of them
is per request: no CSP nonce is configured, a cookie makes a response unstorable.

A hit skips the middleware that may refuse or redirect before a page is rendered, so it is only
given when they would let the request through to the same page (``is_candidate``,
``host_is_served``): the Host passes ALLOWED_HOSTS (``get_host``: else Django's 400); a plain-HTTP
request under ``SECURE_SSL_REDIRECT`` goes to Django (its redirect); a declared charset other than
UTF-8 or a query string that is not UTF-8 goes to Django (``RequestEncodingMiddleware``'s 400);
the static files are WhiteNoise's. Old hostnames and hosts no Site has (``SiteHostMiddleware``, issue
16): an entry for such a host exists when the host served pages before a Site's hostname changed
(its old name then redirects) or a Site was deleted; the hit therefore asks this process's
SiteState, current against the shared Sites token read in the same round trip as the entry
(``sites.current_state``), exactly what SiteHostMiddleware asks, and gives way to Django when the
state is stale or the host would be redirected or refused.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .cache_tags import (
    HEADER,
    PURGES_TOKEN_KEY,
    is_public_cacheable,
    local_changes,
    tag_version_key,
    tag_version_seconds,
)
from .middleware import declared_charset, is_utf8_charset, percent_decodes_to_utf8, raw_query_string
from .sites import SITES_TOKEN_KEY, configured_hosts, current_state, request_hostname

# v2: an entry is a tuple (status, reason, headers, body, tags, rendered_at) with the final headers.
ENTRY_PREFIX = "site_kb:page-cache:entry:v2:"
CACHE_HEADER = "X-Cache"
CLOCK_MARGIN_SECONDS = 1.0
# Paths never served from or stored in this cache, whatever the response says.
PRIVATE_PATH_PREFIXES = ("/admin/", "/django-admin/", "/xem-truoc/", "/documents/", "/healthz/")
ALLOWED_VARY = {"cookie", "accept-encoding", "accept-language"}
# Headers a stored page does not keep: the server adds its own Date; X-Cache says HIT or MISS.
SKIPPED_HEADERS = {"set-cookie", CACHE_HEADER.lower(), "date"}


def entry_key(request):
    """The one key of a page, for the store and for the hit: scheme (``request.scheme`` honours
    SECURE_PROXY_SSL_HEADER), host, path and query string."""
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def is_candidate(request):
    """May this request be answered from (and fill) the cache? Only anonymous readers' GET/HEAD
    that the middleware before the page (security, hosts, encoding, static files) lets through."""
    # Wagtail's previews render with a dummy request of the page's address (``is_dummy``).
    if not (
        settings.DJANGO_PAGE_CACHE
        and not getattr(request, "is_dummy", False)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES  # a message waits for this reader
        and not request.path_info.startswith(PRIVATE_PATH_PREFIXES)
        and not request.path_info.startswith(settings.STATIC_URL)  # WhiteNoise's files
    ):
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware redirects it to HTTPS
    charset = declared_charset(request.META.get("CONTENT_TYPE"))
    if charset is not None and not is_utf8_charset(charset):
        return False  # RequestEncodingMiddleware refuses it
    if not percent_decodes_to_utf8(raw_query_string(request)):
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False  # Django answers 400
    return True


def host_is_served(request, state):
    """SiteHostMiddleware's decision for this request's host, under ``state`` (a SiteState): False
    for an old hostname (it redirects) and for a host it refuses (no Site, not in the settings)."""
    hostname = request_hostname(request)
    if hostname in state.redirects:
        return False
    return not (
        settings.SITE_HOSTS_FROM_DATABASE
        and hostname not in state.site_hosts
        and hostname not in configured_hosts()
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


def read_many(keys):
    """``cache.get_many(keys)`` in one round trip. With Redis the backend's own client and
    serializer are used directly, with the keys made by the backend (Django's ``get_many``
    validates every key character by character, a memcached rule, which costs more than the MGET
    for a page's hundred tags): the meaning is exactly ``get_many``'s."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return backend.get_many(keys)
    values = backend._cache.get_client().mget([backend.make_key(key) for key in keys])
    loads = backend._cache._serializer.loads
    return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}


def tags_valid(tags, rendered_at, records=None):
    """True while no tag of the page was purged since it began rendering (and each is known).
    ``records``: tag records already read (record key -> purge time); the others are read here, in
    one round trip."""
    if not tags:
        return True
    keys = [tag_version_key(tag) for tag in tags]
    records = records or {}
    missing = [key for key in keys if key not in records]
    if missing:
        records = {**records, **read_many(missing)}
    versions = [records.get(key) for key in keys]
    if None in versions:
        return False
    return all(version + CLOCK_MARGIN_SECONDS < rendered_at for version in versions)


def remember_tags(tags):
    """Each tag gets a purge record if it has none (time 0: never purged), so that a record missing
    later means "evicted or expired" and whatever carries the tag becomes a miss rather than stale.
    ``add`` keeps a purge written meanwhile."""
    keys = [tag_version_key(tag) for tag in tags]
    if not keys:
        return
    existing = cache.get_many(keys)
    for key in keys:
        if key not in existing:
            cache.add(key, 0.0, tag_version_seconds())


def tagged_get(key):
    """``(value, tags)`` kept under ``key`` by ``tagged_set`` while none of its tags was purged
    since it began being made, else None. The one rule of the page cache (``tags_valid``) for the
    other things kept by tag: the chrome's fragments, the long choice lists, search results. One
    round trip, like a page's hit (``read_with_expected_tags``).

    A kept fragment of HTML or a kept set of strings (immutable: nothing a request can change in
    them) is also copied into the process's memory with the tokens read in the same round trip
    (``LocalCopies``, the rule of the pages' copies): an uncached page's header, menu, footer and
    forms, and a search's promoted words, then cost no round trip while nothing was purged
    (issue 17: four to six a page)."""
    entry = local_copies.get(key)
    if entry is None:
        entry, found = read_with_expected_tags(key, PURGES_TOKEN_KEY, SITES_TOKEN_KEY)
        if entry is None or not tags_valid(entry["tags"], entry["made_at"], found):
            return None
        value = entry["value"]
        if isinstance(value, (str, frozenset)):
            tokens = (found.get(PURGES_TOKEN_KEY), found.get(SITES_TOKEN_KEY))
            size = len(value) if isinstance(value, str) else sum(len(str(item)) + 60 for item in value)
            size += sum(len(tag) for tag in entry["tags"]) + 200
            local_copies.put(key, entry, tokens, size, entry["made_at"] + settings.PAGE_CACHE_SECONDS)
    return entry["value"], list(entry["tags"])


def tagged_set(key, value, tags, made_at):
    """Keep ``value`` under ``key`` for ``PAGE_CACHE_SECONDS`` with the tags of what it shows;
    ``made_at``: when its making began (``time.time()`` before the queries), so a purge that lands
    while it is made leaves it a miss."""
    tags = list(tags)
    remember_tags(tags)
    cache.set(key, {"value": value, "tags": tags, "made_at": made_at}, settings.PAGE_CACHE_SECONDS)
    expect_tags(key, tags)


def kept(key, build):
    """``(value, tags)`` kept under ``key``, else ``build()``'s, stored for the next request.
    ``build()`` returns ``(value, tags)``: the value and the cache tags of everything it shows.
    Its building time, not its storing time, is compared with the purges (``tagged_set``)."""
    found = tagged_get(key)
    if found is not None:
        return found
    made_at = time.time()
    value, tags = build()
    tagged_set(key, value, tags, made_at)
    return value, list(tags)


# Entry key -> the tags of the entry this process last found under it: a guess of which tag records
# a hit will need, read in the same round trip as the entry. The entry's own tags decide; a wrong or
# missing guess costs a second round trip, never a wrong answer. Bounded: emptied when full.
_expected_tags = {}
EXPECTED_TAGS_LIMIT = 20_000


def expect_tags(key, tags):
    """Read the records of ``tags`` with the entry under ``key`` from now on."""
    if len(_expected_tags) >= EXPECTED_TAGS_LIMIT:
        _expected_tags.clear()
    _expected_tags[key] = tuple(tags)


def read_with_expected_tags(key, *more_keys):
    """``(entry under key or None, everything read)``: the entry, ``more_keys`` and the records of
    the tags the entry had when this process last read or stored it, in one round trip, for
    ``tags_valid``, which reads the records of any other tag (a second round trip, and those tags
    are expected next time). An entry is a dictionary with "tags" (``tagged_set``) or a page's
    tuple (``store``)."""
    expected = _expected_tags.get(key, ())
    found = read_many([key, *more_keys, *(tag_version_key(tag) for tag in expected)])
    entry = found.get(key)
    if entry is not None:
        tags = tuple(entry["tags"] if isinstance(entry, dict) else entry[4])
        if tags != expected:
            expect_tags(key, tags)
    return entry, found


def valid_entry(request, key):
    """The stored entry for a candidate ``request`` (its key ``key``) when a hit may answer it, else
    None: nothing stored, the Sites changed or the host is not served, or a tag was purged. One
    round trip (entry, Sites token and the expected tags' records), two the first time."""
    return checked_entry(request, key)[0]


def checked_entry(request, key):
    """``(valid_entry, tokens)``: ``tokens`` the purges and Sites tokens read in the same round trip
    as the entry and its tags' records (one MGET, so one moment of the shared cache)."""
    entry, found = read_with_expected_tags(key, SITES_TOKEN_KEY, PURGES_TOKEN_KEY)
    tokens = (found.get(PURGES_TOKEN_KEY), found.get(SITES_TOKEN_KEY))
    if entry is None:
        return None, tokens
    state = current_state(tokens[1])
    if state is None or not host_is_served(request, state):
        return None, tokens
    _status, _reason, _headers, _body, tags, rendered_at = entry
    return (entry if tags_valid(tags, rendered_at, found) else None), tokens


class LocalCopies:
    """The entries this process lately answered hits with, and the fragments it lately read
    (``tagged_get``), kept in its memory (issue 17: the Django cache at a tenth of a static file's
    rate; a hit from Redis costs a round trip and the unpickling of a page and its ~30 tag
    records, about 0.3 ms, a copy a dictionary look-up).

    A copy is served while the purges token and the Sites token are those read with it and its tags'
    records in one MGET (``checked_entry``): every purge writes a new purges token after its records
    (``cache_tags.invalidate_page_cache``), so a copy checked before a purge is checked again after
    it. The tokens are read at most every ``PAGE_CACHE_LOCAL_SECONDS`` (one small MGET), at once
    after this process purged or changed the Sites: a publish on another app server is seen that
    much later. A copy lives no longer than its entry (``PAGE_CACHE_SECONDS`` from its rendering),
    and the copies take at most ``PAGE_CACHE_LOCAL_BYTES``, the least recently served dropped first.
    The threads of a worker share them under a lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        with self.lock:
            self.copies = OrderedDict()  # key -> (entry, tokens, expires, size)
            self.size = 0
            self.tokens = None
            self.read_at = 0.0
            self.changes = None

    def current_tokens(self):
        """The shared tokens as read at most ``PAGE_CACHE_LOCAL_SECONDS`` ago (or since the last
        change made by this process)."""
        now = time.monotonic()
        changes = local_changes()
        if (
            self.tokens is None
            or now - self.read_at >= settings.PAGE_CACHE_LOCAL_SECONDS
            or changes != self.changes
        ):
            found = read_many([PURGES_TOKEN_KEY, SITES_TOKEN_KEY])
            self.tokens = (found.get(PURGES_TOKEN_KEY), found.get(SITES_TOKEN_KEY))
            self.read_at, self.changes = now, changes
        return self.tokens

    def get(self, key):
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return None
        with self.lock:
            copy = self.copies.get(key)
        if copy is None:
            return None
        entry, tokens, expires, _size = copy
        if time.time() < expires and tokens == self.current_tokens():
            with self.lock:
                if key in self.copies:
                    self.copies.move_to_end(key)
            return entry
        self.drop(key)
        return None

    def put(self, key, entry, tokens, size, expires):
        """Copy ``entry``, read with ``tokens``, of about ``size`` bytes, until ``expires``."""
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        if tokens[0] is None:  # never purged yet, or evicted: a token to check against from now on
            cache.add(PURGES_TOKEN_KEY, uuid.uuid4().hex, None)
            return
        if tokens[1] is None:
            return
        if size > settings.PAGE_CACHE_LOCAL_BYTES:
            return
        with self.lock:
            previous = self.copies.pop(key, None)
            if previous is not None:
                self.size -= previous[3]
            self.copies[key] = (entry, tokens, expires, size)
            self.size += size
            while self.size > settings.PAGE_CACHE_LOCAL_BYTES:
                _key, dropped = self.copies.popitem(last=False)
                self.size -= dropped[3]

    def drop(self, key):
        with self.lock:
            copy = self.copies.pop(key, None)
            if copy is not None:
                self.size -= copy[3]


local_copies = LocalCopies()


def store(key, response, rendered_at):
    tags = response.get(HEADER, "").split()
    remember_tags(tags)
    headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
    entry = (
        response.status_code,
        response.reason_phrase,
        headers,
        response.content,
        tuple(tags),
        rendered_at,
    )
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    expect_tags(key, entry[4])


def replay(entry):
    status, reason, headers, body, _tags, _rendered_at = entry
    response = HttpResponse(body, status=status, reason=reason)
    for name, value in headers:
        response[name] = value
    response[CACHE_HEADER] = "HIT"
    return response


class PageCacheMiddleware:
    """Answers anonymous readers from the Django cache and stores their pages; first in MIDDLEWARE,
    so a stored page holds the final headers and a hit reads neither the session nor the user
    (``X-Cache: HIT``/``MISS``). In production the hits are answered before Django by
    ``CachedPagesApplication``; this answers them under runserver and the test client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_candidate(request):
            return self.get_response(request)
        key = entry_key(request)
        entry = valid_entry(request, key)
        if entry is not None:
            return replay(entry)
        rendered_at = time.time()
        response = self.get_response(request)
        if is_storable(request, response):
            store(key, response, rendered_at)
            response[CACHE_HEADER] = "MISS"
        return response


class CachedPagesApplication:
    """The WSGI application ``site_kb.wsgi`` serves: a hit answered before Django's handler (no
    middleware, no signals, no database), anything else passed to Django's ``application``.

    The same functions as the middleware decide (``is_candidate``, ``entry_key``, ``valid_entry``),
    on a ``WSGIRequest`` of the same environ, so the hit and the store cannot disagree. A HEAD gets
    the GET's headers without the body. When the cache fails, Django answers as it does without
    this layer (the middleware meets the same error and Django reports it)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.DJANGO_PAGE_CACHE and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            request = WSGIRequest(environ)
            try:
                entry = self.hit(request) if is_candidate(request) else None
            except Exception:  # noqa: BLE001 - the cache is down: Django answers, and reports it
                entry = None
            if entry is not None:
                status, reason, headers, body, _tags, _rendered_at = entry
                start_response(f"{status} {reason}", [*headers, (CACHE_HEADER, "HIT")])
                return [] if request.method == "HEAD" else [body]
        return self.application(environ, start_response)

    @staticmethod
    def hit(request):
        """The entry answering ``request`` (a candidate): this process's copy, else the shared
        cache's, then copied (``LocalCopies``); None for a miss."""
        key = entry_key(request)
        entry = local_copies.get(key)
        if entry is None:
            entry, tokens = checked_entry(request, key)
            if entry is not None:
                _status, _reason, headers, body, _tags, rendered_at = entry
                size = len(body) + sum(len(name) + len(value) for name, value in headers) + 200
                local_copies.put(key, entry, tokens, size, rendered_at + settings.PAGE_CACHE_SECONDS)
        return entry
