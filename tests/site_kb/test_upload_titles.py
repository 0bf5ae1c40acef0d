"""A picture or document uploaded without a title is named after its file, never refused for it
(issue 15.12: a school contact's first picture was refused for a missing title). Every upload
path is posted as a browser without JavaScript posts it (Wagtail's script, which fills the title
in some of them, does not run)."""

import io
import json
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from PIL import Image as PILImage

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from site_kb.upload_titles import title_from_filename

from ..builders import make_school, make_site, make_user
from .test_document_uploads import pdf

Image = get_image_model()
Document = get_document_model()


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


class TitleFromFilenameTests(SimpleTestCase):
    def test_the_name_without_extension_and_separators(self):
        self.assertEqual(title_from_filename("IMG_2034.JPG"), "IMG 2034")
        self.assertEqual(title_from_filename("Khai_giang-nam-hoc__2026.png"), "Khai giang nam hoc 2026")
        self.assertEqual(title_from_filename("C:\\fakepath\\ke-hoach.pdf".replace("\\", "/")), "ke hoach")
        self.assertEqual(title_from_filename(".hidden"), ".hidden")
        decomposed = unicodedata.normalize("NFD", "Lễ khai giảng.jpg")
        self.assertEqual(title_from_filename(decomposed), "Lễ khai giảng")
        self.assertTrue(unicodedata.is_normalized("NFC", title_from_filename(decomposed)))


class UploadWithoutTitleTests(TestCase):
    """From the side of a school contact, whose first upload was refused."""

    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        school = make_school(sections["schools"], 1)
        setup_roles()
        cls.access = SchoolAccess.objects.get(school=school)
        cls.contact = make_user("daumoi", cls.access.contact_group)

    def setUp(self):
        self.client.force_login(self.contact)

    def test_the_add_form_names_the_picture_after_its_file(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "",
                "file": SimpleUploadedFile("Khai_giang-2026.png", png()),
                "collection": self.access.collection_id,
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.assertEqual(Image.objects.get().title, "Khai giang 2026")

    def test_a_typed_title_is_kept(self):
        self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Lễ khai giảng năm học mới",
                "file": SimpleUploadedFile("IMG_2034.png", png()),
                "collection": self.access.collection_id,
            },
        )
        self.assertEqual(Image.objects.get().title, "Lễ khai giảng năm học mới")

    def test_the_chooser_upload_names_the_picture_after_its_file(self):
        response = self.client.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "",
                "image-chooser-upload-file": SimpleUploadedFile("IMG_2034.png", png()),
                "image-chooser-upload-collection": self.access.collection_id,
                "image-chooser-upload-tags": "",
            },
        )
        self.assertEqual(json.loads(response.content)["step"], "chosen")
        self.assertEqual(Image.objects.get().title, "IMG 2034")

    def test_the_multiple_uploader_names_a_picture_sent_without_title(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "files[]": SimpleUploadedFile("san_truong-moi.png", png()),
                "title": "",  # sent empty: named after the file, not refused
                "collection": self.access.collection_id,
            },
        )
        self.assertTrue(json.loads(response.content)["success"])
        self.assertEqual(Image.objects.get().title, "san truong moi")

    def test_documents_are_named_after_their_file_too(self):
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "",
                "file": SimpleUploadedFile("ke_hoach-tuyen-sinh.pdf", pdf()),
                "collection": self.access.collection_id,
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        response = self.client.post(
            reverse("wagtaildocs_chooser:create"),
            {
                "document-chooser-upload-title": "",
                "document-chooser-upload-file": SimpleUploadedFile("Thong_bao.pdf", pdf()),
                "document-chooser-upload-collection": self.access.collection_id,
            },
        )
        self.assertEqual(json.loads(response.content)["step"], "chosen")
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"),
            {
                "files[]": SimpleUploadedFile("lich-cong-tac.pdf", pdf()),
                "title": "",  # sent empty: named after the file, not refused
                "collection": self.access.collection_id,
            },
        )
        self.assertTrue(json.loads(response.content)["success"])
        self.assertEqual(
            sorted(Document.objects.values_list("title", flat=True)),
            ["Thong bao", "ke hoach tuyen sinh", "lich cong tac"],
        )

    def test_an_emptied_title_without_a_new_file_is_refused_in_vietnamese(self):
        self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Ảnh trường",
                "file": SimpleUploadedFile("a.png", png()),
                "collection": self.access.collection_id,
            },
        )
        image = Image.objects.get()
        response = self.client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": "", "collection": self.access.collection_id, "tags": "", "description": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy nhập tiêu đề.")
        image.refresh_from_db()
        self.assertEqual(image.title, "Ảnh trường")

    def test_a_refused_file_does_not_also_ask_for_a_title(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "",
                "file": SimpleUploadedFile("gia.png", b"khong phai anh"),
                "collection": self.access.collection_id,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy tải lên một hình ảnh hợp lệ")
        self.assertNotContains(response, "Hãy nhập tiêu đề.")
        self.assertFalse(Image.objects.exists())
