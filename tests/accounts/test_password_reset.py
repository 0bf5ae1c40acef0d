"""Password reset (issue 14 part 3): the same answer whether or not an address has an account,
the e-mail in Vietnamese, and the password rules."""

import re

from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from .helpers import make_people

RESET_URL = reverse("wagtailadmin_password_reset")


def without_tokens(response):
    """The page without its CSRF tokens, the only part that differs from one request to the next."""
    return re.sub(
        r'("CSRF_TOKEN": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode()
    )


class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = make_people()

    def ask(self, email):
        response = self.client.post(RESET_URL, {"email": email})
        page = self.client.get(response["Location"])
        return response, page

    def test_known_and_unknown_addresses_get_the_same_answer(self):
        known, known_page = self.ask("giaovien_t@truong.test")
        unknown, unknown_page = self.ask("khong-co-ai@truong.test")
        self.assertEqual(known.status_code, 302)
        self.assertEqual((known.status_code, known["Location"]), (unknown.status_code, unknown["Location"]))
        self.assertEqual(known_page.status_code, unknown_page.status_code)
        self.assertEqual(without_tokens(known_page), without_tokens(unknown_page))
        # Only the real account is mailed.
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["giaovien_t@truong.test"])

    def test_the_mail_is_in_vietnamese(self):
        self.ask("giaovien_t@truong.test")
        message = mail.outbox[0]
        self.assertIn("Đặt lại mật khẩu", message.subject)
        self.assertIn("đặt lại mật khẩu", message.body)
        self.assertIn("giaovien_t", message.body)
        self.assertIn("/admin/password_reset/confirm/", message.body)

    def test_a_malformed_address_is_refused_in_vietnamese_and_mails_nothing(self):
        response = self.client.post(RESET_URL, {"email": "không phải địa chỉ"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nhập địa chỉ email.")
        self.assertEqual(len(mail.outbox), 0)

    def test_a_locked_out_account_can_still_ask_for_a_reset(self):
        for _ in range(5):
            self.client.post(reverse("wagtailadmin_login"), {"username": "giaovien_t", "password": "sai"})
        response = self.client.post(RESET_URL, {"email": "giaovien_t@truong.test"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)


class PasswordRulesTests(TestCase):
    def test_ten_characters_at_least_and_not_common_or_numeric(self):
        for weak in ("Ng4n#xyz9", "1234567890123", "password123"):
            with self.subTest(weak=weak), self.assertRaises(ValidationError):
                validate_password(weak)
        validate_password("Trường-Ba-Sao-2026")

    def test_the_rule_is_said_in_vietnamese(self):
        with self.assertRaises(ValidationError) as refused:
            validate_password("Ng4n#xyz9")
        self.assertIn("10 ký tự", " ".join(refused.exception.messages))
