"""What the admin says and offers around moderation (issue 15, items 8–10; Điều 11, 13).

Cancelling a workflow is the board's, after a confirmation; a refusal reads as a refusal; an
approval from the dashboard is confirmed; pages whose workflow has no leadership step do not
offer to ask leadership; leadership comments and approves or refuses but does not edit.
"""

import json

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Comment, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from editorial.models import (
    BoardApprovalTask,
    LeadershipApprovalTask,
    SchoolAccess,
    SchoolPrincipalApprovalTask,
)
from editorial.roles import setup_roles
from news.models import NewsPage

from ..builders import make_school, make_site, make_superuser, make_user, news_form

User = get_user_model()


class WorkflowTestMixin:
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        groups = setup_roles()
        access = SchoolAccess.objects.get(school=cls.school)
        cls.contact = make_user("daumoi", access.contact_group)
        cls.principal = make_user("hieutruong", access.principal_group)
        cls.board = make_user("bientap", groups["board"])
        cls.leader = make_user("lanhdao", groups["leadership"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.admin = make_superuser()

    def submit(self, user, parent, title, slug, **extra):
        self.client.force_login(user)
        data = news_form(title, slug, **extra)
        data["action-submit"] = "1"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk]), data
        )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context.get("form").errors
            if response.status_code == 200
            else "",
        )
        return NewsPage.objects.get(slug=slug)

    def state(self, page):
        return WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-pk").first()

    def current(self, page):
        return WorkflowState.objects.active().get(object_id=str(page.pk)).current_task_state.specific

    def act(self, user, page, action, **data):
        self.client.force_login(user)
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, self.current(page).pk])
        return self.client.post(url, data)

    def school_page_at_board(self):
        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")
        self.act(self.principal, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, BoardApprovalTask)
        return page


class CancelWorkflowTests(WorkflowTestMixin, TestCase):
    """Item 8: one click no longer ends a workflow; only the board ends one, after confirming."""

    def edit_page(self, user, page):
        self.client.force_login(user)
        return self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def test_the_board_sees_the_cancel_link_and_a_confirmation(self):
        page = self.school_page_at_board()
        cancel_url = reverse("editorial_cancel_workflow", args=[page.pk])
        response = self.edit_page(self.board, page)
        self.assertContains(response, "Huỷ quy trình duyệt…")
        self.assertContains(response, f'href="{cancel_url}"')
        self.assertNotContains(response, 'name="action-cancel-workflow"')
        self.assertNotContains(response, 'name="action-restart-workflow"')

        confirmation = self.client.get(cancel_url)
        self.assertEqual(confirmation.status_code, 200)
        self.assertContains(confirmation, "Có, huỷ quy trình duyệt")
        self.assertContains(confirmation, "Ban biên tập duyệt")  # the step it waits at
        self.assertEqual(self.state(page).status, WorkflowState.STATUS_IN_PROGRESS)  # GET changes nothing

        revisions = Revision.objects.filter(object_id=str(page.pk)).count()
        response = self.client.post(cancel_url, follow=True)
        self.assertEqual(self.state(page).status, WorkflowState.STATUS_CANCELLED)
        self.assertContains(response, "Đã huỷ quy trình duyệt")
        self.assertEqual(Revision.objects.filter(object_id=str(page.pk)).count(), revisions)

    def test_principal_contact_and_leadership_are_not_offered_and_are_refused(self):
        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")
        cancel_url = reverse("editorial_cancel_workflow", args=[page.pk])
        for user in (self.principal, self.contact):
            response = self.edit_page(user, page)
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "Huỷ quy trình duyệt")
            self.assertNotContains(response, 'name="action-cancel-workflow"')
            self.assertNotContains(response, 'name="action-restart-workflow"')
        for user in (self.principal, self.contact, self.leader, self.staff):
            self.client.force_login(user)
            self.assertEqual(self.client.get(cancel_url).status_code, 403, user)
            self.assertEqual(self.client.post(cancel_url).status_code, 403, user)
            # Wagtail's own buttons, posted by hand, end nothing and save nothing.
            for button in ("action-cancel-workflow", "action-restart-workflow"):
                data = news_form("Tiêu đề đã đổi", page.slug)
                data[button] = "1"
                self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
            state = self.state(page)
            self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS, user)
            self.assertIsInstance(state.current_task_state.task.specific, SchoolPrincipalApprovalTask)
        self.assertEqual(
            NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().title, "Tin của trường"
        )

    def test_the_boards_forged_one_click_cancel_goes_to_the_confirmation(self):
        page = self.school_page_at_board()
        self.client.force_login(self.board)
        data = news_form("Tin của trường", page.slug)
        data["action-cancel-workflow"] = "1"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertRedirects(response, reverse("editorial_cancel_workflow", args=[page.pk]))
        self.assertEqual(self.state(page).status, WorkflowState.STATUS_IN_PROGRESS)

    def test_the_cancel_link_is_never_the_primary_button(self):
        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")  # locked for the board
        html = self.edit_page(self.board, page).content.decode()
        footer = html[html.index('<footer class="footer') :]
        self.assertLess(
            footer.index('data-w-dropdown-target="content"'), footer.index("Huỷ quy trình duyệt…")
        )

    def test_a_page_not_in_moderation_has_nothing_to_cancel(self):
        page = self.school_page_at_board()
        self.client.force_login(self.board)
        cancel_url = reverse("editorial_cancel_workflow", args=[page.pk])
        self.client.post(cancel_url)
        response = self.client.post(cancel_url)
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[page.pk]), fetch_redirect_response=False
        )


class RefusalAndApprovalMessagesTests(WorkflowTestMixin, TestCase):
    """Item 9: after a refusal the status panel says so, with the reason; a dashboard approval
    says what it did."""

    def test_the_contacts_status_panel_says_refused_with_the_reason(self):
        page = self.school_page_at_board()
        self.act(self.board, page, "reject", reason="d", comment="Trùng với tin ngày 12/11, hãy viết lại.")
        self.client.force_login(self.contact)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        panel = html[html.index('id="status-sidebar-refused"') - 400 :]
        self.assertIn("Bị từ chối – cần sửa", panel)
        self.assertIn("Trùng với tin ngày 12/11, hãy viết lại.", panel)
        self.assertIn("Không đúng sự thật, hoặc trùng lặp", panel)  # the Điều 13.3 reason
        self.assertIn("bientap", panel)  # who sent it back
        self.assertNotIn("Đang chờ duyệt", html)
        # The button says where the fix goes: the principal first, not the board that refused it.
        first_step = page.current_workflow_state.workflow.tasks.first().name
        self.assertIn(f"Gửi duyệt lại từ bước «{first_step}»", html)
        self.assertNotIn("Gửi duyệt lại theo", html)

    def test_a_page_waiting_keeps_wagtails_in_moderation_status(self):
        page = self.school_page_at_board()
        self.client.force_login(self.contact)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(response, "Bị từ chối – cần sửa")
        self.assertContains(response, "Đang chờ duyệt")

    def messages_after(self, response):
        return [str(message) for message in response.context["messages"]]

    def test_approving_from_the_dashboard_is_confirmed(self):
        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")
        response = self.act(self.principal, page, "approve", comment="")
        shown = self.messages_after(self.client.get(response["Location"]))
        self.assertIn(
            "Đã duyệt “Tin của trường” ở bước «Hiệu trưởng duyệt». Trang chuyển sang bước «Ban biên tập duyệt».",
            shown,
        )

        response = self.act(self.board, page, "approve", comment="")
        shown = self.messages_after(self.client.get(response["Location"]))
        self.assertIn("Đã duyệt “Tin của trường” ở bước «Ban biên tập duyệt». Trang đã được xuất bản.", shown)

    def test_refusing_from_the_dashboard_is_confirmed_with_the_reason(self):
        page = self.school_page_at_board()
        response = self.act(self.board, page, "reject", reason="e", comment="Thiếu nguồn ảnh.")
        shown = self.messages_after(self.client.get(response["Location"]))
        self.assertTrue(
            any(
                m.startswith("Đã từ chối “Tin của trường” ở bước «Ban biên tập duyệt»")
                and "Thiếu nguồn ảnh." in m
                for m in shown
            ),
            shown,
        )


class LeadershipFlagTests(WorkflowTestMixin, TestCase):
    """Item 9: the school workflow has no leadership step, so its pages do not offer to ask leadership."""

    FLAG_LABEL = "cần xin ý kiến lãnh đạo"

    def test_school_pages_do_not_offer_the_flag_office_pages_do(self):
        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")
        self.client.force_login(self.contact)
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])), self.FLAG_LABEL
        )
        add_in_school = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school.pk])
        self.assertNotContains(self.client.get(add_in_school), self.FLAG_LABEL)
        self.client.force_login(self.board)
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_pages:edit", args=[self.school.pk])), self.FLAG_LABEL
        )

        self.client.force_login(self.staff)
        add_in_office = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.sections["news"].pk])
        self.assertContains(self.client.get(add_in_office), self.FLAG_LABEL)

    def test_a_posted_flag_on_a_school_page_is_refused(self):
        self.client.force_login(self.contact)
        data = news_form("Tin có cờ lãnh đạo", "tin-co-co", needs_leadership_review="on")
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.school.pk]), data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("needs_leadership_review", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="tin-co-co").exists())

        page = self.submit(self.contact, self.school, "Tin của trường", "tin-truong")
        self.client.force_login(self.principal)
        data = news_form("Tin của trường", page.slug, needs_leadership_review="on")
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("needs_leadership_review", response.context["form"].errors)
        self.assertFalse(
            NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().needs_leadership_review
        )

    def test_an_office_page_keeps_the_flag_and_waits_for_leadership(self):
        page = self.submit(
            self.staff, self.sections["news"], "Tin cần ý kiến", "can-y-kien", needs_leadership_review="on"
        )
        self.act(self.board, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, LeadershipApprovalTask)


class LeadershipCommentsWithoutEditingTests(WorkflowTestMixin, TestCase):
    """Item 10: at their step leadership reads, comments, approves or refuses, and never edits."""

    def at_leadership(self):
        page = self.submit(
            self.staff, self.sections["news"], "Tin cần ý kiến", "can-y-kien", needs_leadership_review="on"
        )
        self.act(self.board, page, "approve", comment="")
        self.assertIsInstance(self.current(page).task.specific, LeadershipApprovalTask)
        return page

    def revisions(self, page):
        return Revision.objects.filter(object_id=str(page.pk))

    def post_edit(self, user, page, title, **extra):
        self.client.force_login(user)
        data = news_form(title, page.slug, **extra)
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def test_leadership_opens_the_locked_editor_with_a_comment_button_only(self):
        page = self.at_leadership()
        self.client.force_login(self.leader)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="action-save-comments"')
        self.assertContains(response, "không sửa nội dung trang")  # the lock message says why
        for button in ('name="action-save-draft"', 'name="action-publish"', 'name="action-submit"'):
            self.assertNotContains(response, button)
        self.assertTrue(page.get_lock().for_user(self.leader))
        self.assertFalse(page.permissions_for_user(self.leader).can_lock())

    def test_a_leaders_edit_is_refused_and_saves_no_revision(self):
        page = self.at_leadership()
        state = self.current(page)
        before = self.revisions(page).count()
        self.post_edit(self.leader, page, "Lãnh đạo tự sửa tiêu đề", needs_leadership_review="on")
        self.post_edit(
            self.leader,
            page,
            "Lãnh đạo tự sửa tiêu đề",
            needs_leadership_review="on",
            **{
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": "{}",
            },
        )
        self.assertEqual(self.revisions(page).count(), before)
        self.assertFalse(self.revisions(page).filter(user=self.leader).exists())
        self.assertEqual(
            NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().title, "Tin cần ý kiến"
        )
        state.refresh_from_db()
        self.assertEqual(state.status, TaskState.STATUS_IN_PROGRESS)

    def test_a_leader_comments_without_a_revision_and_the_board_sees_it(self):
        page = self.at_leadership()
        before = self.revisions(page).count()
        comment = {
            "contentpath": "title",
            "text": "Đề nghị nêu rõ thời gian.",
            "position": "",
            "resolved": "",
        }
        response = self.post_edit(
            self.leader,
            page,
            "Lãnh đạo lén sửa tiêu đề",  # the content fields sent with the form are ignored
            needs_leadership_review="on",
            comments=inline_formset([{**comment, "replies": inline_formset([])}]),
            **{"action-save-comments": "1"},
        )
        self.assertRedirects(
            response, reverse("wagtailadmin_pages:edit", args=[page.pk]), fetch_redirect_response=False
        )
        saved = Comment.objects.get(page=page)
        self.assertEqual((saved.user, saved.text, saved.contentpath), (self.leader, comment["text"], "title"))
        self.assertEqual(self.revisions(page).count(), before)
        self.assertEqual(
            NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().title, "Tin cần ý kiến"
        )
        self.assertTrue(page.get_latest_revision().content["title"] == "Tin cần ý kiến")
        self.client.force_login(self.board)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(editor, json.dumps(comment["text"])[1:-1])  # in the editor's comments data

    def test_the_comment_button_is_not_a_way_round_the_lock_for_others(self):
        page = self.at_leadership()
        before = self.revisions(page).count()
        comment = {"contentpath": "title", "text": "Ý kiến của cán bộ.", "position": "", "resolved": ""}
        self.post_edit(
            self.board,
            page,
            "Ban biên tập sửa ở bước lãnh đạo",
            needs_leadership_review="on",
            comments=inline_formset([{**comment, "replies": inline_formset([])}]),
            **{"action-save-comments": "1"},
        )
        self.assertEqual(self.revisions(page).count(), before)
        self.assertFalse(Comment.objects.filter(page=page).exists())

    def test_leadership_still_approves_and_refuses(self):
        page = self.at_leadership()
        response = self.act(self.leader, page, "reject", reason="g", comment="Chưa phải lúc đăng.")
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertEqual(self.state(page).status, WorkflowState.STATUS_NEEDS_CHANGES)

        other = self.at_leadership_again()
        self.act(self.leader, other, "approve", comment="Đồng ý.")
        other.refresh_from_db()
        self.assertTrue(other.live)

    def at_leadership_again(self):
        page = self.submit(
            self.staff, self.sections["news"], "Tin thứ hai", "tin-thu-hai", needs_leadership_review="on"
        )
        self.act(self.board, page, "approve", comment="")
        return page
