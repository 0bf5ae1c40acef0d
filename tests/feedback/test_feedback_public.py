"""Readers' questions and feedback: deadlines in working days, the public form, nothing lost (Điều 14)."""

import datetime
import smtplib
import struct
import zipfile
import zlib
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import unquote

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from docx import Document as DocxDocument
from PIL import Image as PILImage

from feedback.models import DayOff, Feedback, FeedbackEvent, FeedbackPage, Status
from feedback.workdays import add_working_days

from ..builders import make_school, make_site, publish


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")


class WorkingDayTests(TestCase):
    def test_five_working_days_skip_tet_2027_and_weekends(self):
        # Tết 2027 is 4–10 February (Thursday to Wednesday).
        self.assertEqual(add_working_days(datetime.date(2027, 2, 3), 5), datetime.date(2027, 2, 17))
        self.assertEqual(add_working_days(datetime.date(2027, 2, 3), 10), datetime.date(2027, 2, 24))

    def test_weekends_and_hung_kings_day(self):
        # Friday 9 April 2027 + 5: 12, 13, 14, 15 then Friday 16 is Giỗ Tổ Hùng Vương → Monday 19.
        self.assertEqual(add_working_days(datetime.date(2027, 4, 9), 5), datetime.date(2027, 4, 19))
        # Received on a Saturday: counting starts on Monday.
        self.assertEqual(add_working_days(datetime.date(2027, 3, 6), 1), datetime.date(2027, 3, 8))

    def test_an_added_bridge_day_moves_the_deadline(self):
        received = datetime.date(2027, 4, 26)  # Monday; 30/4 and 1/5 are holidays, 3/5 substitutes
        self.assertEqual(add_working_days(received, 5), datetime.date(2027, 5, 5))
        DayOff.objects.create(date=datetime.date(2027, 4, 29), name="Nghỉ bù dịp 30/4")
        self.assertEqual(add_working_days(received, 5), datetime.date(2027, 5, 6))

    def test_complex_items_get_ten_working_days(self):
        item = Feedback(name="A", email="a@b.vn", title="T", content="C")
        item.received_at = datetime.datetime(2027, 2, 3, 9, 0, tzinfo=datetime.UTC)
        item.save()
        self.assertEqual(item.due_date, datetime.date(2027, 2, 17))
        item.is_complex = True
        item.save()
        self.assertEqual(item.due_date, datetime.date(2027, 2, 24))

    def day_off_queries(self, action):
        with CaptureQueriesContext(connection) as queries:
            action()
        return sum("feedback_dayoff" in query["sql"] for query in queries.captured_queries)

    def test_saving_many_items_reads_the_days_off_once(self):
        def save_items():
            for number in range(8):
                item = Feedback(name="A", email="a@b.vn", title=f"T{number}", content="C")
                item.received_at = datetime.datetime(2027, 1 + number, 3, 9, 0, tzinfo=datetime.UTC)
                item.save()
                item.save(update_fields=["mail_pending"])

        self.assertEqual(self.day_off_queries(save_items), 1)
        self.assertEqual(self.day_off_queries(save_items), 0)

    def test_a_day_off_moves_open_deadlines_in_one_pass(self):
        received = datetime.datetime(2027, 4, 26, 9, 0, tzinfo=datetime.UTC)
        items = []
        for number in range(6):
            item = Feedback(name="A", email="a@b.vn", title=f"T{number}", content="C", received_at=received)
            item.save()
            items.append(item)
        self.assertEqual({item.due_date for item in items}, {datetime.date(2027, 5, 5)})
        with self.assertNumQueries(4):  # insert, read the days off, read the open items, one update
            day = DayOff.objects.create(date=datetime.date(2027, 4, 29), name="Nghỉ bù dịp 30/4")
        self.assertEqual(
            set(
                Feedback.objects.filter(pk__in=[item.pk for item in items]).values_list("due_date", flat=True)
            ),
            {datetime.date(2027, 5, 6)},
        )
        day.delete()
        self.assertEqual(
            set(
                Feedback.objects.filter(pk__in=[item.pk for item in items]).values_list("due_date", flat=True)
            ),
            {datetime.date(2027, 5, 5)},
        )


class FeedbackPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.school = make_school(cls.sections["schools"], 1)
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap", rate_limit=3))

    def post(self, **overrides):
        data = {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "phone": "",
            "concerned_unit": self.school.pk,
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh lớp 6",
            "content": "Xin hỏi lịch tuyển sinh lớp 6 năm nay?",
            "website": "",
            "consent": "on",
            **overrides,
        }
        # The mail is a task queued after the commit (feedback.tasks): run it as a real request would.
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page.url, data, REMOTE_ADDR=overrides.pop("ip", "10.0.0.1"))

    def test_a_reader_sends_a_question_and_gets_a_tracking_code(self):
        response = self.post()
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(item.status, Status.NEW)
        self.assertEqual(item.concerned_unit_id, self.school.pk)
        self.assertEqual(list(item.events.values_list("action", flat=True)), ["received", "mailed"])
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["lan@example.com"])
        self.assertIn(item.tracking_code, mail.outbox[0].body)
        confirmation = self.client.get(response["Location"])
        self.assertContains(confirmation, item.tracking_code)
        self.assertContains(confirmation, item.due_date.strftime("%d/%m/%Y"))
        self.assertContains(confirmation, "Chúng tôi đã gửi mã này vào thư điện tử của bạn.")
        self.assertIn("private", confirmation["Cache-Control"])

    def test_contact_details_are_required_and_bad_input_loses_nothing(self):
        response = self.post(email="", phone="")
        self.assertContains(response, "Hãy để lại thư điện tử hoặc số điện thoại")
        self.assertContains(response, "Xin hỏi lịch tuyển sinh lớp 6 năm nay?")
        self.assertFalse(Feedback.objects.exists())

    def test_attachment_type_and_size_are_limited(self):
        bad = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
        response = self.post(attachment=bad)
        self.assertContains(response, "Chỉ nhận tệp PDF, Word")
        self.assertFalse(Feedback.objects.exists())
        big = SimpleUploadedFile("to.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
        self.assertContains(self.post(attachment=big), "Tệp quá lớn")
        good = SimpleUploadedFile("don.pdf", b"%PDF-1.4 tiny\n%%EOF\n", content_type="application/pdf")
        self.assertEqual(self.post(attachment=good).status_code, 302)
        self.assertTrue(Feedback.objects.get().attachment.name.endswith(".pdf"))

    def test_honeypot_stores_nothing(self):
        response = self.post(website="http://spam.example")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Feedback.objects.exists())

    def test_over_the_rate_limit_the_question_is_held_not_refused(self):
        for number in range(3):
            self.assertEqual(self.post(title=f"Câu hỏi {number}").status_code, 302)
        response = self.post(title="Câu hỏi thứ tư")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Feedback.objects.get(title="Câu hỏi thứ tư").status, Status.HELD)
        other_reader = self.client.post(
            self.page.url,
            {
                "name": "B",
                "email": "b@example.com",
                "topic": "khac",
                "title": "Khác",
                "content": "Nội dung",
                "consent": "on",
            },
            REMOTE_ADDR="10.0.0.2",
        )
        self.assertEqual(other_reader.status_code, 302)
        self.assertEqual(Feedback.objects.get(title="Khác").status, Status.NEW)

    def test_a_mail_failure_keeps_the_item_for_retry(self):
        with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
            response = self.post()
            self.assertEqual(response.status_code, 302)
            confirmation = self.client.get(response["Location"])
        item = Feedback.objects.get()
        self.assertEqual(item.mail_pending, "confirmation")
        failure = item.events.get(action=FeedbackEvent.Action.MAIL_FAILED)
        self.assertIn("SMTPServerDisconnected", failure.note)  # the server's failure, not a bad setting
        self.assertEqual(mail.outbox, [])
        # The page says what happened instead of claiming the code was e-mailed.
        self.assertContains(confirmation, item.tracking_code)
        self.assertContains(confirmation, "Chưa gửi được thư xác nhận")
        self.assertNotContains(confirmation, "Chúng tôi đã gửi mã này")
        call_command("retry_feedback_mail", stdout=StringIO())
        item.refresh_from_db()
        self.assertEqual(item.mail_pending, "")
        self.assertIsNotNone(item.confirmation_sent_at)
        self.assertEqual(len(mail.outbox), 1)

    def test_status_lookup_needs_code_and_email(self):
        self.post()
        item = Feedback.objects.get()
        response = self.client.post(
            self.page.url, {"tra_cuu": "1", "code": item.tracking_code.lower(), "email": "LAN@example.com"}
        )
        self.assertContains(response, "Mới nhận")
        self.assertIn("no-store", response["Cache-Control"])  # one reader's answer, never cached
        response = self.client.post(
            self.page.url, {"tra_cuu": "1", "code": item.tracking_code, "email": "other@example.com"}
        )
        self.assertContains(response, "Không tìm thấy câu hỏi nào")
        self.assertNotContains(response, "Mới nhận")
        self.assertFalse(Feedback.objects.exclude(pk=item.pk).exists())  # a lookup stores nothing

    def test_the_contact_is_never_read_from_an_address(self):
        """The lookup is posted: an e-mail or phone in a link (history, server logs) finds nothing,
        and an old link's code is only filled in."""
        self.post()
        item = Feedback.objects.get()
        response = self.client.get(self.page.url, {"code": item.tracking_code, "email": "lan@example.com"})
        self.assertNotContains(response, "Mới nhận")
        self.assertNotContains(response, "Không tìm thấy câu hỏi nào")
        self.assertContains(response, f'value="{item.tracking_code}"')
        self.assertContains(response, 'method="post" action="#tra-cuu"')

    def test_public_answers_show_no_personal_data(self):
        shown = Feedback.objects.create(
            name="Nguyễn Văn Bí Mật",
            email="bimat@example.com",
            phone="0912000111",
            title="Học phí năm học mới",
            content="Con tôi học lớp 3, tên cháu là Nguyễn Văn An, học phí bao nhiêu?",
            public_question="Học phí lớp 3 năm học mới là bao nhiêu?",
            answer="Học sinh tiểu học công lập được miễn học phí.",
            public_answer="Học sinh tiểu học công lập được miễn học phí.",
            status=Status.ANSWERED,
            is_published=True,
        )
        Feedback.objects.create(
            name="Người khác",
            email="khac@example.com",
            title="Câu hỏi chưa đăng",
            content="Nội dung",
            answer="Đã trả lời riêng.",
        )
        response = self.client.get(self.page.url)
        self.assertContains(response, "Học phí lớp 3 năm học mới là bao nhiêu?")
        self.assertContains(response, "miễn học phí")
        for private in (
            "Nguyễn Văn Bí Mật",
            "bimat@example.com",
            "0912000111",
            "Nguyễn Văn An",
            "Câu hỏi chưa đăng",
        ):
            self.assertNotContains(response, private)
        found = self.client.get(self.page.url, {"hoi": "hoc phi"})
        self.assertContains(found, shown.public_question)
        missing = self.client.get(self.page.url, {"hoi": "xyz khong co"})
        self.assertNotContains(missing, shown.public_question)


class AttachmentPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        from editorial.roles import setup_roles

        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        groups = setup_roles()
        cls.officer = get_user_model().objects.create_user("cntt", "cntt@example.com", "pw")
        cls.officer.groups.add(groups["it_officer"])
        cls.outsider = get_user_model().objects.create_user("khac", "khac@example.com", "pw")
        cls.outsider.groups.add(groups["office_staff"])

    def test_attachments_are_private_and_served_to_those_who_may_see_the_item(self):
        from django.conf import settings

        upload = SimpleUploadedFile(
            "hoc-ba.pdf", b"%PDF-1.4 rieng tu\n%%EOF\n", content_type="application/pdf"
        )
        self.client.post(
            self.page.url,
            {
                "name": "A",
                "email": "a@example.com",
                "topic": "khac",
                "title": "T",
                "content": "C",
                "attachment": upload,
                "consent": "on",
            },
        )
        item = Feedback.objects.get()
        self.assertFalse(str(item.attachment.path).startswith(str(settings.MEDIA_ROOT)))
        url = f"/admin/hoi-dap-gop-y/{item.pk}/tep-dinh-kem/"
        self.client.force_login(self.outsider)
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.officer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 rieng tu\n%%EOF\n")


class HostileInputTests(TestCase):
    """Every public input gets a normal page or a clear error in Vietnamese, never a 500."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        cls.answered = Feedback.objects.create(
            name="A",
            email="a@example.com",
            title="Học phí năm học mới",
            content="Học phí lớp 3?",
            answer="Học sinh tiểu học công lập được miễn học phí.",
            public_answer="Học sinh tiểu học công lập được miễn học phí.",
            status=Status.ANSWERED,
            is_published=True,
        )

    def data(self, **overrides):
        return {
            "name": "Trần Thị Lan",
            "email": "lan@example.com",
            "topic": "dao-tao",
            "title": "Lịch tuyển sinh",
            "content": "Xin hỏi lịch tuyển sinh?",
            "consent": "on",
            **overrides,
        }

    def test_answer_search_with_hostile_text(self):
        queries = [
            "%00",
            "a%00b",
            "%22",
            "%27",
            "%22h%E1%BB%8Dc%20ph%C3%AD",  # an unclosed quote
            "h%E1%BB%8Dc'ph%C3%AD",
            "%CC%81",  # only a combining mark
            "%CC%81%CC%80%CD%84",
            "*",
            "NEAR(",
            "h%E1%BB%8Dc%20OR",
            "-^:()",
            "%ED%A0%80",  # not UTF-8
            "%FF%FE",
            "%E2%80%AE%E2%80%8B",
            "x" * 5000,
        ]
        for query in queries:
            with self.subTest(query=query[:40]):
                response = self.client.get(f"{self.page.url}?hoi={query}")
                # Bytes that are not UTF-8 may be answered by the site's own 400 page.
                self.assertIn(response.status_code, (200, 400))
        self.assertContains(
            self.client.get(f"{self.page.url}?hoi=%CC%81"), "Không có câu hỏi đã trả lời nào khớp"
        )

    def test_quoted_words_still_find_the_answer(self):
        for query in ('"học phí"', "học phí'", "'hoc phi'", "học-phí"):
            with self.subTest(query=query):
                self.assertContains(self.client.get(self.page.url, {"hoi": query}), "miễn học phí")

    def test_status_lookup_and_paging_with_hostile_text(self):
        for query in (
            "code=%00&email=a@example.com",
            "code=GY-%00&email=%00",
            "code=" + "A" * 500 + "&email=a@example.com",
            "code=%CC%81&email=a%0d%0a@example.com",
            "code=&email=",
            "page=abc",
            "page=-1",
            "page=99999999999999999999",
            "da_gui=%00",
        ):
            with self.subTest(query=query[:40]):
                self.assertEqual(self.client.get(f"{self.page.url}?{query}").status_code, 200)
                lookup = dict(pair.split("=", 1) for pair in query.split("&"))
                posted = {key: unquote(value) for key, value in lookup.items()} | {"tra_cuu": "1"}
                self.assertEqual(self.client.post(self.page.url, posted).status_code, 200)
        response = self.client.post(self.page.url, {"tra_cuu": "1", "code": "\x00", "email": "a@example.com"})
        self.assertContains(response, "Không được chứa ký tự rỗng (null).")

    def test_posts_with_hostile_text_are_refused_in_vietnamese(self):
        cases = {
            "name": "Lan\x00",
            "title": "\x00",
            "content": "Nội dung\x00",
            "email": "lan@example.com\r\nBcc: x@example.com",
            "phone": "\x00",
            "topic": "\x00",
            "concerned_unit": "\x00",
        }
        for field, value in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.page.url, self.data(**{field: value}))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "field-error")
        self.assertEqual(Feedback.objects.count(), 1)  # only the published answer from setUp

    def test_text_that_nfc_makes_longer_is_refused_not_a_500(self):
        # U+0344 becomes two code points in NFC: 100 typed, 200 stored, over the 100 allowed.
        for field, size in (("name", 100), ("title", 200)):
            with self.subTest(field=field):
                response = self.client.post(self.page.url, self.data(**{field: "\u0344" * size}))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Giá trị này chỉ có tối đa")
        self.assertEqual(Feedback.objects.count(), 1)

    def test_the_reader_mail_is_plain_text_and_the_subject_one_line(self):
        name = 'Lê Thị D\'Arc <b>&"Hoa"'
        title = 'GD&ĐT "lớp 6" <script>\r\nBcc: victim@example.com'
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.page.url, self.data(name=name, title=title))
        self.assertEqual(response.status_code, 302)
        item = Feedback.objects.get(email="lan@example.com")
        self.assertEqual(item.name, name)
        message = mail.outbox[0]
        self.assertIn(f"Kính gửi {name},", message.body)
        self.assertIn('«GD&ĐT "lớp 6" <script>', message.body)
        for entity in ("&#x27;", "&amp;", "&quot;", "&lt;", "&gt;"):
            self.assertNotIn(entity, message.body)
        self.assertNotIn("\n", message.subject)
        self.assertNotIn("Bcc", str(message.message()).split("\n\n", 1)[0])


# Hostile attachments, built byte by byte.


def png_bytes(size=(40, 30), mode="RGB"):
    buffer = BytesIO()
    PILImage.new(mode, size, 0).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30)):
    buffer = BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side=30000):
    """A valid 1-bit side×side PNG: about 100 KB that decodes to 900 million pixels."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + side // 8)
    block = row * 1000
    idat = b"".join(compressor.compress(block) for _ in range(side // 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width, height):
    """A small real JPEG whose frame header claims ``width``×``height``."""
    data = bytearray(jpeg_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def docx_bytes():
    buffer = BytesIO()
    DocxDocument().save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb=60):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def plain_zip(name):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, "x")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024


def stored_files():
    from django.conf import settings

    return sorted(path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file())


class AttachmentContentTests(TestCase):
    """Readers' attachments are judged by their content (site_kb.filecheck), not their name."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))

    def send(self, name, content):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return self.client.post(
            self.page.url,
            {
                "name": "Lan",
                "email": "lan@example.com",
                "topic": "khac",
                "title": "Có tệp",
                "content": "Xem tệp đính kèm.",
                "attachment": upload,
                "consent": "on",
            },
        )

    def test_hostile_files_are_refused_and_nothing_is_stored(self):
        before = stored_files()
        cases = [
            ("anh.jpg", HTML, "không phải ảnh JPG thật"),
            ("anh.png", HTML, "không phải ảnh PNG thật"),
            ("anh.jpg", b"GIF89a" + b"\0" * 64, "không phải ảnh JPG thật"),
            ("anh.png", png_bytes()[:60], "không phải ảnh PNG thật"),  # cut short
            ("anh.jpg", jpeg_bytes(size=(400, 300))[:900], "không phải ảnh JPG thật"),  # cut short
            (
                "to.pdf",
                b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n" + b"0" * 2000,
                "không phải tệp PDF thật",
            ),
            ("anh.jpg", jpeg_bytes() + b"<html><script>alert(1)</script>", "có chứa mã trang web"),
            (
                "to.pdf",
                b"%PDF-1.4\n%" + HTML + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                "có chứa mã trang web",
            ),
            ("to.pdf", HTML + b"\n%PDF-1.4\n%%EOF", "không phải tệp PDF thật"),
            ("bom.png", png_bomb(), "Ảnh quá lớn về kích thước điểm ảnh"),
            ("bom.jpg", jpeg_claiming(30000, 30000), "Ảnh quá lớn về kích thước điểm ảnh"),
            ("bom.docx", zip_bomb_docx(), "khi giải nén lớn bất thường"),
            ("bang.docx", plain_zip("xl/workbook.xml"), "không phải văn bản Word (.docx) thật"),
            ("hong.docx", b"PK\x03\x04" + b"\0" * 100, "không phải văn bản Word (.docx) thật"),
            ("cu.doc", HTML, "không phải văn bản Word 97–2003 (.doc) thật"),
            ("cu.doc", OLE2[:100], "không phải văn bản Word 97–2003 (.doc) thật"),
        ]
        for name, content, message in cases:
            with self.subTest(name=name, message=message):
                self.assertLess(len(content), 5 * 1024 * 1024)
                response = self.send(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(Feedback.objects.exists())
        self.assertEqual(stored_files(), before)

    def test_real_files_are_accepted(self):
        cases = [
            ("anh.jpg", jpeg_bytes()),
            ("anh.jpeg", jpeg_bytes()),
            ("anh.png", png_bytes()),
            ("anh-dien-thoai.jpg", png_bytes()),  # a PNG saved as .jpg is still a real image
            ("don.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF"),
            ("don.docx", docx_bytes()),
            ("don-cu.doc", OLE2),
        ]
        for name, content in cases:
            with self.subTest(name=name):
                self.assertEqual(self.send(name, content).status_code, 302)
        self.assertEqual(Feedback.objects.count(), len(cases))
