"""``/sitemap.xml`` is a sitemap index of pages of addresses (issue 17; sitemaps.org's protocol,
"Using Sitemap index files"): every live public page of the Site exactly once across its pages,
nothing private or unpublished, a member site only its own pages, a constant number of queries
per page whatever its size, and cached and purged like a page (site_kb.cache_tags)."""

import datetime
import xml.etree.ElementTree as ET
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from news.models import NewsPage
from site_kb.cache_tags import HEADER, descendants_tag
from site_kb.sitemaps import SiteSitemap

from ..builders import make_news, make_school, make_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
AUTHORITY, SCHOOL = "localhost", "truong-mot.test"


class SitemapIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 9)
        cls.draft = cls.sections["news"].add_child(
            instance=NewsPage(
                title="Bản nháp chưa đăng",
                slug="ban-nhap-chua-dang",
                live=False,
                date=datetime.date(2026, 1, 1),
                lead="Nháp.",
                body=[("paragraph", "<p>Nháp.</p>")],
            )
        )
        cls.private = make_news(cls.sections["news"], 1, prefix="chi-noi-bo")[0]
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
        cls.school = make_school(cls.sections["schools"], 1)
        cls.school_news = make_news(cls.school, 3, prefix="tin-truong")
        Site.objects.create(hostname=SCHOOL, port=80, root_page=cls.school, site_name="Trường Một")

    def get(self, path, host=AUTHORITY):
        response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, path)
        return response

    def index(self, host=AUTHORITY):
        response = self.get("/sitemap.xml", host)
        root = ET.fromstring(response.content)
        self.assertEqual(root.tag, f"{{{NS['s']}}}sitemapindex")
        return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]

    def urls(self, page_url, host=AUTHORITY):
        response = self.get(page_url.removeprefix(f"http://{host}"), host)
        return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", NS)]

    def listed(self, host=AUTHORITY):
        return [url for page in self.index(host) for url in self.urls(page, host)]

    def expected_authority_pages(self):
        school_paths = (self.school.path,)
        pages = (
            self.home.get_descendants(inclusive=True)
            .live()
            .public()
            .exclude(pk=self.private.pk)
            .order_by("pk")
        )
        return [page for page in pages if not page.path.startswith(school_paths)]

    def test_the_index_names_one_page_per_thousands_of_addresses_on_the_sites_host(self):
        self.assertEqual(self.index(), [f"http://{AUTHORITY}/sitemap-pages.xml"])
        with mock.patch.object(SiteSitemap, "limit", 4):
            pages = self.index()
            count = len(self.expected_authority_pages())
            self.assertEqual(len(pages), -(-count // 4))
            self.assertEqual(pages[0], f"http://{AUTHORITY}/sitemap-pages.xml")
            self.assertEqual(
                pages[1:], [f"http://{AUTHORITY}/sitemap-pages.xml?p={n}" for n in range(2, len(pages) + 1)]
            )
            # Every page of the index answers, with at most ``limit`` addresses, and together they
            # list every live public page of the Site once, in id order (the primary key's index).
            per_page = [self.urls(page) for page in pages]
            self.assertTrue(all(0 < len(urls) <= 4 for urls in per_page))
            listed = [url for urls in per_page for url in urls]
        self.assertEqual(listed, [page.get_full_url() for page in self.expected_authority_pages()])
        self.assertEqual(listed, self.listed(), "the same addresses on one page as on many")

    def test_a_page_past_the_last_is_404(self):
        with mock.patch.object(SiteSitemap, "limit", 4):
            last = len(self.index())
            self.assertEqual(self.client.get(f"/sitemap-pages.xml?p={last + 1}").status_code, 404)

    def test_unpublished_and_private_pages_are_never_listed(self):
        with mock.patch.object(SiteSitemap, "limit", 3):
            listed = " ".join(self.listed())
        self.assertNotIn("ban-nhap-chua-dang", listed)
        self.assertNotIn("chi-noi-bo", listed)
        self.assertIn("/tin-tuc/tin-0/", listed)

    def test_a_member_site_lists_only_its_own_pages_on_its_own_host(self):
        with mock.patch.object(SiteSitemap, "limit", 2):
            school = self.listed(SCHOOL)
            authority = self.listed()
        expected = [f"http://{SCHOOL}/"] + [f"http://{SCHOOL}/{page.slug}/" for page in self.school_news]
        self.assertEqual(sorted(school), sorted(expected))
        self.assertFalse([url for url in authority if SCHOOL in url or "truong-1" in url])

    def test_a_sitemap_page_costs_the_same_queries_whatever_its_size(self):
        def cost():
            self.urls("/sitemap-pages.xml")  # the process's view of the Sites read again after a publish
            with CaptureQueriesContext(connection) as queries:
                listed = self.urls("/sitemap-pages.xml")
            return len(listed), len(queries)

        before_count, before_queries = cost()
        with self.captureOnCommitCallbacks(execute=True):
            make_news(self.sections["news"], 12, prefix="them")
        after_count, after_queries = cost()
        self.assertEqual(after_count, before_count + 12)
        self.assertEqual(after_queries, before_queries, "no query per listed page")
        with CaptureQueriesContext(connection) as queries:
            self.index()
        self.assertLessEqual(len(queries), 6, [query["sql"] for query in queries])

    def test_index_and_pages_are_public_and_tagged_to_be_purged_with_the_sites_pages(self):
        for path in ("/sitemap.xml", "/sitemap-pages.xml"):
            response = self.get(path)
            self.assertIn("public", response["Cache-Control"])
            self.assertIn("s-maxage", response["Cache-Control"])
            self.assertIn(descendants_tag(self.home), response[HEADER].split())
        school_page = self.get("/sitemap-pages.xml", SCHOOL)
        self.assertIn(descendants_tag(self.school), school_page[HEADER].split())
