"""The Django page cache (issue 17, part 3): anonymous readers get stored pages (X-Cache: HIT) until a
purge names one of their tags; editors, previews, preview links, forms and cookies are never stored."""

import datetime

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from feedback.models import FeedbackPage
from previews.models import PreviewLink
from site_kb.cache_tags import CacheTagsMiddleware, add_tags, purge_tags
from site_kb.page_cache import PageCacheMiddleware

from ..builders import make_news, make_site, make_superuser, publish


@override_settings(DJANGO_PAGE_CACHE=True)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.news = make_news(cls.sections["news"], 2)
        cls.feedback = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def setUp(self):
        cache.clear()

    def test_a_hit_after_a_miss_then_a_miss_after_publishing(self):
        article = self.news[0]
        first = self.client.get(article.url)
        self.assertEqual(first["X-Cache"], "MISS")
        second = self.client.get(article.url)
        self.assertEqual(second["X-Cache"], "HIT")
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["xkey"], first["xkey"])
        self.assertIn("public", second["Cache-Control"])
        self.assertIn("Content-Security-Policy", second)  # the outer middleware still run
        self.assertEqual(self.client.head(article.url)["X-Cache"], "HIT")
        article.title = "Tin đã sửa tiêu đề"
        with self.captureOnCommitCallbacks(execute=True):
            article.save_revision().publish()
        third = self.client.get(article.url)
        self.assertEqual(third["X-Cache"], "MISS")
        self.assertContains(third, "Tin đã sửa tiêu đề")

    def test_a_head_request_is_answered_from_a_get_but_never_stored(self):
        url = self.sections["news"].url
        for _ in range(2):
            self.assertNotIn("X-Cache", self.client.head(url))
        self.assertEqual(self.client.get(url)["X-Cache"], "MISS")
        self.assertEqual(self.client.head(url)["X-Cache"], "HIT")

    def test_the_query_string_and_the_host_are_part_of_the_key(self):
        url = self.sections["news"].url
        self.assertEqual(self.client.get(url)["X-Cache"], "MISS")
        self.assertEqual(self.client.get(url, {"page": "2"})["X-Cache"], "MISS")
        self.assertEqual(self.client.get(url, HTTP_HOST="khac.localhost")["X-Cache"], "MISS")
        self.assertEqual(self.client.get(url)["X-Cache"], "HIT")

    def test_a_purge_during_the_rendering_leaves_the_page_a_miss(self):
        """The rendering time is what counts: a purge landing while the old rows are read wins."""
        request = RequestFactory().get("/rendering/")

        def render_while_purged(request):
            add_tags(request, "p999")
            purge_tags(["p999"])  # as if an editor published while this page was rendered
            response = HttpResponse("trang cũ")
            patch_cache_control(response, public=True, max_age=60)
            return response

        middleware = PageCacheMiddleware(CacheTagsMiddleware(render_while_purged))
        self.assertEqual(middleware(request)["X-Cache"], "MISS")
        self.assertEqual(middleware(RequestFactory().get("/rendering/"))["X-Cache"], "MISS")

    def test_a_logged_in_editor_is_never_served_nor_stored(self):
        article = self.news[1]
        self.client.get(article.url)
        self.client.force_login(make_superuser())
        for _ in range(2):
            response = self.client.get(article.url)
            self.assertNotIn("X-Cache", response)
            self.assertIn("private", response["Cache-Control"])
        self.client.logout()
        self.assertEqual(self.client.get(article.url)["X-Cache"], "HIT")  # the anonymous copy

    def test_a_reader_with_a_session_cookie_is_never_served_from_the_cache(self):
        self.client.get("/")
        self.client.cookies["sessionid"] = "a-session-of-someone"
        self.assertNotIn("X-Cache", self.client.get("/"))

    def test_a_reader_with_a_message_waiting_is_never_served_from_the_cache(self):
        self.client.get("/")
        self.client.cookies["messages"] = "a-signed-message"
        self.assertNotIn("X-Cache", self.client.get("/"))

    def test_a_preview_never_comes_from_nor_goes_to_the_cache(self):
        article = self.news[0]
        self.client.get(article.url)
        self.assertEqual(self.client.get(article.url)["X-Cache"], "HIT")
        draft = article.specific
        draft.title = "Bản nháp chưa đăng"
        revision = draft.save_revision()
        preview = revision.as_object().make_preview_request()
        self.assertContains(preview, "Bản nháp chưa đăng")
        self.assertNotIn("X-Cache", preview)
        live = self.client.get(article.url)
        self.assertEqual(live["X-Cache"], "HIT")
        self.assertNotContains(live, "Bản nháp chưa đăng")

    def test_a_preview_link_is_never_cached(self):
        article = self.news[1]
        draft = article.specific
        draft.title = "Bản nháp gửi lãnh đạo"
        link = PreviewLink.objects.create(
            page=article,
            revision=draft.save_revision(),
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        for _ in range(2):
            response = self.client.get(f"/xem-truoc/{link.token}/")
            self.assertContains(response, "Bản nháp gửi lãnh đạo")
            self.assertNotIn("X-Cache", response)
        link.revoked_at = timezone.now()
        link.save()
        self.assertNotContains(
            self.client.get(f"/xem-truoc/{link.token}/"), "Bản nháp gửi lãnh đạo", status_code=410
        )

    def test_a_form_page_is_never_stored(self):
        for _ in range(2):
            response = self.client.get(self.feedback.url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("X-Cache", response)
            self.assertNotIn("public", response["Cache-Control"])

    def test_a_post_is_never_served_from_the_cache(self):
        self.client.get(self.feedback.url)
        response = self.client.post(self.feedback.url, {})
        self.assertNotIn("X-Cache", response)

    def test_a_response_setting_a_cookie_is_never_stored(self):
        def sets_a_cookie(request):
            response = HttpResponse("trang công khai có cookie")
            patch_cache_control(response, public=True, max_age=60)
            response.set_cookie("theo-doi", "1")
            return response

        middleware = PageCacheMiddleware(CacheTagsMiddleware(sets_a_cookie))
        for _ in range(2):
            response = middleware(RequestFactory().get("/co-cookie/"))
            self.assertNotIn("X-Cache", response)
            self.assertNotIn("xkey", response)

    def test_a_response_varying_on_a_header_outside_the_key_is_never_stored(self):
        def varies(request):
            response = HttpResponse("theo thiết bị")
            patch_cache_control(response, public=True, max_age=60)
            response["Vary"] = "User-Agent"
            return response

        middleware = PageCacheMiddleware(CacheTagsMiddleware(varies))
        for _ in range(2):
            self.assertNotIn("X-Cache", middleware(RequestFactory().get("/thiet-bi/")))

    def test_an_evicted_tag_record_makes_a_miss_not_a_stale_page(self):
        article = self.news[0]
        self.client.get(article.url)
        cache.delete(f"site_kb:page-cache:tag:p{article.pk}")
        self.assertEqual(self.client.get(article.url)["X-Cache"], "MISS")

    @override_settings(DJANGO_PAGE_CACHE=False)
    def test_the_switch_turns_it_off(self):
        for _ in range(2):
            self.assertNotIn("X-Cache", self.client.get("/"))
