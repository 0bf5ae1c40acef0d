"""Roles and the two-step moderation workflow, through the admin (Điều 8, 11, 13)."""

import datetime
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, PageLogEntry, WorkflowState

from editorial.models import EditorialTaskState, LeadershipApprovalTask, SchoolAccess
from editorial.roles import BOARD, IT_OFFICER, LEADERSHIP, OFFICE_STAFF, setup_roles
from news.models import NewsPage
from previews.models import PreviewLink

from ..builders import make_school, make_site, make_user, news_form

User = get_user_model()


class EditorialWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school_a = make_school(cls.sections["schools"], 1)
        cls.school_b = make_school(cls.sections["schools"], 2)
        groups = setup_roles()
        access_a = SchoolAccess.objects.get(school=cls.school_a)
        access_b = SchoolAccess.objects.get(school=cls.school_b)

        cls.contact_a = make_user("daumoi_a", access_a.contact_group)
        cls.principal_a = make_user("hieutruong_a", access_a.principal_group)
        cls.principal_b = make_user("hieutruong_b", access_b.principal_group)
        cls.board = make_user("bientap", groups["board"])
        cls.leader = make_user("lanhdao", groups["leadership"])
        cls.staff = make_user("canbo", groups["office_staff"])

    # --- helpers -------------------------------------------------------------

    def create(self, user, parent, title, slug, action="action-submit", **extra):
        self.client.force_login(user)
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])
        data = news_form(title, slug, **extra)
        data[action] = "1"
        with self.captureOnCommitCallbacks(execute=True):  # the approvers' mail: a task after the commit
            return self.client.post(url, data)

    def task_state(self, page):
        return WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state

    def act(self, user, page, action, **data):
        self.client.force_login(user)
        task_state = self.task_state(page)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data)

    def submitted_school_page(self, slug="tin-a"):
        self.create(self.contact_a, self.school_a, "Tin của trường A", slug)
        return NewsPage.objects.get(slug=slug)

    # --- per-school rights ------------------------------------------------------

    def test_school_contact_drafts_and_submits_only_in_own_school(self):
        response = self.create(self.contact_a, self.school_a, "Tin của trường A", "tin-a")
        self.assertEqual(response.status_code, 302)
        page = NewsPage.objects.get(slug="tin-a")
        self.assertFalse(page.live)
        self.assertEqual(page.get_parent().pk, self.school_a.pk)
        self.assertEqual(
            self.task_state(page).task.specific.__class__.__name__, "SchoolPrincipalApprovalTask"
        )

        for parent in (self.school_b, self.sections["news"]):
            with self.subTest(parent=parent.title):
                response = self.create(self.contact_a, parent, "Tin lạc chỗ", f"lac-{parent.pk}")
                self.assertIn(response.status_code, (302, 403))
                self.assertFalse(NewsPage.objects.filter(slug=f"lac-{parent.pk}").exists())
                self.client.force_login(self.contact_a)
                add_url = reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])
                self.assertIn(self.client.get(add_url).status_code, (302, 403))

    def test_school_contact_cannot_publish(self):
        self.create(self.contact_a, self.school_a, "Tin tự đăng", "tu-dang", action="action-publish")
        page = NewsPage.objects.get(slug="tu-dang")
        self.assertFalse(page.live)
        self.assertFalse(page.specific.permissions_for_user(self.contact_a).can_publish())

    def test_principal_approves_own_school_only_then_board_publishes(self):
        page = self.submitted_school_page()
        self.assertEqual([m.to for m in mail.outbox], [["hieutruong_a@truong.test"]])
        self.assertIn("đang chờ bạn duyệt", mail.outbox[0].subject)

        response = self.act(self.principal_b, page, "approve", comment="")
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(self.task_state(page).status, "in_progress")
        self.assertEqual(
            self.task_state(page).task.specific.__class__.__name__, "SchoolPrincipalApprovalTask"
        )

        mail.outbox.clear()
        self.act(self.principal_a, page, "approve", comment="Đồng ý")
        self.assertEqual(self.task_state(page).task.specific.__class__.__name__, "BoardApprovalTask")
        self.assertEqual([m.to for m in mail.outbox], [["bientap@truong.test"]])
        page.refresh_from_db()
        self.assertFalse(page.live)

        mail.outbox.clear()
        self.act(self.board, page, "approve", comment="")
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)
        self.assertEqual([m.to for m in mail.outbox], [["daumoi_a@truong.test"]])
        self.assertIn("đã được duyệt", mail.outbox[0].subject)

    def test_principal_queue_lists_only_own_school(self):
        page = self.submitted_school_page()
        task = self.task_state(page).task.specific
        self.assertEqual(
            list(task.get_task_states_user_can_moderate(self.principal_a)), [self.task_state(page)]
        )
        self.assertEqual(list(task.get_task_states_user_can_moderate(self.principal_b)), [])
        other_school = Client()
        other_school.force_login(self.principal_b)
        dashboard = other_school.get(reverse("wagtailadmin_home")).content.decode()
        self.assertNotIn("Tin của trường A", dashboard)
        own_school = Client()
        own_school.force_login(self.principal_a)
        self.assertIn("Tin của trường A", own_school.get(reverse("wagtailadmin_home")).content.decode())

    # --- refusal with a reason ----------------------------------------------------

    def test_board_rejection_with_reason_d_is_stored_and_shown_to_submitter(self):
        page = self.submitted_school_page()
        self.act(self.principal_a, page, "approve", comment="")
        mail.outbox.clear()

        response = self.act(self.board, page, "reject", comment="Trùng bài đăng ngày 01/11.")
        self.assertEqual(self.task_state(page).status, "in_progress", "a refusal without a reason is refused")

        response = self.act(self.board, page, "reject", reason="d", comment="Trùng bài đăng ngày 01/11.")
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        task_state = EditorialTaskState.objects.get(pk=state.current_task_state_id)
        self.assertEqual(task_state.rejection_reason, "d")
        self.assertIn("trùng lặp nội dung đã đăng", task_state.get_comment())

        history = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").get()
        self.assertIn("d. Không đúng sự thật", history.data["comment"])
        self.assertIn("Trùng bài đăng ngày 01/11.", history.data["comment"])

        self.assertEqual([m.to for m in mail.outbox], [["daumoi_a@truong.test"]])
        self.assertIn("d. Không đúng sự thật", mail.outbox[0].body)

        self.client.force_login(self.contact_a)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "d. Không đúng sự thật")
        self.assertContains(response, "Trùng bài đăng ngày 01/11.")

    # --- office content and leadership ---------------------------------------------

    def test_flagged_office_page_waits_for_leadership_unflagged_does_not(self):
        news = self.sections["news"]
        self.create(
            self.staff, news, "Tin cần ý kiến", "can-y-kien", needs_leadership_review="on", category="office"
        )
        self.create(self.staff, news, "Tin thường", "tin-thuong", category="office")
        flagged = NewsPage.objects.get(slug="can-y-kien")
        plain = NewsPage.objects.get(slug="tin-thuong")
        self.assertTrue(flagged.needs_leadership_review)

        self.act(self.board, plain, "approve", comment="")
        plain.refresh_from_db()
        self.assertTrue(plain.live)

        mail.outbox.clear()
        self.act(self.board, flagged, "approve", comment="")
        flagged.refresh_from_db()
        self.assertFalse(flagged.live)
        self.assertIsInstance(self.task_state(flagged).task.specific, LeadershipApprovalTask)
        self.assertEqual([m.to for m in mail.outbox], [["lanhdao@truong.test"]])

        self.act(self.leader, flagged, "approve", comment="Đồng ý đăng.")
        flagged.refresh_from_db()
        self.assertTrue(flagged.live)

    def test_office_staff_cannot_publish_or_write_in_schools(self):
        self.create(self.staff, self.sections["news"], "Tin của Phòng", "tin-phong", action="action-publish")
        self.assertFalse(NewsPage.objects.get(slug="tin-phong").live)
        self.create(self.staff, self.school_a, "Tin vào trường", "vao-truong")
        self.assertFalse(NewsPage.objects.filter(slug="vao-truong").exists())

    # --- groups follow the tree ------------------------------------------------------

    def test_school_groups_follow_creation_and_rename(self):
        school = make_school(self.sections["schools"], 3)
        access = SchoolAccess.objects.get(school=school)
        self.assertEqual(access.contact_group.name, "Trường số 3 – Đầu mối")
        self.assertEqual(access.principal_group.name, "Trường số 3 – Hiệu trưởng")
        self.assertTrue(GroupPagePermission.objects.filter(group=access.contact_group, page=school).exists())

        school.title = "Trường THCS Đổi Tên"
        school.save_revision().publish()
        access.refresh_from_db()
        self.assertEqual(Group.objects.get(pk=access.contact_group_id).name, "Trường THCS Đổi Tên – Đầu mối")
        self.assertEqual(
            Group.objects.get(pk=access.principal_group_id).name, "Trường THCS Đổi Tên – Hiệu trưởng"
        )
        self.assertEqual(access.collection.name, "Trường THCS Đổi Tên")

        draft = Page.objects.get(pk=school.pk).specific
        draft.title = "Tên nháp chưa đăng"
        draft.save_revision()
        access.refresh_from_db()
        self.assertEqual(access.contact_group.name, "Trường THCS Đổi Tên – Đầu mối")

    def test_preview_links_are_made_by_leadership_and_the_board_only(self):
        """Issue 15: leadership sends a draft to someone without an account; schools and office staff do not."""
        for user in (self.leader, self.board):
            self.assertTrue(user.has_perm("previews.add_previewlink"), user)
            self.assertTrue(user.has_perm("previews.change_previewlink"), user)
        for user in (self.contact_a, self.principal_a, self.staff):
            self.assertFalse(user.has_perm("previews.add_previewlink"), user)
            self.client.force_login(user)
            response = self.client.post(
                reverse("previews_admin:create_link", args=[self.school_a.pk]), {"days": 3}
            )
            self.assertIn(response.status_code, (302, 403), user)
        self.assertFalse(PreviewLink.objects.exists())

    def test_setup_roles_is_idempotent(self):
        before = (Group.objects.count(), GroupPagePermission.objects.count())
        call_command("setup_roles", stdout=StringIO())
        self.assertEqual((Group.objects.count(), GroupPagePermission.objects.count()), before)
        for name in (BOARD, LEADERSHIP, IT_OFFICER, OFFICE_STAFF):
            self.assertTrue(Group.objects.filter(name=name).exists())

    # --- scheduled publishing (Điều 13.2c: the board decides when) ----------------------

    def test_scheduled_page_goes_live_when_the_command_runs(self):
        page = self.sections["news"].add_child(
            instance=NewsPage(title="Tin hẹn giờ", slug="hen-gio", lead="Hẹn giờ.", body=[], live=False)
        )
        page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
        page.save_revision(user=self.board).publish(user=self.board)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.revisions.filter(approved_go_live_at__isnull=False).exists())

        call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertFalse(page.live, "not yet time")

        three_hours_later = timezone.now() + datetime.timedelta(hours=3)
        with mock.patch("django.utils.timezone.now", return_value=three_hours_later):
            call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertTrue(page.live)
