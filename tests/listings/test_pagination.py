"""Paginated news listings (site_kb.models.KeyedPaginator, issue 17): the right articles in the right
order across page boundaries, a count bounded a few pages past the requested one, ``?page=N`` as
before, and no value of ``?page=`` that is not an answer."""

import io
import re

from django.core.management.base import OutputWrapper
from django.test import TestCase

from demo import bulk
from news.models import NewsPage
from site_kb.models import KeyedPaginator

from ..builders import make_school, make_site

CARD_LINK = re.compile(r'class="card__title"><a href="([^"]+)"')
PER_PAGE = 12  # NewsIndexPage.per_page
# Generated articles: about a third go to the office's section, more than page 1's count reads
# ((1 + LOOKAHEAD_PAGES) * 12 + 1 = 73).
TOTAL = 260


class NewsPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = cls.sections["news"]
        cls.schools = [
            make_school(cls.sections["schools"], 1, "thcs"),
            make_school(cls.sections["schools"], 2, "mam-non"),
        ]
        parents = [(cls.news, "office")] + [(school, "school") for school in cls.schools]
        bulk.generate(OutputWrapper(io.StringIO()), TOTAL, parents, [])
        cls.office = list(NewsPage.objects.filter(section_id=cls.news.pk).order_by("-date", "-pk"))
        assert len(cls.office) > 6 * PER_PAGE, len(cls.office)  # the bulk writer puts 35% in the office

    def links(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return CARD_LINK.findall(response.content.decode()), response

    def test_pages_follow_each_other_newest_first_without_gap_or_repeat(self):
        seen = []
        pages = -(-len(self.office) // PER_PAGE)
        for number in range(1, pages + 1):
            links, _ = self.links(f"/tin-tuc/?page={number}")
            self.assertEqual(len(links), min(PER_PAGE, len(self.office) - len(seen)), number)
            seen += links
        self.assertEqual(seen, [article.url for article in self.office])

    def test_first_page_counts_only_a_few_pages_ahead(self):
        _, response = self.links("/tin-tuc/")
        paginator = response.context["articles"].paginator
        self.assertIsInstance(paginator, KeyedPaginator)
        if len(self.office) > (1 + KeyedPaginator.LOOKAHEAD_PAGES) * PER_PAGE:
            self.assertFalse(paginator.count_is_exact)
            self.assertContains(response, '<li class="pagination__current">Trang 1</li>', html=False)
        self.assertContains(response, 'rel="next"')

    def test_a_page_near_the_end_shows_the_total(self):
        pages = -(-len(self.office) // PER_PAGE)
        _, response = self.links(f"/tin-tuc/?page={pages - 1}")
        self.assertTrue(response.context["articles"].paginator.count_is_exact)
        self.assertContains(response, f"Trang {pages - 1} / {pages}")

    def test_bad_page_values_give_a_page_never_an_error(self):
        first = [article.url for article in self.office[:PER_PAGE]]
        last_page = -(-len(self.office) // PER_PAGE)
        last = [article.url for article in self.office[(last_page - 1) * PER_PAGE :]]
        for value, expected in [
            ("abc", first),
            ("", first),
            ("0", first),
            ("-3", first),
            ("2.5", first),
            ("1e3", first),
            ("%00", first),
            ("%E1%BA%A1", first),
            ("99999", last),
            ("9" * 40, last),
        ]:
            with self.subTest(page=value):
                links, _ = self.links(f"/tin-tuc/?page={value}")
                self.assertEqual(links, expected)

    def test_school_home_pages_through_its_news(self):
        school = self.schools[0].specific
        expected = [a.pk for a in NewsPage.objects.filter(section_id=school.pk).order_by("-date", "-pk")]
        seen = []
        for number in range(1, -(-len(expected) // school.per_page) + 1):
            response = self.client.get(f"{school.url}?page={number}")
            self.assertEqual(response.status_code, 200)
            seen += [article.pk for article in response.context["articles"]]
        self.assertEqual(seen, expected)

    def test_schools_news_aggregate_with_filters_pages_in_order(self):
        url = self.sections["schools"].url + "tin-cac-truong/"
        both = NewsPage.objects.filter(section_id__in=[s.pk for s in self.schools]).order_by("-date", "-pk")
        links, _ = self.links(url + "?page=2")
        self.assertEqual(links, [a.url for a in both[PER_PAGE : 2 * PER_PAGE]])
        kindergarten = both.filter(section_id=self.schools[1].pk)
        links, _ = self.links(url + "?cap=mam-non&page=2")
        self.assertEqual(links, [a.url for a in kindergarten[PER_PAGE : 2 * PER_PAGE]])
        links, _ = self.links(url + f"?truong={self.schools[0].slug}&page=abc")
        self.assertEqual(links, [a.url for a in both.filter(section_id=self.schools[0].pk)[:PER_PAGE]])

    def test_school_categories_on_the_news_index(self):
        school_news = NewsPage.objects.filter(category__startswith="school-").order_by("-date", "-pk")
        links, _ = self.links("/tin-tuc/?loai=cac-truong&page=3")
        self.assertEqual(links, [a.url for a in school_news[2 * PER_PAGE : 3 * PER_PAGE]])
        links, _ = self.links("/tin-tuc/?loai=truong-mam-non")
        self.assertEqual(links, [a.url for a in school_news.filter(category="school-mam-non")[:PER_PAGE]])

    def test_home_page_and_related_news_are_the_newest(self):
        response = self.client.get("/")
        self.assertEqual(
            [a.pk for a in response.context["office_news"]],
            [a.pk for a in self.office[: self.home.news_count]],
        )
        schools = NewsPage.objects.filter(section_id__in=[s.pk for s in self.schools]).order_by(
            "-date", "-pk"
        )
        self.assertEqual(
            [a.pk for a in response.context["school_news"]],
            [a.pk for a in schools[: self.home.school_news_count]],
        )
        article = self.office[5]
        response = self.client.get(article.url)
        related = [a for a in self.office if a.pk != article.pk][:4]
        self.assertEqual([a.pk for a in response.context["related_articles"]], [a.pk for a in related])
