"""Moderation cannot be steered around its steps (issue 12, defects 1 and 2; Điều 11, 13).

A reviewer acts only on the step a page in their care is waiting at, through every
workflow address; leadership gives its opinion without editing (Điều 13.2c); and what
goes live is exactly the revision every step approved.
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

from editorial.models import (
    BoardApprovalTask,
    EditorialTaskState,
    LeadershipApprovalTask,
    SchoolAccess,
    SchoolPrincipalApprovalTask,
)
from editorial.roles import setup_roles
from news.models import NewsPage

from ..builders import make_school, make_site, make_user, news_form

User = get_user_model()


class WorkflowSecurityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school_a = make_school(cls.sections["schools"], 1)
        cls.school_b = make_school(cls.sections["schools"], 2)
        groups = setup_roles()
        access_a = SchoolAccess.objects.get(school=cls.school_a)
        access_b = SchoolAccess.objects.get(school=cls.school_b)

        cls.contact_a = make_user("daumoi_a", access_a.contact_group)
        cls.contact_b = make_user("daumoi_b", access_b.contact_group)
        cls.principal_a = make_user("hieutruong_a", access_a.principal_group)
        cls.principal_b = make_user("hieutruong_b", access_b.principal_group)
        cls.board = make_user("bientap", groups["board"])
        cls.leader = make_user("lanhdao", groups["leadership"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.principal_task = SchoolPrincipalApprovalTask.objects.get()
        cls.board_task = BoardApprovalTask.objects.get()
        cls.leadership_task = LeadershipApprovalTask.objects.get()

    # --- helpers -------------------------------------------------------------

    def submit(self, user, parent, title, slug, **extra):
        self.client.force_login(user)
        data = news_form(title, slug, **extra)
        data["action-submit"] = "1"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk]), data
        )
        self.assertEqual(response.status_code, 302)
        return NewsPage.objects.get(slug=slug)

    def school_pages(self):
        page_a = self.submit(self.contact_a, self.school_a, "Tin của trường A", "tin-a")
        page_b = self.submit(self.contact_b, self.school_b, "Tin của trường B", "tin-b")
        return page_a, page_b

    def current(self, page):
        return WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state.specific

    def action_url(self, page, action, task_state):
        return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])

    def act(self, user, page, action, task_state=None, **data):
        self.client.force_login(user)
        return self.client.post(self.action_url(page, action, task_state or self.current(page)), data)

    def edit(self, user, page, title, **extra):
        """POST the editor of ``page`` as ``user`` with a new title (plus workflow fields in ``extra``)."""
        self.client.force_login(user)
        data = news_form(title, page.slug)
        data.update(extra)
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def edit_and_act(self, user, page, title, action, extra_data):
        return self.edit(
            user,
            page,
            title,
            **{
                "action-workflow-action": "1",
                "workflow-action-name": action,
                "workflow-action-extra-data": extra_data
                if isinstance(extra_data, str)
                else json.dumps(extra_data),
            },
        )

    def flagged_office_page_at_leadership(self):
        page = self.submit(
            self.staff, self.sections["news"], "Tin cần ý kiến", "can-y-kien", needs_leadership_review="on"
        )
        self.act(self.board, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, LeadershipApprovalTask)
        return page

    def assert_waiting_at(self, page, task_state):
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(self.current(page).pk, task_state.pk)
        page.refresh_from_db()
        self.assertFalse(page.live)

    # --- defect 1: a task state from somewhere else ------------------------------------

    def test_principal_cannot_approve_another_schools_page_through_own_page_url(self):
        page_a, page_b = self.school_pages()
        state_a, state_b = self.current(page_a), self.current(page_b)
        self.client.force_login(self.principal_a)
        response = self.client.post(self.action_url(page_a, "approve", state_b), {"comment": ""})
        self.assertIn(response.status_code, (403, 404))
        self.assert_waiting_at(page_b, state_b)
        self.assert_waiting_at(page_a, state_a)

    def test_principal_cannot_reject_another_schools_page_through_own_page_url(self):
        page_a, page_b = self.school_pages()
        state_b = self.current(page_b)
        self.client.force_login(self.principal_a)
        response = self.client.post(
            self.action_url(page_a, "reject", state_b), {"reason": "a", "comment": "Không thuộc phạm vi."}
        )
        self.assertIn(response.status_code, (403, 404))
        self.assert_waiting_at(page_b, state_b)
        self.assertEqual(EditorialTaskState.objects.get(pk=state_b.pk).rejection_reason, "")

    def test_collect_action_data_refuses_a_task_state_of_another_page(self):
        page_a, page_b = self.school_pages()
        state_b = self.current(page_b)
        url = reverse(
            "wagtailadmin_pages:collect_workflow_action_data", args=[page_a.pk, "reject", state_b.pk]
        )
        self.client.force_login(self.principal_a)
        self.assertIn(self.client.get(url).status_code, (403, 404))
        response = self.client.post(url, {"reason": "a", "comment": ""})
        self.assertIn(response.status_code, (403, 404))
        self.assert_waiting_at(page_b, state_b)

    def test_workflow_preview_shows_only_the_step_the_page_in_the_url_waits_at(self):
        page_a, page_b = self.school_pages()
        self.client.force_login(self.principal_a)
        other_school = reverse(
            "wagtailadmin_pages:workflow_preview", args=[page_b.pk, self.principal_task.pk]
        )
        self.assertNotEqual(self.client.get(other_school).status_code, 200)
        other_step = reverse("wagtailadmin_pages:workflow_preview", args=[page_a.pk, self.board_task.pk])
        self.assertNotEqual(self.client.get(other_step).status_code, 200)
        own = reverse("wagtailadmin_pages:workflow_preview", args=[page_a.pk, self.principal_task.pk])
        self.assertContains(self.client.get(own), "Tin của trường A")

    def test_task_state_of_a_finished_step_is_refused(self):
        page_a, _page_b = self.school_pages()
        principal_state = self.current(page_a)
        self.act(self.principal_a, page_a, "approve", comment="")
        board_state = self.current(page_a)
        self.assertIsInstance(board_state.task.specific, BoardApprovalTask)

        for action, data in (("approve", {"comment": ""}), ("reject", {"reason": "c", "comment": "Mật."})):
            with self.subTest(action=action):
                response = self.act(self.principal_a, page_a, action, task_state=principal_state, **data)
                self.assertIn(response.status_code, (403, 404))
                principal_state.refresh_from_db()
                self.assertEqual(principal_state.status, TaskState.STATUS_APPROVED)
                self.assertEqual(principal_state.rejection_reason, "")
                self.assert_waiting_at(page_a, board_state)
        url = reverse(
            "wagtailadmin_pages:collect_workflow_action_data", args=[page_a.pk, "approve", principal_state.pk]
        )
        self.assertIn(self.client.get(url).status_code, (403, 404))

    def test_on_action_checks_the_task_state_itself(self):
        """Whatever view calls it, the task refuses a state its user may not act on."""
        page_a, page_b = self.school_pages()
        state_a, state_b = self.current(page_a), self.current(page_b)
        with self.assertRaises(PermissionDenied):
            self.principal_task.on_action(state_b, self.principal_a, "approve", comment="")
        self.assert_waiting_at(page_b, state_b)

        stray = state_a.copy()  # in progress, but not the step the workflow is at
        with self.assertRaises(PermissionDenied):
            self.principal_task.on_action(stray, self.principal_a, "approve", comment="")
        stray.refresh_from_db()
        self.assertEqual(stray.status, TaskState.STATUS_IN_PROGRESS)

        self.principal_task.on_action(state_a, self.principal_a, "approve", comment="")
        with self.assertRaises(PermissionDenied):
            self.principal_task.on_action(state_a, self.principal_a, "reject", reason="a", comment="")
        self.assertEqual(EditorialTaskState.objects.get(pk=state_a.pk).status, TaskState.STATUS_APPROVED)

    # --- defect 1: forged data from the editor --------------------------------------------

    def test_forged_workflow_extra_data_in_the_editor_is_refused_cleanly(self):
        page = self.submit(self.staff, self.sections["news"], "Tin của Phòng", "tin-phong")
        state = self.current(page)
        forged = [
            ("reject", "không phải JSON"),
            ("reject", "[1, 2]"),
            ("reject", '"d"'),
            ("reject", {"reason": "z", "comment": "Lý do bịa."}),
            ("reject", {"reason": ["d"], "comment": "Danh sách."}),
            ("reject", {"comment": "Không có lý do."}),
            ("reject", {"reason": "d", "comment": "x" * 10_000}),
            ("approve", {"comment": "x" * 10_000}),
        ]
        for action, extra_data in forged:
            with self.subTest(action=action, extra_data=str(extra_data)[:40]):
                response = self.edit_and_act(self.board, page, "Tin của Phòng", action, extra_data)
                self.assertIn(response.status_code, (302, 400, 403))
                self.assert_waiting_at(page, state)
                self.assertEqual(EditorialTaskState.objects.get(pk=state.pk).rejection_reason, "")

        # Unknown keys are ignored; a valid reason and comment still send the page back.
        response = self.edit_and_act(
            self.board,
            page,
            "Tin của Phòng",
            "reject",
            {"reason": "d", "comment": "Trùng bài cũ.", "update": False, "user": self.leader.pk},
        )
        self.assertEqual(response.status_code, 302)
        state = EditorialTaskState.objects.get(pk=state.pk)
        self.assertEqual(state.status, TaskState.STATUS_REJECTED)
        self.assertEqual(state.rejection_reason, "d")
        self.assertEqual(state.finished_by, self.board)
        self.assertEqual(state.workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)

    # --- defect 2: leadership gives its opinion without editing ------------------------

    def test_leadership_reads_the_locked_editor_but_cannot_save_it_nor_lock(self):
        # Leadership opens the editor to read and comment (issue 15.10); the page is locked for it.
        page = self.flagged_office_page_at_leadership()
        state = self.current(page)
        self.client.force_login(self.leader)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.get(edit_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="action-save-draft"')

        response = self.edit(self.leader, page, "Tiêu đề lãnh đạo tự sửa", needs_leadership_review="on")
        self.assertContains(response, "Không thể lưu trang vì trang đang bị khoá.", status_code=200)
        response = self.edit_and_act(self.leader, page, "Tiêu đề lãnh đạo tự sửa", "approve", {"comment": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().title, "Tin cần ý kiến"
        )
        self.assert_waiting_at(page, state)

        self.client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
        page.refresh_from_db()
        self.assertFalse(page.locked)
        self.assertTrue(page.get_lock().for_user(self.leader))
        self.assertFalse(page.permissions_for_user(self.leader).can_lock())

    def test_leadership_previews_and_approves_from_the_dashboard_links(self):
        page = self.flagged_office_page_at_leadership()
        state = self.current(page)
        self.client.force_login(self.leader)
        preview_url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, self.leadership_task.pk])
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, preview_url)
        self.assertContains(dashboard, self.action_url(page, "approve", state))

        response = self.client.get(preview_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tin cần ý kiến")
        self.assertEqual(
            self.client.get(reverse("previews_admin:draft_preview", args=[page.pk])).status_code, 200
        )

        response = self.act(self.leader, page, "approve", comment="Đồng ý đăng.")
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.live_revision_id, state.revision_id)

    # --- defect 2: what goes live is what every step approved -----------------------------

    def test_board_edit_at_its_step_sends_the_page_back_to_the_principal(self):
        page = self.submit(self.contact_a, self.school_a, "Tin của trường A", "tin-a")
        self.act(self.principal_a, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, BoardApprovalTask)

        response = self.edit_and_act(
            self.board, page, "Tin đã sửa ở bước Ban biên tập", "approve", {"comment": ""}
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live, "an edit nobody before the board saw is not published")
        back = self.current(page)
        self.assertIsInstance(back.task.specific, SchoolPrincipalApprovalTask)
        self.assertEqual(back.revision_id, page.get_latest_revision().pk)
        self.assertEqual(back.revision.as_object().title, "Tin đã sửa ở bước Ban biên tập")

        self.act(self.principal_a, page, "approve", comment="Đồng ý bản sửa.")
        final = self.current(page)
        self.assertIsInstance(final.task.specific, BoardApprovalTask)
        self.act(self.board, page, "approve", comment="")
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Tin đã sửa ở bước Ban biên tập")
        self.assertEqual(page.live_revision_id, final.revision_id)

    def test_a_page_refused_by_the_board_and_fixed_goes_to_the_principal_first(self):
        page = self.submit(self.contact_a, self.school_a, "Tin của trường A", "tin-a")
        self.act(self.principal_a, page, "approve", comment="")
        self.act(self.board, page, "reject", reason="e", comment="Bổ sung ảnh.")
        workflow_state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)

        response = self.edit(self.contact_a, page, "Tin của trường A (đã bổ sung)", **{"action-submit": "1"})
        self.assertEqual(response.status_code, 302)
        resumed = self.current(page)
        self.assertIsInstance(
            resumed.task.specific, SchoolPrincipalApprovalTask, "Điều 11.1: principal first"
        )
        self.assertEqual(resumed.revision_id, NewsPage.objects.get(pk=page.pk).get_latest_revision().pk)

        self.act(self.principal_a, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, BoardApprovalTask)
        page.refresh_from_db()
        self.assertFalse(page.live, "the principal's approval does not publish: the board has the last word")
        self.act(self.board, page, "approve", comment="")
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Tin của trường A (đã bổ sung)")

    def test_principal_fixing_a_typo_and_approving_moves_on_to_the_board(self):
        page = self.submit(self.contact_a, self.school_a, "Tin của trường A có lỗi chíh tả", "tin-a")
        response = self.edit_and_act(
            self.principal_a, page, "Tin của trường A", "approve", {"comment": "Đã sửa."}
        )
        self.assertEqual(response.status_code, 302)
        latest = NewsPage.objects.get(pk=page.pk).get_latest_revision()
        approved = EditorialTaskState.objects.get(workflow_state__object_id=str(page.pk), status="approved")
        self.assertEqual(approved.revision_id, latest.pk, "the principal approved their own corrected text")
        board_state = self.current(page)
        self.assertIsInstance(board_state.task.specific, BoardApprovalTask)
        self.assertEqual(board_state.revision_id, latest.pk)

        self.act(self.board, page, "approve", comment="")
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Tin của trường A")
        self.assertEqual(page.live_revision_id, latest.pk)

    def test_board_editing_and_approving_at_the_first_office_step_is_not_looped(self):
        page = self.submit(self.staff, self.sections["news"], "Tin của Phòng", "tin-phong")
        response = self.edit_and_act(
            self.board, page, "Tin của Phòng (đã biên tập)", "approve", {"comment": ""}
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Tin của Phòng (đã biên tập)")
        board_state = EditorialTaskState.objects.get(
            workflow_state__object_id=str(page.pk), task=self.board_task
        )
        self.assertEqual(board_state.revision_id, page.live_revision_id, "the board approved its own edit")

    def test_a_revision_saved_behind_the_last_step_is_not_published(self):
        page = self.flagged_office_page_at_leadership()
        approved_revision = self.current(page).revision
        unreviewed = NewsPage.objects.get(pk=page.pk)
        unreviewed.title = "Bản chưa ai duyệt"
        unreviewed.save_revision(user=self.board)

        self.act(self.leader, page, "approve", comment="Đồng ý.")
        page.refresh_from_db()
        self.assertFalse(page.live)
        back = self.current(page)
        self.assertIsInstance(back.task.specific, BoardApprovalTask)
        self.assertEqual(back.revision.as_object().title, "Bản chưa ai duyệt")
        self.assertNotEqual(back.revision_id, approved_revision.pk)

    @override_settings(WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT=False)
    def test_publish_approved_refuses_a_revision_the_last_step_did_not_approve(self):
        page = self.flagged_office_page_at_leadership()
        unreviewed = NewsPage.objects.get(pk=page.pk)
        unreviewed.title = "Bản chưa ai duyệt"
        unreviewed.save_revision(user=self.board)

        with self.assertLogs("editorial.workflows", level="WARNING"):
            self.act(self.leader, page, "approve", comment="Đồng ý.")
        page.refresh_from_db()
        self.assertFalse(page.live)
        reopened = self.current(page)
        self.assertEqual(reopened.status, TaskState.STATUS_IN_PROGRESS)
        self.assertEqual(reopened.revision.as_object().title, "Bản chưa ai duyệt")

    def test_publish_approved_publishes_the_final_steps_revision(self):
        page = self.flagged_office_page_at_leadership()
        state = self.current(page)
        self.act(self.leader, page, "approve", comment="")
        workflow_state = WorkflowState.objects.get(pk=state.workflow_state_id)
        self.assertEqual(workflow_state.status, WorkflowState.STATUS_APPROVED)
        page.refresh_from_db()
        self.assertEqual(page.live_revision_id, state.revision_id)
        self.assertEqual(workflow_state.current_task_state_id, state.pk)
