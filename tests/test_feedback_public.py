"""Readers' questions and feedback: deadlines in working days, the public form, nothing lost (Điều 14)."""

import datetime
import smtplib
from io import StringIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import TestCase, override_settings

from feedback.models import DayOff, Feedback, FeedbackEvent, FeedbackPage, Status
from feedback.workdays import add_working_days

from .builders import make_school, make_site, publish


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
            **overrides,
        }
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
        good = SimpleUploadedFile("don.pdf", b"%PDF-1.4 tiny", content_type="application/pdf")
        self.assertEqual(self.post(attachment=good).status_code, 302)
        self.assertTrue(Feedback.objects.get().attachment.name.endswith(".pdf"))

    def test_honeypot_stores_nothing(self):
        response = self.post(website="http://spam.example")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Feedback.objects.exists())

    def test_rate_limit_per_address_keeps_what_was_typed(self):
        for number in range(3):
            self.assertEqual(self.post(title=f"Câu hỏi {number}").status_code, 302)
        response = self.post(title="Câu hỏi thứ tư")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Bạn đã gửi nhiều lần trong một giờ", status_code=429)
        self.assertContains(response, "Câu hỏi thứ tư", status_code=429)
        self.assertEqual(Feedback.objects.count(), 3)
        other_reader = self.client.post(
            self.page.url,
            {"name": "B", "email": "b@example.com", "topic": "khac", "title": "Khác", "content": "Nội dung"},
            REMOTE_ADDR="10.0.0.2",
        )
        self.assertEqual(other_reader.status_code, 302)

    def test_a_mail_failure_keeps_the_item_for_retry(self):
        with override_settings(EMAIL_BACKEND="tests.test_feedback_public.FailingBackend"):
            self.assertEqual(self.post().status_code, 302)
        item = Feedback.objects.get()
        self.assertEqual(item.mail_pending, "confirmation")
        self.assertTrue(item.events.filter(action=FeedbackEvent.Action.MAIL_FAILED).exists())
        self.assertEqual(mail.outbox, [])
        call_command("retry_feedback_mail", stdout=StringIO())
        item.refresh_from_db()
        self.assertEqual(item.mail_pending, "")
        self.assertIsNotNone(item.confirmation_sent_at)
        self.assertEqual(len(mail.outbox), 1)

    def test_status_lookup_needs_code_and_email(self):
        self.post()
        item = Feedback.objects.get()
        response = self.client.get(
            self.page.url, {"code": item.tracking_code.lower(), "email": "LAN@example.com"}
        )
        self.assertContains(response, "Mới nhận")
        response = self.client.get(self.page.url, {"code": item.tracking_code, "email": "other@example.com"})
        self.assertContains(response, "Không tìm thấy câu hỏi nào")
        self.assertNotContains(response, "Mới nhận")

    def test_public_answers_show_no_personal_data(self):
        shown = Feedback.objects.create(
            name="Nguyễn Văn Bí Mật",
            email="bimat@example.com",
            phone="0912000111",
            title="Học phí năm học mới",
            content="Con tôi học lớp 3, tên cháu là Nguyễn Văn An, học phí bao nhiêu?",
            public_question="Học phí lớp 3 năm học mới là bao nhiêu?",
            answer="Học sinh tiểu học công lập được miễn học phí.",
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

        upload = SimpleUploadedFile("hoc-ba.pdf", b"%PDF-1.4 rieng tu", content_type="application/pdf")
        self.client.post(
            self.page.url,
            {
                "name": "A",
                "email": "a@example.com",
                "topic": "khac",
                "title": "T",
                "content": "C",
                "attachment": upload,
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
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 rieng tu")
