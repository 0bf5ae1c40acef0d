"""Cache tags: what a public response shows, and the one way to invalidate it (issue 17, parts 1 and 3).

A response is rendered with the set of things it shows; an anonymous, cacheable response
(GET/HEAD, 200, ``Cache-Control: public``) carries them in an ``xkey`` header, which Varnish
indexes and strips before the response leaves it, and which the Django page cache
(``site_kb.page_cache``) stores with the page. A change purges exactly the tags it concerns
(``site_kb.cache_purges`` computes them); ``purge_tags`` is the single entry point.

Vocabulary (short, since one header may carry a few hundred):

- ``p<id>``: page ``id`` is shown: its own page, or its title, link or card anywhere (menus,
  breadcrumbs, listings, related news, feeds). Every link built through the canonical URL
  functions (``site_kb.sites``, used by ``{% pageurl %}`` and ``page.url``) adds it, so a
  listing needs no tag per item and no query.
- ``c<path>``: a listing of the children of the page at tree path ``path`` (menus, a school's
  sections, the list of schools): a child published, unpublished, moved or deleted changes it.
- ``l<path>-<app_label>.<model>``: a listing of pages of that type anywhere beneath the page at
  ``path`` (news of a school, of a site, directives): a page of that type joining or leaving the
  listing purges the listings of each of its ancestors.
- ``d<path>``: a listing of any page beneath the page at ``path`` (search results, sitemap.xml,
  the site map).
- Listings are named by tree path (Wagtail's ``Page.path``, ``0001000A0003``), not id: a page's
  ancestors are the prefixes of its path, so neither the listing (which often knows only its
  parent's path) nor the purge needs a query to name them.
- ``s<site id>``: the site's settings (header and footer of every page of the site).
- ``m-<app_label>.<model>``: a snippet or generic setting model shown (link directory,
  contributors, issuing bodies).
- ``all``: carried instead of the others by a response that shows too many things to name
  (``MAX_TAGS``), and purged by every purge: such a page is never stale, only refreshed more.

The request being served is kept in a context variable by ``CacheTagsMiddleware``, so code
that builds a link without the request (``page.url``) tags the right response; outside a
request ``add_tags`` does nothing.
"""

import contextvars
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import get_backends

from django_tasks import task

from .frontend_cache import purge_tags_at_once

logger = logging.getLogger(__name__)

TAGS_ATTRIBUTE = "_site_kb_cache_tags"
HEADER = "xkey"
ALL = "all"
# Beyond this many tags (or characters in the header) a response carries ``all`` instead:
# Varnish's response headers are limited (http_resp_hdr_len, 8 kB by default).
MAX_TAGS = 300
MAX_HEADER_CHARS = 6000

_current_request = contextvars.ContextVar("site_kb_cache_tags_request", default=None)


def page_tag(page_or_id):
    return f"p{getattr(page_or_id, 'pk', page_or_id)}"


def tree_path(page_or_path):
    return getattr(page_or_path, "path", page_or_path)


def children_tag(page_or_path):
    return f"c{tree_path(page_or_path)}"


def model_label(model):
    return model._meta.label_lower


def listing_tag(page_or_path, model):
    """Pages of ``model`` (a class or an instance) anywhere beneath ``page_or_path``."""
    return f"l{tree_path(page_or_path)}-{model_label(model)}"


def descendants_tag(page_or_path):
    return f"d{tree_path(page_or_path)}"


def site_tag(site_or_id):
    return f"s{getattr(site_or_id, 'pk', site_or_id)}"


def model_tag(model):
    return f"m-{model_label(model)}"


def add_tags(request, *tags):
    """Record ``tags`` on ``request`` (None: the request being served, if any). No query."""
    if request is None:
        request = _current_request.get()
        if request is None:
            return
    found = getattr(request, TAGS_ATTRIBUTE, None)
    if found is None:
        found = set()
        try:
            setattr(request, TAGS_ATTRIBUTE, found)
        except AttributeError:  # not a request (a cache holder without attributes)
            return
    found.update(tag for tag in tags if tag)


def tag_listing(request, ancestor, model=None):
    """One line per listing: the children of ``ancestor`` (a page or a tree path; no model) or the
    pages of ``model`` beneath it."""
    if ancestor is not None:
        add_tags(request, children_tag(ancestor) if model is None else listing_tag(ancestor, model))


def tags_of(request):
    return frozenset(getattr(request, TAGS_ATTRIBUTE, ()) or ())


def header_value(tags):
    """Sorted, deduplicated, space separated; ``all`` alone when there are too many to name."""
    value = " ".join(sorted(set(tags)))
    if len(tags) > MAX_TAGS or len(value) > MAX_HEADER_CHARS:
        return ALL
    return value


def is_public_cacheable(request, response):
    """A response every reader may be given: GET/HEAD, 200, ``Cache-Control: public`` (and not
    private or no-store), no cookie set. Only these carry tags and may be stored."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    directives = {
        part.strip().split("=", 1)[0].lower() for part in response.get("Cache-Control", "").split(",")
    }
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    return not response.cookies and not response.has_header("Set-Cookie")


class CacheTagsMiddleware:
    """Collects the request's tags while it is served, then on a public cacheable response sets
    the ``xkey`` header and adds ``s-maxage=PAGE_CACHE_SECONDS`` (how long a shared cache, Varnish
    or the Django page cache, keeps it; browsers keep ``max-age``). Private responses get no tags.
    The site's settings tag is added for every page served on a known Site (header and footer)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        if HEADER in response:
            del response[HEADER]
        if not is_public_cacheable(request, response):
            return response
        site = getattr(request, "_wagtail_site", None)  # Site.find_for_request's cache
        if site is not None:
            add_tags(request, site_tag(site))
        tags = tags_of(request)
        if tags:
            response[HEADER] = header_value(tags)
        if "s-maxage" not in response.get("Cache-Control", ""):
            patch_cache_control(response, s_maxage=settings.PAGE_CACHE_SECONDS)
        return response


# Purging ---------------------------------------------------------------------------------------

TAG_VERSION_PREFIX = "site_kb:page-cache:tag:"


def tag_version_key(tag):
    return f"{TAG_VERSION_PREFIX}{tag}"


def tag_version_seconds():
    """How long a purge is remembered: longer than any stored page lives (``PAGE_CACHE_SECONDS``)."""
    return settings.PAGE_CACHE_SECONDS + 3600


# A new value at every purge, written after the purge's records: an app server's copies of pages
# (site_kb.page_cache.LocalCopies) checked under the previous value are checked again.
PURGES_TOKEN_KEY = "site_kb:page-cache:purges-token:v1"  # noqa: S105  (a cache key, not a secret)
_local_changes = [0]  # purges and Site changes made by this process


def invalidate_page_cache(tags):
    """Mark ``tags`` purged now in the shared cache: every page stored with one of them before this
    moment is a miss from now on, on every app server sharing the cache (site_kb.page_cache)."""
    now = time.time()
    cache.set_many({tag_version_key(tag): now for tag in tags}, tag_version_seconds())
    cache.set(PURGES_TOKEN_KEY, uuid.uuid4().hex, None)  # after the records (page_cache.LocalCopies)
    note_local_change()


def note_local_change():
    """This process purged or changed the Sites: its own copies of pages are checked at once."""
    _local_changes[0] += 1


def local_changes():
    return _local_changes[0]


def normalise(tags):
    found = {str(tag).strip() for tag in tags if tag and str(tag).strip()}
    return sorted(found | {ALL}) if found else []


@task(priority=50)  # before the search index updates a publish queues with it
def purge_frontend_caches(tags):
    """The frontend caches' share of a purge (issue 17.6), in the task worker: each configured
    Wagtail frontend-cache backend that purges by tag (``site_kb.frontend_cache``, Varnish xkey)
    is asked to; a backend's failure is logged (the backend records it for the IT officer) and
    never stops the others, nor the publish that caused it."""
    done = []
    for name, backend in get_backends().items():
        purge = getattr(backend, "purge_tags", None)
        if purge is None:
            continue
        try:
            purge(list(tags))
        except Exception:
            logger.exception("Purging cache tags %s through %s failed", " ".join(tags), name)
        else:
            done.append(name)
    return done


def purge_tags(tags):
    """THE entry point that invalidates ``tags`` everywhere (issue 17): the Django page cache at
    once (one write to the shared cache, so the next reader of any app server gets a fresh page
    whatever the task queue's delay), every Varnish at once (one quick try each,
    ``site_kb.frontend_cache.purge_tags_at_once``), then every frontend cache again through the
    ``purge_frontend_caches`` task, which retries and records a failure for the IT officer. Call it
    after the change is committed (``site_kb.cache_purges`` uses on_commit). A failure is logged,
    never raised: a purge never blocks publishing."""
    tags = normalise(tags)
    if not tags:
        return
    try:
        invalidate_page_cache(tags)
    except Exception:
        logger.exception("Invalidating cache tags %s in the Django page cache failed", " ".join(tags))
    purge_tags_at_once(tags)
    try:
        purge_frontend_caches.enqueue(tags)
    except Exception:
        logger.exception("Enqueueing the purge of cache tags %s failed", " ".join(tags))


# Batching: one purge per transaction ------------------------------------------------------------

_batches = threading.local()  # connection alias -> the _Batch waiting for this thread's commit


class _Batch:
    def __init__(self, using, savepoints):
        self.using = using
        self.savepoints = savepoints  # where it was registered: the transaction (and savepoint) it waits for
        self.tags = set()

    def flush(self):
        if getattr(_batches, self.using, None) is self:
            delattr(_batches, self.using)
        purge_tags(self.tags)


def purge_on_commit(tags, using="default"):
    """Collect ``tags`` and purge them once when the current transaction commits (at once outside
    one): a publish's page, listings and moved descendants leave in a single purge. A batch is
    joined only at the level (transaction and savepoint) it was registered at, so it is committed or
    rolled back with the joining change, and only while its callback still waits."""
    tags = {tag for tag in tags if tag}
    if not tags:
        return
    connection = transaction.get_connection(using)
    batch = getattr(_batches, using, None)
    savepoints = tuple(connection.savepoint_ids)
    if (
        batch is not None
        and connection.in_atomic_block
        and savepoints == batch.savepoints  # committed or rolled back with this change, never apart
        and any(entry[1] == batch.flush for entry in connection.run_on_commit)
    ):
        batch.tags.update(tags)
        return
    batch = _Batch(using, savepoints)
    batch.tags.update(tags)
    if connection.in_atomic_block:
        setattr(_batches, using, batch)
    transaction.on_commit(batch.flush, using=using)
