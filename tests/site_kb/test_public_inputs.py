"""What readers and robots can send to the public site never ends in a server error (issue 12.6, 12.7):
the sitemap and robots.txt answer, and odd search, filter, address and encoding inputs get a normal
page, a 404 or a Vietnamese 400."""

import datetime
import unicodedata

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

from consultations.models import DraftComment
from directives.models import DirectivePage
from home.models import HomePage
from news.models import NewsPage

from ..builders import make_directive, make_news, make_site, publish

HOST = "phonggd.example.vn"


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        Site.objects.filter(is_default_site=True).update(hostname=HOST)
        cls.news = make_news(cls.sections["news"], 2)
        cls.sections["news"].add_child(
            instance=NewsPage(
                title="Bản nháp chưa đăng",
                slug="ban-nhap",
                live=False,
                date=datetime.date(2026, 1, 1),
                lead="Nháp.",
                body=[("paragraph", "<p>Nháp.</p>")],
            )
        )
        cls.private = make_news(cls.sections["news"], 1, prefix="noi-bo")[0]
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
        # A second Site: its pages belong to its own sitemap, on its own host.
        other_home = publish(Page.get_first_root_node(), HomePage(title="Trường khác", slug="truong-khac"))
        Site.objects.create(hostname="truong.example.vn", port=80, root_page=other_home)

    def get(self, path, host=HOST):
        return self.client.get(path, HTTP_HOST=host)

    def test_sitemap_lists_live_public_pages_on_the_sites_host(self):
        index = self.get("/sitemap.xml")
        self.assertEqual(index.status_code, 200)
        self.assertIn(f"<loc>http://{HOST}/sitemap-pages.xml</loc>", index.content.decode())
        response = self.get("/sitemap-pages.xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        body = response.content.decode()
        self.assertIn(f"<loc>http://{HOST}/</loc>", body)
        self.assertIn(f"<loc>http://{HOST}/tin-tuc/tin-0/</loc>", body)
        self.assertIn(f"<loc>http://{HOST}/van-ban/</loc>", body)
        self.assertNotIn("ban-nhap", body, "drafts stay out")
        self.assertNotIn("noi-bo-0", body, "restricted pages stay out")
        self.assertNotIn("truong-khac", body, "another Site's pages stay out")
        self.assertNotIn("testserver", body)
        self.assertNotIn("example.com", body)

    def test_each_site_has_its_own_sitemap(self):
        index = self.get("/sitemap.xml", host="truong.example.vn").content.decode()
        self.assertIn("<loc>http://truong.example.vn/sitemap-pages.xml</loc>", index)
        body = self.get("/sitemap-pages.xml", host="truong.example.vn").content.decode()
        self.assertIn("<loc>http://truong.example.vn/</loc>", body)
        self.assertNotIn("tin-tuc", body)

    def test_sitemap_page_numbers_that_do_not_exist_are_404(self):
        for value in ("abc", "0", "-1", "99999999999999999999"):
            with self.subTest(value):
                self.assertEqual(self.get(f"/sitemap-pages.xml?p={value}").status_code, 404)
        self.assertEqual(self.get("/sitemap-khong-co.xml").status_code, 404)

    def test_robots_txt_points_to_the_sitemap(self):
        response = self.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        body = response.content.decode()
        self.assertIn("User-agent: *", body)
        self.assertIn("Disallow: /admin/", body)
        self.assertIn(f"Sitemap: http://{HOST}/sitemap.xml", body)


class SearchInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        make_news(cls.sections["news"], 3)
        cls.directive = make_directive(cls.sections["directives"], 1)

    def search(self, **params):
        return self.client.get(reverse("search"), params)

    def registry(self, **params):
        return self.client.get(self.sections["directives"].url, params)

    def test_dates_at_the_ends_of_the_calendar_get_a_message(self):
        for params in (
            {"den_ngay": "9999-12-31"},
            {"tu_ngay": "0001-01-01"},
            {"tu_ngay": "0001-01-01", "den_ngay": "9999-12-31"},
        ):
            with self.subTest(params):
                response = self.search(q="tin", **params)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Chọn ngày từ 01/01/1945 đến 31/12/2100.")

    def test_impossible_dates_get_a_message(self):
        for value in ("2025-02-30", "2025-13-01", "99999-01-01", "hôm qua", "0000-00-00"):
            with self.subTest(value):
                response = self.search(q="tin", tu_ngay=value)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["tu_ngay"])

    def test_dates_within_the_range_still_filter(self):
        today = timezone.localdate()
        response = self.search(q="tin", loai="tin-bai", tu_ngay="1945-01-01", den_ngay=today.isoformat())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["search_results"].paginator.count, 3)

    def test_odd_page_numbers_and_ids_give_a_normal_page(self):
        huge = "9" * 30
        for params in (
            {"page": "abc"},
            {"page": "-1"},
            {"page": "0"},
            {"page": huge},
            {"page": "1e400"},
            {"truong": huge},
            {"muc": huge},
            {"truong": "-1", "muc": "abc"},
            {"q": ["tin", "giáo dục"], "loai": ["tin-bai", "truong-hoc"], "page": ["1", "2"]},
            {"sap_xep": ["moi-nhat", "x"], "tu_ngay": ["2026-01-01", "2026-01-02"]},
        ):
            with self.subTest(params):
                params = {"q": "tin", **params}
                self.assertEqual(self.search(**params).status_code, 200)
                self.assertEqual(self.search(**{**params, "sap_xep": "moi-nhat"}).status_code, 200)

    def test_query_syntax_and_lone_accent_marks_are_just_text(self):
        for q in (
            "\u0301",
            "\u0301\u0303 \u0309",
            '"\u0301"',
            '"',
            '""',
            "*",
            "tin*",
            "-",
            "-tin",
            "NEAR",
            "NEAR(tin giáo)",
            "tin NEAR/2 giáo",
            "AND",
            "tin AND",
            "OR tin",
            "NOT",
            "(",
            ")",
            "(tin",
            "tin)",
            "^tin",
            "title:tin",
            "{tin}",
            "tin + giáo",
            "'",
            "\\",
            "%",
            '"tin" "giáo"',
            '"tin',
        ):
            with self.subTest(q=q):
                self.assertEqual(self.search(q=q).status_code, 200)
                self.assertEqual(self.search(q=q, sap_xep="moi-nhat").status_code, 200)
                self.assertEqual(self.registry(q=q).status_code, 200)

    def test_lone_accent_marks_find_nothing(self):
        response = self.search(q="\u0301")
        self.assertContains(response, "Không tìm thấy kết quả nào")
        response = self.registry(q="\u0301")
        self.assertNotContains(response, self.directive.number)

    def test_nul_character_is_reported_not_searched(self):
        response = self.search(q="tin\x00")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["q"])
        self.assertContains(response, "Từ khoá chưa hợp lệ")
        response = self.registry(q="tin\x00")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["filter_form"].errors["q"])

    def test_registry_filters_with_huge_or_odd_values(self):
        huge = "9" * 30
        for params in (
            {"nam": huge},
            {"co_quan": huge},
            {"linh_vuc": huge},
            {"nhom": huge},
            {"loai": "\u0301"},
            {"page": huge},
            {"page": "abc"},
            {"nam": ["2025", "x"], "hieu_luc": ["con-hieu-luc", "het-hieu-luc"]},
        ):
            with self.subTest(params):
                self.assertEqual(self.registry(**params).status_code, 200)

    def test_query_that_lower_casing_lengthens_can_be_searched_again(self):
        # 'İ' lower-cases to two code points: the editors' picks record must still be found.
        for _attempt in range(2):
            self.assertEqual(self.search(q="İ" * 200).status_code, 200)
        for _attempt in range(2):
            self.assertEqual(self.search(q="\u0344" * 5).status_code, 200)

    def test_query_that_nfc_lengthens_is_measured_after_normalising(self):
        response = self.search(q="\u0344" * 150)  # 300 code points in NFC, the box takes 200
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["q"])
        response = self.registry(q="\u0344" * 150)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["filter_form"].errors["q"])


class ConsultationInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = make_directive(cls.sections["directives"], 1)
        now = timezone.now()
        DirectivePage.objects.filter(pk=cls.page.pk).update(
            comment_opens=now - datetime.timedelta(days=1), comment_closes=now + datetime.timedelta(days=7)
        )

    def comment(self, **overrides):
        return {
            "name": "Nguyễn Thị Hoa",
            "unit": "Trường THCS Ba Sao",
            "email": "hoa@example.com",
            "section": "",
            "comment": "Đề nghị bổ sung quy định.",
            "website": "",
            "consent": "on",
            **overrides,
        }

    def test_page_ids_too_large_for_the_database_are_404(self):
        for page_id in ("99999999999999999999", "9223372036854775808", "9" * 40):
            with self.subTest(page_id):
                self.assertEqual(self.client.get(f"/gop-y-du-thao/{page_id}/").status_code, 404)
                self.assertEqual(
                    self.client.post(f"/gop-y-du-thao/{page_id}/", self.comment()).status_code, 404
                )

    def test_largest_id_the_database_holds_is_an_ordinary_404(self):
        self.assertEqual(self.client.get("/gop-y-du-thao/9223372036854775807/").status_code, 404)

    def test_text_that_nfc_lengthens_is_refused_by_the_form(self):
        url = reverse("consultations:submit", args=[self.page.pk])
        for field, count in (("name", 100), ("unit", 150), ("section", 150)):
            with self.subTest(field):
                response = self.client.post(url, self.comment(**{field: "\u0344" * count}))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors[field])
        self.assertFalse(DraftComment.objects.exists())

    def test_decomposed_text_is_stored_in_nfc(self):
        url = reverse("consultations:submit", args=[self.page.pk])
        name = "Nguyễn Thị Hường"
        response = self.client.post(url, self.comment(name=unicodedata.normalize("NFD", name)))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DraftComment.objects.get().name, name)


class EncodingTests(TestCase):
    """Only UTF-8 is read: anything else is a Vietnamese 400 before a view sees it."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = make_directive(cls.sections["directives"], 1)
        now = timezone.now()
        DirectivePage.objects.filter(pk=cls.page.pk).update(
            comment_opens=now - datetime.timedelta(days=1), comment_closes=now + datetime.timedelta(days=7)
        )
        cls.url = reverse("consultations:submit", args=[cls.page.pk])

    BODY = b"name=Hoa&unit=THCS&email=hoa%40example.com&comment=%2BADw-script%2BAD4-&website="

    def assert_refused(self, response):
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Yêu cầu không hợp lệ", status_code=400)
        self.assertContains(response, "UTF-8", status_code=400)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_form_posts_declaring_another_charset_are_refused(self):
        for charset in ("utf-7", "UTF-16", "utf-16-le", "latin-1", "windows-1258", "khong-co-bang-ma-nay"):
            for path in (self.url, reverse("search"), self.sections["news"].url, "/admin/login/"):
                with self.subTest(charset=charset, path=path):
                    response = self.client.generic(
                        "POST",
                        path,
                        data=self.BODY,
                        content_type=f"application/x-www-form-urlencoded; charset={charset}",
                    )
                    self.assert_refused(response)
        self.assertFalse(DraftComment.objects.exists())

    def test_multipart_declaring_utf7_is_refused(self):
        boundary = "ranh-gioi"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\n+ADw-script+AD4-\r\n'
            f"--{boundary}--\r\n"
        ).encode()
        response = self.client.generic(
            "POST",
            self.url,
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}; charset=utf-7",
        )
        self.assert_refused(response)

    def test_invalid_utf8_in_the_body_or_the_query_string_is_refused(self):
        for body in (b"name=%FF", b"name=\xff\xfe", b"na%C3me=x", b"comment=%E1%BB"):
            with self.subTest(body=body):
                response = self.client.generic(
                    "POST", self.url, data=body, content_type="application/x-www-form-urlencoded"
                )
                self.assert_refused(response)
        for query in ("q=%FF", "q%FF=tin", "q=%C3", "page=%80"):
            with self.subTest(query=query):
                self.assert_refused(self.client.get(f"{reverse('search')}?{query}"))
        self.assertFalse(DraftComment.objects.exists())

    def test_utf8_declared_or_not_is_read(self):
        body = "name=Nguyễn Thị Hoa&unit=THCS Ba Sao&email=hoa@example.com&comment=Góp ý&website=&consent=on"
        for content_type in (
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
        ):
            with self.subTest(content_type):
                response = self.client.generic(
                    "POST", self.url, data=body.encode(), content_type=content_type
                )
                self.assertEqual(response.status_code, 302)
        self.assertEqual(DraftComment.objects.filter(name="Nguyễn Thị Hoa").count(), 2)
        response = self.client.get(reverse("search"), {"q": "giáo dục"})
        self.assertEqual(response.status_code, 200)

    @override_settings(ALLOWED_HOSTS=[HOST])
    def test_djangos_own_400_page_is_vietnamese(self):
        response = self.client.get("/", HTTP_HOST="ke-gia-mao.example")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Yêu cầu không hợp lệ", status_code=400)
        self.assertContains(response, 'lang="vi"', status_code=400)
