"""Issue 12: no Word file can make the import cost a worker gigabytes or minutes (Điều 11.4).

Every hostile file is built here. Each goes through the admin's "Nhập từ tệp Word" screen as a
school contact and must be refused in Vietnamese with nothing kept: no page, no image, no file.
"""

import io
import shutil
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from docx import Document

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from intake.importer import DOCX_TASK
from news.models import NewsPage
from site_kb import sandbox

from ..builders import make_school, make_site, make_user
from ..docx_builders import (
    body_docx,
    docx_bytes,
    giant_paragraph_docx,
    huge_table_docx,
    long_text_docx,
    many_paragraphs_docx,
    news_document,
    padded_part_docx,
    paragraph_xml,
    replace_parts,
    soffice_convert,
)

Image = get_image_model()
URL = reverse("intake:word_import")
MB = 1024 * 1024
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*") if path.is_file())


class IntakeLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, sections = make_site()
        cls.school = make_school(sections["schools"], 1)
        setup_roles()
        access = SchoolAccess.objects.select_related("contact_group").get(school=cls.school)
        cls.contact = make_user("daumoi", access.contact_group)

    def setUp(self):
        self.client.force_login(self.contact)
        self.files_before = stored_files()

    def post(self, data, name="bao-cao.docx"):
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        return self.client.post(URL, {"file": upload, "section": self.school.pk})

    def assert_refused(self, response, *fragments):
        self.assertEqual(response.status_code, 200)
        errors = " ".join(response.context["form"].errors.get("file", []))
        for fragment in fragments:
            self.assertIn(fragment, errors)
        self.assertFalse(NewsPage.objects.exists())
        self.assertFalse(Image.objects.exists())
        self.assertEqual(stored_files(), self.files_before)

    # --- what the document holds, counted before conversion ---------------------------------

    def test_the_reported_file_of_27_mb_of_tiny_paragraphs_is_refused_at_once(self):
        data = many_paragraphs_docx(450_000)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertGreater(archive.getinfo("word/document.xml").file_size, 27 * 10**6)
        self.assertLess(len(data), 300 * 1024)
        self.assert_refused(
            self.post(data), "Nội dung tệp quá lớn khi giải nén", "word/document.xml", "tối đa 10"
        )

    def test_too_many_paragraphs_are_refused(self):
        self.assert_refused(self.post(many_paragraphs_docx(20_000)), "hơn 20.000 đoạn văn")

    def test_one_giant_paragraph_of_too_many_runs_is_refused(self):
        self.assert_refused(
            self.post(giant_paragraph_docx(100_001)), "đoạn chữ định dạng riêng (hơn 100.000)"
        )

    def test_a_huge_table_is_refused(self):
        self.assert_refused(
            self.post(huge_table_docx(150, 150)), "Bảng trong văn bản quá lớn", "hơn 20.000 ô"
        )

    def test_too_much_text_is_refused(self):
        self.assert_refused(self.post(long_text_docx(1_001_000)), "hơn 1.000.000 ký tự")

    def test_a_zip_bomb_like_document_part_is_refused_before_decompression(self):
        data = padded_part_docx(50 * MB)
        self.assertLess(len(data), 200 * 1024)
        self.assert_refused(self.post(data), "quá lớn khi giải nén", "word/document.xml")

    def test_a_huge_xml_part_beside_the_document_is_refused_too(self):
        # The converter could be pointed at any part through the relationships: every XML part counts.
        self.assert_refused(self.post(padded_part_docx(11 * MB, part="word/khac.xml")), "word/khac.xml")

    def test_a_compressed_picture_bomb_inside_the_document_is_refused(self):
        data = replace_parts(docx_bytes(news_document()), {"word/media/bom.png": b"\0" * (25 * MB)})
        self.assertLess(len(data), 200 * 1024)
        self.assert_refused(self.post(data), "quá lớn khi giải nén", "word/media/bom.png")

    def test_a_document_declaring_a_dtd_is_refused(self):
        body = paragraph_xml("Tiêu đề") + paragraph_xml("&a;")
        xml = (
            '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        )
        data = replace_parts(docx_bytes(Document()), {"word/document.xml": xml})
        self.assert_refused(self.post(data), "khai báo DOCTYPE")

    @override_settings(INTAKE_MAX_PARAGRAPHS=50, INTAKE_MAX_RUNS=500, INTAKE_MAX_TABLE_CELLS=30)
    def test_the_bounds_are_settings_and_a_document_within_them_imports(self):
        self.assertEqual(self.post(many_paragraphs_docx(49)).status_code, 302)  # 49 + the title: 50
        self.assertEqual(NewsPage.objects.count(), 1)
        NewsPage.objects.all().delete()
        Image.objects.all().delete()
        self.assert_refused(self.post(many_paragraphs_docx(50)), "hơn 50 đoạn văn")
        self.assert_refused(self.post(giant_paragraph_docx(500)), "đoạn chữ định dạng riêng (hơn 500)")
        # The paragraphs of a table's cells are its cells: 36 of them, not 36 paragraphs.
        self.assert_refused(self.post(huge_table_docx(6, 6)), "hơn 30 ô")

    # --- the draft the editor must be able to open ------------------------------------------

    def test_a_body_of_too_many_blocks_is_refused_before_anything_is_stored(self):
        headings = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Mục {number}</w:t></w:r></w:p>'
            + paragraph_xml(f"Nội dung {number}")
            for number in range(600)
        )
        response = self.post(body_docx(paragraph_xml("Báo cáo") + headings))
        self.assert_refused(response, "1.199 khối", "tối đa 1.000")

    @override_settings(INTAKE_MAX_BODY_BYTES=20_000)
    def test_a_body_too_large_for_the_editor_is_refused(self):
        self.assert_refused(self.post(long_text_docx(30_000)), "Nội dung sau khi chuyển đổi quá lớn")

    # --- the conversion runs in a worker process with a memory cap and a timeout ------------

    @override_settings(INTAKE_WORKER_MEMORY_BYTES=150 * MB)
    def test_a_conversion_past_the_memory_cap_is_refused(self):
        self.assert_refused(self.post(giant_paragraph_docx(60_000)), "Tệp quá nặng", "bộ nhớ")

    @override_settings(INTAKE_WORKER_TIMEOUT_SECONDS=1)
    def test_a_conversion_past_the_timeout_is_refused(self):
        self.assert_refused(self.post(giant_paragraph_docx(90_000)), "Tệp quá nặng", "hơn 1 giây")

    def test_the_worker_converts_an_ordinary_document(self):
        answer = sandbox.run(
            DOCX_TASK, docx_bytes(news_document()), {"max_image_pixels": 10**8, "max_image_side": 4096}
        )
        self.assertEqual(len(answer["document"]["images"]), 1)
        with pytest.raises(sandbox.WorkerError) as refusal:
            sandbox.run(DOCX_TASK, b"not a zip", {"max_image_pixels": 10**8, "max_image_side": 4096})
        self.assertEqual(refusal.value.code, "unreadable")

    # --- .odt and .doc: before and after LibreOffice ----------------------------------------

    def test_an_odt_with_a_zip_bomb_content_part_is_refused_before_libreoffice(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            archive.writestr(
                "content.xml", "<office:document-content>" + " " * (30 * MB) + "</office:document-content>"
            )
        self.assert_refused(
            self.post(buffer.getvalue(), "bao-cao.odt"), "quá lớn khi giải nén", "content.xml"
        )

    @needs_soffice
    def test_libreoffice_output_is_held_to_the_same_bounds(self):
        odt = soffice_convert(many_paragraphs_docx(60), "docx", "odt")
        with override_settings(INTAKE_MAX_PARAGRAPHS=50):
            self.assert_refused(self.post(odt, "bao-cao.odt"), "hơn 50 đoạn văn")

    @needs_soffice
    @override_settings(LIBREOFFICE_MEMORY_BYTES=40 * MB)
    def test_libreoffice_runs_under_its_memory_cap(self):
        odt = soffice_convert(docx_bytes(news_document()), "docx", "odt")
        self.assert_refused(self.post(odt, "bao-cao.odt"), "LibreOffice không chuyển được tệp .odt")
