"""The approval workflow in a real browser (issue 15, items 7–10; Điều 11, 13).

A school contact's article is approved by the principal from the dashboard (with a message
saying so), refused by the board with a Điều 13.3 reason, and the contact's status panel says
it was refused and why; only the board is offered "Huỷ quy trình duyệt…", behind a confirmation;
every preview of a draft carries the "BẢN NHÁP – chưa xuất bản" banner, on screen and on paper;
leadership comments in a locked editor and cannot save an edit.
"""

import datetime

from django.contrib.auth import get_user_model

from wagtail.models import Comment, Revision, WorkflowState

from demo.content import DEMO_SCHOOL_SLUG
from news.models import NewsIndexPage, NewsPage
from schools.models import SchoolPage
from tests.e2e.conftest import DemoSiteTestCase, axe_violations

User = get_user_model()
BANNER = "BẢN NHÁP – chưa xuất bản"


class WorkflowInTheBrowser(DemoSiteTestCase):
    def submitted(self, parent, username, title, slug, **fields):
        """A news article saved and submitted by ``username`` (as the editor's "Gửi duyệt" does)."""
        user = User.objects.get(username=username)
        page = NewsPage(
            title=title,
            slug=slug,
            date=datetime.date.today(),
            lead="Tóm tắt tin.",
            body=[("paragraph", "<p>Nội dung tin.</p>")],
            owner=user,
            live=False,
            **fields,
        )
        parent.add_child(instance=page)
        page.save_revision(user=user)
        page.get_workflow().start(page, user)
        return NewsPage.objects.get(pk=page.pk)

    def school_article(self, slug="tin-hoi-giang"):
        school = SchoolPage.objects.get(slug=DEMO_SCHOOL_SLUG)
        return self.submitted(school, "daumoi.thcsbasao", "Hội giảng cấp trường năm 2026", slug)

    def state(self, page):
        return WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-pk").first()

    def dashboard_action(self, page, title, action):
        """On the dashboard's "Đang chờ bạn duyệt", open the row's menu and click ``action``."""
        page.goto("/admin/")
        row = page.locator("#awaiting-review-section tr", has_text=title)
        row.get_by_role("button", name="Thao tác").click()
        row.get_by_role("button", name=action, exact=True).click()

    def test_refusal_reaches_the_contact_and_cancel_is_the_boards(self):
        article = self.school_article()

        # The principal approves from the dashboard and is told what happened.
        principal = self.login_as("hieutruong.thcsbasao")
        self.dashboard_action(principal, article.title, "Duyệt")
        principal.locator(".messages").get_by_text("Đã duyệt “Hội giảng cấp trường năm 2026”").wait_for()
        principal.get_by_text("Trang chuyển sang bước «Ban biên tập duyệt».").wait_for()

        # The board refuses with a Điều 13.3 reason and a comment.
        board = self.login_as("bientap")
        self.dashboard_action(board, article.title, "Từ chối, yêu cầu sửa")
        modal = board.locator(".modal")
        modal.get_by_label("Lý do từ chối (Điều 13.3)").select_option("d")
        modal.get_by_label("Ý kiến cụ thể").fill("Trùng với tin đã đăng ngày 12/11.")
        modal.get_by_role("button", name="Từ chối, yêu cầu sửa").click()
        board.locator(".messages").get_by_text("Đã từ chối “Hội giảng cấp trường năm 2026”").wait_for()
        self.assertEqual(self.state(article).status, WorkflowState.STATUS_NEEDS_CHANGES)

        # The contact's status panel says it was refused, by whom and why.
        contact = self.login_as("daumoi.thcsbasao")
        contact.goto(f"/admin/pages/{article.pk}/edit/")
        contact.locator("[data-side-panel-toggle=status]").click()
        panel = contact.locator("[data-side-panel=status]")
        panel.get_by_role("heading", name="Bị từ chối – cần sửa").wait_for()
        panel.get_by_text("Trùng với tin đã đăng ngày 12/11.").wait_for()
        self.assertIn("Không đúng sự thật, hoặc trùng lặp", panel.inner_text())
        self.assertNotIn("Đang chờ duyệt", panel.inner_text())
        # No way for the contact to end the workflow.
        self.assertEqual(contact.get_by_text("Huỷ quy trình duyệt").count(), 0)
        self.assertEqual(
            contact.locator("[name=action-cancel-workflow], [name=action-restart-workflow]").count(), 0
        )

        # A second article waits at the principal: the principal is not offered the cancel either.
        second = self.school_article("tin-thu-hai")
        principal.goto(f"/admin/pages/{second.pk}/edit/")
        principal.locator("footer .actions").wait_for()
        self.assertEqual(principal.get_by_text("Huỷ quy trình duyệt").count(), 0)
        self.assertEqual(principal.locator("[name=action-cancel-workflow]").count(), 0)

        # The board is, behind a confirmation page; going back cancels nothing.
        board.goto(f"/admin/pages/{second.pk}/edit/")
        board.locator("footer .w-dropdown__toggle").last.click()
        board.get_by_role("link", name="Huỷ quy trình duyệt…").click()
        board.get_by_role("button", name="Có, huỷ quy trình duyệt").wait_for()
        board.get_by_text("Trang đang chờ duyệt ở bước «Hiệu trưởng duyệt».").wait_for()
        board.get_by_role("link", name="Không, quay lại trang soạn").click()
        board.wait_for_url(f"**/admin/pages/{second.pk}/edit/")
        self.assertEqual(self.state(second).status, WorkflowState.STATUS_IN_PROGRESS)
        board.goto(f"/admin/editorial/pages/{second.pk}/huy-quy-trinh-duyet/")
        board.get_by_role("button", name="Có, huỷ quy trình duyệt").click()
        board.locator(".messages").get_by_text("Đã huỷ quy trình duyệt").wait_for()
        self.assertEqual(self.state(second).status, WorkflowState.STATUS_CANCELLED)

        for tab in (principal, board, contact):
            tab.problems.assert_none()

    def test_previews_of_a_draft_carry_the_banner(self):
        article = self.school_article()
        leader = self.login_as("lanhdao")
        leader.goto(f"/admin/previews/drafts/{article.pk}/")
        banner = leader.get_by_role("alert").filter(has_text=BANNER)
        banner.wait_for()
        box = leader.locator(".draft-banner").bounding_box()
        self.assertLess(box["y"], 60)  # at the very top
        self.assertGreater(box["width"], 1000)
        self.assertEqual(leader.locator(".draft-banner").get_attribute("role"), "region")
        self.assertTrue(leader.title().startswith("[Bản nháp] "))
        self.assertIn("Chưa xuất bản", leader.locator(".article__meta").inner_text())
        self.assertNotIn("Ngày đăng tin", leader.locator("main").inner_text())
        own = [v for v in axe_violations(leader, impacts=None) if any("draft-banner" in str(t) for t in v[3])]
        self.assertEqual(own, [])
        leader.emulate_media(media="print")
        self.assertTrue(leader.locator(".draft-banner").is_visible())
        # The userbar's content checker logs what it finds in the article (editors' checks, not ours).
        problems = [p for p in leader.problems.all() if "axe.run results" not in str(p)]
        self.assertEqual(problems, [])

        # On a phone the banner fits and does not push the page sideways.
        phone = self.login_as("lanhdao", viewport={"width": 360, "height": 740})
        phone.goto(f"/admin/previews/drafts/{article.pk}/")
        self.assertLessEqual(phone.locator(".draft-banner").bounding_box()["width"], 360)

        # Wagtail's own preview panel in the editor shows it too.
        board = self.login_as("bientap")
        board.goto(f"/admin/pages/{article.pk}/edit/")
        board.locator("[data-side-panel-toggle=preview]").click()
        board.frame_locator("#w-preview-iframe").last.get_by_text(BANNER).wait_for()

    def test_leadership_comments_in_a_locked_editor(self):
        news_index = NewsIndexPage.objects.first()
        article = self.submitted(
            news_index,
            "canbo",
            "Kế hoạch tổng kết năm học",
            "ke-hoach-tong-ket",
            needs_leadership_review=True,
        )
        state = self.state(article)
        state.current_task_state.specific.approve(user=User.objects.get(username="bientap"))
        revisions = Revision.objects.filter(object_id=str(article.pk)).count()

        leader = self.login_as("lanhdao")
        leader.goto(f"/admin/pages/{article.pk}/edit/")
        leader.get_by_text("không sửa nội dung trang").wait_for()
        self.assertEqual(leader.locator("[name=action-save-draft]").count(), 0)
        leader.locator("[data-side-panel-toggle=comments]").click()
        # Wagtail's floating header and minimap overlap the field's comment button: keyboard, not mouse.
        leader.locator("button[data-comment-add][aria-describedby=id_title-label]").focus()
        leader.keyboard.press("Enter")
        leader.locator("textarea.comment__input").fill("Đề nghị nêu rõ thời gian tổ chức.")
        leader.locator(".comment").get_by_role("button", name="Bình luận", exact=True).click()
        leader.locator(".comment").get_by_text("Đề nghị nêu rõ thời gian tổ chức.").wait_for()
        leader.locator("button[name=action-save-comments]").click()
        leader.locator(".messages").get_by_text("Đã lưu ý kiến của bạn").wait_for()

        comment = Comment.objects.get(page=article)
        self.assertEqual(
            (comment.user.username, comment.text), ("lanhdao", "Đề nghị nêu rõ thời gian tổ chức.")
        )
        self.assertEqual(Revision.objects.filter(object_id=str(article.pk)).count(), revisions)
        self.assertFalse(
            Revision.objects.filter(object_id=str(article.pk), user__username="lanhdao").exists()
        )
