"""A process keeps its own copy of the HTML fragments it lately read from the shared cache
(site_kb.page_cache.tagged_get, the rule of the pages' LocalCopies, issue 17): no round trip for the
header, menu, footer or a form while nothing was purged, a purge seen at once in the process that
made it and within ``PAGE_CACHE_LOCAL_SECONDS`` in any other."""

import time
from unittest import mock

from django.core.cache import cache
from django.test import SimpleTestCase, override_settings

from site_kb import cache_tags, page_cache
from site_kb.cache_tags import invalidate_page_cache


@override_settings(PAGE_CACHE_LOCAL_SECONDS=0.1)
class FragmentCopiesTests(SimpleTestCase):
    def setUp(self):
        cache.clear()
        page_cache.local_copies.clear()
        self.addCleanup(page_cache.local_copies.clear)
        self.clock = 1000.0
        self.enterContext(mock.patch.object(page_cache.time, "monotonic", lambda: self.clock))
        self.reads = 0
        read_many = page_cache.read_many

        def counted(keys):
            self.reads += 1
            return read_many(keys)

        self.enterContext(mock.patch.object(page_cache, "read_many", counted))
        cache.set(cache_tags.PURGES_TOKEN_KEY, "token", None)
        cache.set(page_cache.SITES_TOKEN_KEY, "sites", None)

    def keep(self, key, value, tags=("p1",)):
        page_cache.tagged_set(key, value, list(tags), time.time() - 5)  # older than the clock margin

    def copied(self, key):
        """Read until it is a copy: the first read copies it, the second reads the tokens the
        copies are checked against."""
        page_cache.tagged_get(key)
        return page_cache.tagged_get(key)

    def test_a_fragment_read_once_is_then_served_without_a_round_trip(self):
        self.keep("fragment:header", "<header>Tên đơn vị</header>")
        self.assertEqual(self.copied("fragment:header"), ("<header>Tên đơn vị</header>", ["p1"]))
        reads = self.reads
        for _request in range(5):
            self.assertEqual(page_cache.tagged_get("fragment:header")[0], "<header>Tên đơn vị</header>")
        self.assertEqual(self.reads, reads)
        self.clock += 0.2  # after the interval: one small round trip for the tokens, the copy kept
        self.assertEqual(page_cache.tagged_get("fragment:header")[0], "<header>Tên đơn vị</header>")
        self.assertEqual(self.reads, reads + 1)

    def test_a_purge_in_this_process_is_seen_at_once(self):
        self.keep("fragment:menu", "<nav>Tin tức</nav>", tags=("p1", "c2"))
        self.copied("fragment:menu")
        invalidate_page_cache(["c2"])
        self.assertIsNone(page_cache.tagged_get("fragment:menu"))

    def test_a_purge_by_another_app_server_is_seen_within_the_interval(self):
        self.keep("fragment:footer", "<footer>Địa chỉ</footer>")
        self.copied("fragment:footer")
        with mock.patch.object(cache_tags, "note_local_change"):  # as if another process purged
            invalidate_page_cache(["p1"])
        self.assertIsNotNone(page_cache.tagged_get("fragment:footer"))  # its copy, for now
        self.clock += 0.1
        self.assertIsNone(page_cache.tagged_get("fragment:footer"))

    def test_a_set_of_words_is_copied_too(self):
        self.keep("search:promoted", frozenset({"tuyển sinh", "lịch thi"}))
        self.copied("search:promoted")
        reads = self.reads
        self.assertEqual(page_cache.tagged_get("search:promoted")[0], frozenset({"tuyển sinh", "lịch thi"}))
        self.assertEqual(self.reads, reads)

    def test_a_list_is_read_afresh_each_time(self):
        """A kept list or object could be changed by the request that reads it: each read gets its
        own, from the shared cache. Only strings and frozen sets are copied."""
        self.keep("choices:schools", [("1", "Trường A")])
        first = page_cache.tagged_get("choices:schools")[0]
        first.append(("2", "Trường B"))
        reads = self.reads
        self.assertEqual(page_cache.tagged_get("choices:schools")[0], [("1", "Trường A")])
        self.assertEqual(self.reads, reads + 1)

    def test_off_with_zero_seconds(self):
        with override_settings(PAGE_CACHE_LOCAL_SECONDS=0):
            self.keep("fragment:header", "<header></header>")
            page_cache.tagged_get("fragment:header")
            reads = self.reads
            page_cache.tagged_get("fragment:header")
            self.assertEqual(self.reads, reads + 1)
