"""What the re-ranking reads of each result (search.results.text_fields): the title, the page's
search description and each page type's own summary field, in two queries whatever the number of
page types among the results; and what a page of results reads to show them (issue 17)."""

import datetime

from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page

from directives.models import DirectivePage
from news.models import NewsPage
from schools.models import SchoolPage
from search.results import rerank, text_fields
from search.views import ResultPages, result_item
from site_kb.query import query_words
from site_kb.sites import canonical_url

from ..builders import make_directive, make_news, make_school, make_site


class TextFieldsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, sections = make_site()
        cls.news = make_news(sections["news"], 2)
        cls.school = make_school(sections["schools"], 1)
        cls.directive = make_directive(sections["directives"])
        NewsPage.objects.filter(pk=cls.news[0].pk).update(lead="Lễ khai giảng năm học mới.")
        SchoolPage.objects.filter(pk=cls.school.pk).update(intro="Trường đạt chuẩn quốc gia.")
        DirectivePage.objects.filter(pk=cls.directive.pk).update(summary="Về việc tuyển sinh lớp 6.")
        Page.objects.filter(pk=cls.news[1].pk).update(search_description="Mô tả riêng.")

    def test_each_type_s_own_summary_field_in_two_queries(self):
        keys = [self.home.pk, *(page.pk for page in self.news), self.school.pk, self.directive.pk]
        with self.assertNumQueries(2):
            found = text_fields(keys)
        self.assertEqual(set(found), set(keys))
        self.assertEqual(found[self.news[0].pk].lead, "Lễ khai giảng năm học mới.")
        self.assertEqual(found[self.news[1].pk].search_description, "Mô tả riêng.")
        self.assertEqual(found[self.school.pk].intro, "Trường đạt chuẩn quốc gia.")
        self.assertEqual(found[self.directive.pk].summary, "Về việc tuyển sinh lớp 6.")
        self.assertEqual(found[self.directive.pk].title, self.directive.title)
        self.assertFalse(hasattr(found[self.directive.pk], "lead"))  # not a field of documents

    def test_titles_read_with_the_matches_are_not_read_again(self):
        known = {self.news[0].pk: (self.news[0].content_type_id, "Tiêu đề đã đọc", "")}
        keys = [self.news[0].pk, self.directive.pk]
        with self.assertNumQueries(2):  # the document's title; both summaries
            found = text_fields(keys, known)
        self.assertEqual(found[self.news[0].pk].title, "Tiêu đề đã đọc")
        self.assertEqual(found[self.news[0].pk].lead, "Lễ khai giảng năm học mới.")
        self.assertEqual(found[self.directive.pk].title, self.directive.title)
        with self.assertNumQueries(1):  # the summary only
            self.assertEqual(set(text_fields(keys[:1], known)), {self.news[0].pk})

    def test_no_keys_and_unknown_keys(self):
        with self.assertNumQueries(0):
            self.assertEqual(text_fields([]), {})
        with self.assertNumQueries(1):
            self.assertEqual(text_fields([10**9]), {})

    def test_a_summary_with_the_words_as_typed_lifts_its_page(self):
        """The document's summary holds "tuyển sinh" as typed: it comes before a page whose words
        only match folded, whatever their order from the backend."""
        NewsPage.objects.filter(pk=self.news[0].pk).update(lead="Tuyen sinh (khong dau).")
        keys = [self.news[0].pk, self.directive.pk]
        self.assertEqual(rerank(keys, query_words("tuyển sinh"), []), [self.directive.pk, self.news[0].pk])


class ResultPagesTests(TestCase):
    """What a page of results reads of its pages (search.views.ResultPages): their Page rows, only
    the columns shown, and the summary and number each type stores, in two queries whatever the
    types (issue 17); nothing read later, page by page, while the results are drawn."""

    setUpTestData = classmethod(TextFieldsTests.setUpTestData.__func__)

    def test_two_queries_for_every_type_and_nothing_read_afterwards(self):
        keys = [self.directive.pk, self.school.pk, *(page.pk for page in self.news), 10**9]
        with self.assertNumQueries(2):
            found = ResultPages(keys, Page.objects.live())[0:5]
        self.assertEqual([page.pk for page in found], keys[:4])
        canonical_url(found[0])  # the Sites, read once for the process (site_kb.sites)
        with self.assertNumQueries(0):
            shown = [
                (item["snippet"], item["number"], item["type_name"], item["date"][1], canonical_url(page))
                for page, item in ((page, result_item(page, [])) for page in found)
            ]
        self.assertEqual(
            shown,
            [
                (
                    "Về việc tuyển sinh lớp 6.",
                    self.directive.number,
                    DirectivePage.get_verbose_name(),
                    self.local_date(self.directive),
                    self.directive.url,
                ),
                (
                    "Trường đạt chuẩn quốc gia.",
                    "",
                    SchoolPage.get_verbose_name(),
                    self.local_date(self.school),
                    self.school.url,
                ),
                (
                    "Lễ khai giảng năm học mới.",
                    "",
                    NewsPage.get_verbose_name(),
                    self.local_date(self.news[0]),
                    self.news[0].url,
                ),
                (
                    "Mô tả riêng.",
                    "",
                    NewsPage.get_verbose_name(),
                    self.local_date(self.news[1]),
                    self.news[1].url,
                ),
            ],
        )

    @staticmethod
    def local_date(page):
        return timezone.localtime(Page.objects.get(pk=page.pk).first_published_at).strftime("%d/%m/%Y")

    def test_a_page_no_longer_live_is_left_out(self):
        Page.objects.filter(pk=self.news[0].pk).update(live=False)
        found = ResultPages([self.news[0].pk, self.news[1].pk], Page.objects.live())[0:2]
        self.assertEqual([page.pk for page in found], [self.news[1].pk])

    def test_the_results_page_shows_number_type_and_snippet(self):
        response = self.client.get("/tim-kiem/", {"q": "van ban so 1"})
        self.assertContains(response, f"{DirectivePage.get_verbose_name()} · {self.directive.number}")
        self.assertContains(response, "<p>Về việc tuyển sinh lớp 6.</p>", html=True)

    def test_each_result_s_date_is_local(self):
        """Published at 23:30 UTC on 31/12/2025: 1 January 2026 in Vietnam (UTC+7), in the
        ``datetime`` attribute as in the text."""
        published = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
        Page.objects.filter(pk=self.directive.pk).update(first_published_at=published)
        response = self.client.get("/tim-kiem/", {"q": "van ban so 1"})
        self.assertContains(response, '<time datetime="2026-01-01">01/01/2026</time>', html=True)
