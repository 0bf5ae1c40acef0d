"""School news in the news index (issue 15.5), Vietnamese filter addresses (15.12) and the
schools list in Vietnamese order (15.14)."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from feedback.forms import FeedbackForm
from news.models import NewsPage
from schools.models import SchoolPage
from search.forms import SearchForm
from site_kb.collation import order_vietnamese

from ..builders import make_image, make_school, make_site, publish


def article(parent, slug, **fields):
    return publish(
        parent, NewsPage(title=slug, slug=slug, lead="x", body=[("paragraph", "<p>x</p>")], **fields)
    )


class SchoolNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        schools = cls.sections["schools"]
        cls.kindergarten = make_school(schools, 1, level="mam-non")
        cls.secondary = make_school(schools, 2, level="thcs")
        cls.secondary_2 = make_school(schools, 3, level="thcs")
        article(cls.sections["news"], "tin-phong")
        article(cls.kindergarten, "tin-mam-non")
        article(cls.secondary, "tin-thcs-1")
        article(cls.secondary_2, "tin-thcs-2")

    def slugs(self, response):
        self.assertEqual(response.status_code, 200)
        return sorted(page.slug for page in response.context["articles"])

    def test_a_school_level_lists_the_news_of_its_schools(self):
        news = self.sections["news"].url
        self.assertEqual(
            self.slugs(self.client.get(news, {"loai": "truong-thcs"})), ["tin-thcs-1", "tin-thcs-2"]
        )
        self.assertEqual(self.slugs(self.client.get(news, {"loai": "truong-mam-non"})), ["tin-mam-non"])
        self.assertEqual(self.slugs(self.client.get(news, {"loai": "truong-tieu-hoc"})), [])
        self.assertEqual(
            self.slugs(self.client.get(news, {"loai": "cac-truong"})),
            ["tin-mam-non", "tin-thcs-1", "tin-thcs-2"],
        )
        self.assertEqual(self.slugs(self.client.get(news)), ["tin-phong"])  # the section's own news
        self.assertEqual(self.slugs(self.client.get(news, {"loai": "hoat-dong-phong"})), ["tin-phong"])
        response = self.client.get(news, {"loai": "truong-thcs"})
        self.assertContains(response, 'aria-current="page">Hoạt động trường THCS</a>', html=False)
        self.assertContains(response, "/truong-hoc/truong-2/tin-thcs-1/")

    def test_school_feeds_of_the_news_index(self):
        response = self.client.get(f"{self.sections['news'].url}rss/", {"loai": "cac-truong"})
        body = response.content.decode()
        self.assertIn("Tin tức: Tin các trường", body)
        for slug in ("tin-mam-non", "tin-thcs-1", "tin-thcs-2"):
            self.assertIn(f"/{slug}/", body)
        self.assertNotIn("/tin-phong/", body)

    def test_the_home_page_see_all_leads_to_the_schools_news(self):
        # The schools list's aggregation (issue 16.7); the news index's ?loai=cac-truong still works.
        response = self.client.get(self.home.url)
        self.assertContains(response, f'href="{self.sections["schools"].url}tin-cac-truong/"')

    def test_old_english_addresses_redirect_permanently(self):
        news = self.sections["news"].url
        for old, new in (
            ("category=school-thcs", "loai=truong-thcs"),
            ("category=office&page=2", "loai=hoat-dong-phong&page=2"),
            ("category=school", "loai=cac-truong"),
            ("loai=professional", "loai=chuyen-mon"),
        ):
            with self.subTest(old):
                response = self.client.get(f"{news}?{old}")
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], f"{news}?{new}")
        response = self.client.get(f"{news}rss/?category=professional")
        self.assertEqual((response.status_code, response["Location"]), (301, f"{news}rss/?loai=chuyen-mon"))
        schools = self.sections["schools"].url
        response = self.client.get(f"{schools}?level=thcs")
        self.assertEqual((response.status_code, response["Location"]), (301, f"{schools}?cap=thcs"))
        self.assertEqual(self.client.get(f"{news}?loai=khong-co").status_code, 200)  # unknown: ignored

    def test_the_query_count_does_not_grow_with_the_list(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.sections["news"].url, {"loai": "cac-truong"})
            self.assertEqual(response.status_code, 200)
            return len(queries), len(response.context["articles"])

        image = make_image()
        article(self.secondary, "tin-anh", listing_image=image)
        count()  # the first view makes the thumbnail and fills the site's caches
        few = count()
        for i in range(6):
            article(self.kindergarten, f"them-{i}", listing_image=image)
        many = count()
        self.assertEqual(few[0], many[0])
        self.assertEqual((few[1], many[1]), (4, 10))


class SchoolOrderTests(TestCase):
    def test_schools_are_listed_in_vietnamese_alphabetical_order(self):
        home, sections = make_site()
        for title in (
            "Trường THCS Đồng Hóa",
            "Trường THCS Dương Xá",
            "Trường THCS Bắc Sơn",
            "Trường THCS Ba Sao",
        ):
            publish(sections["schools"], SchoolPage(title=title, level="thcs", commune="Xã"))
        response = self.client.get(sections["schools"].url, {"cap": "thcs"})
        [(_level, _label, schools)] = response.context["school_groups"]
        self.assertEqual(
            [school.title for school in schools],
            ["Trường THCS Ba Sao", "Trường THCS Bắc Sơn", "Trường THCS Dương Xá", "Trường THCS Đồng Hóa"],
        )
        self.assertEqual([school.slug for school in schools][-1], "truong-thcs-dong-hoa")
        self.assertContains(
            response, '<a href="?cap=thcs" aria-current="page">Trung học cơ sở</a>', html=True
        )

        expected = [
            "Trường THCS Ba Sao",
            "Trường THCS Bắc Sơn",
            "Trường THCS Dương Xá",
            "Trường THCS Đồng Hóa",
        ]
        self.assertEqual([school.title for school in order_vietnamese(SchoolPage.objects.all())], expected)
        search = SearchForm(site_root=home)
        self.assertEqual([label for value, label in search.fields["truong"].choices if value], expected)
        feedback = FeedbackForm(site_root=home)
        self.assertEqual([str(unit) for unit in feedback.fields["concerned_unit"].queryset], expected)
        site_map = self.client.get("/so-do-trang/").content.decode()
        self.assertEqual(
            [site_map.index(f">{title}</a>") for title in expected],
            sorted(site_map.index(f">{title}</a>") for title in expected),
        )
