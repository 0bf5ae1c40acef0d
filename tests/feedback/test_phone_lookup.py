"""A reader who left only a phone number looks up their question with the code and that number,
however they write it this time; a wrong number tells no more than a wrong code (Điều 14)."""

import re
from html import unescape

from django.test import TestCase

from feedback.models import Feedback, FeedbackPage

from ..builders import make_site, publish

NOT_FOUND = (
    "Không tìm thấy câu hỏi nào với mã tra cứu và thư điện tử hoặc số điện thoại này. "
    "Hãy kiểm tra lại mã và thông tin liên hệ bạn đã để lại khi gửi."
)


class PhoneLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _sections = make_site()
        cls.page = publish(cls.home, FeedbackPage(title="Hỏi đáp – Góp ý", slug="hoi-dap"))
        cls.by_phone = Feedback.objects.create(
            name="Bà Hoa", phone="0912 345 678", title="Học bạ của con", content="Nội dung"
        )
        cls.by_email = Feedback.objects.create(
            name="Anh Nam", email="nam@example.com", title="Xe đưa đón", content="Nội dung"
        )

    def look_up(self, code, email="", phone=""):
        return self.client.post(self.page.url, {"tra_cuu": "1", "code": code, "email": email, "phone": phone})

    def lookup_errors(self, response):
        """The lookup section's messages, as the reader reads them."""
        html = response.content.decode()
        section = html[html.index('id="tra-cuu"') : html.index('id="form-heading"')]
        messages = re.findall(r'<div class="form-errors" role="alert">(.*?)</div>', section, re.S)
        messages += re.findall(r'<p class="field-error" role="alert">(.*?)</p>', section)
        return [unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in messages]

    def test_the_code_and_the_phone_in_any_spelling_find_the_question(self):
        for phone in ("0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"):
            with self.subTest(phone=phone):
                response = self.look_up(self.by_phone.tracking_code.lower(), phone=phone)
                self.assertContains(response, "Học bạ của con")
                self.assertContains(response, "Mới nhận")
                self.assertEqual(self.lookup_errors(response), [])

    def test_a_wrong_phone_is_refused_like_a_wrong_code(self):
        wrong_phone = self.look_up(self.by_phone.tracking_code, phone="0912 345 679")
        wrong_code = self.look_up("GY-ZZZZZZZZ", phone="0912 345 678")
        other_readers_code = self.look_up(self.by_email.tracking_code, phone="0912 345 678")
        for response in (wrong_phone, wrong_code, other_readers_code):
            self.assertEqual(self.lookup_errors(response), [NOT_FOUND])
            self.assertNotContains(response, "Học bạ của con")
            self.assertNotContains(response, "Xe đưa đón")
            self.assertNotContains(response, 'class="status-result"')

    def test_a_question_without_a_phone_is_not_found_by_any_phone(self):
        response = self.look_up(self.by_email.tracking_code, phone="0000 000 000")
        self.assertEqual(self.lookup_errors(response), [NOT_FOUND])
        self.assertNotContains(response, "Xe đưa đón")

    def test_the_email_still_works_and_a_wrong_email_gets_the_same_message(self):
        self.assertContains(self.look_up(self.by_email.tracking_code, email="NAM@example.com"), "Xe đưa đón")
        response = self.look_up(self.by_email.tracking_code, email="khac@example.com")
        self.assertEqual(self.lookup_errors(response), [NOT_FOUND])

    def test_the_code_alone_or_a_phone_that_is_no_number_finds_nothing(self):
        alone = self.look_up(self.by_phone.tracking_code)
        self.assertContains(alone, "Hãy điền thư điện tử hoặc số điện thoại bạn đã để lại khi gửi câu hỏi.")
        self.assertNotContains(alone, "Học bạ của con")
        # Letters, or too few digits to be anyone's number: a mistake to fix, not a search.
        for phone in ("abc", "12", "0912 hoặc 0913"):
            with self.subTest(phone=phone):
                response = self.look_up(self.by_phone.tracking_code, phone=phone)
                self.assertContains(response, "Số điện thoại chưa đúng")
                self.assertNotContains(response, "Học bạ của con")

    def test_the_result_comes_first_and_the_form_lands_on_it(self):
        response = self.look_up(self.by_phone.tracking_code, phone="0912345678")
        html = response.content.decode()
        self.assertLess(html.index('class="status-result"'), html.index('id="form-heading"'))
        self.assertIn('action="#tra-cuu"', html)
        # Before any lookup the page starts with the question form.
        html = self.client.get(self.page.url).content.decode()
        self.assertLess(html.index('id="form-heading"'), html.index('id="status-heading"'))

    def test_a_reader_who_leaves_only_a_phone_is_told_how_to_look_up(self):
        data = {
            "name": "Bà Hoa",
            "email": "",
            "phone": "0912 000 111",
            "topic": "dao-tao",
            "title": "Chuyển trường cho con",
            "content": "Xin hỏi thủ tục chuyển trường.",
            "website": "",
            "consent": "on",
        }
        confirmation = self.client.post(self.page.url, data, REMOTE_ADDR="10.0.0.7", follow=True)
        item = Feedback.objects.get(title="Chuyển trường cho con")
        self.assertContains(confirmation, item.tracking_code)
        self.assertContains(confirmation, "thư điện tử hoặc số điện thoại bạn đã để lại")
        self.assertContains(confirmation, f'value="{item.tracking_code}"')  # the lookup's code, filled in
        self.assertContains(
            self.look_up(item.tracking_code, phone="+84 912 000 111"), "Chuyển trường cho con"
        )

    def test_a_phone_that_cannot_be_called_back_is_refused_when_sending(self):
        data = {
            "name": "Bà Hoa",
            "email": "",
            "phone": "không có",
            "topic": "dao-tao",
            "title": "Câu hỏi",
            "content": "Nội dung",
            "website": "",
            "consent": "on",
        }
        response = self.client.post(self.page.url, data, REMOTE_ADDR="10.0.0.8")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Số điện thoại chưa đúng")
        self.assertContains(response, "Câu hỏi chưa được gửi")
        self.assertFalse(Feedback.objects.filter(title="Câu hỏi").exists())
