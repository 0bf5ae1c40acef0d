"""What readers see: the organisation from site settings, navigation, caching and search."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import Site

from site_kb.models import OrganisationSettings

from ..builders import make_news, make_school, make_site

ROOT = Path(__file__).resolve().parents[2]


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.news = make_news(cls.sections["news"], 15)
        cls.school_news = make_news(cls.school, 2, prefix="tin-truong")
        settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        settings.name = "Phòng Giáo dục và Đào tạo Huyện Mẫu"
        settings.short_name = "Phòng GD&ĐT Huyện Mẫu"
        settings.parent_authority = "UBND huyện Mẫu"
        settings.phone = "0226 3800 000"
        settings.save()

    def test_header_title_and_footer_come_from_site_settings(self):
        response = self.client.get("/")
        self.assertContains(response, "Phòng Giáo dục và Đào tạo Huyện Mẫu")
        self.assertContains(response, "UBND huyện Mẫu")
        self.assertContains(response, "0226 3800 000")
        self.assertContains(response, "Phòng GD&amp;ĐT Huyện Mẫu</title>")
        self.assertContains(response, '<html lang="vi"')

    def test_main_menu_lists_the_sections_and_breadcrumbs_lead_home(self):
        response = self.client.get(self.news[0].url)
        for title in ("Giới thiệu", "Văn bản", "Tin tức", "Trường học"):
            self.assertContains(response, title)
        self.assertContains(response, 'aria-label="Đường dẫn"')
        self.assertContains(response, 'href="/tin-tuc/"')

    def test_home_page_shows_latest_office_and_school_news(self):
        response = self.client.get("/")
        self.assertContains(response, self.news[-1].title)
        self.assertContains(response, self.school_news[-1].title)

    def test_school_page_lists_only_its_own_news(self):
        response = self.client.get(self.school.url)
        self.assertContains(response, self.school_news[0].title)
        self.assertNotContains(response, 'href="/tin-tuc/tin-0/"')

    def test_news_index_paginates_newest_first(self):
        response = self.client.get("/tin-tuc/")
        html = response.content.decode()
        self.assertLess(html.index(self.news[14].title), html.index(self.news[10].title))
        self.assertNotContains(response, self.news[0].title)
        second = self.client.get("/tin-tuc/?page=2")
        self.assertContains(second, self.news[0].title)
        # Out-of-range or garbage page numbers fall back instead of failing.
        self.assertEqual(self.client.get("/tin-tuc/?page=999").status_code, 200)
        self.assertEqual(self.client.get("/tin-tuc/?page=abc").status_code, 200)

    def test_pages_are_printable(self):
        response = self.client.get(self.news[0].url)
        self.assertContains(response, 'media="print"')

    def test_anonymous_readers_get_cacheable_pages_editors_do_not(self):
        response = self.client.get(self.news[0].url)
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=", response["Cache-Control"])
        user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(user)
        response = self.client.get(self.news[0].url)
        self.assertIn("private", response["Cache-Control"])

    def test_unpublished_news_is_not_shown(self):
        self.news[14].unpublish()
        self.assertNotContains(self.client.get("/tin-tuc/"), self.news[14].title)
        self.assertEqual(self.client.get("/tin-tuc/tin-14/").status_code, 404)

    def test_missing_page_gets_a_vietnamese_404(self):
        response = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy", status_code=404)

    def test_search_finds_a_published_article(self):
        response = self.client.get("/tim-kiem/", {"q": "hoạt động giáo dục"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.news[0].title)
        empty = self.client.get("/tim-kiem/")
        self.assertEqual(empty.status_code, 200)
        none = self.client.get("/tim-kiem/", {"q": "zzzzkhongcokqua"})
        self.assertContains(none, "Không tìm thấy")


def test_no_office_is_named_outside_the_demo_data():
    """Any office runs the site by changing its settings: code and templates name no one."""
    allowed = {ROOT / "demo", ROOT / "tests", ROOT / ".venv", ROOT / "test-results"}  # + browser artifacts
    offenders = []
    for path in list(ROOT.rglob("*.py")) + list(ROOT.rglob("*.html")) + list(ROOT.rglob("*.css")):
        if any(parent in allowed for parent in path.parents) or "migrations" in path.parts:
            continue
        if "Kim Bảng" in path.read_text(encoding="utf-8"):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_server_error_page_renders_on_its_own():
    """Django renders 500.html with no request context: the shared error layout must not need one."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Trang tạm thời gặp sự cố" in response.content.decode()
    assert 'lang="vi"' in response.content.decode()
