"""Two-factor login (issue 14 part 3, Điều 4): the code after the password, enrolment, recovery
codes, throttled guessing, who must enrol, and the IT officer's reset."""

import re

from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry

from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import new_recovery_codes
from editorial.roles import BOARD, IT_OFFICER, LEADERSHIP

from .helpers import make_people, post_login

REQUIRED = {
    "TWO_FACTOR_REQUIRED_GROUPS": [BOARD, IT_OFFICER, LEADERSHIP],
    "TWO_FACTOR_REQUIRE_SUPERUSERS": True,
}
VERIFY = reverse("accounts_two_factor:verify")
ENROL = reverse("accounts_two_factor:enrol")
# Every kind of admin address: pages, the JSON API the page explorer calls, a report, a
# viewset, the account page, Django's admin.
ADMIN_URLS = [
    reverse("wagtailadmin_home"),
    reverse("wagtailadmin_explore_root"),
    reverse("wagtailadmin_api:pages:listing"),
    reverse("wagtailadmin_reports:site_history"),
    reverse("wagtailusers_users:index"),
    reverse("wagtailadmin_account"),
    reverse("admin:index"),
]


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@override_settings(**REQUIRED)
class SecondStepTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = make_people()
        cls.board = cls.people["board"]

    def setUp(self):
        self.device = TOTPDevice.objects.create(user=self.board, name="app", confirmed=True)
        response = post_login(self.client, "bientap_t", "pw")
        self.assertEqual(response.status_code, 302)

    def test_password_alone_reaches_no_admin_address(self):
        for url in ADMIN_URLS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(VERIFY), response["Location"])
        response = self.client.post(reverse("wagtailadmin_account"), {"first_name": "Kẻ gian"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(VERIFY))
        self.board.refresh_from_db()
        self.assertEqual(self.board.first_name, "bientap_t")
        # Nor may the user skip to enrolment and add a second app.
        self.assertTrue(self.client.get(ENROL)["Location"].startswith(VERIFY))

    def test_wrong_code_refused_in_vietnamese(self):
        response = self.client.post(
            VERIFY, {"code": "000000" if code_for(self.device) != "000000" else "111111"}
        )
        self.assertContains(response, "Mã xác thực không đúng.", status_code=400)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)
        self.assertTrue(
            ModelLogEntry.objects.for_instance(self.board)
            .filter(action="accounts.two_factor_failed")
            .exists()
        )

    def test_right_code_opens_the_admin_and_goes_where_asked(self):
        target = reverse("wagtailadmin_explore_root")
        response = self.client.post(VERIFY, {"code": code_for(self.device), "next": target})
        self.assertRedirects(response, target, fetch_redirect_response=False)
        for url in [u for u in ADMIN_URLS if "users" not in u and "django-admin" not in u]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertTrue(
            ModelLogEntry.objects.for_instance(self.board)
            .filter(action="accounts.two_factor_passed")
            .exists()
        )

    def test_next_to_another_site_is_ignored(self):
        response = self.client.post(VERIFY, {"code": code_for(self.device), "next": "https://evil.example/"})
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)

    def test_guessing_is_throttled(self):
        self.client.post(VERIFY, {"code": "123456" if code_for(self.device) != "123456" else "654321"})
        # Right away, even the right code waits: each failure doubles the wait (django-otp).
        response = self.client.post(VERIFY, {"code": code_for(self.device)})
        self.assertContains(response, "Vui lòng đợi", status_code=400)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)
        self.device.refresh_from_db()
        self.assertEqual(self.device.throttling_failure_count, 1)

    def test_recovery_code_works_once(self):
        codes = new_recovery_codes(self.board)
        self.assertEqual(len(codes), 10)
        response = self.client.post(VERIFY, {"code": codes[0].upper()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        self.assertEqual(StaticToken.objects.filter(device__user=self.board).count(), 9)
        self.client.post(reverse("wagtailadmin_logout"))
        post_login(self.client, "bientap_t", "pw")
        response = self.client.post(VERIFY, {"code": codes[0]})
        self.assertContains(response, "Mã xác thực không đúng.", status_code=400)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)

    def test_logout_and_login_page_stay_open(self):
        self.assertEqual(self.client.get(VERIFY).status_code, 200)
        response = self.client.post(reverse("wagtailadmin_logout"))
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(self.client.session.get("_auth_user_id"))


@override_settings(**REQUIRED)
class EnrolmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = make_people()

    def test_required_user_without_device_is_sent_to_enrolment_everywhere(self):
        self.client.force_login(self.people["leader"])
        for url in ADMIN_URLS:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(ENROL), response["Location"])

    def test_enrolment_shows_qr_confirms_and_shows_ten_codes_once(self):
        board = self.people["board"]
        self.client.force_login(board)
        response = self.client.get(ENROL)
        self.assertContains(response, "<svg")
        self.assertContains(response, "Đăng ký xác thực hai bước")
        device = TOTPDevice.objects.get(user=board, confirmed=False)
        # The same pending device on a reload: the QR code already scanned stays valid.
        self.client.get(ENROL)
        self.assertEqual(TOTPDevice.objects.filter(user=board).count(), 1)

        response = self.client.post(ENROL, {"code": "12ab"})
        self.assertContains(response, "Mã gồm đúng 6 chữ số.", status_code=400)
        response = self.client.post(ENROL, {"code": code_for(device)})
        self.assertRedirects(
            response,
            reverse("accounts_two_factor:recovery_codes") + "?next=%2Fadmin%2F",
            fetch_redirect_response=False,
        )
        response = self.client.get(response["Location"])
        codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
        self.assertEqual(len(codes), 10)
        self.assertEqual(
            set(StaticToken.objects.filter(device__user=board).values_list("token", flat=True)), set(codes)
        )
        # Shown once.
        self.assertEqual(self.client.get(reverse("accounts_two_factor:recovery_codes")).status_code, 302)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        self.assertTrue(
            ModelLogEntry.objects.for_instance(board).filter(action="accounts.two_factor_enrolled").exists()
        )

    def test_wrong_enrolment_code_enables_nothing(self):
        board = self.people["board"]
        self.client.force_login(board)
        self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=board)
        wrong = "000000" if code_for(device) != "000000" else "111111"
        response = self.client.post(ENROL, {"code": wrong})
        self.assertContains(response, "Mã không đúng", status_code=400)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)
        self.assertFalse(StaticDevice.objects.filter(user=board).exists())
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)

    def test_school_contact_without_device_reaches_the_admin_and_may_enrol(self):
        self.client.force_login(self.people["contact"])
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        self.assertContains(self.client.get(reverse("wagtailadmin_account")), "Xác thực hai bước")
        self.assertContains(self.client.get(ENROL), "<svg")

    def test_optional_user_may_turn_it_off_required_user_may_not(self):
        contact, board = self.people["contact"], self.people["board"]
        for user in (contact, board):
            TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        self.client.force_login(contact)
        session = self.client.session
        session["otp_device_id"] = TOTPDevice.objects.get(user=contact).persistent_id
        session.save()
        self.client.post(reverse("accounts_two_factor:remove"))
        self.assertFalse(TOTPDevice.objects.filter(user=contact).exists())

        self.client.force_login(board)
        device = TOTPDevice.objects.get(user=board)
        self.client.post(VERIFY, {"code": code_for(device)})
        response = self.client.post(reverse("accounts_two_factor:remove"), follow=True)
        self.assertContains(response, "bắt buộc dùng xác thực hai bước")
        self.assertTrue(TOTPDevice.objects.filter(user=board).exists())

    def test_superuser_must_enrol(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("sieu", "sieu@truong.test", "pw")
        self.client.force_login(admin)
        self.assertTrue(self.client.get(reverse("wagtailadmin_home"))["Location"].startswith(ENROL))


class ResetTests(TestCase):
    """The IT officer resets a lost phone; the board and schools cannot, even by a forged POST."""

    @classmethod
    def setUpTestData(cls):
        cls.people = make_people()

    def setUp(self):
        self.target = self.people["teacher"]
        TOTPDevice.objects.create(user=self.target, name="app", confirmed=True)
        new_recovery_codes(self.target)

    def test_it_officer_resets_and_it_is_logged(self):
        officer = self.people["it_officer"]
        self.client.force_login(officer)
        listing = self.client.get(reverse("wagtailusers_users:index"))
        url = reverse("accounts_two_factor:reset", args=[self.target.pk])
        self.assertContains(listing, url)
        self.assertContains(self.client.get(url), "Đặt lại xác thực hai bước")
        response = self.client.post(url)
        self.assertRedirects(response, reverse("wagtailusers_users:index"), fetch_redirect_response=False)
        self.assertFalse(TOTPDevice.objects.filter(user=self.target).exists())
        self.assertFalse(StaticDevice.objects.filter(user=self.target).exists())
        entry = ModelLogEntry.objects.for_instance(self.target).get(action="accounts.two_factor_reset")
        self.assertEqual(entry.user_id, officer.pk)

    def test_others_cannot_reset(self):
        url = reverse("accounts_two_factor:reset", args=[self.target.pk])
        for role in ("board", "contact", "leader"):
            with self.subTest(role=role):
                self.client.force_login(self.people[role])
                self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), url)
                response = self.client.post(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertTrue(TOTPDevice.objects.filter(user=self.target).exists())
                self.assertFalse(
                    ModelLogEntry.objects.for_instance(self.target)
                    .filter(action="accounts.two_factor_reset")
                    .exists()
                )

    def test_it_officer_cannot_reset_a_superuser(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("sieu", "sieu@truong.test", "pw")
        TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
        self.client.force_login(self.people["it_officer"])
        self.client.post(reverse("accounts_two_factor:reset", args=[admin.pk]))
        self.assertTrue(TOTPDevice.objects.filter(user=admin).exists())
