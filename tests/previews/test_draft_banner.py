"""Every preview of an unpublished version says so (issue 15.7): a "BẢN NHÁP – chưa xuất bản"
banner at the top, announced to screen readers and printed, and no publication date as if the
draft were published; the published page shows neither."""

import datetime
import re

from django.contrib.auth.models import Group, Permission
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from news.models import NewsPage
from previews.models import PreviewLink

from ..builders import make_site, make_superuser, make_user, news_form

BANNER = "BẢN NHÁP – chưa xuất bản"


class DraftBannerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        leaders = Group.objects.create(name="Thử – lãnh đạo")
        for codename in ("access_admin", "view_drafts"):
            leaders.permissions.add(Permission.objects.get(codename=codename))
        cls.leader = make_user("lanhdao", leaders)
        cls.admin = make_superuser()
        cls.draft = NewsPage(
            title="Hội nghị chưa đăng",
            slug="hoi-nghi-chua-dang",
            date=datetime.date(2026, 11, 20),
            lead="Tóm tắt.",
            body=[("paragraph", "<p>Nội dung.</p>")],
            live=False,
        )
        cls.sections["news"].add_child(instance=cls.draft)
        cls.revision = cls.draft.save_revision(user=cls.admin)

    def assert_draft(self, response):
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        body = html[html.index("<body") :]
        banner = re.search(
            r'<div class="draft-banner" role="region" aria-labelledby="draft-banner-title">(.*?)</div>',
            body,
            re.S,
        )
        self.assertIsNotNone(banner, "no draft banner")
        self.assertIn(f'id="draft-banner-title" role="alert"><strong>{BANNER}</strong>', banner.group(1))
        # At the top: right after the skip link, before the site's header and the article.
        self.assertLess(body.index("draft-banner"), body.index("<header"))
        self.assertIn("<title>[Bản nháp] ", html)
        self.assertIn("css/draft-banner.css", html)  # its style, with the print rules
        self.assertIn("<strong>Chưa xuất bản</strong>", html)
        self.assertNotIn("Ngày đăng tin:", html)
        self.assertNotIn("20/11/2026", html)
        return html

    def test_leaderships_preview_is_marked_as_a_draft(self):
        self.client.force_login(self.leader)
        self.assert_draft(self.client.get(reverse("previews_admin:draft_preview", args=[self.draft.pk])))

    def test_a_preview_link_is_marked_as_a_draft_with_the_planned_time(self):
        go_live = timezone.make_aware(datetime.datetime(2026, 12, 24, 8, 30))
        page = NewsPage.objects.get(pk=self.draft.pk)
        page.go_live_at = go_live
        revision = page.save_revision(user=self.admin)
        link = PreviewLink.objects.create(
            page=page,
            revision=revision,
            created_by=self.admin,
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        html = self.assert_draft(Client().get(link.get_absolute_url()))
        self.assertIn("dự kiến đăng lúc", html)
        self.assertIn("08:30 24/12/2026", html)

    def test_wagtails_own_editor_preview_is_marked_as_a_draft(self):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.draft.pk])
        posted = self.client.post(url, news_form("Hội nghị chưa đăng", "hoi-nghi-chua-dang"))
        self.assertEqual(posted.json(), {"is_valid": True, "is_available": True})
        self.assert_draft(self.client.get(url))

    def test_the_published_page_has_no_banner(self):
        self.revision.publish()
        response = Client().get(NewsPage.objects.get(pk=self.draft.pk).url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, BANNER)
        self.assertNotContains(response, "draft-banner")
        self.assertContains(response, "Ngày đăng tin")
