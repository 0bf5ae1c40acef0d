"""Readers' searches are still counted for the editors (popular searches, picks), but written after
the response, not in the reader's request (issue 17, search.hits)."""

import datetime
import time
from collections import Counter
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from news.models import NewsPage
from search import hits

from ..builders import make_site, publish

SEARCH_TABLES = "wagtailsearchpromotions_"


class SearchHitsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        cls.page = publish(
            sections["news"],
            NewsPage(
                title="Hội nghị tổng kết năm học",
                slug="hoi-nghi",
                lead="Tổng kết năm học.",
                date=datetime.date(2026, 5, 1),
                body=[("paragraph", "<p>Tổng kết năm học.</p>")],
            ),
        )

    def setUp(self):
        # This test's own count, just written: what earlier tests of the process counted is left out.
        for name, value in (("_pending", Counter()), ("_last_flush", time.monotonic())):
            patcher = mock.patch.object(hits, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def search(self, text):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/tim-kiem/", {"q": text})
        self.assertEqual(response.status_code, 200)
        return response, [query["sql"] for query in queries.captured_queries]

    def today_hits(self, text):
        row = QueryDailyHits.objects.filter(query__query_string=text, date=timezone.now().date()).first()
        return row.hits if row else 0

    def test_a_search_writes_nothing_in_the_readers_request(self):
        _response, queries = self.search("Hội nghị")
        written = [sql for sql in queries if SEARCH_TABLES in sql and not sql.lstrip().startswith("SELECT")]
        self.assertEqual(written, [])
        self.assertEqual(self.today_hits("hội nghị"), 0)

    def test_searches_are_counted_when_written(self):
        for text in ("Hội nghị", "hội nghị", "HỘI NGHỊ"):
            self.search(text)
        self.search("tong ket")
        hits.flush()
        self.assertEqual(self.today_hits("hội nghị"), 3)
        self.assertEqual(self.today_hits("tong ket"), 1)
        self.search("Hội nghị")
        hits.flush()
        self.assertEqual(self.today_hits("hội nghị"), 4, "added to the day's row")
        self.assertEqual(Query.objects.filter(query_string="hội nghị").count(), 1)

    def test_counts_are_written_after_a_response_once_due(self):
        with mock.patch.object(hits, "FLUSH_SECONDS", 0):
            self.search("Hội nghị")
        self.assertEqual(self.today_hits("hội nghị"), 1)
        with mock.patch.object(hits, "FLUSH_COUNT", 2):
            self.search("Hội nghị")
            self.assertEqual(self.today_hits("hội nghị"), 1, "not due yet: one search waiting")
            self.search("Hội nghị")
        self.assertEqual(self.today_hits("hội nghị"), 3)

    def test_editors_picks_still_show(self):
        self.search("Hội nghị")  # the promoted strings kept before any promotion
        query = Query.objects.create(query_string="hội nghị")
        with self.captureOnCommitCallbacks(execute=True):
            promotion = SearchPromotion.objects.create(
                query=query, page=self.page, description="Tin được chọn."
            )
        response, _queries = self.search("Hội nghị")
        self.assertContains(response, "Gợi ý của ban biên tập")
        self.assertContains(response, "Tin được chọn.")
        self.page.unpublish()
        response, _queries = self.search("Hội nghị")
        self.assertNotContains(response, "Gợi ý của ban biên tập")
        self.page.save_revision().publish()
        with self.captureOnCommitCallbacks(execute=True):
            promotion.delete()
        self.assertNotContains(self.search("Hội nghị")[0], "Gợi ý của ban biên tập")

    def test_a_search_nobody_promoted_asks_no_promotion_query(self):
        self.search("Hội nghị")
        _response, queries = self.search("Hội nghị")
        self.assertFalse([sql for sql in queries if "searchpromotion" in sql])

    def test_a_string_that_normalising_changes_is_counted_once_under_its_stored_form(self):
        # 'İ' lower-cases to two code points: looked up and stored must be the same string.
        for _ in range(2):
            self.search("İ" * 200)
        hits.flush()
        stored = hits.stored_query_string("İ" * 200)
        self.assertEqual(Query.objects.get().query_string, stored)
        self.assertEqual(self.today_hits(stored), 2)
