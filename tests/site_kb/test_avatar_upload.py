"""The profile picture (Wagtail's account page) under the rules of every other upload (site_kb.avatars).

Wagtail's own form stored any size, resized in the web worker whatever Pillow opened, and its
template showed no error at all. Each case is posted through the real account page by a user of
the editorial board; a refused file leaves the previous picture in place and nothing new on disk.
"""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.users.models import UserProfile

from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from editorial.roles import setup_roles

from ..builders import make_site, make_user
from ..feedback.test_feedback_public import jpeg_claiming, png_bomb

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'


def picture(kind="PNG", size=(120, 80), text=None):
    buffer = io.BytesIO()
    options = {}
    if text is not None:
        info = PngInfo()
        info.add_text("Comment", text)
        options["pnginfo"] = info
    PILImage.new("RGB", size, (30, 120, 200)).save(buffer, kind, **options)
    return buffer.getvalue()


def with_zip_after(data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.class", b"\xca\xfe\xba\xbe")
    return data + buffer.getvalue()


def media_files():
    return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def account_form(avatar):
    """The account page's POST with a new profile picture and the other panels unchanged."""
    return {
        "name_email-first_name": "Biên",
        "name_email-last_name": "Tập",
        "name_email-email": "bientap@truong.test",
        "avatar-avatar": avatar,
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        "locale-current_time_zone": "",
    }


class AvatarUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])

    def setUp(self):
        self.client.force_login(self.board)

    def post(self, name, content):
        upload = SimpleUploadedFile(name, content, content_type="image/png")
        return self.client.post(reverse("wagtailadmin_account"), account_form(upload))

    def avatar(self):
        return UserProfile.get_for_user(self.board).avatar

    def test_a_real_picture_is_stored_cut_down_to_400_pixels(self):
        response = self.post("toi.jpg", picture("JPEG", size=(1200, 800)))
        self.assertRedirects(response, reverse("wagtailadmin_account"))
        with PILImage.open(self.avatar().path) as stored:
            self.assertEqual((stored.format, stored.size), ("JPEG", (400, 267)))

    def test_a_small_png_is_kept_as_it_is(self):
        self.assertRedirects(self.post("toi.png", picture()), reverse("wagtailadmin_account"))
        self.assertEqual(Path(self.avatar().path).read_bytes(), picture())

    def test_hostile_files_are_refused_in_vietnamese_and_the_old_picture_stays(self):
        self.post("cu.png", picture())
        old = self.avatar().name
        before = media_files()
        cases = [
            ("toi.svg", SVG, "chỉ nhận tệp ảnh JPG hoặc PNG"),
            ("toi.html", HTML, "chỉ nhận tệp ảnh JPG hoặc PNG"),
            ("toi.gif", picture("GIF"), "chỉ nhận tệp ảnh JPG hoặc PNG"),
            ("toi.png", HTML, "không phải ảnh PNG thật"),
            ("toi.png", SVG, "không phải ảnh PNG thật"),
            ("toi.jpg", picture("PNG")[:60], "không phải ảnh PNG thật"),  # cut short
            ("toi.png", picture(text=HTML.decode()), "có chứa mã trang web"),
            ("toi.png", with_zip_after(picture()), "có dữ liệu lạ phía sau phần ảnh"),
            ("bom.png", png_bomb(), "Ảnh quá lớn về kích thước điểm ảnh"),
            ("bom.jpg", jpeg_claiming(30000, 30000), "Ảnh quá lớn về kích thước điểm ảnh"),
        ]
        for name, content, message in cases:
            with self.subTest(name=name, message=message):
                response = self.post(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertEqual(self.avatar().name, old)
        self.assertEqual(media_files(), before)

    def test_a_file_over_the_size_limit_is_refused(self):
        with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000):
            response = self.post("toi.png", picture(size=(400, 400)) + b"\0" * 1000)
        self.assertContains(response, "Tệp ảnh quá lớn")
        self.assertFalse(self.avatar())

    def test_the_page_says_what_is_accepted(self):
        self.assertContains(self.client.get(reverse("wagtailadmin_account")), "Ảnh JPG hoặc PNG, tối đa 20,0")


class PillowLimitTests(TestCase):
    def test_pillow_guards_against_bombs_at_the_sites_own_limit(self):
        """Every picture this process opens (renditions included) meets Pillow's guard at the setting."""
        self.assertEqual(PILImage.MAX_IMAGE_PIXELS, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
