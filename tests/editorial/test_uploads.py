"""Uploads through the admin in the formats units send (Điều 11.4), served as web formats."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage

from editorial.roles import setup_roles

from ..builders import make_site, make_user
from ..site_kb.test_document_uploads import real_document

Image = get_image_model()
Document = get_document_model()

WEB_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def image_bytes(pillow_format, mode="RGB", colour=(30, 120, 200), size=(120, 80), **options):
    buffer = io.BytesIO()
    PILImage.new(mode, size, colour).save(buffer, pillow_format, **options)
    return buffer.getvalue()


# name, bytes, the format its renditions must be served in
IMAGE_CASES = [
    ("anh.jpg", image_bytes("JPEG"), "JPEG"),
    ("anh.jpeg", image_bytes("JPEG", "CMYK", (0, 80, 160, 20)), "JPEG"),
    ("anh.png", image_bytes("PNG", "RGBA", (30, 120, 200, 128)), "PNG"),
    ("anh.gif", image_bytes("GIF", "P", 3), "PNG"),
    ("anh.webp", image_bytes("WEBP"), "WEBP"),
    ("anh.tif", image_bytes("TIFF", compression="tiff_lzw"), "JPEG"),
    ("anh.tiff", image_bytes("TIFF", "RGBA", (30, 120, 200, 90)), "JPEG"),
    ("anh-cmyk.tiff", image_bytes("TIFF", "CMYK", (0, 80, 160, 20)), "JPEG"),
    ("anh-16bit.tif", image_bytes("TIFF", "I;16", 40000), "JPEG"),
    ("anh-float.tif", image_bytes("TIFF", "F", 0.5), "JPEG"),
    ("anh-scan.tif", image_bytes("TIFF", "1", 1, compression="group4"), "JPEG"),
    ("anh.bmp", image_bytes("BMP"), "PNG"),
    ("anh-palette.bmp", image_bytes("BMP", "P", 7), "PNG"),
    ("anh-rgba.bmp", image_bytes("BMP", "RGBA", (30, 120, 200, 90)), "PNG"),
]

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"]


class UploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.board)

    def upload_image(self, name, content):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": name,
                "file": SimpleUploadedFile(name, content),
                "collection": self.collection.pk,
                "tags": "",
            },
        )

    def upload_document(self, name, content=b"noi dung"):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": name,
                "file": SimpleUploadedFile(name, content),
                "collection": self.collection.pk,
                "tags": "",
            },
        )

    def assert_served_as(self, image, expected):
        for spec in ("width-60", "fill-40x40", "original"):
            rendition = image.get_rendition(spec)
            with rendition.file.open("rb") as handle:
                served = PILImage.open(handle)
                served.load()
            self.assertEqual(served.format, expected, f"{image.title} {spec}")
            self.assertIn(served.format, WEB_FORMATS)
            self.assertIn(served.mode, {"RGB", "RGBA", "L", "LA", "P"}, f"{image.title} {spec}")
            if spec == "width-60":
                self.assertEqual(served.width, 60)

    def test_every_usual_format_is_accepted_and_served_as_a_web_format(self):
        for name, content, expected in IMAGE_CASES:
            with self.subTest(name):
                response = self.upload_image(name, content)
                self.assertRedirects(response, reverse("wagtailimages:index"))
                image = Image.objects.get(title=name)
                self.assert_served_as(image, expected)

    def test_the_grey_of_a_16_bit_scan_survives_the_conversion(self):
        self.upload_image("xam.tif", image_bytes("TIFF", "I;16", 32768))
        rendition = Image.objects.get(title="xam.tif").get_rendition("width-60")
        with rendition.file.open("rb") as handle:
            red, green, blue = PILImage.open(handle).convert("RGB").getpixel((5, 5))
        self.assertTrue(110 <= red <= 145 and red == green == blue, (red, green, blue))

    def test_fake_images_are_refused_in_vietnamese_and_nothing_is_saved(self):
        fakes = [
            ("photo.jpg", "Nội dung văn bản, không phải ảnh.".encode(), "Hãy tải lên một hình ảnh hợp lệ"),
            ("nhieu.png", bytes(range(256)) * 20, "Hãy tải lên một hình ảnh hợp lệ"),
            ("doi-ten.jpg", image_bytes("PNG"), "Không phải ảnh .jpg hợp lệ"),
            ("tai-lieu.pdf", b"%PDF-1.4\n", "Hãy tải lên một hình ảnh hợp lệ"),
        ]
        for name, content, message in fakes:
            with self.subTest(name):
                response = self.upload_image(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(Image.objects.exists())

    def test_an_unsupported_image_format_is_refused_with_the_list_of_formats(self):
        response = self.upload_image("anh.ico", image_bytes("ICO", size=(32, 32)))
        self.assertContains(response, "Định dạng ảnh không được hỗ trợ")
        self.assertContains(response, "TIF, TIFF, BMP")
        self.assertFalse(Image.objects.exists())

    def test_chooser_upload_accepts_a_tif(self):
        response = self.client.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Ảnh quét",
                "image-chooser-upload-file": SimpleUploadedFile("quet.tif", image_bytes("TIFF")),
                "image-chooser-upload-collection": self.collection.pk,
                "image-chooser-upload-tags": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content)["step"], "chosen")
        self.assert_served_as(Image.objects.get(title="Ảnh quét"), "JPEG")

    def test_multiple_upload_accepts_a_bmp_and_refuses_a_fake_in_vietnamese(self):
        url = reverse("wagtailimages:add_multiple")
        response = self.client.post(url, {"files[]": SimpleUploadedFile("so-do.bmp", image_bytes("BMP"))})
        self.assertTrue(json.loads(response.content)["success"])
        self.assert_served_as(Image.objects.get(), "PNG")

        response = self.client.post(url, {"files[]": SimpleUploadedFile("gia.png", b"khong phai anh")})
        data = json.loads(response.content)
        self.assertFalse(data["success"])
        self.assertIn("Hãy tải lên một hình ảnh hợp lệ", data["error_message"])
        self.assertEqual(Image.objects.count(), 1)

    def test_office_documents_are_accepted(self):
        for extension in DOCUMENT_EXTENSIONS:
            with self.subTest(extension):
                response = self.upload_document(f"van-ban.{extension}", real_document(extension))
                self.assertRedirects(response, reverse("wagtaildocs:index"))
        self.assertEqual(
            sorted(document.file_extension for document in Document.objects.all()),
            sorted(DOCUMENT_EXTENSIONS),
        )

    def test_programs_and_archives_are_refused_in_vietnamese(self):
        for name in ("cai-dat.exe", "nen.zip", "tep.html"):
            with self.subTest(name):
                response = self.upload_document(name, b"MZ\x90\x00")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Không chấp nhận tệp có phần mở rộng")
        self.assertFalse(Document.objects.exists())

    def test_the_upload_form_names_the_formats_and_size_in_vietnamese(self):
        response = self.client.get(reverse("wagtailimages:add"))
        self.assertContains(response, "GIF, JPG, JPEG, PNG, WEBP, TIF, TIFF, BMP")
        self.assertContains(response, "20,0")


class RegistrationTests(TestCase):
    def test_the_app_registers_web_safe_renditions_at_startup(self):
        """Registered by EditorialConfig.ready(), not by importing the admin hooks."""
        from django.db.models.signals import post_save

        from willow.plugins.pillow import PillowImage
        from willow.registry import registry

        from editorial import uploads

        self.assertIs(registry.get_operation(PillowImage, "auto_orient"), uploads.auto_orient_for_web)
        self.assertIn(uploads._thumbnails_after_save, [entry[1]() for entry in post_save.receivers])
