"""The same pages on a small and a large site must cost the same SQL queries (DEVELOPERS.md: a
listing never runs a query per item): shared by the listing tests of every app."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_kb.cache_tags import HEADER


class SameQueryCountMixin:
    """For a TestCase with ``small_urls`` on host ``small.test`` and ``large_urls`` on ``large.test``."""

    small_host, large_host = "small.test", "large.test"

    def count_queries(self, host, url):
        self.client.get(url, HTTP_HOST=host)  # renditions and site caches warm up once
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, f"{host}{url}")
        return len(queries)

    def assert_same_query_counts(self, small_size, large_size):
        for small_url, large_url in zip(self.small_urls, self.large_urls, strict=True):
            with self.subTest(page=large_url):
                small = self.count_queries(self.small_host, small_url)
                large = self.count_queries(self.large_host, large_url)
                self.assertEqual(
                    small, large, f"{large_url}: {small} queries with {small_size}, {large} with {large_size}"
                )


def get_counting(test, url, client=None):
    """``(response, number of queries)`` of one GET of ``url``, which must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or test.client).get(url)
    test.assertEqual(response.status_code, 200, url)
    return response, len(queries)


def assert_kept_the_same(test, url):
    """``url`` rendered twice with the fragment cache on: the second time fewer queries, the same
    page to the byte and the same cache tags (what was kept carries its tags). The second response."""
    first, first_queries = get_counting(test, url)
    again, again_queries = get_counting(test, url)
    test.assertLess(again_queries, first_queries, url)
    test.assertEqual(again.content, first.content, url)
    test.assertEqual(set(again[HEADER].split()), set(first[HEADER].split()), url)
    return again
