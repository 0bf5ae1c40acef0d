"""Addresses and lists in a real browser (issue 15, items 4, 5, 12 and 14): an article typed in
Vietnamese gets an ASCII address, an old accented address still opens it, the schools' news can
be browsed from the home page, old English filters land on Vietnamese ones, and the lists
(schools, issuing bodies, fields) are complete, single and in Vietnamese order."""

import re
from urllib.parse import quote

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision, Site

from playwright.sync_api import expect

from demo.content import DEMO_SCHOOL_SLUG
from news.models import NewsPage
from schools.models import SchoolPage
from site_kb.collation import sorted_vietnamese
from site_kb.slugs import fold_page_slugs
from tests.e2e.conftest import DemoSiteTestCase, page_width

CONTACT = "daumoi.thcsbasao"
TITLE = "Trường THCS Đồng Hóa khai giảng"
SLUG = "truong-thcs-dong-hoa-khai-giang"
SLOW_MS = 60_000


class AddressesAndListsTests(DemoSiteTestCase):
    def test_a_title_typed_in_vietnamese_gives_an_ascii_address(self):
        school = SchoolPage.objects.get(slug=DEMO_SCHOOL_SLUG)
        page = self.login_as(CONTACT)
        page.goto(f"/admin/pages/add/news/newspage/{school.pk}/")
        page.locator("#id_title").press_sequentially(TITLE)
        page.locator("#id_title").press("Tab")
        slug = page.locator("#id_slug")
        expect(slug).to_have_value(SLUG)  # the editor's script folds as the server does

        # A slug typed by hand with accents is folded on save, not refused.
        page.get_by_role("tab", name="Quảng bá").click()
        slug.fill("Trường-THCS-Đồng-Hóa khai giảng")
        slug.press("Tab")
        expect(slug).to_have_value(SLUG)
        page.get_by_role("tab", name="Nội dung").click()
        page.fill("#id_lead", "Sáng 5/9, trường tổ chức lễ khai giảng năm học mới.")
        page.get_by_role("button", name="Lưu nháp").click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        article = NewsPage.objects.get(title=TITLE)
        assert article.slug == SLUG
        assert article.url_path.endswith(f"/{DEMO_SCHOOL_SLUG}/{SLUG}/")
        page.problems.assert_none()

    def test_an_old_accented_address_opens_the_article_at_its_new_one(self):
        article = NewsPage.objects.live().filter(category="school-thcs").first()
        parent = article.get_parent()
        Page.objects.filter(pk=article.pk).update(
            slug="tin-khai-giảng", url_path=f"{parent.url_path}tin-khai-giảng/"
        )
        fold_page_slugs(Page, Redirect, Site, Revision)
        article.refresh_from_db()
        assert article.slug == "tin-khai-giang"
        phone = self.phone_page()
        old = f"/truong-hoc/{parent.slug}/{quote('tin-khai-giảng')}/"
        response = phone.goto(old)
        assert response.ok
        assert phone.url.endswith(f"/truong-hoc/{parent.slug}/tin-khai-giang/")
        phone.get_by_role("heading", name=article.title).wait_for()
        phone.problems.assert_none()

    def test_school_news_from_the_home_page_and_old_filter_links(self):
        phone = self.phone_page()
        phone.goto("/")
        section = phone.locator("section", has=phone.get_by_role("heading", name="Tin các trường"))
        section.get_by_role("link", name=re.compile("Xem tất cả")).click()
        # The schools list's aggregation (issue 16.7); the news index's own filter still answers.
        phone.wait_for_url(re.compile(r"/truong-hoc/tin-cac-truong/$"))
        assert phone.locator("main .card-grid > li").count() > 0
        phone.goto("/tin-tuc/?loai=cac-truong")
        cards = phone.locator("main .card-grid > li")
        assert cards.count() > 0
        assert phone.get_by_role("link", name="Tin các trường").get_attribute("aria-current") == "page"
        phone.get_by_role("link", name="Hoạt động trường THCS").click()
        phone.wait_for_url(re.compile(r"\?loai=truong-thcs$"))
        assert phone.locator("main .card-grid > li").count() > 0
        assert page_width(phone) <= 390

        # Links shared before keep working, now in Vietnamese.
        phone.goto("/tin-tuc/?category=school-thcs")
        assert phone.url.endswith("/tin-tuc/?loai=truong-thcs")
        phone.goto("/van-ban/?hieu_luc=in-force")
        assert phone.url.endswith("/van-ban/?hieu_luc=con-hieu-luc")
        phone.goto("/truong-hoc/?level=thcs")
        assert phone.url.endswith("/truong-hoc/?cap=thcs")
        phone.problems.assert_none()

    def test_lists_are_complete_single_and_in_vietnamese_order(self):
        phone = self.phone_page()
        phone.goto("/truong-hoc/?cap=thcs")
        names = phone.locator("main .item-list__title").all_inner_texts()
        assert len(names) > 3
        assert names == sorted_vietnamese(names)
        assert names.index("Trường THCS Đại Cương") < names.index("Trường THCS Đồng Hóa")

        phone.goto("/van-ban/")
        phone.get_by_text("Lọc và sắp xếp").click()
        bodies = phone.get_by_label("Cơ quan ban hành").locator("option").all_inner_texts()[1:]
        assert bodies and len(bodies) == len(set(bodies)), bodies
        assert bodies == sorted_vietnamese(bodies)
        fields = phone.get_by_label("Lĩnh vực").locator("option").all_inner_texts()[1:]
        assert "Tuyển sinh" in fields, fields
        phone.get_by_label("Lĩnh vực").select_option(label="Tuyển sinh")
        phone.get_by_label("Hiệu lực").select_option(label="Còn hiệu lực")
        phone.get_by_role("button", name="Lọc").click()
        phone.wait_for_url(re.compile(r"linh_vuc=tuyen-sinh.*hieu_luc=con-hieu-luc"))
        phone.get_by_text(re.compile(r"Có \d+ văn bản phù hợp")).wait_for()
        phone.problems.assert_none()
