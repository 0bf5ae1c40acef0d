"""Documents are judged by their content, not their name (issue 12.11, Điều 11.4).

Every kind the registry accepts (PDF, Word, Excel, PowerPoint, OpenDocument, RTF) is uploaded
for real through the admin's document form; files that only carry an acceptable name are
refused in Vietnamese and nothing is stored.
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import docx
import openpyxl

from editorial.roles import setup_roles

from ..builders import make_site, make_user

Document = get_document_model()
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def pdf():
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def word():
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch tuyển sinh năm học 2026–2027.")
    document.save(buffer)
    return buffer.getvalue()


def spreadsheet():
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Danh sách trường"
    workbook.save(buffer)
    return buffer.getvalue()


def opendocument(media_type, extra=b""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", media_type, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>" + extra)
    return buffer.getvalue()


def office_zip(member):
    """The smallest zip a reader of the Office Open XML kind ``member`` names would open."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(member, b"<root/>")
    return buffer.getvalue()


def real_document(extension):
    """A file whose content is what a real ``extension`` file holds."""
    return {
        "pdf": pdf,
        "doc": lambda: OLE2,
        "docx": word,
        "xls": lambda: OLE2,
        "xlsx": spreadsheet,
        "ppt": lambda: OLE2,
        "pptx": lambda: office_zip("ppt/presentation.xml"),
        "odt": lambda: opendocument(b"application/vnd.oasis.opendocument.text"),
        "ods": lambda: opendocument(b"application/vnd.oasis.opendocument.spreadsheet"),
        "odp": lambda: opendocument(b"application/vnd.oasis.opendocument.presentation"),
        "rtf": lambda: b"{\\rtf1\\ansi Ke hoach}",
    }[extension]()


def bomb(member):
    """A zip of well under 1 MB whose ``member`` inflates to 60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(member, "w", force_zip64=True) as part:
            for _ in range(60):
                part.write(b"<row/>" * (1024 * 1024 // 6))
    return buffer.getvalue()


class DocumentUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])

    def upload(self, name, content):
        self.client.force_login(self.board)
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Văn bản",
                "file": SimpleUploadedFile(name, content),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )

    def test_real_office_documents_of_every_kind_are_accepted(self):
        files = {
            "quyet-dinh.pdf": pdf(),
            "ke-hoach.docx": word(),
            "danh-sach.xlsx": spreadsheet(),
            "cong-van.doc": OLE2,
            "bang-diem.xls": OLE2,
            "bao-cao.ppt": OLE2,
            "to-trinh.rtf": b"{\\rtf1\\ansi Ke hoach}",
            "to-trinh-cu.doc": b"{\\rtf1\\ansi Van ban luu duoi .doc}",
            "thong-bao.odt": opendocument(b"application/vnd.oasis.opendocument.text"),
            "thong-ke.ods": opendocument(b"application/vnd.oasis.opendocument.spreadsheet"),
        }
        for name, content in files.items():
            with self.subTest(name):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 302, name)
        self.assertEqual(Document.objects.count(), len(files))

    def test_files_that_only_carry_an_office_name_are_refused(self):
        html = b"<!doctype html><html><script>alert(1)</script></html>"
        files = {
            "trang-web.pdf": html,
            "trang-web.docx": html,
            "trang-web.xlsx": html,
            "trang-web.odt": html,
            "trang-web.rtf": html,
            "pdf-va-html.pdf": b"%PDF-1.4\n%" + html + pdf()[9:],
            "cat-do.pdf": pdf()[:40],
            "bang-tinh-doi-ten.docx": spreadsheet(),
            "van-ban-doi-ten.xlsx": word(),
            "bang-tinh-doi-ten.odt": opendocument(b"application/vnd.oasis.opendocument.spreadsheet"),
            "bom.xlsx": bomb("xl/workbook.xml"),
            "bom.docx": bomb("word/document.xml"),
            "rong.doc": b"",
        }
        for name, content in files.items():
            with self.subTest(name):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 200)
                errors = " ".join(response.context["form"].errors.get("file", []))
                self.assertTrue(errors, f"{name} was not refused")
                self.assertRegex(errors, "tệp|Tệp|Nội dung|giải nén|không")
        self.assertEqual(Document.objects.count(), 0)

    def test_editing_a_document_without_a_new_file_keeps_it(self):
        self.assertEqual(self.upload("quyet-dinh.pdf", pdf()).status_code, 302)
        document = Document.objects.get()
        response = self.client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": "Quyết định (sửa tên)", "collection": document.collection_id, "tags": ""},
        )
        self.assertEqual(response.status_code, 302)
        document.refresh_from_db()
        self.assertEqual(document.title, "Quyết định (sửa tên)")
