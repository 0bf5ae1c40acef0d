"""Purging Varnish by tag and by address (issue 17, parts 1 and 2).

``VarnishXkeyBackend`` is a Wagtail frontend-cache backend (``WAGTAILFRONTENDCACHE``, set from
``FRONTEND_CACHE_PURGE_URL`` in the settings) for every Varnish in front of the site, running
``deploy/varnish/default.vcl``:

- ``purge_tags(tags)``: ``PURGE /`` with ``xkey-purge: <tags separated by spaces>`` to each
  Varnish, which drops every object the app tagged with one of them (``site_kb.cache_tags``
  tags the responses and calls this for every backend that has it);
- ``purge(url)`` / ``purge_batch(urls)``: ``PURGE <path>`` with the page's Host, which drops that
  address (Wagtail's own purge of a published page).

Tags go in batches whose header stays under ``MAX_HEADER_CHARS`` (Varnish refuses a request
header over 8 kB by default). A failure that may pass (no connection, a timeout, a 5xx) is tried
again ``ATTEMPTS`` times in all with a short growing pause, never longer in all than ``DEADLINE``
seconds per Varnish; a refusal (403: this server is not in the VCL's ``acl purgers``) is not.
Each purge is logged; one that still failed is recorded as a ``CachePurgeFailure``, shown to the
IT officer in the admin, and never raised: a purge never blocks publishing.

A change is purged twice (issue 17: a publish visible through Varnish in under a second, every
time). ``purge_tags_at_once`` runs when the change commits, in the process that made it: one try
per Varnish, ``QUICK_TIMEOUT`` at most, nothing retried or recorded. Then the task worker's
``purge_tags`` (``site_kb.cache_tags.purge_frontend_caches``) purges again with its retries and its
record. The queue alone was too slow: a publish queues two search-index updates (0.2–0.4 s each on
50,000 pages) ahead of its purge, and the poll adds up to its interval, so the new page showed
after 0.7–1.4 s (bench/run). The second purge also drops a page that a request which began before
the commit rendered from the old content and stored just after the first.
"""

import http.client
import logging
import time
from datetime import timedelta
from urllib.parse import quote, urlsplit

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)

TAG_HEADER = "xkey-purge"
USER_AGENT = "site_kb-frontend-cache"
# What stays as it is in a purged address (an address Wagtail built is already encoded).
URL_SAFE = "/%?&=+:;@!$'()*,~"
# Failures older than this are removed when a new one is recorded: the list stays about now.
KEEP_FAILURES = timedelta(days=90)
# Seconds the purge at commit waits for one Varnish (a publish waits for it; the task retries).
QUICK_TIMEOUT = 0.5


class PurgeError(Exception):
    """One purge request failed; ``transient`` says whether trying again may help."""

    def __init__(self, message, transient):
        super().__init__(message)
        self.transient = transient


def parse_locations(value):
    """``["http://10.0.0.5:6081", …]`` from a list or a comma-separated string; ImproperlyConfigured
    (in Vietnamese, naming the entry) for anything that is not an http(s) base address."""
    entries = value.split(",") if isinstance(value, str) else list(value or ())
    locations = []
    for entry in entries:
        entry = entry.strip().rstrip("/")
        if not entry:
            continue
        parts = urlsplit(entry)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_PURGE_URL: “{entry}” không phải địa chỉ gốc http(s) của một máy chủ "
                "Varnish (ví dụ: http://10.0.0.5:6081)."
            )
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as error:
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_PURGE_URL: cổng không hợp lệ trong “{entry}”."
            ) from error
        locations.append(entry)
    return locations


def tag_batches(tags, max_chars):
    """The tags (deduplicated, in order) in groups whose space-separated text fits ``max_chars``."""
    batch, length = [], 0
    for tag in dict.fromkeys(str(tag).strip() for tag in tags):
        if not tag or any(char.isspace() for char in tag):
            continue
        added = len(tag) + (1 if batch else 0)
        if batch and length + added > max_chars:
            yield batch
            batch, length = [], 0
            added = len(tag)
        batch.append(tag)
        length += added
    if batch:
        yield batch


class VarnishXkeyBackend(BaseBackend):
    """See the module docstring. Parameters (``WAGTAILFRONTENDCACHE["varnish"]``): ``LOCATIONS``
    (a list, or a comma-separated string, of Varnish base URLs), ``TIMEOUT`` (seconds per request,
    default 2), ``ATTEMPTS`` (default 3), ``BACKOFF`` (first pause, doubled each time, default
    0.2 s), ``DEADLINE`` (seconds in all per Varnish and batch, default 5), ``MAX_HEADER_CHARS``
    (default 4000), and Wagtail's ``HOSTNAMES``."""

    def __init__(self, params):
        super().__init__(params)
        self.locations = parse_locations(params.get("LOCATIONS", params.get("LOCATION", "")))
        if not self.locations:
            raise ImproperlyConfigured("FRONTEND_CACHE_PURGE_URL: chưa có địa chỉ máy chủ Varnish nào.")
        self.timeout = float(params.get("TIMEOUT", 2.0))
        self.attempts = max(1, int(params.get("ATTEMPTS", 3)))
        self.backoff = float(params.get("BACKOFF", 0.2))
        self.deadline = float(params.get("DEADLINE", 5.0))
        self.max_header_chars = int(params.get("MAX_HEADER_CHARS", 4000))

    # Wagtail's interface: one address, several addresses ------------------------------------

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        failed = set()  # Varnish that did not answer: not waited for again in this call
        for url in dict.fromkeys(urls):
            parts = urlsplit(url)
            if not parts.hostname:
                logger.warning("Not purging %r from Varnish: no host in the address", url)
                continue
            host = parts.hostname + (f":{parts.port}" if parts.port else "")
            path = quote(parts.path or "/", safe=URL_SAFE) + (
                f"?{quote(parts.query, safe=URL_SAFE)}" if parts.query else ""
            )
            for location in self.locations:
                self._send(location, path, {"Host": host}, url=url, failed=failed)

    # Ours: tags ------------------------------------------------------------------------------

    def purge_tags(self, tags):
        """Drop every object carrying one of ``tags`` from every Varnish. Returns the number of
        objects Varnish reported purged (summed), or None where one did not answer."""
        total = 0
        failed = set()  # Varnish that did not answer: not waited for again in this call
        for batch in tag_batches(tags, self.max_header_chars):
            value = " ".join(batch)
            for location in self.locations:
                purged = self._send(location, "/", {TAG_HEADER: value}, tags=value, failed=failed)
                total = None if purged is None or total is None else total + purged
        return total

    def purge_tags_at_once(self, tags):
        """The purge at commit (see the module docstring): each batch of ``tags`` to each Varnish,
        once, within ``QUICK_TIMEOUT`` seconds; a Varnish that fails is not asked again in this
        call. Logs, never raises, records nothing: the task's purge that follows does that.
        Returns True when every Varnish purged every batch."""
        failed = set()
        for batch in tag_batches(tags, self.max_header_chars):
            value = " ".join(batch)
            for location in self.locations:
                if location in failed:
                    continue
                try:
                    purged = self._request(
                        location, "/", {TAG_HEADER: value}, min(self.timeout, QUICK_TIMEOUT)
                    )
                except PurgeError as failure:
                    logger.warning("Purge at commit of tags %s on %s failed: %s", value, location, failure)
                    failed.add(location)
                else:
                    logger.info("Purged at commit tags %s on %s (%s objects)", value, location, purged)
        return not failed

    # One request, its retries, its record --------------------------------------------------------

    def _send(self, location, path, headers, tags="", url="", failed=None):
        """PURGE ``path`` on ``location``; the count of purged objects (0 for an address), or None
        after recording the failure. Never raises. A location in ``failed`` (it did not answer
        earlier in the same purge) is not tried again, only recorded: a purge of many batches
        to a stopped Varnish takes one deadline, not one per batch; a failure adds it there."""
        what = f"tags {tags}" if tags else f"address {url}"
        if failed is not None and location in failed:
            logger.error("Purge of %s on %s skipped: it did not answer a moment ago", what, location)
            self._record(location, tags, url, "không thử: máy chủ vừa không trả lời lần xoá trước", 0)
            return None
        started = time.monotonic()
        error = None
        attempt = 0
        for attempt in range(1, self.attempts + 1):  # noqa: B007 - the count is recorded
            remaining = self.deadline - (time.monotonic() - started)
            if remaining <= 0:
                break
            try:
                purged = self._request(location, path, headers, min(self.timeout, remaining))
            except PurgeError as failure:
                error = failure
                logger.warning("Purge of %s on %s failed (attempt %d): %s", what, location, attempt, failure)
                if not failure.transient:
                    break
                pause = self.backoff * 2 ** (attempt - 1)
                if attempt < self.attempts and time.monotonic() - started + pause < self.deadline:
                    time.sleep(pause)
            else:
                logger.info("Purged %s on %s (%s objects)", what, location, purged)
                return purged
        message = str(error) if error else "hết thời gian cho phép"
        logger.error("Purge of %s on %s failed after %d attempts: %s", what, location, attempt, message)
        self._record(location, tags, url, message, attempt)
        if failed is not None and (error is None or error.transient):
            failed.add(location)
        return None

    def _request(self, location, path, headers, timeout):
        parts = urlsplit(location)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request("PURGE", path, headers={"User-Agent": USER_AGENT, **headers})
            response = connection.getresponse()
            body = response.read(1000)
            status = response.status
            count = response.getheader("xkey-purged")
        except (OSError, http.client.HTTPException) as error:
            raise PurgeError(f"{type(error).__name__}: {error}", transient=True) from error
        finally:
            connection.close()
        if status >= 500:
            raise PurgeError(f"HTTP {status}: {body.decode(errors='replace').strip()[:200]}", transient=True)
        if status != 200:
            raise PurgeError(f"HTTP {status}: {body.decode(errors='replace').strip()[:200]}", transient=False)
        try:
            return int(count) if count is not None else 0
        except ValueError:
            return 0

    def _record(self, location, tags, url, error, attempts):
        # By name: the settings read ``parse_locations`` from this module before any model exists.
        failures = apps.get_model("site_kb", "CachePurgeFailure")
        try:
            failures.objects.create(
                location=location[:500], tags=tags, url=url, error=error, attempts=attempts
            )
            failures.objects.filter(created_at__lt=timezone.now() - KEEP_FAILURES).delete()
        except Exception:
            logger.exception("Could not record the failed purge of %s on %s", tags or url, location)


def purge_tags_at_once(tags):
    """Ask every configured frontend-cache backend that can (``purge_tags_at_once``) to purge
    ``tags`` now; for ``site_kb.cache_tags.purge_tags``, after the change committed and before its
    task is queued. Never raises: a purge never blocks publishing."""
    for name, backend in get_backends().items():
        purge = getattr(backend, "purge_tags_at_once", None)
        if purge is None:
            continue
        try:
            purge(list(tags))
        except Exception:
            logger.exception("Purging cache tags %s at once through %s failed", " ".join(tags), name)
