"""The two ways PostgreSQL finds a search's newest matches (search.results.newest_matches): walking
the pages newest first, or listing the matches first. Chosen by the planner's estimate, they must
find the same pages in the same order, whatever the filters (issue 17)."""

import datetime
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from news.models import NewsPage
from search import results
from site_kb.query import reader_query

from ..builders import make_site, publish

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own plans")

QUERIES = ["truong", "trường học", "hoi thao", '"ngày hội"', "33/QĐ-GDĐT", "khong co dau"]


class NewestMatchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, sections = make_site()
        cls.news_index = sections["news"]
        for i in range(12):
            publish(
                cls.news_index,
                NewsPage(
                    title=f"Ngày hội thao trường học số {i}" if i % 3 else f"Trường tổ chức họp số {i}",
                    slug=f"tin-{i}",
                    lead="Học sinh thi đấu." if i % 2 else "Số 33/QĐ-GDĐT.",
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                    body=[("paragraph", "<p>Nhà trường.</p>")],
                ),
            )
        cls.secret = secret = cls.news_index.get_children().last()
        PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")

    def both(self, pages, text, limit=5):
        query = reader_query(text)
        with mock.patch.object(results, "WALK_MIN_MATCHES", 0):
            walked = list(results.newest_matches(pages, query, limit))
        with mock.patch.object(results, "WALK_MIN_MATCHES", 10**9):
            listed = list(results.newest_matches(pages, query, limit))
        return walked, listed

    def test_both_plans_find_the_same_pages_in_the_same_order(self):
        everything = Page.objects.live().public()
        for pages in (everything, everything.descendant_of(self.news_index), everything.type(NewsPage)):
            for text in QUERIES:
                with self.subTest(text=text, pages=str(pages.query)[:40]):
                    walked, listed = self.both(pages, text)
                    self.assertEqual(walked, listed)
        walked, _listed = self.both(everything, "truong", limit=50)
        # The 11 public articles and the section "Trường học"; not the private article.
        self.assertEqual(len(walked), 12)
        self.assertNotIn(self.secret.pk, walked)
        dates = list(
            Page.objects.filter(pk__in=walked).order_by("-first_published_at").values_list("pk", flat=True)
        )
        self.assertEqual(walked, dates)

    def test_the_planner_s_estimate_is_asked_once_for_the_same_words(self):
        """A second search of the same words, whatever its filters, plans no EXPLAIN of its own
        (results.estimated_matches); other words do, and find the same pages as before."""
        everything = Page.objects.live().public()
        with CaptureQueriesContext(connection) as first:
            found = list(results.newest_matches(everything, reader_query("truong"), 5))
        with CaptureQueriesContext(connection) as again:
            self.assertEqual(list(results.newest_matches(everything, reader_query("truong"), 5)), found)
            list(results.newest_matches(everything.type(NewsPage), reader_query("truong"), 5))
        with CaptureQueriesContext(connection) as other:
            list(results.newest_matches(everything, reader_query("hoi thao"), 5))
        self.assertEqual(explains(first), 1)
        self.assertEqual(explains(again), 0)
        self.assertEqual(explains(other), 1)


def explains(context):
    return sum(query["sql"].startswith("EXPLAIN") for query in context.captured_queries)


class ListedPlanTests(TestCase):
    """The plan for a word in fewer pages reads the matches' keys and their pages in one statement:
    the keys are an array computed in PostgreSQL and looked up on the page table's primary key,
    never sent to Python and back (issue 17: 'sơ cứu', 1,692 keys, 6.5 ms against 3.6 ms)."""

    setUpTestData = classmethod(NewestMatchTests.setUpTestData.__func__)

    def test_one_statement_finds_the_matches_by_key(self):
        pages = Page.objects.live().public()
        with mock.patch.object(results, "WALK_MIN_MATCHES", 10**9):
            results.newest_matches(pages, reader_query("truong"), 5)  # the estimate, kept
            with CaptureQueriesContext(connection) as queries:
                found = list(results.newest_matches(pages, reader_query("truong"), 5))
        self.assertEqual(len(found), 5)
        self.assertEqual(len(queries), 1)
        self.assertIn('"wagtailcore_page"."id" = ANY(ARRAY(SELECT', queries[0]["sql"])
