"""Images, renditions, documents and readers' attachments on a real S3 store (issue 17, part 4).

One SeaweedFS per class (tests/support/seaweed.py: ``weed server`` on loopback, free ports); the
project's STORAGES for it are built by site_kb.storage from the same S3_* variables production reads.
Pictures are fetched anonymously from the store by the address the page gives; the reader's
attachment only through the permission-checked admin view, never by its bucket address.
"""

import io
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from PIL import Image as PILImage

from editorial.roles import setup_roles
from feedback.models import Feedback, FeedbackPage

from ..builders import make_news, make_site, make_user, publish
from ..docx_builders import docx_bytes, news_document
from ..support.seaweed import seaweed_s3

Image = get_image_model()
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ATTACHMENT = b"%PDF-1.4 hoc ba cua hoc sinh, rieng tu\n%%EOF\n"


def anonymous_get(url):
    """(status, body) of a plain GET with no credentials, as a browser or Varnish sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback store
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def png(size=(120, 80), colour=(200, 40, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


class ObjectStorageTests(TestCase):
    """The uploads of editors and readers, stored in SeaweedFS through the project's STORAGES."""

    @classmethod
    def setUpClass(cls):
        cls.filesystem_storages = settings.STORAGES
        cls.store = cls.enterClassContext(seaweed_s3())
        cls.s3 = cls.store.client()
        cls.enterClassContext(
            override_settings(
                STORAGES={**settings.STORAGES, **cls.store.storages()}, MEDIA_URL=cls.store.public_url()
            )
        )
        # FileField resolves a callable storage once, when the model class is built: production
        # builds it with S3 already configured; here the attachment field is pointed at the
        # private storage the settings now name, and put back afterwards.
        field = Feedback._meta.get_field("attachment")
        previous = field.storage
        field.storage = storages["private"]
        cls.addClassCleanup(setattr, field, "storage", previous)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.officer = make_user("cntt", groups["it_officer"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.root_collection = Collection.get_first_root_node()

    def setUp(self):
        """The database rolls back after each test, the store does not: each test starts with empty buckets."""
        for bucket in (self.store.public_bucket, self.store.private_bucket):
            for key in self.keys(bucket):
                self.s3.delete_object(Bucket=bucket, Key=key)

    def stored(self, bucket, key):
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    def keys(self, bucket):
        return {item["Key"] for item in self.s3.list_objects_v2(Bucket=bucket).get("Contents", [])}

    def test_the_settings_name_the_buckets(self):
        self.assertEqual(default_storage.bucket_name, self.store.public_bucket)
        self.assertEqual(storages["private"].bucket_name, self.store.private_bucket)
        self.assertFalse(default_storage.querystring_auth)

    def test_an_uploaded_image_and_its_rendition_are_served_from_the_store_to_anyone(self):
        original = png()
        self.client.force_login(self.board)
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Lễ khai giảng",
                "file": SimpleUploadedFile("le-khai-giang.png", original, content_type="image/png"),
                "collection": self.root_collection.pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        image = Image.objects.get(title="Lễ khai giảng")
        self.assertEqual((image.width, image.height), (120, 80))
        self.assertIn(image.file.name, self.keys(self.store.public_bucket))
        # The original: a plain address under the bucket, no signature, the same bytes as stored.
        self.assertEqual(image.file.url, self.store.public_url(image.file.name))
        status, body, _headers = anonymous_get(image.file.url)
        self.assertEqual(status, 200)
        self.assertEqual(body, self.stored(self.store.public_bucket, image.file.name))

        # A page lists the news with its picture: the rendition is made from the original read back
        # from the store, written there, and the page points readers straight at it.
        make_news(self.sections["news"], 1, image=image)
        self.client.logout()
        page = self.client.get(self.sections["news"].url)
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        shown = [rendition for rendition in image.renditions.all() if rendition.url in html]
        self.assertTrue(shown, html)
        for rendition in shown:
            self.assertIn(rendition.file.name, self.keys(self.store.public_bucket))
            self.assertTrue(rendition.url.startswith(self.store.public_url("images/")), rendition.url)
            self.assertNotIn("?", rendition.url)
            status, body, headers = anonymous_get(rendition.url)
            self.assertEqual(status, 200)
            self.assertEqual(body, self.stored(self.store.public_bucket, rendition.file.name))
            self.assertEqual(headers["Cache-Control"], "public, max-age=86400")
            with PILImage.open(io.BytesIO(body)) as picture:
                self.assertEqual(picture.size, (rendition.width, rendition.height))

    def test_the_picture_of_an_imported_word_file_goes_to_the_store(self):
        self.client.force_login(self.board)
        response = self.client.post(
            reverse("intake:word_import"),
            {
                "file": SimpleUploadedFile("tin-hoi-nghi.docx", docx_bytes(news_document())),
                "section": self.sections["news"].pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertIn(image.file.name, self.keys(self.store.public_bucket))
        status, body, _headers = anonymous_get(image.file.url)
        self.assertEqual(status, 200)
        self.assertEqual(body, self.stored(self.store.public_bucket, image.file.name))

    def test_a_document_is_stored_in_the_store_and_served_through_wagtails_view(self):
        self.client.force_login(self.board)
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Quyết định tuyển sinh",
                "file": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
                "collection": self.root_collection.pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get()
        self.assertEqual(self.stored(self.store.public_bucket, document.file.name), PDF)
        self.client.logout()
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)  # streamed by the view, not a redirect
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Length"], str(len(PDF)))
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        # Readers never fetch a document from the bucket: only the view serves it.
        self.assertEqual(anonymous_get(self.store.public_url(document.file.name))[0], 403)

    def test_a_document_of_a_login_only_collection_is_refused_to_anonymous_readers(self):
        """Why WAGTAILDOCS_SERVE_METHOD stays 'serve_view': the view checks the collection's
        restriction before any byte leaves the store; a redirect would give out the bucket address."""
        internal = self.root_collection.add_child(name="Nội bộ")
        CollectionViewRestriction.objects.create(
            collection=internal, restriction_type=CollectionViewRestriction.LOGIN
        )
        document = Document.objects.create(
            title="Biên bản họp nội bộ",
            collection=internal,
            file=SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
        )
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(self.store.endpoint_url, response["Location"])
        self.assertEqual(anonymous_get(self.store.public_url(document.file.name))[0], 403)
        self.client.force_login(self.staff)
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_a_readers_attachment_is_kept_in_the_private_bucket_and_only_the_admin_view_serves_it(self):
        page = publish(self.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        response = self.client.post(
            page.url,
            {
                "name": "Trần Thị Lan",
                "email": "lan@example.com",
                "topic": "khac",
                "title": "Học bạ của con",
                "content": "Xin xem lại học bạ đính kèm.",
                "attachment": SimpleUploadedFile("hoc-ba.pdf", ATTACHMENT, content_type="application/pdf"),
                "consent": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        key = item.attachment.name
        self.assertEqual(self.stored(self.store.private_bucket, key), ATTACHMENT)
        self.assertNotIn(key, self.keys(self.store.public_bucket))
        with self.assertRaises(ValueError):
            item.attachment.url  # noqa: B018 - no address at all, not even a signed one

        # Nobody reads it from the store without the keys: not by its key in the private bucket,
        # not under the public bucket's address.
        for url in (self.store.private_url(key), self.store.public_url(key)):
            status, body, _headers = anonymous_get(url)
            self.assertIn(status, {403, 404}, url)
            self.assertNotIn(ATTACHMENT, body)
        status, _body, _headers = anonymous_get(self.store.private_url(key))
        self.assertEqual(status, 403)

        url = reverse("feedback_admin:attachment", args=[item.pk])
        self.client.force_login(self.staff)  # office staff: no right to readers' questions
        response = self.client.get(url)
        self.assertIn(response.status_code, {302, 403, 404})
        self.assertNotIn(ATTACHMENT, response.content)
        self.client.force_login(self.officer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), ATTACHMENT)
        self.assertIn("attachment;", response["Content-Disposition"])

    def test_anonymous_readers_cannot_list_either_bucket(self):
        for bucket in (self.store.public_bucket, self.store.private_bucket):
            status, _body, _headers = anonymous_get(f"{self.store.endpoint_url}/{bucket}?list-type=2")
            self.assertEqual(status, 403, bucket)

    def test_the_health_check_writes_and_reads_both_buckets(self):
        response = self.client.get("/healthz/")
        self.assertEqual(response.status_code, 200, response.content.decode())
        self.assertContains(response, "storage: ok")
        self.assertContains(response, "private_storage: ok")
        self.assertFalse(any(key.startswith("healthz/") for key in self.keys(self.store.public_bucket)))

    def test_copy_media_to_s3_moves_an_installs_files_under_the_same_names(self):
        folder = Path(tempfile.mkdtemp(prefix="site_kb_old_media_"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        media, private = folder / "media", folder / "private"
        files = {
            media / "original_images" / "truong-hoc.png": png(),
            media / "documents" / "quyết-định.pdf": PDF,
            private / "feedback" / "2026" / "05" / "don.pdf": ATTACHMENT,
        }
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        arguments = ["copy_media_to_s3", f"--media-root={media}", f"--private-root={private}"]

        out = io.StringIO()
        call_command(*arguments, "--dry-run", stdout=out)
        self.assertIn("sẽ chép 2 tệp", out.getvalue())
        self.assertEqual(self.keys(self.store.private_bucket), set())

        out = io.StringIO()
        call_command(*arguments, stdout=out)
        self.assertIn("đã chép 2 tệp", out.getvalue())
        self.assertIn("đã chép 1 tệp", out.getvalue())
        self.assertEqual(self.stored(self.store.public_bucket, "original_images/truong-hoc.png"), png())
        self.assertEqual(self.stored(self.store.public_bucket, "documents/quyết-định.pdf"), PDF)
        self.assertEqual(self.stored(self.store.private_bucket, "feedback/2026/05/don.pdf"), ATTACHMENT)
        status, body, headers = anonymous_get(self.store.public_url("original_images/truong-hoc.png"))
        self.assertEqual((status, headers["Content-Type"]), (200, "image/png"))
        self.assertEqual(anonymous_get(self.store.private_url("feedback/2026/05/don.pdf"))[0], 403)

        out = io.StringIO()
        call_command(*arguments, stdout=out)  # again, after an interruption: nothing copied twice
        self.assertIn("đã chép 0 tệp (0 byte), 2 tệp đã có", out.getvalue())

        with override_settings(STORAGES=self.filesystem_storages), self.assertRaises(CommandError) as refusal:
            call_command(*arguments, stdout=io.StringIO())
        self.assertIn("Kho lưu trữ S3 chưa được cấu hình", str(refusal.exception))
