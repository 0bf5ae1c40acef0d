"""The public site on a phone (issue 15.1–3, 13, 14): every page type fits 360 and 390 px without
sideways scrolling, the registry lists documents as cards, the feedback page shows its errors and
the status lookup (by phone too) in the first screen, the menu collapses with or without
JavaScript, and the small repeats (the article's date, the home page's links and contacts, the
school card on desktop) are gone."""

import re

from django.utils import timezone

from wagtail.models import Site

from demo import content as demo
from directives.models import DirectiveIndexPage, DirectivePage
from feedback.models import Feedback, FeedbackPage
from news.models import NewsIndexPage, NewsPage
from org.models import OrgIndexPage, OrgUnitPage
from schedule.models import WorkSchedulePage
from schools.models import SchoolIndexPage, SchoolPage

from .conftest import DESKTOP, PHONE, DemoSiteTestCase, page_width


def authority_home():
    """The authority's home page: schools' member sites have a Hỏi đáp page of their own too."""
    return Site.objects.get(is_default_site=True).root_page


PHONE_360 = {**PHONE, "viewport": {"width": 360, "height": 740}}
SCREEN_HEIGHT = PHONE["viewport"]["height"]


def box(locator):
    """The element's box in CSS pixels, relative to the viewport."""
    return locator.bounding_box()


class PhoneLayoutTests(DemoSiteTestCase):
    def public_addresses(self):
        """One or more of every public page type of the demo site (the schools with the longest
        contact details, where overflow shows first)."""
        schools = sorted(
            SchoolPage.objects.live(),
            key=lambda school: -len(f"{school.email}{school.address}{school.title}"),
        )
        articles = list(NewsPage.objects.live().order_by("-date"))
        consultation = DirectivePage.objects.live().exclude(comment_audience="").first()
        return [
            "/",
            NewsIndexPage.objects.live().first().url,
            articles[0].url,
            max(articles, key=lambda article: len(article.title)).url,
            next(
                article.url for article in articles if isinstance(article.get_parent().specific, SchoolPage)
            ),
            SchoolIndexPage.objects.live().first().url,
            *[school.url for school in schools[:3]],
            OrgIndexPage.objects.live().first().url,
            *[unit.url for unit in OrgUnitPage.objects.live()],
            DirectiveIndexPage.objects.live().first().url,
            DirectivePage.objects.live().order_by("-signed_date").first().url,
            consultation.url,
            WorkSchedulePage.objects.live().first().url,
            "/tim-kiem/?q=khai+giang",
            "/tim-kiem/?q=khongcotrangnaocachu",
            FeedbackPage.objects.live().child_of(authority_home()).first().url,
            "/khong-co-trang-nay/",
        ]

    def test_every_public_page_fits_a_phone(self):
        addresses = self.public_addresses()
        registry = DirectiveIndexPage.objects.live().first().url
        feedback = FeedbackPage.objects.live().child_of(authority_home()).first().url
        consultation = DirectivePage.objects.live().exclude(comment_audience="").first().url
        for options in (PHONE_360, PHONE):
            width = options["viewport"]["width"]
            page = self.new_page(**options)
            too_wide = []
            for address in addresses:
                page.goto(address)
                if page_width(page) > width:
                    too_wide.append((address, page_width(page)))
            # The registry with its filters chosen, the feedback form with its errors and a lookup.
            page.goto(registry)
            page.locator(".search-filters summary").click()
            for select in page.locator(".search-filters select").all():
                values = [
                    value
                    for value in select.locator("option").evaluate_all("o => o.map(x => x.value)")
                    if value
                ]
                if values:
                    select.select_option(values[0])
            page.get_by_role("button", name="Lọc", exact=True).click()
            page.wait_for_load_state()
            if page_width(page) > width:
                too_wide.append((page.url, page_width(page)))
            page.goto(feedback)
            page.get_by_role("button", name="Gửi", exact=True).click()
            page.wait_for_load_state()
            self.assertTrue(page.locator(".error-summary").is_visible())
            if page_width(page) > width:
                too_wide.append(("feedback with errors", page_width(page)))
            page.get_by_role("button", name="Tra cứu").click()
            page.wait_for_load_state()
            if page_width(page) > width:
                too_wide.append(("feedback lookup with errors", page_width(page)))
            page.goto(consultation)
            page.locator("section.consultation button[type=submit]").click()
            page.wait_for_load_state()
            self.assertGreater(page.locator(".field-error").count(), 0)
            if page_width(page) > width:
                too_wide.append(("comment on a draft with errors", page_width(page)))
            self.assertEqual(too_wide, [], f"wider than {width} px")

    def test_the_registry_is_a_list_of_cards_on_a_phone_and_a_table_on_a_desktop(self):
        registry = DirectiveIndexPage.objects.live().first().url
        page = self.phone_page()
        page.goto(registry)
        rows = page.locator(".doc-table tbody tr")
        self.assertGreater(rows.count(), 3)
        for row in rows.all():
            self.assertEqual(row.evaluate("r => getComputedStyle(r).display"), "grid")
            card, title = box(row), box(row.locator(".doc-table__title a"))
            self.assertGreaterEqual(card["x"], 0)
            self.assertLessEqual(card["x"] + card["width"], 390)
            self.assertGreater(title["width"], 200)  # the way in, across the card
            for part in (".doc-table__number", ".doc-table__date", ".doc-table__kind", ".doc-table__status"):
                self.assertTrue(row.locator(part).is_visible(), part)
        self.assertIn("Còn hiệu lực", rows.first.locator(".doc-table__status").inner_text())
        self.assertLessEqual(box(page.locator(".doc-table thead"))["width"], 1)  # for screen readers only
        # The title opens the document.
        title = rows.first.locator(".doc-table__title a")
        expected = title.get_attribute("href")
        title.click()
        page.wait_for_url(f"**{expected}")

        desktop = self.new_page(**DESKTOP)
        desktop.goto(registry)
        self.assertEqual(desktop.locator(".doc-table").evaluate("t => getComputedStyle(t).display"), "table")
        headers = desktop.locator(".doc-table thead th")
        self.assertEqual(
            headers.all_inner_texts(),
            ["Số, ký hiệu", "Ngày ký", "Loại, cơ quan", "Trích yếu", "Hiệu lực", "Tệp"],
        )
        self.assertTrue(headers.first.is_visible())
        self.assertLessEqual(page_width(desktop), 1280)

    def test_feedback_on_a_phone_errors_in_view_and_the_lookup_by_phone_in_the_first_screen(self):
        page = self.phone_page()
        page.goto(FeedbackPage.objects.live().child_of(authority_home()).first().url)
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.wait_for_load_state()
        summary = page.locator(".error-summary")
        self.assertIn("Câu hỏi chưa được gửi", summary.inner_text())
        self.assertLess(box(summary)["y"], SCREEN_HEIGHT)  # seen without scrolling
        errors = page.locator(".field-error")
        self.assertGreater(errors.count(), 2)
        for error in [summary, *errors.all()]:
            error.scroll_into_view_if_needed()
            where = box(error)
            self.assertGreaterEqual(where["x"], 0)
            self.assertLessEqual(where["x"] + where["width"], 390, error.inner_text())

        # A question with a phone number only.
        page.fill("#id_name", "Bà Nguyễn Thị Hoa")
        page.fill("#id_phone", "0912 345 678")
        page.fill("#id_title", "Hồ sơ chuyển trường cho con")
        page.fill("#id_content", "Xin hỏi hồ sơ chuyển trường lớp 7 gồm những gì?")
        page.check("#id_consent")
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.wait_for_url("**da_gui=1**")
        code = page.locator(".notice .tracking-code").inner_text().strip()
        self.assertEqual(Feedback.objects.get(tracking_code=code).email, "")

        # Looked up with the code and the number written another way: the answer is in view.
        self.assertEqual(page.input_value("#tra-cuu-code"), code)
        page.fill("#tra-cuu-phone", "+84 912.345.678")
        page.get_by_role("button", name="Tra cứu").click()
        page.wait_for_url("**#tra-cuu")
        result = page.locator(".status-result")
        self.assertIn("Hồ sơ chuyển trường cho con", result.inner_text())
        self.assertIn("Mới nhận", result.inner_text())
        where = box(result)
        self.assertGreaterEqual(where["y"], 0)
        self.assertLess(where["y"], SCREEN_HEIGHT)
        self.assertLessEqual(page_width(page), 390)

        # Another number: refused, and the refusal is in view too.
        page.fill("#tra-cuu-phone", "0912 345 679")
        page.get_by_role("button", name="Tra cứu").click()
        page.wait_for_load_state()
        refusal = page.locator("#tra-cuu .form-errors")
        self.assertIn("Không tìm thấy câu hỏi nào", refusal.inner_text())
        self.assertFalse(page.locator(".status-result").count())
        where = box(refusal)
        self.assertTrue(0 <= where["y"] < SCREEN_HEIGHT, where)

    def check_collapsed_menu(self, page):
        page.goto("/")
        header_bottom = page.evaluate(
            "document.querySelector('header.site-header').getBoundingClientRect().bottom + window.scrollY"
        )
        self.assertLess(header_bottom, SCREEN_HEIGHT * 0.25)
        news_link = page.locator("nav.main-nav").get_by_role("link", name="Tin tức")
        self.assertFalse(news_link.is_visible())
        toggle = page.locator("nav.main-nav summary")
        self.assertEqual(toggle.inner_text().strip(), "Menu")
        toggle.click()
        self.assertTrue(news_link.is_visible())
        self.assertLessEqual(page_width(page), 390)
        news_link.click()
        page.wait_for_url("**/tin-tuc/")
        self.assertFalse(page.locator("nav.main-nav").get_by_role("link", name="Trường học").is_visible())

    def test_the_menu_collapses_on_a_phone_with_or_without_javascript_and_stays_whole_on_a_desktop(self):
        self.check_collapsed_menu(self.phone_page())
        self.check_collapsed_menu(self.new_page(java_script_enabled=False, **PHONE))

        # By keyboard on a phone: the skip link first, the button opens with Enter.
        page = self.phone_page()
        page.goto("/")
        page.keyboard.press("Tab")
        self.assertEqual(page.evaluate("document.activeElement.className"), "skip-link")
        page.locator("nav.main-nav summary").focus()
        page.keyboard.press("Enter")
        self.assertTrue(page.locator("nav.main-nav").get_by_role("link", name="Tin tức").is_visible())

        desktop = self.new_page(**DESKTOP)
        desktop.goto("/")
        self.assertFalse(desktop.locator("nav.main-nav summary").is_visible())
        links = desktop.locator("nav.main-nav a")
        self.assertGreater(links.count(), 4)
        for link in links.all():
            self.assertTrue(link.is_visible(), link.inner_text())
        # One bar, reached by keyboard after the header.
        tops = {round(box(link)["y"]) for link in links.all()}
        self.assertEqual(len(tops), 1, tops)
        desktop.keyboard.press("Tab")
        self.assertEqual(desktop.evaluate("document.activeElement.className"), "skip-link")
        for _ in range(40):
            desktop.keyboard.press("Tab")
            if desktop.evaluate("!!document.activeElement.closest('nav.main-nav')"):
                break
        self.assertEqual(desktop.evaluate("document.activeElement.textContent.trim()"), "Trang chủ")

    def test_nothing_is_said_twice_and_the_school_card_fits_on_a_desktop(self):
        article = next(
            article
            for article in NewsPage.objects.live().order_by("-date")
            if timezone.localdate(article.first_published_at) == article.date
        )
        page = self.phone_page()
        page.goto(article.url)
        meta = page.locator(".article__meta").inner_text()
        self.assertEqual(len(re.findall(r"\d{2}/\d{2}/\d{4}", meta)), 1, meta)
        self.assertIn(article.date.strftime("%d/%m/%Y"), meta)

        page.goto("/")
        self.assertEqual(page.get_by_role("heading", name="Liên kết website").count(), 1)
        text = page.locator("body").inner_text()
        for contact in (demo.OFFICE_PHONE, demo.OFFICE_EMAIL, demo.OFFICE_ADDRESS):
            self.assertEqual(text.count(contact), 1, contact)

        school = max(SchoolPage.objects.live().exclude(email=""), key=lambda school: len(school.email))
        desktop = self.new_page(**DESKTOP)
        desktop.goto(school.url)
        card = box(desktop.locator(".contact-card"))
        right = card["x"] + card["width"]
        self.assertLessEqual(right, 1280)
        overflowing = desktop.locator(".contact-card *").evaluate_all(
            f"nodes => nodes.filter(n => n.getBoundingClientRect().right > {right} + 0.5).map(n => n.outerHTML)"
        )
        self.assertEqual(overflowing, [])
        self.assertTrue(desktop.get_by_role("link", name=school.email).is_visible())
