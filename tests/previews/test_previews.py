"""Leadership preview (Điều 13.2c): leaders see every draft, the board sends secret expiring links."""

import datetime
import difflib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from news.models import NewsPage
from previews.models import PreviewLink

from ..builders import make_news, make_site

LIVE_TITLE = "Tin số 0 về hoạt động giáo dục"
DRAFT_TITLE = "Dự thảo: Hội nghị tổng kết năm học"


def group_with(name, *codenames):
    group = Group.objects.create(name=name)
    for codename in codenames:
        app_label, codename = codename.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def user_in(username, group=None):
    user = get_user_model().objects.create_user(username, password="thu-12345")
    if group:
        user.groups.add(group)
    return user


def board_workflow():
    workflow = Workflow.objects.create(name="Thử – quy trình duyệt tin")
    task = GroupApprovalTask.objects.create(name="Ban biên tập duyệt")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def draft(page, title, user):
    page = NewsPage.objects.get(pk=page.pk)
    page.title = title
    return page.save_revision(user=user)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        leader_group = group_with("Thử – lãnh đạo", "wagtailadmin.access_admin", "previews.view_drafts")
        reader_group = group_with(
            "Thử – chỉ xem bản nháp", "wagtailadmin.access_admin", "previews.view_drafts"
        )
        board_group = group_with(
            "Thử – ban biên tập",
            "wagtailadmin.access_admin",
            "previews.view_drafts",
            "previews.add_previewlink",
            "previews.change_previewlink",
        )
        staff_group = group_with("Thử – cán bộ", "wagtailadmin.access_admin")
        cls.leader = user_in("lanhdao-thu", leader_group)
        cls.drafts_reader = user_in("xem-ban-nhap-thu", reader_group)
        cls.board = user_in("bientap-thu", board_group)
        cls.staff = user_in("canbo-thu", staff_group)
        cls.news = make_news(cls.sections["news"], 1)[0]
        cls.revision = draft(cls.news, DRAFT_TITLE, cls.board)

    def login(self, user):
        self.client.force_login(user)

    def create_link(self, **data):
        self.login(self.board)
        return self.client.post(
            reverse("previews_admin:create_link", args=[self.news.pk]),
            {"note": "Gửi đồng chí Trưởng phòng", "days": 3, **data},
            follow=True,
        )

    # Leadership: every draft and its preview, without page permissions.

    def test_leader_lists_drafts_with_the_draft_title(self):
        self.login(self.leader)
        response = self.client.get(reverse("previews_admin:drafts"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, DRAFT_TITLE)
        self.assertContains(response, "Tin bài")  # NewsPage's verbose name
        self.assertContains(response, "Chưa gửi duyệt")
        self.assertContains(response, "Các trang có thay đổi chưa xuất bản")
        self.assertContains(response, reverse("previews_admin:draft_preview", args=[self.news.pk]))
        # The results alone (Wagtail's listing refreshes them in place) show the same rows.
        self.assertContains(self.client.get(reverse("previews_admin:drafts_results")), DRAFT_TITLE)
        # Leaders may look, not make links.
        self.assertNotContains(response, reverse("previews_admin:create_link", args=[self.news.pk]))

    def test_leader_opens_the_draft_not_the_live_page(self):
        self.login(self.leader)
        self.assertFalse(self.news.permissions_for_user(self.leader).can_edit())
        response = self.client.get(reverse("previews_admin:draft_preview", args=[self.news.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, DRAFT_TITLE)
        self.assertNotContains(response, LIVE_TITLE)
        self.assertIn("no-store", response["Cache-Control"])

    def test_menu_item_only_for_users_who_may_view_drafts(self):
        self.login(self.leader)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), "previews-drafts")
        self.login(self.staff)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "previews-drafts")

    def test_drafts_list_shows_the_current_review_step(self):
        board_workflow().start(NewsPage.objects.get(pk=self.news.pk), self.board)
        self.login(self.leader)
        response = self.client.get(reverse("previews_admin:drafts"))
        self.assertContains(response, "Đang chờ duyệt: Ban biên tập duyệt")
        self.assertNotContains(response, "Chưa gửi duyệt")

    def test_user_without_view_drafts_is_turned_away(self):
        self.login(self.staff)
        for url in (
            reverse("previews_admin:drafts"),
            reverse("previews_admin:drafts_results"),
            reverse("previews_admin:draft_preview", args=[self.news.pk]),
            reverse("preview_links:index"),
        ):
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403), url)
            if response.status_code == 302:
                self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        response = self.client.get(reverse("previews_admin:draft_preview", args=[self.news.pk]), follow=True)
        self.assertNotContains(response, DRAFT_TITLE)

    def test_anonymous_user_is_sent_to_the_admin_login(self):
        response = self.client.get(reverse("previews_admin:drafts"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    # The board: links for leadership.

    def test_board_creates_a_link_that_shows_the_frozen_draft_to_anyone(self):
        response = self.create_link()
        link = PreviewLink.objects.get()
        url = "http://testserver" + reverse("previews:shared", args=[link.token])
        self.assertRedirects(response, reverse("preview_links:index"))
        self.assertContains(response, url)  # in the success message and the list
        self.assertContains(response, "Đã tạo liên kết xem trước")
        self.assertContains(response, "Còn hiệu lực")
        self.assertContains(response, "Mỗi liên kết cho người nhận xem một bản nháp")
        self.assertEqual(link.revision, self.revision)
        self.assertEqual(link.created_by, self.board)
        self.assertEqual(link.note, "Gửi đồng chí Trưởng phòng")

        # A later draft does not change what the link shows.
        draft(self.news, "Một bản nháp còn mới hơn", self.board)
        public = Client().get(url)
        self.assertEqual(public.status_code, 200)
        self.assertContains(public, DRAFT_TITLE)
        self.assertNotContains(public, "Một bản nháp còn mới hơn")
        self.assertEqual(public["Cache-Control"], "private, no-store")
        self.assertEqual(public["X-Robots-Tag"], "noindex, nofollow")

    def test_revoked_link_is_gone_and_shows_nothing_of_the_page(self):
        self.create_link()
        link = PreviewLink.objects.get()
        response = self.client.post(reverse("preview_links:revoke", args=[link.pk]), follow=True)
        self.assertContains(response, "Đã thu hồi")
        link.refresh_from_db()
        self.assertFalse(link.is_active)
        self.assertEqual(link.revoked_by, self.board)
        self.assertEqual(link.status_label, "Đã thu hồi")

        public = Client().get(link.get_absolute_url())
        self.assertEqual(public.status_code, 410)
        self.assertContains(public, "thu hồi", status_code=410)
        self.assertContains(public, "Ban biên tập", status_code=410)
        self.assertNotContains(public, DRAFT_TITLE, status_code=410)
        self.assertNotContains(public, LIVE_TITLE, status_code=410)
        self.assertEqual(public["Cache-Control"], "private, no-store")

    def test_expired_link_is_gone(self):
        link = PreviewLink.objects.create(
            page=self.news,
            revision=self.revision,
            created_by=self.board,
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        self.assertEqual(link.status_label, "Đã hết hạn")
        response = self.client.get(link.get_absolute_url())
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "hết hạn", status_code=410)
        self.assertNotContains(response, DRAFT_TITLE, status_code=410)

    def test_unknown_token_is_not_found(self):
        response = self.client.get(reverse("previews:shared", args=["khong-co-ma-nay"]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy liên kết xem trước", status_code=404)
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_days_out_of_range_creates_nothing(self):
        for days in (0, 99, "", "ba"):
            response = self.create_link(days=days)
            self.assertRedirects(response, reverse("previews_admin:drafts"))
            self.assertContains(response, "Số ngày hiệu lực phải là số nguyên từ 1 đến 30.")
        self.assertFalse(PreviewLink.objects.exists())

    def test_page_without_revisions_creates_nothing(self):
        bare = self.sections["news"].add_child(
            instance=NewsPage(
                title="Trang chưa lưu bản nào",
                slug="chua-luu",
                date=datetime.date(2026, 1, 1),
                lead="Tóm tắt.",
            )
        )
        self.login(self.board)
        response = self.client.post(
            reverse("previews_admin:create_link", args=[bare.pk]), {"days": 3}, follow=True
        )
        self.assertContains(response, "chưa có bản lưu nào")
        self.assertFalse(PreviewLink.objects.exists())

    def test_who_only_reads_drafts_may_not_create_or_revoke_links(self):
        self.login(self.drafts_reader)
        response = self.client.post(reverse("previews_admin:create_link", args=[self.news.pk]), {"days": 3})
        self.assertEqual(response.status_code, 403)
        link = PreviewLink.objects.create(
            page=self.news,
            revision=self.revision,
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        response = self.client.post(reverse("preview_links:revoke", args=[link.pk]))
        self.assertEqual(response.status_code, 403)
        link.refresh_from_db()
        self.assertTrue(link.is_active)

    def test_posts_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.board)
        response = client.post(reverse("previews_admin:create_link", args=[self.news.pk]), {"days": 3})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(PreviewLink.objects.exists())

    def test_drafts_list_query_count_does_not_grow_with_drafts(self):
        workflow = board_workflow()
        self.login(self.leader)
        url = reverse("previews_admin:drafts")
        for page in make_news(self.sections["news"], 2, prefix="them"):
            draft(page, f"Bản nháp {page.pk}", self.board)
            workflow.start(NewsPage.objects.get(pk=page.pk), self.board)
        self.client.get(url)  # warm caches (content types, session) before counting

        with CaptureQueriesContext(connection) as few:
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 3)

        for page in make_news(self.sections["news"], 27, prefix="nhieu"):
            draft(page, f"Bản nháp {page.pk}", self.board)
            workflow.start(NewsPage.objects.get(pk=page.pk), self.board)
        # Warm again: publishing the new pages may expire what a cache kept (once, not per row).
        self.client.get(url)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 25)  # 30 drafts, 25 a page
        self.assertContains(response, "Đang chờ duyệt: Ban biên tập duyệt", count=25)
        few_sql = [q["sql"] for q in few.captured_queries]
        many_sql = [q["sql"] for q in many.captured_queries]
        self.assertEqual(len(few), len(many), "\n".join(difflib.unified_diff(few_sql, many_sql, lineterm="")))
