"""A long list of ids as one array parameter on PostgreSQL (site_kb.id_lists, issue 17): the same rows
as Django's ``__in``, on every database; the home page's school news read through it."""

from django.db import connection, models
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from news.models import NewsPage
from site_kb.id_lists import id_in

from ..builders import make_news, make_school, make_site


class IdInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.schools = [make_school(cls.sections["schools"], i) for i in range(3)]
        for school in cls.schools:
            make_news(school, 2, prefix=f"tin-{school.slug}")
        make_news(cls.sections["news"], 2)

    def test_the_same_rows_as_in(self):
        ids = [school.pk for school in self.schools[:2]]
        expected = set(NewsPage.objects.filter(section_id__in=ids).values_list("pk", flat=True))
        found = set(NewsPage.objects.filter(id_in("section_id", ids)).values_list("pk", flat=True))
        self.assertEqual(len(expected), 4)
        self.assertEqual(found, expected)
        combined = NewsPage.objects.filter(models.Q(id_in("section_id", ids)) & models.Q(live=True))
        self.assertEqual(set(combined.values_list("pk", flat=True)), expected)

    def test_one_parameter_for_the_whole_list_on_postgresql(self):
        ids = [page.pk for page in Page.objects.all()] + list(range(10**6, 10**6 + 500))
        with CaptureQueriesContext(connection) as queries:
            list(NewsPage.objects.filter(id_in("section_id", ids)))
        if connection.vendor == "postgresql":
            # The array's text, one constant: psycopg2 would write a list as ARRAY[1, 2, …], an
            # expression of one constant per id for PostgreSQL to parse.
            self.assertIn("= ANY('{", queries[0]["sql"])
            self.assertIn("}'::integer[])", queries[0]["sql"])
            self.assertNotIn("ARRAY[", queries[0]["sql"])
        else:
            self.assertIn(" IN (", queries[0]["sql"])

    def test_an_empty_list_matches_nothing_without_a_query(self):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(list(NewsPage.objects.filter(id_in("section_id", []))), [])
        self.assertEqual(len(queries), 0)

    def test_the_home_page_lists_the_schools_news(self):
        response = self.client.get("/")
        school_news = {article.pk for article in response.context["school_news"]}
        expected = set(
            NewsPage.objects.filter(section_id__in=[school.pk for school in self.schools])
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[: self.home.school_news_count]
        )
        self.assertEqual(school_news, expected)
        self.assertEqual(len(school_news), 6)
