"""A PDF that is a scan without a text layer is accepted with a clear warning (issue 15, Build 4).

The scan is built as a scanner builds one: a picture saved as PDF by Pillow, with no text layer;
the text PDF is the demo's (demo.pdf), whose lines are real text.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

from PIL import Image, ImageDraw

from demo.pdf import text_pdf
from editorial.roles import setup_roles
from site_kb.pdftext import has_text_layer

from ..builders import make_site, make_user

Document = get_document_model()
WARNING = "là bản chụp, không có lớp chữ"


def scanned_pdf(pages=2):
    """A paper document through a scanner: pictures of text, saved as PDF, no text layer."""
    sheets = []
    for number in range(pages):
        sheet = Image.new("L", (620, 877), 255)
        ImageDraw.Draw(sheet).text((60, 80), f"QUYET DINH so 12/QD-PGD - trang {number + 1}", fill=0)
        sheets.append(sheet)
    buffer = io.BytesIO()
    sheets[0].save(buffer, "PDF", save_all=True, append_images=sheets[1:], resolution=72)
    return buffer.getvalue()


def typed_pdf():
    return text_pdf(["Ke hoach tuyen sinh lop 6 nam hoc 2026-2027", "Phong Giao duc va Dao tao"])


class TextLayer(TestCase):
    def test_a_scan_has_none_a_typed_pdf_has_one_and_an_unreadable_one_is_not_judged(self):
        self.assertIs(has_text_layer(SimpleUploadedFile("scan.pdf", scanned_pdf())), False)
        self.assertIs(has_text_layer(SimpleUploadedFile("ke-hoach.pdf", typed_pdf())), True)
        self.assertIsNone(has_text_layer(SimpleUploadedFile("hong.pdf", b"%PDF-1.4\n%%EOF\n")))


class ScannedPdfUpload(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        cls.board = make_user("bientap", setup_roles()["board"])

    def setUp(self):
        self.client.force_login(self.board)

    def upload_multiple(self, name, content):
        """Wagtail's multiple uploader ("Thêm tài liệu"), as its script sends each file."""
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {
                "title": name,
                "collection": Collection.get_first_root_node().pk,
                "files[]": SimpleUploadedFile(name, content),
            },
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_a_scan_is_stored_and_the_uploader_shows_the_warning(self):
        answer = self.upload_multiple("quyet-dinh-12.pdf", scanned_pdf())
        self.assertTrue(answer["success"], answer)
        self.assertIn(f"Tệp PDF “quyet-dinh-12.pdf” {WARNING}", answer["form"])
        self.assertIn("Hãy đính kèm bản PDF xuất từ Word", answer["form"])
        self.assertTrue(Document.objects.filter(pk=answer["doc_id"]).exists())

    def test_a_typed_pdf_gets_no_warning(self):
        answer = self.upload_multiple("ke-hoach.pdf", typed_pdf())
        self.assertTrue(answer["success"], answer)
        self.assertNotIn(WARNING, answer["form"])

    def test_the_add_form_accepts_a_scan(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Quyết định 12",
                "file": SimpleUploadedFile("quyet-dinh-12.pdf", scanned_pdf()),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Document.objects.filter(title="Quyết định 12").exists())

    def test_the_edit_page_of_a_stored_scan_says_so_and_of_a_typed_pdf_does_not(self):
        scan = Document.objects.create(
            title="Bản chụp", file=ContentFile(scanned_pdf(1), name="ban-chup.pdf")
        )
        typed = Document.objects.create(title="Bản gõ", file=ContentFile(typed_pdf(), name="ban-go.pdf"))
        self.assertContains(self.client.get(reverse("wagtaildocs:edit", args=[scan.pk])), WARNING)
        self.assertNotContains(self.client.get(reverse("wagtaildocs:edit", args=[typed.pk])), WARNING)
