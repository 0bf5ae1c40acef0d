"""Every upload path streams the file to a real clamd (site_kb.virusscan, Điều 4).

clamd runs on loopback for the whole module (tests/clamav.py) with a signature database written
here for the EICAR test string. On each path a unit or a reader can upload through (document
add, multiple upload, chooser and replace; image add, multiple upload, chooser and replace; the
Word import; the readers' attachment; the profile picture) a file carrying EICAR, dressed as the
kind the path accepts so that every content check passes, is refused in Vietnamese and nothing
is kept: no row, no stored file, no rendition, nothing left in the upload temp folder. The same
file without EICAR passes. A clamd that is stopped or silent refuses the upload (fail closed).
"""

import io
import json
import logging
import shutil
import socket
import tempfile
import threading
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile
from wagtail.users.models import UserProfile

import docx
import pytest
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback.models import Feedback, FeedbackPage
from news.models import NewsPage
from site_kb import virusscan

from ..builders import make_school, make_site, make_user, publish
from ..clamav import BODY_SIGNATURE, EICAR, HASH_SIGNATURE, UNOFFICIAL, Clamd, clamd_binary

pytestmark = pytest.mark.skipif(
    clamd_binary() is None, reason="clamd is not installed (Debian: apt-get install clamav-daemon)"
)

Document = get_document_model()
Image = get_image_model()
Rendition = Image.get_rendition_model()
CLAMD = {}


@pytest.fixture(scope="module", autouse=True)
def clamd():
    daemon = Clamd()
    CLAMD["daemon"] = daemon
    yield daemon
    daemon.stop()


# --- files: each the real thing of its kind, with or without EICAR inside ------------------


def pdf(payload=b"Ke hoach nam hoc"):
    stream = b"BT /F1 12 Tf (" + payload + b") Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def png(payload=b"Truong THCS", size=(60, 40)):
    info = PngInfo()
    info.add_text("Comment", payload.decode("latin-1"))
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 120, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg(payload=b"Truong THCS"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "JPEG", comment=payload)
    return buffer.getvalue()


def word(payload=b"Ghi chu"):
    """A .docx whose text is a news item, with one more part holding ``payload`` (kept as is)."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_heading("Khai giảng năm học mới", level=1)
    document.add_paragraph("Sáng 5/9, trường tổ chức lễ khai giảng.")
    document.save(buffer)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(output, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        target.writestr("customXml/ghi-chu.txt", payload, compress_type=zipfile.ZIP_STORED)
    return output.getvalue()


def media_files():
    return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def originals():
    """The stored uploads themselves (renditions made by showing an edit page aside)."""
    return [path for path in media_files() if "/original_images/" in path or "/documents/" in path]


def private_files():
    return sorted(str(path) for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file())


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class ScanTestCase(TestCase):
    """Every request with clamd's socket set, uploads written to a temp folder we can look into."""

    def setUp(self):
        self.temp_dir = tempfile.mkdtemp(prefix="upload_tmp_")
        self.addCleanup(shutil.rmtree, self.temp_dir, ignore_errors=True)
        scanning = override_settings(
            CLAMAV_SOCKET=CLAMD["daemon"].socket,
            CLAMAV_HOST="",
            FILE_UPLOAD_TEMP_DIR=self.temp_dir,
            FILE_UPLOAD_MAX_MEMORY_SIZE=0,  # every upload goes through a temporary file
        )
        scanning.enable()
        self.addCleanup(scanning.disable)
        self.media_before = media_files()
        self.private_before = private_files()

    def assert_nothing_kept(self):
        self.assertEqual(media_files(), self.media_before)
        self.assertEqual(private_files(), self.private_before)
        self.assertEqual(list(Path(self.temp_dir).iterdir()), [])
        self.assertFalse(UploadedFile.objects.exists())
        self.assertFalse(Rendition.objects.exists())

    def assert_infected(self, errors, signature=BODY_SIGNATURE):
        text = " ".join(errors)
        self.assertIn("Tệp bị phát hiện có mã độc", text)
        self.assertIn(signature, text)
        self.assertIn("nên không được lưu", text)


class AdminUploadTests(ScanTestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        super().setUp()
        self.client.force_login(self.board)

    def add(self, kind, name, content):
        return self.client.post(
            reverse(f"wagtail{kind}:add"),
            {"title": name, "file": upload(name, content), "collection": self.collection.pk, "tags": ""},
        )

    # documents

    def test_infected_documents_are_refused_and_nothing_is_kept(self):
        cases = [
            ("ke-hoach.pdf", pdf(EICAR), BODY_SIGNATURE),
            ("ke-hoach.docx", word(EICAR), BODY_SIGNATURE),
            ("ke-hoach.rtf", b"{\\rtf1\\ansi " + EICAR + b"}", BODY_SIGNATURE),
        ]
        for name, content, signature in cases:
            with self.subTest(name), self.assertLogs("site_kb.virusscan", logging.WARNING) as logs:
                response = self.add("docs", name, content)
                self.assertEqual(response.status_code, 200)
                self.assert_infected(response.context["form"].errors["file"], signature)
                self.assertIn(signature, logs.output[0])
        self.assertFalse(Document.objects.exists())
        self.assert_nothing_kept()

    def test_clean_documents_pass(self):
        for name, content in [("ke-hoach.pdf", pdf()), ("ke-hoach.docx", word())]:
            with self.subTest(name):
                self.assertRedirects(self.add("docs", name, content), reverse("wagtaildocs:index"))
        self.assertEqual(Document.objects.count(), 2)

    def test_document_multiple_upload_chooser_and_replace_are_scanned(self):
        response = self.client.post(
            reverse("wagtaildocs:add_multiple"), {"files[]": upload("bao-cao.pdf", pdf(EICAR))}
        )
        answer = json.loads(response.content)
        self.assertFalse(answer["success"])
        self.assert_infected([answer["error_message"]])

        response = self.client.post(
            reverse("wagtaildocs_chooser:create"),
            {
                "document-chooser-upload-title": "Báo cáo",
                "document-chooser-upload-file": upload("bao-cao.pdf", pdf(EICAR)),
                "document-chooser-upload-collection": self.collection.pk,
                "document-chooser-upload-tags": "",
            },
        )
        self.assertNotIn('"step": "chosen"', response.content.decode())
        self.assertIn("Tệp bị phát hiện có mã độc", json.loads(response.content)["htmlFragment"])
        self.assertFalse(Document.objects.exists())

        self.assertRedirects(self.add("docs", "bao-cao.pdf", pdf()), reverse("wagtaildocs:index"))
        document = Document.objects.get()
        stored = originals()
        response = self.client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Báo cáo",
                "file": upload("bao-cao-moi.pdf", pdf(EICAR)),
                "collection": self.collection.pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assert_infected(response.context["form"].errors["file"])
        document.refresh_from_db()
        self.assertEqual(Path(document.file.path).read_bytes(), pdf())
        self.assertEqual(originals(), stored)

    # images

    def test_infected_images_are_refused_and_nothing_is_kept(self):
        for name, content in [("anh.png", png(EICAR)), ("anh.jpg", jpeg(EICAR))]:
            with self.subTest(name):
                response = self.add("images", name, content)
                self.assertEqual(response.status_code, 200)
                self.assert_infected(response.context["form"].errors["file"])
        self.assertFalse(Image.objects.exists())
        self.assert_nothing_kept()

    def test_clean_images_pass(self):
        for name, content in [("anh.png", png()), ("anh.jpg", jpeg())]:
            with self.subTest(name):
                self.assertRedirects(self.add("images", name, content), reverse("wagtailimages:index"))
        self.assertEqual(Image.objects.count(), 2)

    def test_image_multiple_upload_chooser_and_replace_are_scanned(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": upload("a.png", png(EICAR))}
        )
        answer = json.loads(response.content)
        self.assertFalse(answer["success"])
        self.assert_infected([answer["error_message"]])

        response = self.client.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Ảnh",
                "image-chooser-upload-file": upload("a.png", png(EICAR)),
                "image-chooser-upload-collection": self.collection.pk,
                "image-chooser-upload-tags": "",
            },
        )
        self.assertIn("Tệp bị phát hiện có mã độc", json.loads(response.content)["htmlFragment"])
        self.assertFalse(Image.objects.exists())
        self.assert_nothing_kept()

        self.assertRedirects(self.add("images", "a.png", png()), reverse("wagtailimages:index"))
        image = Image.objects.get()
        stored = originals()
        response = self.client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": "Ảnh",
                "file": upload("b.png", png(EICAR)),
                "collection": self.collection.pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assert_infected(response.context["form"].errors["file"])
        image.refresh_from_db()
        self.assertEqual(Path(image.file.path).read_bytes(), png())
        self.assertEqual(originals(), stored)

    # the profile picture

    def test_an_infected_profile_picture_is_refused(self):
        response = self.client.post(
            reverse("wagtailadmin_account"), account_form(upload("toi.png", png(EICAR)))
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tệp bị phát hiện có mã độc")
        self.assertFalse(UserProfile.get_for_user(self.board).avatar)
        self.assert_nothing_kept()

    def test_a_clean_profile_picture_passes(self):
        response = self.client.post(reverse("wagtailadmin_account"), account_form(upload("toi.png", png())))
        self.assertRedirects(response, reverse("wagtailadmin_account"))
        self.assertTrue(UserProfile.get_for_user(self.board).avatar)


def account_form(avatar):
    """What the account page posts with only a new profile picture (the other panels unchanged)."""
    return {
        "name_email-first_name": "Biên",
        "name_email-last_name": "Tập",
        "name_email-email": "bientap@truong.test",
        "avatar-avatar": avatar,
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        "locale-preferred_language": "vi",
        "locale-current_time_zone": "",
    }


class WordImportTests(ScanTestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        cls.school = make_school(sections["schools"], 1)
        setup_roles()
        access = SchoolAccess.objects.select_related("contact_group").get(school=cls.school)
        cls.contact = make_user("daumoi", access.contact_group)

    def setUp(self):
        super().setUp()
        self.client.force_login(self.contact)

    def post(self, content):
        return self.client.post(
            reverse("intake:word_import"),
            {"file": upload("khai-giang.docx", content), "section": self.school.pk},
        )

    def test_an_infected_word_file_is_refused_and_no_draft_is_made(self):
        response = self.post(word(EICAR))
        self.assertEqual(response.status_code, 200)
        self.assert_infected(response.context["form"].errors["file"])
        self.assertFalse(NewsPage.objects.exists())
        self.assertFalse(Image.objects.exists())
        self.assert_nothing_kept()

    def test_a_clean_word_file_becomes_a_draft(self):
        response = self.post(word())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(NewsPage.objects.get().title, "Khai giảng năm học mới")


class FeedbackAttachmentTests(ScanTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def send(self, name, content):
        data = {
            "name": "Lan",
            "email": "lan@example.com",
            "topic": "khac",
            "title": "Có tệp",
            "content": "Xem tệp đính kèm.",
            "consent": "on",
            "attachment": upload(name, content),
        }
        return self.client.post(self.page.url, data)

    def test_infected_attachments_are_refused_and_nothing_is_kept(self):
        cases = [
            ("don.pdf", pdf(EICAR), BODY_SIGNATURE),
            ("anh.jpg", jpeg(EICAR), BODY_SIGNATURE),
            ("anh.png", png(EICAR), BODY_SIGNATURE),
            ("don.docx", word(EICAR), BODY_SIGNATURE),
        ]
        for name, content, signature in cases:
            with self.subTest(name):
                response = self.send(name, content)
                self.assertEqual(response.status_code, 200)
                self.assert_infected(response.context["form"].errors["attachment"], signature)
                self.assertContains(response, "Tệp bị phát hiện có mã độc")
        self.assertFalse(Feedback.objects.exists())
        self.assert_nothing_kept()

    def test_a_clean_attachment_is_kept(self):
        response = self.send("don.pdf", pdf())
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(item.attachment.read(), pdf())


class ClientTests(ScanTestCase):
    """The client on its own: both transports, the hash signature, clamd's size limit, fail closed."""

    def test_the_whole_eicar_file_is_found_by_its_hash_over_tcp(self):
        with override_settings(CLAMAV_SOCKET="", CLAMAV_HOST="127.0.0.1", CLAMAV_PORT=CLAMD["daemon"].port):
            self.assertTrue(virusscan.ping())
            found = virusscan.scan(io.BytesIO(EICAR))
            self.assertIn(found, {HASH_SIGNATURE + UNOFFICIAL, BODY_SIGNATURE + UNOFFICIAL})
            self.assertIsNone(virusscan.scan(io.BytesIO(pdf())))

    def test_a_file_is_rewound_after_the_scan(self):
        data = io.BytesIO(pdf(EICAR))
        data.read(10)
        self.assertEqual(virusscan.scan(data), BODY_SIGNATURE + UNOFFICIAL)
        self.assertEqual(data.tell(), 0)

    def test_above_our_own_limit_nothing_is_sent_and_the_file_is_refused(self):
        with override_settings(CLAMAV_STREAM_MAX_BYTES=100), self.assertLogs("site_kb.virusscan", "ERROR"):
            with self.assertRaises(virusscan.ValidationError) as refused:
                virusscan.check_upload(upload("a.pdf", pdf()))
        self.assertIn("Tệp quá lớn để kiểm tra virus", refused.exception.messages[0])

    def test_above_clamds_stream_limit_the_file_is_refused(self):
        # clamd here takes 1 MB per stream (tests/clamav.py); our limit is left higher.
        big = pdf(b"x" * (2 * 1024 * 1024))
        with (
            self.assertLogs("site_kb.virusscan", "ERROR"),
            self.assertRaises(virusscan.ValidationError) as refused,
        ):
            virusscan.check_upload(upload("lon.pdf", big))
        self.assertIn("Tệp quá lớn để kiểm tra virus", refused.exception.messages[0])

    def test_without_clamd_configured_nothing_is_scanned(self):
        with override_settings(CLAMAV_SOCKET="", CLAMAV_HOST=""):
            self.assertFalse(virusscan.configured())
            virusscan.check_upload(upload("a.pdf", pdf(EICAR)))  # no error: nothing to ask


class FailClosedTests(ScanTestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        super().setUp()
        self.client.force_login(self.board)

    def add_document(self):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Kế hoạch",
                "file": upload("ke-hoach.pdf", pdf()),
                "collection": self.collection.pk,
                "tags": "",
            },
        )

    def assert_cannot_scan(self, response):
        self.assertEqual(response.status_code, 200)
        errors = " ".join(response.context["form"].errors["file"])
        self.assertIn("Hiện không kiểm tra được virus cho tệp này", errors)
        self.assertFalse(Document.objects.exists())
        self.assert_nothing_kept()

    def test_a_stopped_clamd_refuses_even_a_clean_file(self):
        second = Clamd()
        with override_settings(CLAMAV_SOCKET=second.socket):
            self.assertRedirects(self.add_document(), reverse("wagtaildocs:index"))
            Document.objects.all().delete()
            self.media_before = media_files()
            second.stop()
            with self.assertLogs("site_kb.virusscan", "ERROR") as logs:
                self.assert_cannot_scan(self.add_document())
        self.assertIn("virus scan is unavailable", logs.output[0])

    def test_a_clamd_that_never_answers_refuses_after_the_timeout(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        held = []
        thread = threading.Thread(target=lambda: held.append(listener.accept()), daemon=True)
        thread.start()
        self.addCleanup(listener.close)
        self.addCleanup(lambda: [connection.close() for connection, _address in held])
        settings_ = {
            "CLAMAV_SOCKET": "",
            "CLAMAV_HOST": "127.0.0.1",
            "CLAMAV_PORT": listener.getsockname()[1],
            "CLAMAV_TIMEOUT_SECONDS": 0.5,
        }
        with override_settings(**settings_), self.assertLogs("site_kb.virusscan", "ERROR"):
            self.assert_cannot_scan(self.add_document())
