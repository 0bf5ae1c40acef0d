"""The editor's own checks in Chromium (issue 15, Build 4): Wagtail's content checker, in the
editor's "Kiểm tra" panel and in the userbar of a page, finds a picture whose alt text is a file
name, a "xem tại đây" link and a heading that skips a level, and says so in Vietnamese; the
document uploader warns of a scanned PDF without a text layer."""

from news.models import NewsPage
from tests.builders import make_image, make_site, publish
from tests.e2e.conftest import BrowserTestCase
from tests.site_kb.test_scanned_pdf import scanned_pdf, typed_pdf

EXPECTED = (
    "Mô tả ảnh chỉ là tên tệp",
    "Chữ của liên kết không nói rõ liên kết dẫn đến đâu",
    "Tiêu đề mục không theo thứ tự",
)


class ContentCheckerInVietnamese(BrowserTestCase):
    def setUp(self):
        _home, sections = make_site()
        picture = make_image("IMG_2034")
        self.news = publish(
            sections["news"],
            NewsPage(
                title="Kế hoạch tuyển sinh lớp 6",
                slug="ke-hoach-tuyen-sinh-lop-6",
                lead="Phòng thông báo kế hoạch tuyển sinh.",
                body=[
                    ("heading", {"text": "Đối tượng tuyển sinh", "level": "h3"}),  # no level 2 before it
                    (
                        "paragraph",
                        '<p>Kế hoạch chi tiết <a href="https://kimbang.edu.vn/ke-hoach">xem tại đây</a>.</p>',
                    ),
                    ("image", {"image": picture, "caption": "Buổi tuyển sinh năm trước", "credit": ""}),
                    (
                        "paragraph",
                        '<p><a href="https://kimbang.edu.vn/mau-don">Mẫu đơn xin học lớp 6</a></p>',
                    ),
                ],
            ),
        )

    def test_the_checks_panel_of_the_editor(self):
        page = self.admin_page()
        page.goto(f"/admin/pages/{self.news.pk}/edit/")
        page.locator("[data-side-panel-toggle=checks]").click()
        names = page.locator("[data-side-panel=checks] [data-content-checker-name]")
        names.first.wait_for()
        page.wait_for_function(
            "(count) => document.querySelectorAll('[data-side-panel=checks] [data-content-checker-name]').length >= count",
            arg=len(EXPECTED),
        )
        found = names.all_inner_texts()
        for message in EXPECTED:
            assert message in found, found
        # The good link is not flagged: one link message, for "xem tại đây" only.
        assert found.count("Chữ của liên kết không nói rõ liên kết dẫn đến đâu") == 1, found
        help_texts = page.locator("[data-side-panel=checks] [data-content-checker-help]").all_inner_texts()
        assert any("IMG_2034" in text for text in help_texts), help_texts
        assert not any(word in " ".join(found) for word in ("Image", "Link", "heading")), found
        assert page.problems.violations == page.problems.errors == []

    def test_the_userbar_on_the_page(self):
        page = self.admin_page()
        page.goto(self.news.url)
        page.locator("#wagtail-userbar-trigger").click()
        page.locator("#checker-trigger").click()
        dialog = page.locator("#checker-results")
        dialog.locator("[data-content-checker-name]").first.wait_for()
        found = dialog.locator("[data-content-checker-name]").all_inner_texts()
        for message in EXPECTED:
            assert message in found, found
        assert page.problems.violations == page.problems.errors == []

    def test_the_document_uploader_warns_of_a_scanned_pdf(self):
        page = self.admin_page()
        page.goto("/admin/documents/multiple/add/")
        page.locator("#fileupload").set_input_files(
            [
                {"name": "quyet-dinh-12.pdf", "mimeType": "application/pdf", "buffer": scanned_pdf()},
                {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": typed_pdf()},
            ]
        )
        uploads = page.locator("#upload-list > li")
        page.wait_for_function(
            "() => document.querySelectorAll('#upload-list form').length === 2", timeout=60_000
        )
        scan = uploads.filter(has_text="quyet-dinh-12.pdf")
        typed = uploads.filter(has_text="ke-hoach.pdf")
        scan.get_by_text("là bản chụp, không có lớp chữ").wait_for()
        assert "Hãy đính kèm bản PDF xuất từ Word" in scan.inner_text()
        assert "bản chụp" not in typed.inner_text()
        assert page.problems.violations == page.problems.errors == []
