"""The two ways PostgreSQL finds a search's newest matches (search.results.newest_matches): walking
the pages newest first, or listing the matches first. Chosen by the planner's estimate, they must
find the same pages in the same order, whatever the filters (issue 17)."""

import datetime
import json
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from news.models import NewsPage
from search import results
from site_kb.query import reader_query

from ..builders import make_image, make_site, publish

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
    """The plan for a word in fewer pages lists the matches' index rows newest first by the page date
    kept on them, and looks up only as many pages as it lists, in one statement (issue 17: 'sơ
    cứu', 1,692 matches: 2,200 buffers against 6,300 when every match's page was read)."""

    setUpTestData = classmethod(NewestMatchTests.setUpTestData.__func__)

    def listed(self, pages, text, limit):
        with mock.patch.object(results, "WALK_MIN_MATCHES", 10**9):
            results.newest_matches(pages, reader_query(text), limit)  # the estimate, kept
            with CaptureQueriesContext(connection) as queries:
                found = list(results.newest_matches(pages, reader_query(text), limit))
        self.assertEqual(len(queries), 1)
        return found, queries[0]["sql"]

    def test_one_statement_looks_up_only_the_pages_it_lists(self):
        pages = Page.objects.live().public()
        found, sql = self.listed(pages, "truong", 5)
        self.assertEqual(len(found), 5)
        self.assertIn("CROSS JOIN LATERAL", sql)
        matches = len(self.listed(pages, "truong", 50)[0])
        self.assertEqual(matches, 12)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)  # no parameters: % is plain text
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        lookups = [node for node in plan_nodes(plan) if node.get("Relation Name") == "wagtailcore_page"]
        self.assertEqual(len(lookups), 1, plan)
        # One look-up a page listed: the newest five, and the private article among them skipped;
        # never one read of all 13 matches' pages.
        self.assertIn(lookups[0]["Actual Loops"], (5, 6))

    def test_the_matches_are_found_through_the_words_index(self):
        """The statement's match is written by hand (search.results.listed_matches): it must be the
        very expression the GIN index holds, or every search would read the whole index table.
        Sequential scans are priced out, as at 50,000 pages, where this test's few rows would
        otherwise be read whole."""
        _found, sql = self.listed(Page.objects.live().public(), "so cuu", 5)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        indexes = {node.get("Index Name") for node in plan_nodes(plan)}
        self.assertIn("site_kb_indexentry_title_body_gin", indexes, plan)

    def test_the_private_and_the_unpublished_are_skipped_in_the_order(self):
        pages = Page.objects.live().public()
        found, _sql = self.listed(pages, "truong", 50)
        self.assertNotIn(self.secret.pk, found)
        newest = self.news_index.get_children().live().order_by("-first_published_at").first()
        newest.specific.unpublish()
        found_after, _sql = self.listed(pages, "truong", 50)
        self.assertEqual(found_after, [pk for pk in found if pk != newest.pk])


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


class PageDateTests(TestCase):
    """PostgreSQL keeps each page's first-publication date on its search index row (search migration
    0003), however the page or the index is written, and never gives another model's row a date."""

    setUpTestData = classmethod(NewestMatchTests.setUpTestData.__func__)

    def kept_date(self, instance):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {results.PAGE_DATE_COLUMN} FROM wagtailsearch_indexentry "  # noqa: S608
                "WHERE content_type_id = %s AND object_id = %s",
                [ContentType.objects.get_for_model(instance).pk, str(instance.pk)],
            )
            rows = cursor.fetchall()
        self.assertEqual(len(rows), 1, f"one index row for {instance!r}")
        return rows[0][0]

    def test_a_published_page_s_row_holds_its_date(self):
        for page in NewsPage.objects.all():
            self.assertIsNotNone(page.first_published_at)
            self.assertEqual(self.kept_date(page), page.first_published_at)

    def test_a_new_date_reaches_the_row_and_the_order_of_the_results(self):
        """A bulk update (an import, a correction) writes no index row: the trigger on the page
        table carries the new date, and the listed plan puts the page first at once."""
        oldest = NewsPage.objects.order_by("first_published_at").first()
        newer = timezone.now() + datetime.timedelta(days=1)
        Page.objects.filter(pk=oldest.pk).update(first_published_at=newer)
        self.assertEqual(self.kept_date(oldest), newer)
        with mock.patch.object(results, "WALK_MIN_MATCHES", 10**9):
            listed = list(results.newest_matches(Page.objects.live().public(), reader_query("truong"), 3))
        self.assertEqual(listed[0], oldest.pk)
        walked, listed = NewestMatchTests.both(self, Page.objects.live().public(), "truong")
        self.assertEqual(walked, listed)

    def test_a_rebuilt_index_row_is_given_the_date_again(self):
        page = NewsPage.objects.order_by("first_published_at").first()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM wagtailsearch_indexentry")
        get_search_backend().add(page)
        self.assertEqual(self.kept_date(page), page.first_published_at)

    def test_a_key_beyond_the_integers_is_written_without_a_date(self):
        """An index row's key is text: one too long for an integer column must not make the
        trigger's cast fail, or writing the index would fail with it."""
        news_type = ContentType.objects.get_for_model(NewsPage)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, autocomplete,"
                " body, title_norm, title_text, body_text) VALUES (%s, %s, '', '', '', 1.0, '', '')",
                [news_type.pk, "98765432109876"],
            )
        self.assertIsNone(self.kept_date(NewsPage(pk=98765432109876)))

    def test_another_model_s_row_with_a_page_s_key_gets_no_date(self):
        page = NewsPage.objects.first()
        image = make_image()
        get_image_model().objects.filter(pk=image.pk).update(id=page.pk)
        image = get_image_model().objects.get(pk=page.pk)
        get_search_backend().add(image)
        self.assertIsNone(self.kept_date(image))
        self.assertIsNotNone(self.kept_date(page))
