"""Publishing an answer never reveals the reader (issue 15.11): the public page shows the public
versions of the question and answer, and the board is stopped when they carry the reader's name,
phone or e-mail, whatever the spelling."""

from django.core import mail
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from editorial.roles import setup_roles
from feedback.disclosure import findings
from feedback.models import Feedback, FeedbackEvent, FeedbackPage, Status

from ..builders import make_site, make_user, publish

Action = FeedbackEvent.Action
NAME, EMAIL, PHONE = "Trần Thị Lan", "phuhuynh.lan@example.com", "0912 345 678"
PRIVATE_ANSWER = "Chào chị Lan, lịch đăng ký tuyển sinh lớp 6 từ ngày 01/7 đến ngày 10/7."
PUBLIC_ANSWER = "Cha mẹ học sinh đăng ký tuyển sinh lớp 6 trực tuyến từ ngày 01/7 đến ngày 10/7."
PUBLIC_QUESTION = "Thời gian đăng ký tuyển sinh vào lớp 6 là khi nào?"


def found(text):
    return [finding.kind for finding in findings(text, name=NAME, email=EMAIL, phone=PHONE)]


class DisclosureTests(SimpleTestCase):
    def test_the_name_is_found_in_any_case_and_without_diacritics(self):
        for text in (
            "Chào chị Lan, theo kế hoạch của Phòng…",
            "chào chị lan, theo kế hoạch",
            "Kính gửi bà TRẦN THỊ LAN",
            "tran thi lan hỏi về tuyển sinh",
            "Em Thi Lan thân mến",
            "Gửi phụ huynh Lan",
        ):
            with self.subTest(text=text):
                self.assertEqual(found(text), ["name"])

    def test_ordinary_words_that_fold_to_the_name_are_not_the_name(self):
        for text in (
            "Anh/chị lần lượt thực hiện các bước sau.",
            "Học sinh thi lần hai vào tháng 8.",
            "Phong trào lan toả trong toàn huyện.",
            "Trường Mầm non Hoa Lan Anh",  # "Lan" without a form of address before it
        ):
            with self.subTest(text=text):
                self.assertEqual(found(text), [])

    def test_the_phone_is_found_however_it_is_written(self):
        for text in (
            "Gọi lại số 0912 345 678.",
            "Gọi 0912.345.678",
            "Liên hệ +84 912 345 678",
            "sđt (+84) 0912-345-678",
            "số 0912345678",
        ):
            with self.subTest(text=text):
                self.assertEqual(found(text), ["phone"])
        self.assertEqual(found("Từ ngày 01/7 đến 10/7, lệ phí 345.678 đồng, năm 2026."), [])

    def test_the_email_is_found_in_any_case(self):
        self.assertEqual(found("Thư đã gửi tới PhuHuynh.Lan@Example.com"), ["email"])
        self.assertEqual(found("Thư gửi phuhuynh.lan @ example.com"), ["email"])
        self.assertEqual(found("Thư gửi phongdaotao@example.com"), [])

    def test_each_kind_is_reported_with_what_showed_it(self):
        (finding,) = findings("Chào chị Lan,", name=NAME)
        self.assertEqual(finding.describe(), "tên của bạn đọc («chị Lan»)")


class PublishingTests(TestCase):
    """From the side of the board and the IT officer, who publish answers."""

    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        groups = setup_roles()
        cls.board = make_user("bientap", groups["board"])
        cls.it_officer = make_user("quantri", groups["it_officer"])
        cls.item = Feedback.objects.create(
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            title="Thời gian tuyển sinh lớp 6",
            content=f"Tôi là {NAME}, số điện thoại {PHONE}, xin hỏi thời gian đăng ký tuyển sinh lớp 6.",
            status=Status.ANSWERED,
            answer=PRIVATE_ANSWER,
        )
        cls.item.log(Action.RECEIVED)

    def url(self):
        return reverse("feedback_admin:edit", args=[self.item.pk])

    def post(self, **changes):
        data = {
            "topic": self.item.topic,
            "status": self.item.status,
            "answer": self.item.answer,
            "public_question": PUBLIC_QUESTION,
            "public_answer": PUBLIC_ANSWER,
            "is_published": "on",
            **changes,
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url(), {key: value for key, value in data.items() if value is not None}
            )
        self.item.refresh_from_db()
        return response

    def test_the_edit_form_offers_the_public_answer_and_no_override_in_advance(self):
        self.client.force_login(self.board)
        form = self.client.get(self.url())
        self.assertContains(form, 'name="public_answer"')
        self.assertContains(form, "Câu trả lời khi đăng")
        self.assertNotContains(form, 'name="publish_despite_warning"')

    def test_the_board_is_warned_of_the_readers_name_in_the_greeting(self):
        self.client.force_login(self.board)
        response = self.post(public_answer=PRIVATE_ANSWER)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.item.is_published)
        self.assertContains(response, "Câu trả lời khi đăng có tên của bạn đọc («chị Lan»)")
        self.assertContains(response, "Chưa đăng: nội dung sắp đăng có thể làm lộ bạn đọc")
        self.assertContains(response, 'name="publish_despite_warning"')
        self.assertNotIn(Action.PUBLISHED, self.item.events.values_list("action", flat=True))

        # The board removes the greeting: published, and the public page shows only the public texts.
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.item.is_published)
        self.assertEqual(self.item.public_answer, PUBLIC_ANSWER)
        self.assertEqual(self.item.answer, PRIVATE_ANSWER)  # the reader's own answer is kept as written
        page = self.client.get(self.page.url)
        self.assertContains(page, PUBLIC_ANSWER)
        self.assertContains(page, PUBLIC_QUESTION)
        for private in (PRIVATE_ANSWER, "Chào chị Lan", NAME, EMAIL, PHONE, self.item.content):
            self.assertNotContains(page, private)
        searched = self.client.get(self.page.url, {"hoi": "chao chi lan"})
        self.assertContains(searched, "Không có câu hỏi đã trả lời nào khớp")

    def test_an_empty_public_question_would_publish_the_readers_text_and_is_refused(self):
        self.client.force_login(self.it_officer)
        response = self.post(public_question="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.item.is_published)
        self.assertContains(response, "Câu hỏi khi đăng có tên của bạn đọc («Trần Thị Lan»), số điện thoại")
        self.assertContains(response, "sẽ đăng nguyên văn nội dung bạn đọc gửi")

    def test_phone_and_email_in_the_public_answer_are_refused(self):
        self.client.force_login(self.board)
        response = self.post(
            public_answer="Phòng đã gọi số +84 912.345.678 và gửi thư tới PHUHUYNH.LAN@example.com."
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.item.is_published)
        self.assertContains(response, "số điện thoại của bạn đọc («+84 912.345.678»)")
        self.assertContains(response, "thư điện tử của bạn đọc («PHUHUYNH.LAN@example.com»)")

    def test_publishing_needs_a_public_answer(self):
        self.client.force_login(self.board)
        response = self.post(public_answer="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.item.is_published)
        self.assertContains(response, "Hãy nhập câu trả lời để đăng lên trang Hỏi đáp")

    def test_a_confirmed_warning_publishes_and_is_kept_in_the_history(self):
        self.client.force_login(self.board)
        self.post(public_answer="Gửi chị Lan")  # warned first
        response = self.post(public_answer="Gửi chị Lan", publish_despite_warning="on")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.item.is_published)
        event = self.item.events.get(action=Action.PUBLISHED)
        self.assertEqual(event.note, "Đăng dù có cảnh báo: tên của bạn đọc («chị Lan»)")
        self.assertEqual(event.user, self.board)

    def test_an_edit_after_publishing_is_checked_too(self):
        self.client.force_login(self.board)
        self.post()
        self.assertTrue(self.item.is_published)
        response = self.post(public_answer=PUBLIC_ANSWER + " Chúc chị Lan sức khoẻ.")
        self.assertEqual(response.status_code, 200)
        self.item.refresh_from_db()
        self.assertEqual(self.item.public_answer, PUBLIC_ANSWER)

    def test_the_reader_is_mailed_the_full_answer_and_the_history_names_the_mails(self):
        self.client.force_login(self.it_officer)
        self.post(answer="Chào chị Lan, Phòng xin trả lời: đăng ký từ ngày 01/7.", is_published=None)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Chào chị Lan, Phòng xin trả lời", mail.outbox[0].body)
        self.item.log(Action.MAIL_FAILED, note="confirmation: SMTPServerDisconnected")
        history = self.client.get(self.url()).content.decode()
        self.assertIn("thư trả lời", history)
        self.assertIn("thư xác nhận: SMTPServerDisconnected", history)
        section = history[history.index("feedback-history-heading") :]
        self.assertNotRegex(section, r">\s*(answer|confirmation)\b")
