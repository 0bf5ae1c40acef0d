"""Member sites in a real browser (issue 16; Circular 37/2020/TT-BGDĐT Art. 3, 9): the demo's
schools answer on their own ``*.localhost`` addresses, which Chromium resolves to loopback as a
reader's browser resolves a school's ``edu.vn`` name. A reader on a phone goes from the
authority's news to a school's site and finds its Art. 9 sections, its search stays on the
school unless asked otherwise, an old address through the authority lands on the school's own,
and the school's IT officer edits its site's settings but not another school's."""

import re

from wagtail.models import Site

from playwright.sync_api import expect

from demo.content import MEMBER_SITES
from site_kb.models import OrganisationSettings
from tests.e2e.conftest import DemoSiteTestCase, axe_violations, page_width

SCHOOL_SLUG, SCHOOL_LABEL = MEMBER_SITES[0]  # Trường THCS Ba Sao on thcs-basao.localhost
OTHER_SLUG, OTHER_LABEL = MEMBER_SITES[1]
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


class MemberSitesInTheBrowserTests(DemoSiteTestCase):
    def address(self, label, path="/"):
        return f"http://{label}.localhost:{self.server_thread.port}{path}"

    def site(self, label):
        return Site.objects.get(hostname=f"{label}.localhost")

    def test_a_reader_on_a_phone_goes_from_the_authority_to_a_school_site(self):
        phone = self.phone_page()
        phone.goto("/")
        school_link = phone.locator(f"main a[href^='{self.address(SCHOOL_LABEL)}']").first
        expect(school_link).to_be_attached()
        phone.goto(school_link.get_attribute("href"))
        expect(phone).to_have_url(re.compile(rf"^{re.escape(self.address(SCHOOL_LABEL))}"))

        # The school's own name heads its site (its settings, not the authority's).
        settings = OrganisationSettings.for_site(self.site(SCHOOL_LABEL))
        authority = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.name != authority.name
        phone.goto(self.address(SCHOOL_LABEL))
        expect(phone.locator("header").first).to_contain_text(settings.name)

        # Its Art. 9 sections are one tap away, on its own address.
        sections = phone.get_by_role("navigation", name="Các chuyên mục của trường")
        expect(sections).to_be_visible()
        titles = [title.strip() for title in sections.get_by_role("link").all_inner_texts()]
        for wanted in ("Giới thiệu", "Hỏi đáp", "Văn bản", "Tuyển sinh", "Công khai"):
            assert any(title.startswith(wanted) for title in titles), (wanted, titles)
        for href in sections.get_by_role("link").evaluate_all("links => links.map(a => a.href)"):
            assert href.startswith(self.address(SCHOOL_LABEL)), href
        assert page_width(phone) <= 390
        assert axe_violations(phone, EVERY_IMPACT) == []
        phone.problems.assert_none()

    def test_the_authority_address_of_a_school_page_lands_on_the_school_s_own(self):
        page = self.new_page()
        page.goto(f"/truong-hoc/{SCHOOL_SLUG}/")
        expect(page).to_have_url(self.address(SCHOOL_LABEL))
        page.goto(f"/truong-hoc/{SCHOOL_SLUG}/rss/")
        assert page.url == self.address(SCHOOL_LABEL, "/rss/")

    def test_a_school_s_search_stays_on_the_school_unless_the_reader_asks_for_all(self):
        page = self.new_page()
        # A word of the authority's own pages: the regulation's title, never on a school's pages.
        page.goto(self.address(SCHOOL_LABEL, "/tim-kiem/?q=quy+che+website"))
        authority = f"http://localhost:{self.server_thread.port}/van-ban/"
        expect(page.locator(f"main a[href^='{authority}']")).to_have_count(0)
        page.get_by_label(re.compile("toàn bộ", re.IGNORECASE)).check()
        page.locator("main form[role=search], main form").first.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile("pham-vi=toan-nganh"))
        expect(page.locator(f"main a[href^='{authority}']").first).to_be_visible()
        page.problems.assert_none()

    def test_the_school_it_officer_edits_its_own_site_settings_and_no_other(self):
        own, other = self.site(SCHOOL_LABEL), self.site(OTHER_LABEL)
        admin = self.login_as(f"cntt.{SCHOOL_LABEL.replace('-', '')}")
        admin.goto(f"/admin/settings/site_kb/organisationsettings/{own.pk}/")
        footer = admin.locator("#id_footer_text")
        footer.fill("Người chịu trách nhiệm: thầy Hiệu trưởng. Trang thử.")
        admin.get_by_role("button", name=re.compile("Lưu")).first.click()
        admin.locator(".messages .success").wait_for()
        assert "Trang thử" in OrganisationSettings.for_site(own).footer_text

        reader = self.new_page()
        reader.goto(self.address(SCHOOL_LABEL))
        expect(reader.locator("footer").first).to_contain_text("Trang thử")
        reader.goto(self.address(OTHER_LABEL))
        expect(reader.locator("footer").first).not_to_contain_text("Trang thử")

        # Another school's settings: refused, no form to fill (the direct address as an intruder types it).
        response = admin.goto(f"/admin/settings/site_kb/organisationsettings/{other.pk}/")
        assert response.status == 403 or f"organisationsettings/{other.pk}/" not in admin.url
        expect(admin.locator("#id_footer_text")).to_have_count(0)
