"""Vietnamese phone numbers compared by their digits, however the reader typed them."""

from django.test import SimpleTestCase

from site_kb.phones import is_phone_number, phone_digits


class PhoneDigitsTests(SimpleTestCase):
    def test_the_spellings_of_one_mobile_number_agree(self):
        for typed in (
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "0912-345-678",
            "+84 912 345 678",
            "+84912345678",
            "84912345678",
            "(+84) 0912 345 678",
            "0084 912 345 678",
            " 0912\u00a0345\u00a0678 ",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(phone_digits(typed), "0912345678")

    def test_landlines_keep_their_area_code(self):
        self.assertEqual(phone_digits("0226 3820 318"), "02263820318")
        self.assertEqual(phone_digits("+84 226 3820 318"), "02263820318")

    def test_different_numbers_stay_different(self):
        self.assertNotEqual(phone_digits("0912 345 678"), phone_digits("0912 345 679"))
        # A number that merely starts with 84 in the national form is not read as a country code.
        self.assertEqual(phone_digits("0843 111 222"), "0843111222")
        self.assertEqual(phone_digits(""), "")
        self.assertEqual(phone_digits(None), "")

    def test_what_can_be_a_phone_number(self):
        for typed in ("0912 345 678", "+84 912.345.678", "(0226) 3820-318"):
            with self.subTest(typed=typed):
                self.assertTrue(is_phone_number(typed))
        for typed in ("", "12345", "lan@example.com", "0912 345 678 ext", "0912٣45678", "1" * 16):
            with self.subTest(typed=typed):
                self.assertFalse(is_phone_number(typed))
