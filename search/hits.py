"""Readers' searches counted without a write on the reader's request (issue 17).

Wagtail counts a search with ``Query.get(q).add_hit()``: a SELECT, an INSERT the first time, then
an UPDATE committed in the request. On bench_run_7960_5073 that cost 24–32 ms a search against
7–10 ms for reading the editors' picks alone (200 searches through the test client):
the commit waits for the disk, and under load two workers also wait for each other's row lock.

Each app-server process therefore adds its readers' searches up in memory and writes them once
``FLUSH_SECONDS`` have passed or ``FLUSH_COUNT`` searches were counted, after a response has been
sent (``request_finished``, so no reader waits for it). The counts end up in Wagtail's own tables
(``Query``, ``QueryDailyHits``), where the editors' "popular searches" read them; what a process
that stops had not written yet (under a minute or a hundred of its searches) is lost, which a
popularity count can bear. No timer and no shared cache are needed, so a single server and many
behave alike.
"""

import logging
import threading
import time
from collections import Counter

from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from site_kb.unicode import nfc

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
FLUSH_COUNT = 100

_lock = threading.Lock()
_pending = Counter()  # (query string as stored, day) → searches not written yet
_last_flush = time.monotonic()


def stored_query_string(text):
    """The string ``text`` is recorded under in Wagtail's ``Query``, or None when it has none.

    ``Query`` looks a string up normalised (cut to 255, then lower-cased) but stores it normalised
    again and in NFC, so a string those steps change ('İ' lower-cases to two code points) would
    never be found and be inserted again: a unique-constraint error. The key is therefore
    normalised until the steps leave it alone."""
    key = text
    for _round in range(3):
        stored = nfc(normalise_query_string(key))[:MAX_QUERY_STRING_LENGTH]
        if stored == key:
            return key or None
        key = stored
    return None  # not settled: the search is not counted


def count(query_string):
    """One more search of ``query_string`` (as stored) today; written by ``flush``."""
    with _lock:
        _pending[(query_string, timezone.now().date())] += 1


def flush():
    """Write the searches counted so far: per string and day, the ``Query`` (created if new) and
    its daily hits raised by the count in one UPDATE. A failure is logged, never raised."""
    global _last_flush
    with _lock:
        counted = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    for (query_string, day), hits in counted.items():
        try:
            query, _created = Query.objects.get_or_create(query_string=query_string)
            daily, _created = QueryDailyHits.objects.get_or_create(query=query, date=day)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
        except Exception:
            logger.exception("Recording %d searches of %r failed", hits, query_string)


def discard():
    """Forget the searches counted and not written yet: a process whose database is about to be
    another's (a test's transaction rolled back) must not write them there later."""
    with _lock:
        _pending.clear()


def flush_if_due(**kwargs):
    """``request_finished``: the response is sent; write the counts if it is time (see the module)."""
    if _pending and (
        time.monotonic() - _last_flush >= FLUSH_SECONDS or sum(_pending.values()) >= FLUSH_COUNT
    ):
        flush()
