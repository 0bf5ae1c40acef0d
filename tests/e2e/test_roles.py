"""Every role's real path through the site, in Chromium, as the demo accounts (issue 15, Build 2).

Each test is one role doing its job through the screens it uses: clicking, typing, uploading
from disk, never a URL it would not find by itself (a typed URL only where the point is that it
is refused). What an earlier role did is prepared through the models (a submitted page, an
approved step), so each path stands on its own. As they go, the tests take the pictures of the
user guide (``guide_shot``, docs/guide/images).
"""

import datetime
import io
import re
import tempfile
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Page, TaskState, Workflow, WorkflowState
from wagtail.rich_text import RichText

from docx import Document
from PIL import Image, ImageDraw

from demo.content import DEMO_PASSWORD, DEMO_SCHOOL_SLUG
from directives.models import DirectivePage
from editorial.models import SchoolAccess
from editorial.roles import OFFICE_WORKFLOW, SCHOOL_WORKFLOW
from feedback.records import Feedback
from news.models import NewsIndexPage, NewsPage
from previews.models import PreviewLink
from schools.models import SchoolIndexPage, SchoolPage
from tests.docx_builders import TCVN3_TEXT, docx_bytes, png_bytes
from tests.e2e.conftest import DemoSiteTestCase, page_width
from tests.e2e.guide_shots import guide_shot

CONTACT = "daumoi.thcsbasao"
PRINCIPAL = "hieutruong.thcsbasao"
BOARD = "bientap"
LEADERSHIP = "lanhdao"
IT_OFFICER = "quantri"
OTHER_SCHOOL_SLUG = "truong-thcs-nguyen-uy"
SHOT = {"viewport": {"width": 1280, "height": 800}}
SLOW_MS = 60_000  # the machine is shared: saving, importing and publishing may take a while


def user(username):
    return get_user_model().objects.get(username=username)


def picture_file(folder, name="san-truong-trong-cay.jpg"):
    """A photograph-sized JPEG on disk, as a teacher's camera would leave it."""
    image = Image.new("RGB", (1200, 800), (70, 140, 90))
    drawing = ImageDraw.Draw(image)
    for step in range(0, 1200, 60):
        drawing.rectangle((step, 500 - step // 4, step + 40, 800), fill=(30 + step // 10, 90, 40))
    drawing.ellipse((900, 60, 1060, 220), fill=(250, 210, 60))
    path = Path(folder) / name
    image.save(path, "JPEG", quality=85)
    return path


class RolePathHelpers:
    """Helpers shared by the role paths: pages in a workflow, made as the earlier roles would."""

    def setUp(self):
        super().setUp()
        self.school = SchoolPage.objects.get(slug=DEMO_SCHOOL_SLUG)
        self.files = tempfile.TemporaryDirectory()
        self.addCleanup(self.files.cleanup)

    def login_as(self, username, **options):
        return super().login_as(username, **{**SHOT, **options})

    def draft(self, title, parent=None, owner=CONTACT, **fields):
        """A news draft in ``parent`` (the demo school), saved by ``owner``."""
        parent = parent or self.school
        author = user(owner)
        page = NewsPage(
            title=title,
            slug=re.sub(r"[^a-z0-9]+", "-", title.lower().encode("ascii", "ignore").decode()).strip("-")
            + f"-{Page.objects.count()}",
            date=timezone.localdate(),
            lead="Tóm tắt của tin bài chờ duyệt.",
            body=[("paragraph", RichText("<p>Nội dung tin bài chờ duyệt.</p>"))],
            owner=author,
            live=False,
            **fields,
        )
        parent.add_child(instance=page)
        page.save_revision(user=author)
        return NewsPage.objects.get(pk=page.pk)

    def submitted(self, title, **fields):
        """A school's news draft submitted to the school workflow (waits for the principal)."""
        page = self.draft(title, **fields)
        Workflow.objects.get(name=SCHOOL_WORKFLOW).start(page, user(CONTACT))
        return NewsPage.objects.get(pk=page.pk)

    def approve_step(self, page, username):
        page = NewsPage.objects.get(pk=page.pk)
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, user(username), "approve", comment="")
        return NewsPage.objects.get(pk=page.pk)

    def at_board(self, title, **fields):
        """Submitted and approved by the principal: waits for the board."""
        return self.approve_step(self.submitted(title, **fields), PRINCIPAL)

    def current_step(self, page):
        """The name of the step ``page`` waits at, "" when it waits at none."""
        state = NewsPage.objects.get(pk=page.pk).current_workflow_state
        if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
            return ""
        return state.current_task_state.task.name

    def workflow_row(self, page, title):
        """The dashboard's row of ``title`` in *Đang chờ bạn duyệt*."""
        return page.locator("tr", has=page.get_by_role("link", name=title, exact=True))

    def workflow_action(self, page, title, action):
        row = self.workflow_row(page, title)
        row.get_by_role("button", name="Thao tác").click()
        return row.get_by_role("button", name=action, exact=True)


class SchoolContactPath:
    def test_writes_an_article_with_a_picture_and_a_table_previews_and_submits(self):
        page = self.login_as(CONTACT)
        guide_shot(page, "daumoi-trang-quan-tri")

        # The dashboard's count of the contact's pages opens the school in the page explorer.
        page.get_by_role("link", name=re.compile(r"\d+ trang")).click()
        page.get_by_role("heading", name=self.school.title).wait_for()
        page.get_by_role("link", name="Thêm trang con").first.click()
        page.wait_for_url("**/add/news/newspage/**")

        title = "Học sinh Trường THCS Ba Sao trồng cây xanh đầu năm học"
        page.fill("#id_title", title)
        page.fill("#id_lead", "Sáng thứ Hai, học sinh các lớp trồng 50 cây xanh quanh sân trường.")
        self.add_block(page, "Đoạn văn")
        page.locator(".Draftail-Editor [contenteditable=true]").last.click()
        page.keyboard.type("Mỗi lớp nhận chăm sóc một cây và gắn biển tên lớp.")
        guide_shot(page, "daumoi-viet-tin")

        # A picture from the computer, through the image chooser's upload tab: the title is
        # filled from the file's name (issue 15.12), the teacher types nothing there.
        self.add_block(page, "Ảnh có chú thích")
        page.locator("[data-contentpath=image]").last.get_by_role("button", name="Chọn ảnh").click()
        chooser = page.locator(".modal-content")
        chooser.get_by_role("tab", name="Tải lên").click()
        chooser.locator("input[type=file]").set_input_files(picture_file(self.files.name))
        guide_shot(page, "daumoi-tai-anh-len")
        chooser.locator("form button[type=submit]").last.click()
        page.locator("[data-contentpath=image]").last.get_by_text(
            "san truong trong cay", exact=False
        ).wait_for()
        page.locator("[data-contentpath=caption]").last.locator("input").fill("Học sinh lớp 6A trồng cây")

        self.add_block(page, "Bảng")
        cells = page.locator(".handsontable .htCore td")
        cells.first.click()
        for value, key in (("Lớp", "Tab"), ("Số cây", "Enter")):
            page.keyboard.type(value)
            page.keyboard.press(key)
        cells.nth(3).click()
        for value, key in (("6A", "Tab"), ("12", "Enter")):
            page.keyboard.type(value)
            page.keyboard.press(key)

        page.get_by_role("button", name="Lưu nháp").click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        page.wait_for_url("**/edit/")
        guide_shot(page, "daumoi-luu-nhap")
        news = NewsPage.objects.get(title=title)
        assert news.get_parent().pk == self.school.pk
        draft = news.get_latest_revision_as_object()
        blocks = {block.block_type: block.value for block in draft.body}
        assert "Mỗi lớp nhận chăm sóc" in str(blocks["paragraph"])
        assert blocks["image"]["image"].file.name.endswith(".jpg")
        assert blocks["image"]["caption"] == "Học sinh lớp 6A trồng cây"
        assert blocks["table"]["data"][:2] == [["Lớp", "Số cây", None], ["6A", "12", None]]
        assert not news.live
        assert re.fullmatch(r"[a-z0-9-]+", news.slug), news.slug  # issue 15.4: ASCII addresses

        # The preview panel, at a phone's width.
        page.locator("[data-side-panel-toggle=preview]").click()
        panel = page.locator("[data-side-panel=preview]")
        panel.locator("[data-device-width='375'], input[value=mobile]").first.check()
        frame = page.frame_locator("#w-preview-iframe").last
        frame.get_by_role("heading", name=title).wait_for(timeout=SLOW_MS)
        frame.get_by_text("Số cây").wait_for()
        assert page.locator("#w-preview-iframe").bounding_box()["width"] <= 400
        guide_shot(page, "daumoi-xem-truoc")
        page.locator("[data-side-panel-toggle=preview]").click()

        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name=re.compile("^Gửi duyệt")).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        guide_shot(page, "daumoi-da-gui-duyet")
        assert self.current_step(news).startswith("Hiệu trưởng")
        page.problems.assert_none()

    def test_imports_a_word_file_typed_partly_in_tcvn3_and_submits_it(self):
        document = Document()
        document.add_heading("Trường THCS Ba Sao tổ chức Ngày hội đọc sách mùa thu", level=0)
        document.add_paragraph("Hơn 400 học sinh tham gia đọc sách, giới thiệu sách và thi vẽ tranh.")
        paragraph = document.add_paragraph()
        paragraph.add_run(TCVN3_TEXT).font.name = ".VnTime"  # "Phòng Giáo dục và Đào tạo" in TCVN3
        paragraph.add_run(" tặng thư viện nhà trường 200 cuốn sách.").font.name = "Times New Roman"
        document.add_picture(io.BytesIO(png_bytes(size=(320, 200), colour=(40, 110, 180))))
        word = Path(self.files.name) / "ngay-hoi-doc-sach.docx"
        word.write_bytes(docx_bytes(document))

        page = self.login_as(CONTACT)
        page.get_by_role("link", name="Nhập từ tệp Word").click()
        page.locator("input[type=file]").set_input_files(word)
        section = page.get_by_label("Đăng vào chuyên mục")
        if section.evaluate("element => element.tagName") == "SELECT":
            assert [o.strip() for o in section.locator("option").all_inner_texts() if o.strip()] == [
                self.school.title
            ]  # a contact may import into their own school only
        guide_shot(page, "daumoi-nhap-word")
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        page.wait_for_url("**/edit/", timeout=SLOW_MS)
        page.locator(".messages .success").wait_for()
        guide_shot(page, "daumoi-nhap-word-xong")

        news = NewsPage.objects.get(title="Trường THCS Ba Sao tổ chức Ngày hội đọc sách mùa thu")
        assert news.get_parent().pk == self.school.pk and not news.live
        body = str(news.get_latest_revision_as_object().body)
        assert "Phòng Giáo dục và Đào tạo tặng thư viện nhà trường 200 cuốn sách." in body
        assert "Phßng" not in body
        assert any(
            block.block_type in ("image", "gallery") for block in news.get_latest_revision_as_object().body
        )

        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name=re.compile("^Gửi duyệt")).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        assert self.current_step(news).startswith("Hiệu trưởng")
        page.problems.assert_none()

    def test_cannot_open_another_schools_pages(self):
        other = SchoolPage.objects.get(slug=OTHER_SCHOOL_SLUG)
        other_news = NewsPage.objects.child_of(other).first() or self.draft(
            "Tin của trường khác", parent=other
        )
        page = self.login_as(CONTACT)

        # The explorer opens on the contact's own school and offers nothing else.
        page.get_by_role("button", name="Trang").click()
        menu = page.locator("[role=dialog], .sidebar-sub-menu-panel, nav").filter(has_text=self.school.title)
        menu.get_by_text(self.school.title).first.wait_for()
        assert page.get_by_text(other.title).count() == 0

        for address in (f"/admin/pages/{other_news.pk}/edit/", f"/admin/pages/add/news/newspage/{other.pk}/"):
            response = page.goto(address)
            assert "/edit/" not in page.url or response.status in (302, 403), address
            assert page.locator("#id_title").count() == 0, address  # no editor opened
            page.get_by_text(re.compile("không có quyền", re.IGNORECASE)).first.wait_for()
        assert NewsPage.objects.get(pk=other_news.pk).get_latest_revision().user != user(CONTACT)

    def test_sees_the_boards_refusal_fixes_and_resubmits(self):
        news = self.at_board("Trường THCS Ba Sao tổ chức hội thi kể chuyện")
        state = news.current_workflow_task_state
        state.task.specific.on_action(
            state,
            user(BOARD),
            "reject",
            reason="e",
            comment="Bổ sung số học sinh tham gia và ảnh của hội thi.",
        )

        page = self.login_as(CONTACT)
        page.goto(f"/admin/pages/{news.pk}/edit/")
        page.get_by_text("Bổ sung số học sinh tham gia và ảnh của hội thi.").first.wait_for()
        page.get_by_text(re.compile("Không bảo đảm chất lượng")).first.wait_for()
        page.locator("[data-side-panel-toggle=status]").click()
        status = page.locator("[data-side-panel=status]")
        status.get_by_text(re.compile("Bị từ chối")).first.wait_for()  # issue 15.9: not "Đang chờ duyệt"
        guide_shot(page, "daumoi-bi-tu-choi")
        page.locator("[data-side-panel-toggle=status]").click()
        page.fill("#id_lead", "Hội thi có 120 học sinh của 12 lớp tham gia.")
        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name=re.compile("^Gửi duyệt lại|^Gửi duyệt")).first.click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        news = NewsPage.objects.get(pk=news.pk)
        assert news.get_latest_revision_as_object().lead == "Hội thi có 120 học sinh của 12 lớp tham gia."
        assert self.current_step(news).startswith("Hiệu trưởng")  # the principal sees the fix first
        page.problems.assert_none()

    @staticmethod
    def add_block(page, label):
        page.locator("button.c-sf-add-button").last.click()
        page.get_by_role("option", name=label, exact=True).click()


class PrincipalPath:
    def test_approves_the_schools_article_after_previewing_it(self):
        title = "Trường THCS Ba Sao tổng kết phong trào thi đua tháng 11"
        news = self.submitted(title)
        page = self.login_as(PRINCIPAL)
        self.workflow_row(page, title).wait_for()
        guide_shot(page, "hieutruong-cho-duyet")

        row = self.workflow_row(page, title)
        row.get_by_role("button", name="Thao tác").click()
        with page.context.expect_page() as opened:
            row.get_by_role("link", name="Xem trước").click()
        preview = opened.value
        preview.get_by_role("heading", name=title).wait_for()
        preview.get_by_text(re.compile("BẢN NHÁP", re.IGNORECASE)).first.wait_for()  # issue 15.7
        guide_shot(preview, "hieutruong-xem-truoc")
        preview.close()

        self.workflow_action(page, title, "Duyệt").click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)  # issue 15.9: a confirmation
        guide_shot(page, "hieutruong-da-duyet")
        assert self.current_step(news) == "Ban biên tập duyệt"
        assert self.workflow_row(page, title).count() == 0
        page.problems.assert_none()

    def test_another_schools_principal_does_not_see_it(self):
        title = "Trường THCS Ba Sao tổ chức chuyên đề Ngữ văn"
        news = self.submitted(title)
        other = SchoolAccess.objects.get(school__slug=OTHER_SCHOOL_SLUG).principal_group
        stranger = get_user_model().objects.create_user("hieutruong.thcsnguyenuy", password=DEMO_PASSWORD)
        stranger.groups.add(other)
        page = self.login_as("hieutruong.thcsnguyenuy")
        assert page.get_by_text(title).count() == 0
        state = news.current_workflow_task_state
        for address in (
            f"/admin/pages/{news.pk}/edit/",
            f"/admin/pages/workflow/preview/{news.pk}/{state.task_id}/",
        ):
            page.goto(address)
            assert page.get_by_role("heading", name=title).count() == 0, address
            assert page.locator("#id_title").count() == 0, address
        assert self.current_step(news).startswith("Hiệu trưởng")


class BoardPath:
    def test_refuses_with_a_reason_publishes_and_schedules(self):
        first = self.at_board("Trường THCS Ba Sao đạt giải Nhất hội thi khoa học kỹ thuật")
        second = self.at_board("Trường THCS Ba Sao tổ chức ngoại khoá an toàn giao thông")
        third_title = "Phòng GD&ĐT thông báo lịch kiểm tra chuyên đề học kỳ I"
        page = self.login_as(BOARD)
        self.workflow_row(page, second.title).wait_for()
        guide_shot(page, "bientap-cho-duyet")

        # Refusal: a reason of Điều 13.3 and a comment are both required.
        self.workflow_action(page, second.title, "Từ chối, yêu cầu sửa").click()
        dialog = page.locator(".modal-content")
        dialog.get_by_label("Lý do từ chối (Điều 13.3)").select_option("e")
        dialog.get_by_label("Ý kiến cụ thể").fill(
            "Đề nghị ghi rõ thời gian, địa điểm và số học sinh tham gia."
        )
        guide_shot(page, "bientap-tu-choi")
        dialog.locator("button[type=submit], input[type=submit]").last.click()
        page.locator(".messages").wait_for(timeout=SLOW_MS)
        second_state = (
            TaskState.objects.filter(workflow_state__object_id=str(second.pk)).order_by("-pk").first()
        )
        assert second_state.status == TaskState.STATUS_REJECTED
        assert second_state.specific.rejection_reason == "e"
        assert "số học sinh tham gia" in second_state.comment

        # Approval publishes the first at once.
        self.workflow_action(page, first.title, "Duyệt").click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        assert NewsPage.objects.get(pk=first.pk).live

        # An office article gets a go-live time (status panel, Đặt hẹn giờ) and then approval: it
        # waits until then. (The board is the office workflow's first step, so its own edit needs
        # nobody else's approval; on a school's page it would go back to the principal first.)
        third = self.draft(third_title, parent=NewsIndexPage.objects.first(), owner="canbo")
        Workflow.objects.get(name=OFFICE_WORKFLOW).start(third, user("canbo"))
        page.goto("/admin/")
        self.workflow_row(page, third_title).get_by_role("link", name=third_title).click()
        page.locator("[data-side-panel-toggle=status]").click()
        page.get_by_role("button", name="Đặt hẹn giờ").click()
        go_live = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
        field = page.locator("#id_go_live_at")
        field.fill(go_live.strftime("%d/%m/%Y %H:%M"))  # the admin's Vietnamese date format
        guide_shot(page, "bientap-hen-gio")
        page.get_by_role("heading", name="Hẹn giờ xuất bản").click()  # closes the date picker
        page.get_by_role("button", name="Lưu hẹn giờ").click()
        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name="Duyệt", exact=True).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        third = NewsPage.objects.get(pk=third.pk)
        assert not third.live
        assert third.scheduled_revision is not None, self.current_step(third)
        assert abs(third.scheduled_revision.approved_go_live_at - go_live) < datetime.timedelta(minutes=1)
        page.goto(f"/admin/pages/{third.pk}/edit/")
        page.get_by_text(re.compile("đã được hẹn giờ xuất bản")).first.wait_for()
        guide_shot(page, "bientap-da-hen-gio")
        page.problems.assert_none()

    def test_cancelling_a_workflow_asks_for_confirmation(self):
        news = self.at_board("Trường THCS Ba Sao phát động Tết trồng cây")
        page = self.login_as(BOARD)
        page.goto(f"/admin/pages/{news.pk}/edit/")
        page.get_by_role("button", name="Thao tác khác").click()
        page.locator("footer").get_by_text(re.compile("^Huỷ quy trình duyệt")).click()
        # issue 15.8: a confirmation first, nothing cancelled yet; "Không" goes back to the editor
        page.get_by_role("button", name="Có, huỷ quy trình duyệt").wait_for(timeout=SLOW_MS)
        assert self.current_step(news) == "Ban biên tập duyệt"
        page.get_by_role("link", name="Không, quay lại trang soạn").click()
        page.wait_for_url(f"**/admin/pages/{news.pk}/edit/")

        # The principal, at their own step, is not offered it.
        waiting = self.submitted("Trường THCS Ba Sao tổ chức hội giảng mùa xuân")
        principal = self.login_as(PRINCIPAL)
        principal.goto(f"/admin/pages/{waiting.pk}/edit/")
        principal.get_by_role("button", name="Thao tác khác").click()
        principal.get_by_role("button", name="Duyệt", exact=True).wait_for()
        assert principal.locator("footer").get_by_text(re.compile("Huỷ quy trình")).count() == 0
        assert self.current_step(news) == "Ban biên tập duyệt"


class LeadershipPath:
    def test_previews_drafts_and_comments_on_an_office_article(self):
        news_index = NewsIndexPage.objects.first()
        title = "Phòng GD&ĐT triển khai kế hoạch chuyển đổi số năm học mới"
        office = self.draft(title, parent=news_index, owner="canbo", needs_leadership_review=True)
        Workflow.objects.get(name=OFFICE_WORKFLOW).start(office, user("canbo"))
        office = self.approve_step(office, BOARD)
        assert self.current_step(office).startswith("Lãnh đạo")

        page = self.login_as(LEADERSHIP)
        page.get_by_role("link", name="Bản nháp chờ xuất bản").click()
        row = page.locator("tbody tr", has_text=title)
        row.wait_for()
        guide_shot(page, "lanhdao-ban-nhap")

        with page.context.expect_page() as opened:
            row.get_by_role("link", name="Xem trước").first.click()
        preview = opened.value
        preview.get_by_role("heading", name=title).wait_for()
        preview.get_by_text(re.compile("BẢN NHÁP", re.IGNORECASE)).first.wait_for()  # issue 15.7
        guide_shot(preview, "lanhdao-xem-truoc")
        preview.close()

        # Leadership gives its opinion from the dashboard; it never edits (issue 15.10).
        page.goto("/admin/")
        self.workflow_action(page, title, "Duyệt kèm ý kiến").click()
        dialog = page.locator(".modal-content")
        dialog.get_by_label("Ý kiến").fill("Đồng ý đăng; bổ sung lịch tập huấn cho giáo viên.")
        guide_shot(page, "lanhdao-cho-y-kien")
        dialog.locator("button[type=submit], input[type=submit]").last.click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        assert NewsPage.objects.get(pk=office.pk).live
        response = page.goto(f"/admin/pages/{office.pk}/edit/")
        assert page.locator("#id_title").count() == 0 or page.locator("#id_title").is_disabled()
        del response
        page.problems.assert_none()

    def test_a_preview_link_works_logged_out_until_revoked_or_expired(self):
        title = "Trường THCS Ba Sao chuẩn bị khai giảng năm học mới"
        news = self.submitted(title)

        # Leadership makes the link (issue 15; the board may too): for a leader away from the office.
        page = self.login_as(LEADERSHIP)
        page.get_by_role("link", name="Bản nháp chờ xuất bản").click()
        row = page.locator("tbody tr", has_text=title)
        row.locator("summary").click()  # Tạo liên kết xem trước
        row.get_by_label(re.compile("Ghi chú")).fill("Gửi đồng chí Trưởng phòng")
        row.get_by_label(re.compile("Số ngày hiệu lực")).fill("5")
        guide_shot(page, "lanhdao-tao-lien-ket")
        row.get_by_role("button", name="Tạo liên kết xem trước").click()
        message = page.locator(".messages .success")
        message.wait_for(timeout=SLOW_MS)
        link = PreviewLink.objects.get(page=news)
        assert link.note == "Gửi đồng chí Trưởng phòng"
        assert (
            datetime.timedelta(days=4, hours=23)
            < link.expires_at - timezone.now()
            <= datetime.timedelta(days=5)
        )
        address = re.search(r"https?://\S+", message.inner_text()).group(0)
        assert address.endswith(link.get_absolute_url())

        reader = self.new_page(**SHOT)
        reader.goto(address)
        reader.get_by_role("heading", name=title).wait_for()
        reader.get_by_text(re.compile("BẢN NHÁP", re.IGNORECASE)).first.wait_for()  # issue 15.7
        guide_shot(reader, "lien-ket-xem-truoc")

        page.get_by_role("navigation", name="Menu chính").get_by_role(
            "link", name="Liên kết xem trước"
        ).click()
        page.locator("tbody tr", has_text=title).get_by_role("button", name=re.compile("^Thu hồi")).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        reader.goto(address)
        reader.get_by_text("Liên kết này đã bị người gửi thu hồi.").wait_for()

        second = PreviewLink.objects.create(
            page=news,
            revision=news.get_latest_revision(),
            created_by=user(LEADERSHIP),
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        reader.goto(second.get_absolute_url())
        reader.get_by_text("Liên kết này đã hết hạn.").wait_for()
        assert reader.get_by_role("heading", name=title).count() == 0

        # A school's principal makes none: no drafts list (tests/previews: a posted link is refused).
        principal = self.login_as(PRINCIPAL)
        principal.get_by_role("link", name="Hướng dẫn sử dụng").first.wait_for()
        assert principal.get_by_role("link", name="Bản nháp chờ xuất bản").count() == 0


class ReaderPath:
    def test_reads_searches_filters_downloads_asks_and_reads_the_answer(self):
        article = NewsPage.objects.live().filter(category="office").order_by("-date").first()
        phone = self.phone_page()
        phone.goto("/")
        phone.get_by_role("link", name=article.title).first.click()
        phone.get_by_role("heading", name=article.title).wait_for()
        assert page_width(phone) <= 390
        guide_shot(phone, "nguoidoc-doc-tin")

        # Searching without diacritics, as a phone keyboard without Vietnamese input types it.
        folded = strip_diacritics(article.title)
        phone.goto("/")
        search = phone.get_by_role("searchbox").first
        if not search.is_visible():
            phone.get_by_role("button", name=re.compile("Menu|Tìm", re.IGNORECASE)).first.click()
        search.fill(folded)
        search.press("Enter")
        phone.get_by_role("link", name=article.title).first.wait_for()
        assert page_width(phone) <= 390

        # The registry: filtered by kind, a document opened and its file downloaded.
        document = DirectivePage.objects.live().filter(attachments__isnull=False).distinct().first()
        phone.goto(document.get_parent().url)
        phone.get_by_text("Lọc và sắp xếp").click()
        phone.get_by_label(re.compile("Loại văn bản")).select_option(label=str(document.doc_type))
        phone.get_by_role("button", name="Lọc", exact=True).click()
        phone.wait_for_url(re.compile(r"\?"))
        assert page_width(phone) <= 390  # issue 15.1
        # The listing links within its own site by path; the document may be a school's (its own host).
        phone.locator(f"main a[href='{document.relative_url(document.get_site())}']").first.click()
        phone.get_by_role("heading", name=document.title).wait_for()
        attachment = document.attachments.first()
        link = phone.get_by_role("link", name=attachment.display_title)
        # What the browser downloads when the link is tapped (a PDF may open in a viewer instead
        # of firing a download event): the file itself, with the reader's cookies.
        served = phone.context.request.get(link.get_attribute("href"))
        assert served.status == 200
        with attachment.document.file.open("rb") as stored:
            assert served.body() == stored.read()

        # A question with an attachment: a tracking code, then its status.
        photo = picture_file(self.files.name, "anh-chup-thong-bao.jpg")
        phone.goto("/hoi-dap-gop-y/")
        form = phone.locator("form[enctype='multipart/form-data']")
        form.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
        form.get_by_label("Thư điện tử").fill("hoa.phuhuynh@example.com")
        form.get_by_label("Tiêu đề").fill("Lịch họp cha mẹ học sinh học kỳ I")
        form.get_by_label("Nội dung").fill("Xin hỏi lịch họp cha mẹ học sinh học kỳ I của các trường THCS?")
        form.get_by_label("Tệp đính kèm").set_input_files(photo)
        for box in form.locator("input[type=checkbox][required]").all():
            box.check()
        assert page_width(phone) <= 390  # issue 15.2
        guide_shot(phone, "nguoidoc-gui-cau-hoi")
        form.get_by_role("button", name="Gửi", exact=True).click()
        code = phone.locator(".tracking-code").first
        code.wait_for(timeout=SLOW_MS)
        feedback = Feedback.objects.get(title="Lịch họp cha mẹ học sinh học kỳ I")
        assert feedback.attachment
        assert code.inner_text() == feedback.tracking_code

        self.look_up(phone, feedback)
        phone.locator(".status-result").get_by_text(feedback.get_status_display()).wait_for()

        # The board answers in the admin (another browser).
        board = self.login_as(BOARD)
        board.get_by_role("link", name="Xem tất cả hỏi đáp – góp ý").click()
        board.locator("tbody tr", has_text=feedback.title).get_by_role("link").first.click()
        board.wait_for_url(f"**/hoi-dap-gop-y/edit/{feedback.pk}/")
        answer = "Các trường THCS tổ chức họp cha mẹ học sinh học kỳ I vào sáng Chủ nhật tuần thứ hai của tháng 10."
        board.get_by_label("Nội dung trả lời").fill(answer)
        board.locator("#id_status").select_option(label="Đã trả lời")
        board.locator("#id_answer").scroll_into_view_if_needed()
        guide_shot(board, "hoidap-tra-loi")
        board.get_by_role("button", name="Lưu", exact=True).click()
        board.locator(".messages .success").wait_for(timeout=SLOW_MS)
        assert Feedback.objects.get(pk=feedback.pk).answer == answer

        self.look_up(phone, feedback)
        phone.locator(".status-result").get_by_text(answer).wait_for()
        assert page_width(phone) <= 390
        guide_shot(phone, "nguoidoc-xem-tra-loi")

    @staticmethod
    def look_up(phone, feedback):
        phone.goto("/hoi-dap-gop-y/")
        lookup = phone.locator("#tra-cuu form")
        lookup.get_by_label("Mã tra cứu").fill(feedback.tracking_code)
        lookup.get_by_label(re.compile("^Thư điện tử")).fill(feedback.email)
        lookup.get_by_role("button", name="Tra cứu").click()
        phone.locator(".status-result").get_by_text(feedback.tracking_code).wait_for()
        assert page_width(phone) <= 390


class ITOfficerPath:
    def test_adds_a_school_whose_contact_can_log_in(self):
        page = self.login_as(IT_OFFICER)
        schools = SchoolIndexPage.objects.first()
        page.goto(f"/admin/pages/{schools.pk}/")
        page.get_by_role("link", name="Thêm trang con").first.click()
        page.wait_for_url("**/add/schools/schoolpage/**")
        page.fill("#id_title", "Trường Tiểu học Ba Sao B")
        page.locator("#id_level").select_option(label="Tiểu học")
        page.locator("#id_commune").fill("Ba Sao")
        page.locator("#id_principal_name").fill("Trần Văn Bình")
        guide_shot(page, "quantri-them-truong")
        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name="Xuất bản", exact=True).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        school = SchoolPage.objects.get(title="Trường Tiểu học Ba Sao B")
        assert school.live
        assert re.fullmatch(r"[a-z0-9-]+", school.slug), school.slug
        contact_group = SchoolAccess.objects.get(school=school).contact_group
        assert contact_group.name == "Trường Tiểu học Ba Sao B – Đầu mối"

        # The school's contact: a user in the school's new contact group.
        page.get_by_role("button", name="Cài đặt").click()
        page.get_by_role("link", name="Người dùng").click()
        page.get_by_role("link", name="Thêm người dùng").click()
        page.fill("#id_username", "daumoi.thbasaob")
        page.fill("#id_email", "daumoi.thbasaob@kimbang.edu.vn")
        page.fill("#id_first_name", "Lê Thị")
        page.fill("#id_last_name", "Hạnh")
        page.fill("#id_password1", "mat-khau-moi-2026")
        page.fill("#id_password2", "mat-khau-moi-2026")
        page.get_by_role("tab", name="Vai trò").first.click()
        page.get_by_label(contact_group.name).check()
        guide_shot(page, "quantri-them-nguoi-dung")
        page.get_by_role("button", name="Tạo", exact=True).click()
        page.locator(".messages .success").wait_for(timeout=SLOW_MS)
        contact = get_user_model().objects.get(username="daumoi.thbasaob")
        assert list(contact.groups.all()) == [Group.objects.get(pk=contact_group.pk)]

        newcomer = self.login("daumoi.thbasaob", "mat-khau-moi-2026", **SHOT)
        newcomer.get_by_role("link", name=re.compile(r"\d+ trang")).click()
        newcomer.get_by_role("heading", name="Trường Tiểu học Ba Sao B").wait_for()
        guide_shot(newcomer, "quantri-truong-moi-dang-nhap")
        newcomer.problems.assert_none()

    def test_sees_the_last_backup_on_the_dashboard(self):
        page = self.login_as(IT_OFFICER)
        page.get_by_text(re.compile("sao lưu", re.IGNORECASE)).first.wait_for()
        page.get_by_text(re.compile("sao lưu", re.IGNORECASE)).first.scroll_into_view_if_needed()
        guide_shot(page, "quantri-sao-luu")
        page.problems.assert_none()


class GuideForEveryRole:
    def test_every_role_opens_the_vietnamese_guide_with_its_own_pages_first(self):
        first_section = {
            CONTACT: "Đầu mối của trường",
            PRINCIPAL: "Hiệu trưởng",
            BOARD: "Ban biên tập",
            LEADERSHIP: "Lãnh đạo phòng",
            IT_OFFICER: "Quản trị CNTT",
        }
        for username, heading in first_section.items():
            page = self.login_as(username)
            english_guide = page.locator("a[href*='wagtail.org'], a[href*='wagtail.io']")
            assert english_guide.count() == 0, username
            page.get_by_role("navigation", name="Menu chính").get_by_role(
                "link", name="Hướng dẫn sử dụng"
            ).click()
            page.get_by_role("heading", name="Hướng dẫn sử dụng").wait_for()
            assert page.locator(".guide-section h2").first.inner_text().startswith(heading), username
            page.locator(".guide-section--mine a").first.click()
            pictures = page.locator("img.guide-picture")
            if pictures.count():
                pictures.first.scroll_into_view_if_needed()
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0", arg=pictures.first.element_handle()
                )
            page.problems.assert_none()
            page.context.close()
            self.contexts.remove(page.context)


class RolePaths(
    RolePathHelpers,
    SchoolContactPath,
    PrincipalPath,
    BoardPath,
    LeadershipPath,
    ReaderPath,
    ITOfficerPath,
    GuideForEveryRole,
    DemoSiteTestCase,
):
    """All the paths on one seeded demo site (seeding is the slow part); each test in its own
    transaction, so each starts from the demo as seeded."""


def strip_diacritics(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
