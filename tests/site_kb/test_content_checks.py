"""The content checker's configuration (issue 15, Build 4): what Wagtail's checker is told to run
in the editor's "Kiểm tra" panel and the userbar, read from the page an editor sees."""

import json
import re
import unicodedata

from django.test import TestCase

from site_kb.content_checks import FILE_NAME_ALT_PATTERN, MESSAGES, VAGUE_LINK_TEXT_PATTERN
from tests.builders import make_news, make_site, make_superuser, news_form

CONFIG = re.compile(r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', re.S)


class CheckerConfiguration(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        cls.news = make_news(sections["news"], 1)[0]
        cls.editor = make_superuser()

    def configuration(self, response):
        self.assertEqual(response.status_code, 200)
        found = CONFIG.findall(response.content.decode())
        self.assertEqual(len(found), 1, "one content checker on the page")
        return json.loads(found[0])

    def test_userbar_of_a_public_page_runs_our_rules_in_vietnamese(self):
        self.client.force_login(self.editor)
        config = self.configuration(self.client.get(self.news.url))
        self.assertIn("js/admin/content-checks.js", self.client.get(self.news.url).content.decode())

        self.assertEqual(
            config["context"]["include"], ["main"]
        )  # what the editor wrote, not the site's frame
        run_only = config["options"]["runOnly"]
        for rule in (
            "heading-order",
            "alt-text-quality",
            "image-alt",
            "content-image-alt",
            "link-text-quality",
        ):
            self.assertIn(rule, run_only)
        rules = {rule["id"]: rule for rule in config["spec"]["rules"]}
        self.assertEqual(rules["link-text-quality"]["any"], ["check-link-text"])
        self.assertEqual(rules["content-image-alt"]["any"], ["check-content-image-alt"])
        checks = {check["id"]: check for check in config["spec"]["checks"]}
        self.assertEqual(checks["check-image-alt-text"]["options"]["pattern"], FILE_NAME_ALT_PATTERN)
        self.assertEqual(checks["check-link-text"]["options"]["pattern"], VAGUE_LINK_TEXT_PATTERN)

        # Every rule the checker runs has its message in Vietnamese, none left to axe's English.
        for rule in run_only:
            message = config["messages"].get(rule)
            self.assertIsNotNone(message, rule)
            for text in (message["error_name"], message["help_text"]):
                self.assertEqual(text, unicodedata.normalize("NFC", text))
                self.assertRegex(text, r"[ảấầẩẫậắằẳẵặẻẽếềểễệỉịỏốồổỗộớờởỡợủứừửữựỳỷỹỵđơưăâêô]", rule)
        self.assertEqual(
            config["messages"]["link-text-quality"]["error_name"],
            str(MESSAGES["link-text-quality"]["error_name"]),
        )

    def test_the_editors_checks_panel_gets_the_same_checker(self):
        """The "Kiểm tra" panel scans the preview, whose userbar carries the configuration."""
        self.client.force_login(self.editor)
        preview = f"/admin/pages/{self.news.pk}/edit/preview/"
        edit = self.client.get(f"/admin/pages/{self.news.pk}/edit/")
        self.assertEqual(edit.status_code, 200)
        response = self.client.post(preview, news_form(self.news.title, self.news.slug))
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        config = self.configuration(self.client.get(preview, {"in_preview_panel": "true", "mode": ""}))
        self.assertIn("link-text-quality", config["options"]["runOnly"])
        self.assertEqual(config["messages"]["heading-order"]["error_name"], "Tiêu đề mục không theo thứ tự")

    def test_readers_get_no_checker(self):
        response = self.client.get(self.news.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("checker-axe-configuration", response.content.decode())
        self.assertNotIn("content-checks.js", response.content.decode())


class Patterns(TestCase):
    """The patterns as the browser's checks use them (case-insensitive search); JavaScript and
    Python read these expressions alike."""

    def test_a_file_name_as_alt_text_is_caught_and_a_description_is_not(self):
        pattern = re.compile(FILE_NAME_ALT_PATTERN, re.I)
        for alt in (
            "IMG_2034.jpg",
            "IMG_2034",
            "anh1.png",
            "anh1",
            "DSC00012",
            "dscn0042",
            "PXL 20240915",
            "Ảnh 3",
            "ảnh",
            "hình ảnh",
            "12345",
            "z5123456789_abc",
            "Screenshot 2",
            "IMG 2034",
            "IMG-20240915-WA0001",
            "z5123456789012 7b1c2d",
            "20240915 083012",
            "scan.pdf.png",
        ):
            self.assertRegex(alt, pattern)
        for alt in (
            "Học sinh lớp 7A trồng cây trong sân trường",
            "Ảnh tập thể giáo viên năm học 2025–2026",
            "Hội nghị tổng kết",
            "Thầy Phan Văn Bình trao giải",
        ):
            self.assertNotRegex(alt, pattern)

    def test_vague_link_texts_are_caught_and_named_links_are_not(self):
        pattern = re.compile(VAGUE_LINK_TEXT_PATTERN, re.I)
        for text in ("xem tại đây", "tại đây", "click here", "bấm vào đây", "xem thêm", "chi tiết", "tải về"):
            self.assertRegex(text, pattern)
        for text in ("Kế hoạch tuyển sinh lớp 6", "xem thêm kế hoạch tuyển sinh", "Tải về mẫu đơn xin học"):
            self.assertNotRegex(text, pattern)
