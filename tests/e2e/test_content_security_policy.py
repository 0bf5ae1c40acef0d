"""The Content Security Policy blocks nothing the site itself needs (issue 14, Điều 4).

A policy that is too strict breaks the admin silently: a button does nothing, the rich-text
editor never appears, the preview stays blank. Here a real Chromium signs in, edits and previews
a news page and opens the image chooser, then reads the public pages, and every console message,
script error and policy violation the browser reports fails the test.
"""

import re

from django.test import override_settings

from news.models import NewsPage
from tests.builders import make_image, make_news, make_site
from tests.e2e.conftest import BrowserTestCase


# Production's cookie rules too (its Secure flag aside: the live server speaks plain HTTP): no
# script of the admin needs to read the CSRF cookie.
@override_settings(CSRF_COOKIE_HTTPONLY=True, SESSION_COOKIE_HTTPONLY=True)
class ContentSecurityPolicyInChromium(BrowserTestCase):
    def setUp(self):
        home, sections = make_site()
        self.site = {
            "home": home,
            "sections": sections,
            "news": make_news(sections["news"], 1)[0],
            "image": make_image("Ảnh hội nghị"),
        }

    def test_the_admin_works_under_its_policy(self):
        page, site = self.admin_page(), self.site
        news = site["news"]
        page.get_by_role("heading", level=1).wait_for()  # the dashboard

        page.goto(f"/admin/pages/{site['sections']['news'].pk}/")
        page.get_by_role("link", name=news.title).first.wait_for()  # the page explorer lists it

        page.goto(f"/admin/pages/{news.pk}/edit/")
        page.fill("#id_title", "Hội nghị tổng kết năm học")
        editor = page.locator(".Draftail-Editor [contenteditable=true]").first
        editor.click()
        page.keyboard.press("End")
        page.keyboard.type(" Đã bổ sung danh sách khen thưởng.")
        # Draftail writes the editor's state into the form a moment after the last key.
        page.wait_for_function(
            "() => [...document.querySelectorAll('input[type=hidden]')].some("
            "(field) => field.value.includes('khen thưởng'))"
        )
        page.locator("button.action-save").first.click()
        page.wait_for_url(f"**/admin/pages/{news.pk}/edit/")
        page.locator(".messages .success").wait_for()
        draft = NewsPage.objects.get(pk=news.pk).get_latest_revision_as_object()
        assert draft.title == "Hội nghị tổng kết năm học"
        assert "Đã bổ sung danh sách khen thưởng." in str(draft.body)

        page.locator("[data-side-panel-toggle=preview]").click()
        try:
            preview = page.frame_locator("#w-preview-iframe").last
            preview.get_by_role("heading", name="Hội nghị tổng kết năm học").wait_for()
        except Exception:
            page.screenshot(path="/tmp/a1/preview.png", full_page=True)
            print("FRAMES", [frame.url for frame in page.frames], page.problems.all())
            raise

        page.locator("[data-side-panel-toggle=preview]").click()  # close the panel again
        page.locator("button.chooser__choose-button:visible").first.click()  # the listing picture
        page.locator(".modal").get_by_text(site["image"].title).first.wait_for()

        page.problems.assert_none()

    def test_public_pages_raise_no_violation(self):
        page, site = self.new_page(), self.site
        for path, heading in (
            ("/", None),
            (site["news"].url, site["news"].title),
            ("/tim-kiem/?q=ho%E1%BA%A1t+%C4%91%E1%BB%99ng", None),
        ):
            response = page.goto(path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
            if heading:
                page.get_by_role("heading", name=heading).wait_for()
            page.wait_for_load_state("load")
        page.problems.assert_none()

        response = page.goto("/khong-co-trang-nay/")  # the 404 page: its status is the one error
        assert response.status == 404
        page.wait_for_load_state("load")
        assert page.problems.violations == page.problems.errors == []
        assert [message for message in page.problems.console if "404" not in message] == []

    def test_the_public_policy_blocks_injected_script_and_the_test_sees_it(self):
        """The watch works: a script injected into a public page is refused and reported."""
        page = self.new_page()
        page.goto("/")
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1'; "
            "document.head.append(s); }"
        )
        page.wait_for_function("() => true")
        assert page.evaluate("() => window.ran") is None
        page.wait_for_timeout(200)  # the violation event reaches Python through an exposed function
        assert [v["directive"] for v in page.problems.violations] == ["script-src-elem"]
        assert any(re.search("Content Security Policy", message) for message in page.problems.console)
