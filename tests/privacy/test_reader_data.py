"""Dữ liệu cá nhân của bạn đọc: on a reader's request the IT officer finds their items by e-mail
or phone, downloads a copy and erases them after a confirmation (Luật 91/2025/QH15); the board,
schools and staff are refused, through the menu and through forged requests; every action is
in the audit log without the contact itself."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from consultations.models import DraftComment
from editorial.models import SchoolAccess
from editorial.roles import setup_roles
from feedback.records import Feedback, FeedbackEvent, Status
from privacy.models import PersonalDataAction
from privacy.readers import reader_key
from privacy.retention import MARKER

from ..builders import make_directive, make_school, make_site, make_user
from .helpers import make_feedback

URL = reverse("privacy_reader_data:index")
EMAIL = "bimat@example.com"


class ReaderDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _home, sections = make_site()
        school = make_school(sections["schools"], 1)
        groups = setup_roles()
        cls.it_officer = make_user("quantri", groups["it_officer"])
        cls.superuser = get_user_model().objects.create_superuser("sieu", "sieu@pgd.test", "pw")
        cls.board = make_user("bientap", groups["board"])
        cls.staff = make_user("canbo", groups["office_staff"])
        cls.school_contact = make_user("daumoi", SchoolAccess.objects.get(school=school).contact_group)
        cls.draft = make_directive(sections["directives"], 1)

    def setUp(self):
        self.open = make_feedback(status=Status.NEW, attachment=True)  # open: erased on request too
        self.published = make_feedback(
            email=EMAIL.upper(),
            phone="",
            status=Status.ANSWERED,
            is_published=True,
            public_question="Học phí lớp 6?",
            answer="Miễn học phí.",
            finished_at=timezone.now(),
        )
        self.by_phone = make_feedback(email="", phone="+84 912-000-111", content="Câu hỏi qua điện thoại.")
        self.other = make_feedback(name="Người khác", email="khac@example.com", phone="0900000000")
        self.comment = DraftComment.objects.create(
            page=self.draft,
            name="Nguyễn Thị Bí Mật",
            unit="Trường THCS Ba Sao",
            email=EMAIL,
            comment="Góp ý điều 5.",
            ip_address="10.0.0.9",
            consent_at=timezone.now() - datetime.timedelta(days=3),
            consent_version="2026.1",
        )
        self.file_name = self.open.attachment.name
        self.storage = self.open.attachment.storage

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(URL, data)

    def assert_no_contact_in_logs(self):
        for entry in ModelLogEntry.objects.filter(action__startswith="privacy."):
            for value in (entry.label, entry.message, json.dumps(entry.data, ensure_ascii=False)):
                self.assertNotIn("bimat", value.lower())
                self.assertNotIn("912", value)

    # The IT officer's side.

    def test_the_it_officer_finds_every_item_by_email_or_phone(self):
        response = self.post(self.it_officer, email=EMAIL, phone="0912 000 111", action="tim")
        self.assertEqual(response.status_code, 200)
        for item in (self.open, self.published, self.by_phone):
            self.assertContains(response, item.tracking_code)
        self.assertNotContains(response, self.other.tracking_code)
        self.assertContains(response, self.draft.title)
        self.assertContains(response, "don-cua-toi")  # the attachment's name
        self.assertContains(response, "Gửi trước khi có thông báo")
        action = PersonalDataAction.objects.get()
        self.assertEqual((action.kind, action.feedback_count, action.comment_count), ("search", 3, 1))
        self.assertEqual(action.reader_key, reader_key(EMAIL, "0912 000 111"))
        self.assertEqual(ModelLogEntry.objects.get(action="privacy.search").user, self.it_officer)
        self.assert_no_contact_in_logs()

    def test_the_menu_item_is_in_settings_for_the_it_officer_only(self):
        self.client.force_login(self.it_officer)
        self.assertContains(self.client.get("/admin/"), URL)
        self.client.force_login(self.board)
        self.assertNotContains(self.client.get("/admin/"), URL)

    def test_the_export_is_a_json_copy_of_the_readers_data(self):
        response = self.post(self.superuser, email=EMAIL, action="xuat")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertNotIn("bimat", response["Content-Disposition"])
        data = json.loads(response.content)
        codes = {item["ma_tra_cuu"] for item in data["hoi_dap_gop_y"]}
        self.assertEqual(codes, {self.open.tracking_code, self.published.tracking_code})
        exported = next(
            item for item in data["hoi_dap_gop_y"] if item["ma_tra_cuu"] == self.open.tracking_code
        )
        self.assertEqual(exported["ho_ten"], "Nguyễn Thị Bí Mật")
        self.assertEqual(exported["tep_dinh_kem"], self.file_name.rsplit("/", 1)[-1])
        self.assertIsNone(exported["dong_y_luc"])
        self.assertEqual(data["gop_y_du_thao"][0]["phien_ban_thong_bao"], "2026.1")
        self.assertEqual(data["gop_y_du_thao"][0]["noi_dung"], "Góp ý điều 5.")
        self.assertEqual(ModelLogEntry.objects.get(action="privacy.export").data["feedback"], 2)
        self.assert_no_contact_in_logs()

    def test_erasing_asks_for_confirmation_first(self):
        response = self.post(self.it_officer, email=EMAIL, action="xac_nhan")
        self.assertContains(response, "data-confirm-erase")
        self.assertContains(response, "Không thể hoàn tác")
        self.assertEqual(Feedback.objects.filter(anonymised_at__isnull=False).count(), 0)
        self.assertTrue(self.storage.exists(self.file_name))

    def test_erasing_anonymises_exactly_the_readers_items_and_deletes_their_files(self):
        response = self.post(self.it_officer, email=EMAIL, phone="0912000111", action="xoa")
        self.assertRedirects(response, URL)
        for item in (self.open, self.published, self.by_phone):
            item.refresh_from_db()
            self.assertEqual((item.name, item.email, item.phone), (str(MARKER), "", ""))
            self.assertEqual(item.events.last().action, FeedbackEvent.Action.ANONYMISED)
            self.assertEqual(item.events.last().user, self.it_officer)
        self.assertEqual(self.open.content, str(MARKER))  # unpublished: the text goes too
        self.assertEqual(self.published.public_text, "Học phí lớp 6?")  # the published Q&A stays
        self.assertEqual(self.published.answer, "Miễn học phí.")
        self.assertFalse(self.storage.exists(self.file_name))
        self.other.refresh_from_db()
        self.assertEqual(self.other.name, "Người khác")
        self.comment.refresh_from_db()
        self.assertEqual(
            (self.comment.name, self.comment.email, self.comment.ip_address), (str(MARKER), "", None)
        )
        entry = ModelLogEntry.objects.get(action="privacy.erase")
        self.assertEqual(
            (entry.data["feedback"], entry.data["comments"], entry.data["attachments"]), (3, 1, 1)
        )
        self.assert_no_contact_in_logs()
        again = self.post(self.it_officer, email=EMAIL, action="tim")
        self.assertContains(again, "data-no-results")

    def test_bad_input_gets_a_vietnamese_message(self):
        self.assertContains(self.post(self.it_officer, action="tim"), "Nhập thư điện tử hoặc số điện thoại")
        self.assertContains(
            self.post(self.it_officer, email="không-phải-thư", action="tim"), "Nhập địa chỉ email."
        )
        self.assertContains(self.post(self.it_officer, phone="12", action="tim"), "ít nhất 8 chữ số")
        self.assertFalse(PersonalDataAction.objects.exists())

    # The side of those who must be refused.

    def test_everyone_else_is_refused_even_with_forged_requests(self):
        for user in (self.board, self.staff, self.school_contact):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertNotEqual(self.client.get(URL).status_code, 200)
                for action in ("tim", "xuat", "xac_nhan", "xoa"):
                    response = self.client.post(URL, {"email": EMAIL, "action": action})
                    self.assertIn(response.status_code, (302, 403))
                    self.assertNotIn(b"bimat", response.content.lower())
        self.client.logout()
        self.assertEqual(self.client.post(URL, {"email": EMAIL, "action": "xuat"}).status_code, 302)
        self.assertFalse(Feedback.objects.filter(anonymised_at__isnull=False).exists())
        self.assertFalse(PersonalDataAction.objects.exists())
        self.assertTrue(self.storage.exists(self.file_name))
