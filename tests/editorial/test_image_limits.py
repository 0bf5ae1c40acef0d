"""Issue 12 and the polyglot part of issue 7: a picture can cost an upload a bounded amount, never
the admin a 500 or a listing that decodes a huge original (Điều 11.4).

Every hostile file is built here, in memory. Each goes through the three ways the admin takes an
image (add, multiple upload, chooser upload) as a board member.
"""

import io
import json
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage

from editorial.roles import setup_roles

from ..builders import make_site, make_user
from . import test_uploads

Image = get_image_model()
MB = 1024 * 1024
ORIENTATION = 0x0112


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def streamed_png(width, height, colour=(30, 120, 200), rows=None):
    """An RGB PNG of one colour, compressed row by row so the test never holds the pixels:
    11000×11000 is 363 MB of pixels in a 353 KB file. ``rows`` writes only that many rows of
    data (a decompression bomb's header with a small body)."""
    compressor = zlib.compressobj(9)
    row = b"\0" + bytes(colour) * width
    parts = [compressor.compress(row) for _number in range(height if rows is None else rows)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def picture_bytes(pillow_format, size=(120, 80), colour=(30, 120, 200), mode="RGB", **options):
    buffer = io.BytesIO()
    PILImage.new(mode, size, colour).save(buffer, pillow_format, **options)
    return buffer.getvalue()


def noisy_png(size=(300, 200)):
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 80).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def jar_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: Payload\n")
        archive.writestr("Payload.class", b"\xca\xfe\xba\xbe" + b"\0" * 200)
    return buffer.getvalue()


def phone_photo(size=(12000, 9000), orientation=6):
    """A 108 Mpx phone photo, stored sideways with EXIF orientation 6 (rotate 90° to show)."""
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    return picture_bytes("JPEG", size=size, colour=(90, 140, 60), exif=exif, quality=80)


def stored_picture(image):
    with image.file.open("rb") as handle:
        data = handle.read()
    picture = PILImage.open(io.BytesIO(data))
    return data, picture


class ImageLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.board)

    # --- the three ways in ---------------------------------------------------------------

    def add(self, name, content):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": name,
                "file": SimpleUploadedFile(name, content),
                "collection": self.collection.pk,
                "tags": "",
            },
        )

    def add_error(self, name, content):
        response = self.add(name, content)
        self.assertEqual(response.status_code, 200)
        return " ".join(response.context["form"].errors.get("file", []))

    def multiple_error(self, name, content):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
        )
        self.assertEqual(response.status_code, 200)
        answer = json.loads(response.content)
        self.assertFalse(answer["success"])
        return answer["error_message"]

    def chooser_error(self, name, content):
        response = self.client.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": name,
                "image-chooser-upload-file": SimpleUploadedFile(name, content),
                "image-chooser-upload-collection": self.collection.pk,
                "image-chooser-upload-tags": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        answer = json.loads(response.content)
        self.assertEqual(answer["step"], "reshow_creation_form")
        return answer["htmlFragment"]

    def assert_refused_everywhere(self, name, content, *fragments):
        for way in (self.add_error, self.multiple_error, self.chooser_error):
            with self.subTest(way=way.__name__):
                message = way(name, content)
                for fragment in fragments:
                    self.assertIn(fragment, message)
        self.assertFalse(Image.objects.exists())

    # --- issue 7: polyglots and files that only look like images -------------------------

    def test_a_gif_with_a_jar_appended_is_refused(self):
        polyglot = picture_bytes("GIF", mode="P", colour=3) + jar_bytes()
        self.assertTrue(zipfile.is_zipfile(io.BytesIO(polyglot)))
        PILImage.open(io.BytesIO(polyglot)).load()  # a valid GIF to Pillow, too
        self.assert_refused_everywhere("anh.gif", polyglot, "gắn kèm một tệp nén")

    def test_a_file_whose_header_says_gif_but_pillow_cannot_read_is_refused(self):
        # Wagtail's own pixel check let UnidentifiedImageError through: a 500 in every view.
        fake = b"GIF89a" + b"\x10\x00\x10\x00" + bytes(range(256)) * 8
        self.assert_refused_everywhere("anh.gif", fake, "Không đọc được tệp ảnh này")

    def test_a_gif_with_other_trailing_data_is_refused(self):
        content = picture_bytes("GIF", mode="P", colour=3) + b"<script>alert(1)</script>" * 10
        self.assert_refused_everywhere("anh.gif", content, "dữ liệu lạ phía sau phần ảnh")

    def test_a_png_with_a_jar_appended_is_refused(self):
        self.assert_refused_everywhere("anh.png", picture_bytes("PNG") + jar_bytes(), "tệp nén")

    def test_a_truncated_png_is_refused(self):
        content = noisy_png()
        self.assert_refused_everywhere("anh.png", content[: len(content) * 2 // 3], "bị cắt cụt")

    def test_trailing_maker_data_after_a_jpeg_is_dropped_and_the_photo_kept(self):
        photo = picture_bytes("JPEG")
        response = self.add("anh.jpg", photo + b"MotionPhoto_Data" + b"\0\0\0\x18ftypmp42" + b"\x01" * 500)
        self.assertRedirects(response, reverse("wagtailimages:index"))
        data, picture = stored_picture(Image.objects.get())
        self.assertEqual(data, photo)
        self.assertEqual(picture.format, "JPEG")

    # --- issue 12: pixels ----------------------------------------------------------------

    def test_a_decompression_bomb_header_is_refused_in_vietnamese(self):
        bomb = streamed_png(30000, 30000, rows=4)
        self.assertLess(len(bomb), 10_000)
        self.assert_refused_everywhere("bom.png", bomb, "quá nhiều điểm ảnh", "128,0 megapixel")

    def test_more_pixels_than_the_hard_cap_are_refused(self):
        with override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1000):
            message = self.add_error("anh.png", picture_bytes("PNG", size=(50, 50)))
        self.assertIn("Ảnh có quá nhiều điểm ảnh (0,0 megapixel)", message)
        self.assertFalse(Image.objects.exists())

    def test_an_11000_px_png_is_stored_downscaled_with_its_thumbnail(self):
        content = streamed_png(11000, 11000)
        self.assertLess(len(content), 400 * 1024)
        response = self.add("so-do.png", content)
        self.assertRedirects(response, reverse("wagtailimages:index"))
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (4096, 4096))
        data, picture = stored_picture(image)
        self.assertEqual((picture.format, picture.size), ("PNG", (4096, 4096)))
        self.assertEqual(image.file_size, len(data))
        self.assertEqual(picture.getpixel((2000, 2000)), (30, 120, 200))
        # The admin thumbnail was made at upload: the listing only reads it.
        self.assertTrue(image.renditions.filter(filter_spec="max-165x165").exists())
        renditions = image.renditions.count()
        listing = self.client.get(reverse("wagtailimages:index"))
        self.assertContains(listing, "so-do.png")
        self.assertEqual(image.renditions.count(), renditions)

    def test_a_108_mpx_phone_photo_is_accepted_downscaled_with_its_orientation(self):
        response = self.add("dien-thoai.jpg", phone_photo())
        self.assertRedirects(response, reverse("wagtailimages:index"))
        image = Image.objects.get()
        data, picture = stored_picture(image)
        self.assertEqual((picture.format, picture.size), ("JPEG", (4096, 3072)))
        self.assertEqual((image.width, image.height), (4096, 3072))
        self.assertEqual(picture.getexif()[ORIENTATION], 6)
        # Shown upright, as before: the rendition applies the orientation.
        rendition = image.get_rendition("width-300")
        self.assertEqual((rendition.width, rendition.height), (300, 400))

    def test_multiple_upload_and_chooser_store_the_downscaled_picture(self):
        content = streamed_png(5000, 2000)
        response = self.client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile("rong.png", content)}
        )
        self.assertTrue(json.loads(response.content)["success"])
        response = self.client.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Ảnh chọn",
                "image-chooser-upload-file": SimpleUploadedFile(
                    "chon.png", streamed_png(5000, 2000, (9, 9, 9))
                ),
                "image-chooser-upload-collection": self.collection.pk,
                "image-chooser-upload-tags": "",
            },
        )
        self.assertEqual(json.loads(response.content)["step"], "chosen")
        for image in Image.objects.all():
            with self.subTest(image.title):
                self.assertEqual((image.width, image.height), (4096, 1638))
                self.assertEqual(stored_picture(image)[1].size, (4096, 1638))
                self.assertTrue(image.renditions.filter(filter_spec="max-165x165").exists())

    @override_settings(IMAGE_MAX_STORED_SIDE=64)
    def test_every_format_is_downscaled_in_its_own_format(self):
        for name, content, _served in test_uploads.IMAGE_CASES:
            with self.subTest(name):
                original = PILImage.open(io.BytesIO(content))
                response = self.add(name, content)
                self.assertRedirects(response, reverse("wagtailimages:index"))
                image = Image.objects.get(title=name)
                _data, picture = stored_picture(image)
                self.assertEqual(picture.format, original.format)
                self.assertEqual(picture.size, (64, 43))
                image.get_rendition("width-30")

    @override_settings(IMAGE_MAX_STORED_SIDE=64)
    def test_an_animated_gif_over_the_stored_side_is_refused(self):
        frames = [PILImage.new("RGB", (100, 100), colour) for colour in ((200, 0, 0), (0, 0, 200))]
        buffer = io.BytesIO()
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
        message = self.add_error("dong.gif", buffer.getvalue())
        self.assertIn("Ảnh động quá lớn: cạnh dài nhất vượt 64 điểm ảnh", message)
        self.assertFalse(Image.objects.exists())

    @override_settings(INTAKE_WORKER_MEMORY_BYTES=200 * MB)
    def test_decoding_past_the_worker_memory_cap_is_refused(self):
        message = self.add_error("so-do.png", streamed_png(11000, 11000))
        self.assertIn("xử lý ảnh cần quá nhiều bộ nhớ", message)
        self.assertFalse(Image.objects.exists())
