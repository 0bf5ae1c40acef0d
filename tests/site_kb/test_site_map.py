"""Sơ đồ trang (/so-do-trang/): the public page tree for readers, the target of the toolbar's
Alt+Shift+M and of the footer link (Circular 32/2017/TT-BTTTT Art. 18)."""

import re

from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from ..builders import make_directive, make_news, make_org_unit, make_school, make_site, make_user


class SiteMapTests(TestCase):
    def setUp(self):
        self.home, self.sections = make_site()
        self.school = make_school(self.sections["schools"], 1)
        self.unit = make_org_unit(self.sections["org"], 1)
        self.news = make_news(self.sections["news"], 1)[0]
        self.school_news = make_news(self.school, 1, prefix="tin-truong")[0]
        self.directive = make_directive(self.sections["directives"], 1)

    def links(self, response):
        """(address, title) of each link in the site map's list."""
        html = response.content.decode()
        listing = html[html.index('<ul class="site-map">') : html.index("</main>")]
        return re.findall(r'<a href="([^"]+)">([^<]+)</a>', listing)

    def test_lists_the_home_page_its_sections_and_their_pages_in_tree_order(self):
        response = self.client.get("/so-do-trang/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Sơ đồ trang</h1>", html=True)
        self.assertEqual(
            self.links(response),
            [
                ("/", "Trang chủ"),
                ("/gioi-thieu/", "Giới thiệu"),
                ("/gioi-thieu/bo-phan-1/", "Bộ phận 1"),
                ("/van-ban/", "Văn bản"),
                ("/tin-tuc/", "Tin tức"),
                ("/truong-hoc/", "Trường học"),
                ("/truong-hoc/truong-1/", "Trường số 1"),
                ("/tim-kiem/", "Tìm kiếm"),
            ],
        )

    def test_articles_and_documents_stay_in_their_sections(self):
        body = self.client.get("/so-do-trang/").content.decode()
        for page in (self.news, self.school_news, self.directive):
            self.assertNotIn(page.url, body)

    def test_a_reader_is_not_shown_drafts_or_restricted_pages(self):
        self.unit.unpublish()
        private = make_org_unit(self.sections["org"], 2)
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="bi-mat")
        members = make_org_unit(self.sections["org"], 3)
        restriction = PageViewRestriction.objects.create(page=members, restriction_type="groups")
        restriction.groups.add(Group.objects.create(name="Nội bộ"))
        hidden_section = self.sections["schools"]
        PageViewRestriction.objects.create(page=hidden_section, restriction_type="login")

        shown = [address for address, _title in self.links(self.client.get("/so-do-trang/"))]
        for page in (self.unit, private, members, hidden_section, self.school):
            self.assertNotIn(page.url, shown, page.title)
        self.assertIn("/gioi-thieu/", shown)

    def test_cacheable_for_readers_and_private_for_staff(self):
        self.assertIn("public", self.client.get("/so-do-trang/")["Cache-Control"])
        self.client.force_login(make_user("canbo.sodo"))
        self.assertIn("private", self.client.get("/so-do-trang/")["Cache-Control"])

    def test_every_public_page_links_to_it(self):
        for address in ("/", self.news.url, "/tim-kiem/", "/khong-co-trang-nay/"):
            response = self.client.get(address)
            # The toolbar's link and the footer's.
            self.assertContains(response, 'href="/so-do-trang/"', count=2, status_code=response.status_code)

    def test_one_query_for_the_tree_however_many_pages(self):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get("/so-do-trang/").status_code, 200)
            return len(captured)

        queries()  # a first request fills the caches (site, content types) later ones use
        before = queries()
        for i in range(2, 12):
            make_school(self.sections["schools"], i)
            make_org_unit(self.sections["org"], i)
        queries()
        self.assertEqual(queries(), before)
        self.assertEqual(len(self.links(self.client.get("/so-do-trang/"))), 8 + 20)
