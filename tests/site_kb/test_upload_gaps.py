"""Gaps closed in the upload checks (issue 14.5): a web page hidden in a picture's texts.

A PNG text chunk, a JPEG or GIF comment or the XMP packet can carry a whole HTML page while the
picture itself is sound; such a polyglot was stored in the image library and by the Word import.
site_kb.pictures now reads those texts (never the compressed pixels, where a marker's few bytes
turn up by chance) in the limited worker, for image uploads, Word-import pictures and profile
pictures alike.
"""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from editorial.roles import setup_roles
from site_kb.pictures import PictureError, html_in_metadata, normalise

from ..builders import make_site, make_user

Image = get_image_model()
PAGE = "<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"


def png(text=None, size=(60, 40)):
    buffer = io.BytesIO()
    info = None
    if text is not None:
        info = PngInfo()
        info.add_text("Description", text)
    PILImage.new("RGB", size, (30, 120, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def png_with_text_after_pixels(text):
    """A PNG whose iTXt chunk comes after the pixel data: Pillow reads it only when it decodes."""
    data = png()
    end = data.rindex(b"IEND") - 4
    body = b"Comment\0\0\0\0\0" + text.encode()
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    return data[:end] + chunk + data[end:]


def jpeg(comment=None, size=(60, 40)):
    buffer = io.BytesIO()
    options = {"comment": comment} if comment is not None else {}
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def gif(comment):
    buffer = io.BytesIO()
    PILImage.new("P", (20, 20), 3).save(buffer, "GIF", comment=comment)
    return buffer.getvalue()


class PictureTextTests(SimpleTestCase):
    def test_a_web_page_in_any_picture_text_is_refused(self):
        cases = {
            "png text": png(PAGE),
            "png text after the pixels": png_with_text_after_pixels(PAGE),
            "jpeg comment": jpeg(PAGE.encode()),
            "gif comment": gif(PAGE.encode()),
            "downscaled png": png(PAGE, size=(300, 200)),
        }
        for name, data in cases.items():
            with self.subTest(name), self.assertRaises(PictureError) as refused:
                normalise(data, max_side=100 if name.startswith("downscaled") else 4096, max_pixels=10**8)
            self.assertEqual(refused.exception.code, "html")

    def test_ordinary_texts_pass(self):
        for data in (png("Lễ khai giảng <năm học> 2026–2027"), jpeg(b"Canon EOS"), jpeg()):
            picture = normalise(data, max_side=4096, max_pixels=10**8)
            self.assertEqual(picture.data, data)

    def test_only_texts_are_read(self):
        self.assertFalse(html_in_metadata({"dpi": (72, 72), "exif": b"Exif\0\0MM", "comment": b"<b>ok</b>"}))
        self.assertTrue(html_in_metadata({"XML:com.adobe.xmp": "<x:xmpmeta><SVG onload=x>"}))


class ImageLibraryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])

    def setUp(self):
        self.client.force_login(self.board)

    def upload(self, name, content):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": name,
                "file": SimpleUploadedFile(name, content),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )

    def test_a_picture_carrying_a_web_page_is_refused_in_vietnamese(self):
        for name, content in [("anh.png", png(PAGE)), ("anh.jpg", jpeg(PAGE.encode()))]:
            with self.subTest(name):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "có chứa mã trang web (HTML)")
        self.assertFalse(Image.objects.exists())

    def test_a_picture_with_an_ordinary_caption_is_stored(self):
        response = self.upload("anh.png", png("Lễ khai giảng năm học 2026–2027"))
        self.assertRedirects(response, reverse("wagtailimages:index"))
        self.assertTrue(Image.objects.exists())
