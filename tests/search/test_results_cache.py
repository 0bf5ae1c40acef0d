"""Kept search results (issue 17, search.results): a repeated search reads the cache, and every
change a reader must see (a publish, an unpublish, a new text, a page made private) shows on the
next search. The refusal side: a private page never comes back through a kept result."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from news.models import NewsPage
from search.results import RESULTS_TAG
from site_kb.cache_tags import tag_version_key

from ..builders import make_image, make_site, publish

INDEX_TABLE = "wagtailsearch_indexentry"


def article(title, lead, date=datetime.date(2026, 5, 1), slug=None):
    return NewsPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:50],
        lead=lead,
        date=date,
        body=[("paragraph", f"<p>{lead}</p>")],
    )


@override_settings(DJANGO_PAGE_CACHE=True)
class KeptResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        cls.news_index = sections["news"]
        cls.first = publish(
            cls.news_index, article("Ngày hội đọc sách", "Thư viện mở cửa cho học sinh.", slug="a")
        )

    def setUp(self):
        cache.clear()

    def titles(self, **params):
        response = self.client.get("/tim-kiem/", params)
        self.assertEqual(response.status_code, 200)
        return [item["page"].title for item in response.context["results"]]

    def searched_index(self, **params):
        """True when the request read the search index (the results were not kept)."""
        with CaptureQueriesContext(connection) as queries:
            self.titles(**params)
        return any(INDEX_TABLE in query["sql"] for query in queries.captured_queries)

    def test_a_repeated_search_reads_the_kept_results(self):
        self.assertTrue(self.searched_index(q="doc sach"))
        self.assertFalse(self.searched_index(q="doc sach"))
        self.assertFalse(self.searched_index(q="DOC SACH"), "case does not change a result")
        self.assertTrue(self.searched_index(q="đọc sách"), "the words as typed order the results")
        self.assertTrue(self.searched_index(q="doc sach", loai="van-ban"), "filters are part of the key")
        self.assertEqual(self.titles(q="doc sach", loai="van-ban"), [])

    def test_a_published_page_shows_on_the_next_search(self):
        self.assertEqual(self.titles(q="doc sach"), ["Ngày hội đọc sách"])
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.news_index, article("Tuần lễ đọc sách", "Học sinh đọc sách.", slug="b"))
        self.assertEqual(set(self.titles(q="doc sach")), {"Ngày hội đọc sách", "Tuần lễ đọc sách"})

    def test_an_unpublished_page_leaves_the_next_search(self):
        self.assertEqual(self.titles(q="doc sach"), ["Ngày hội đọc sách"])
        with self.captureOnCommitCallbacks(execute=True):
            self.first.unpublish()
        self.assertEqual(self.titles(q="doc sach"), [])

    def test_new_words_of_a_republished_page_are_found_at_once(self):
        self.assertEqual(self.titles(q="doc sach"), ["Ngày hội đọc sách"])
        self.assertEqual(self.titles(q="ke chuyen"), [])
        self.first.title = "Ngày hội kể chuyện"
        with self.captureOnCommitCallbacks(execute=True):
            self.first.save_revision().publish()  # only its own p<id> tag: the index task purges results
        self.assertEqual(self.titles(q="ke chuyen"), ["Ngày hội kể chuyện"])
        self.assertEqual(self.titles(q="doc sach"), [])

    def test_an_image_indexed_for_the_admin_keeps_the_results(self):
        """Readers find pages only: an image written to the index (for the admin's search) keeps
        the results found before; a page written does not."""
        self.assertTrue(self.searched_index(q="doc sach"))
        with self.captureOnCommitCallbacks(execute=True):
            make_image("Ảnh ngày hội đọc sách")
        self.assertFalse(self.searched_index(q="doc sach"))
        with self.captureOnCommitCallbacks(execute=True):
            self.first.save_revision().publish()
        self.assertTrue(self.searched_index(q="doc sach"))

    def test_a_page_made_private_leaves_the_next_search(self):
        self.assertEqual(self.titles(q="doc sach"), ["Ngày hội đọc sách"])
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.first, restriction_type="password", password="x")
        self.assertFalse(cache.get(tag_version_key(RESULTS_TAG)) is None)
        self.assertEqual(self.titles(q="doc sach"), [])

    def test_a_private_page_never_shows_through_a_kept_result_even_unpurged(self):
        self.assertEqual(self.titles(q="doc sach"), ["Ngày hội đọc sách"])
        # The restriction is saved but its purge never runs (its commit callback is dropped): the
        # kept keys still name the page, and the page is still not shown.
        with self.captureOnCommitCallbacks(execute=False):
            PageViewRestriction.objects.create(page=self.first, restriction_type="password", password="x")
        self.assertFalse(self.searched_index(q="doc sach"), "the kept result was read")
        self.assertEqual(self.titles(q="doc sach"), [])
        response = self.client.get("/tim-kiem/", {"q": "doc sach"})
        self.assertNotContains(response, "Ngày hội đọc sách</a>")

    @override_settings(DJANGO_PAGE_CACHE=False)
    def test_off_with_the_page_cache(self):
        self.assertTrue(self.searched_index(q="doc sach"))
        self.assertTrue(self.searched_index(q="doc sach"))


class SearchQueryBudgetTests(TestCase):
    """The SQL of a search page does not grow with its results: the same count for 1 match and for
    30 (three pages of results), with or without kept results."""

    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        news_index = sections["news"]
        publish(news_index, article("Giải bóng bàn học sinh", "Thi đấu bóng bàn.", slug="bong-ban"))
        for i in range(30):
            publish(news_index, article(f"Hội thao số {i}", "Học sinh thi đấu.", slug=f"hoi-thao-{i}"))

    def count(self, **params):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/tim-kiem/", params)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["results"], params)
        return len(queries.captured_queries)

    def test_same_query_count_for_one_match_and_thirty(self):
        # Each query once first: the first request of a process reads what it keeps (Sites,
        # settings), and the first search of some words records them (Query, its daily hits).
        self.count(q="bong ban"), self.count(q="hoi thao")
        one, thirty = self.count(q="bong ban"), self.count(q="hoi thao")
        self.assertEqual(one, thirty)
        self.assertEqual(self.count(q="hoi thao", page=3), thirty)

    @override_settings(DJANGO_PAGE_CACHE=True)
    def test_a_kept_result_costs_fewer_queries_and_the_same_for_any_size(self):
        cache.clear()
        first = self.count(q="hoi thao")
        kept_thirty, kept_one = (
            self.count(q="hoi thao"),
            (self.count(q="bong ban"), self.count(q="bong ban"))[1],
        )
        self.assertLess(kept_thirty, first)
        self.assertEqual(kept_one, kept_thirty)
